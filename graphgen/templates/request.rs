//! The request type every operation shares. Each operation is a type of its own that says
//! how its answer is read ([`Operation`]); a request of it, [`Request<O>`], holds what is
//! sent and gets the operation's setters. Building, reading, sending and paging are
//! written once here instead of once per operation, so a crate covering thousands of
//! operations stays quick to compile.

use std::fmt;
use std::marker::PhantomData;

use crate::runtime::{Connection, Location, RequestParts, Response};

/// An operation of the API: the type of its successful answer, and how a response is read.
pub trait Operation {
    /// The body of a successful answer.
    type Output;

    /// How a response is read into the output: one of this module's readers, or the
    /// operation itself when the answer's type depends on the status.
    type Reader: Reader<Self::Output>;

    /// The credentials it needs: alternatives, each the names of the security schemes it
    /// sends, in the description's order. The description's own `security` unless the
    /// operation has its own.
    const SECURITY: &'static [&'static [&'static str]] = crate::SECURITY;
}

/// A way of reading a response into a `T`. The readers are shared by every operation, so
/// an operation names one instead of carrying a function of its own; each is generic and
/// inline, so serde's code for a body type is compiled only in programs that read it.
pub trait Reader<T> {
    /// Reads a response: its status, then its body.
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<T>, crate::Error>;

    crate::runtime::with_reqwest! {
        /// Reads a response whose body is still arriving. Every reader but those of streams
        /// reads the body whole first.
        #[inline]
        fn receive(raw: http::Response<ByteStream>) -> impl std::future::Future<Output = Result<Response<T>, crate::Error>> + Send {
            async move { Self::read(crate::runtime::collect(raw).await?) }
        }
    }
}

/// A response body as it arrives, in chunks.
pub type ByteStream = crate::runtime::ByteStream<crate::ErrorBody>;

/// Reads a JSON body.
pub enum Json {}

impl<T: serde::de::DeserializeOwned> Reader<T> for Json {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<T>, crate::Error> {
        crate::runtime::json(raw)
    }
}

/// Reads a JSON body, or none when the answer has no content.
pub enum JsonOrEmpty {}

impl<T: serde::de::DeserializeOwned> Reader<Option<T>> for JsonOrEmpty {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<Option<T>>, crate::Error> {
        crate::runtime::json_or_empty(raw)
    }
}

/// Accepts a successful response without a body.
pub enum Empty {}

impl Reader<()> for Empty {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<()>, crate::Error> {
        crate::runtime::empty(raw)
    }
}

/// Reads a binary body as it is.
pub enum Bytes {}

impl Reader<Vec<u8>> for Bytes {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<Vec<u8>>, crate::Error> {
        crate::runtime::bytes(raw)
    }
}

/// Reads a text body as it is.
pub enum Text {}

impl Reader<String> for Text {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<String>, crate::Error> {
        crate::runtime::text(raw)
    }
}

/// Reads a number or boolean written as text, such as the count `/$count` answers.
pub enum TextValue {}

impl<T: serde::de::DeserializeOwned> Reader<T> for TextValue {
    #[inline]
    fn read(raw: http::Response<Vec<u8>>) -> Result<Response<T>, crate::Error> {
        crate::runtime::text_value(raw)
    }
}

/// An operation whose answer is one page of a collection, with a link to the next.
pub trait Paged: Operation {}

/// A request of the operation `O`, ready to be built or sent. Each operation's builder
/// (`...Request`) is an alias of this type, with the operation's own setters.
#[must_use = "a request does nothing until it is built or sent"]
pub struct Request<O> {
    pub(crate) connection: Connection,
    pub(crate) parts: RequestParts,
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation> Request<O> {
    /// A request with `method` on the node at `at`, with `segment` (empty, or `/` and an
    /// action's or function's name) appended to its path.
    // Unused in a crate, or a build of some areas, without operations.
    #[allow(dead_code)]
    pub(crate) fn new(at: &Location, method: http::Method, segment: &str) -> Request<O> {
        let mut parts = at.request(method, segment);
        parts.security(O::SECURITY);
        Request { connection: at.connection().clone(), parts, operation: PhantomData }
    }

    /// A request with a method that `http` has no constant for, such as `QUERY` or `COPY`.
    /// The generator names only methods that are HTTP tokens, which `http` takes; were one
    /// refused, `build` and `send` would say so.
    // Unused in a crate without such methods.
    #[allow(dead_code)]
    pub(crate) fn with_method(at: &Location, method: &str, segment: &str) -> Request<O> {
        let mut request = Request::new(at, http::Method::GET, segment);
        request.parts.set_method(method);
        request
    }
}

impl<O> Request<O> {
    /// The same request read as another operation, one of the forms its answer comes in,
    /// asking for it with `accept`.
    // Unused in a crate without operations that answer in several forms.
    #[allow(dead_code)]
    pub(crate) fn answered_as<P>(self, accept: &'static str) -> Request<P> {
        let mut parts = self.parts;
        parts.accept(accept);
        Request { connection: self.connection, parts, operation: PhantomData }
    }

    /// The request as `http::Request`, for any HTTP client; it carries the credentials set
    /// on the client that its operation sends, but no token from a callback or source.
    pub fn build(&self) -> Result<http::Request<Vec<u8>>, crate::Error> {
        self.parts.build(&self.connection)
    }

    /// Sends a header with this request alone, one the description does not declare
    /// (`Prefer`, `If-Match`), replacing any value set before under the same name; join
    /// several values with commas. A name or value that cannot be sent, such as one with a
    /// line break, makes `build` and `send` fail, so no value can add a header of its own.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.parts.extra_header(name, value.into());
        self
    }

    /// Limits how long this request may take, from sending it to the end of its answer;
    /// `send` fails with a transport error past it. `build` leaves it to the caller's client.
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.parts.set_timeout(timeout);
        self
    }

    /// Retries this request as `policy` says instead of as the client's policy does.
    pub fn with_retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
        self.parts.set_retry_policy(policy);
        self
    }
}

impl<O: Operation> Request<O> {
    /// Reads the response to this request, however it was sent.
    #[inline]
    pub fn read(&self, raw: http::Response<Vec<u8>>) -> Result<Response<O::Output>, crate::Error> {
        <O::Reader as Reader<O::Output>>::read(raw)
    }

    crate::runtime::with_reqwest! {
        /// Sends the request, retrying throttled attempts as the client's retry policy allows.
        pub async fn send(self) -> Result<Response<O::Output>, crate::Error> {
            let raw = crate::runtime::transport::send(&self.connection, &self.parts).await?;
            <O::Reader as Reader<O::Output>>::receive(raw).await
        }

        /// Sends the request as [`Request::send`] does, and hands back the body unread, to be
        /// read in chunks as it arrives: a download larger than memory passes through. A
        /// response with an error status is read whole, into the error.
        pub async fn send_streaming(self) -> Result<Response<ByteStream>, crate::Error> {
            let raw = crate::runtime::transport::send(&self.connection, &self.parts).await?;
            let (parts, body) = crate::runtime::check_stream(raw).await?.into_parts();
            Ok(Response { status: parts.status, headers: parts.headers, body })
        }
    }
}

impl<O: Paged> Request<O> {
    /// The same request, asked of a link the service handed out instead: a saved
    /// `@odata.deltaLink`, which starts the next round of a delta query, or a next link. A
    /// link away from the client's service is refused by `build` and `send`.
    pub fn at_link(self, link: &str) -> Self {
        let parts = self.parts.at_link(&self.connection, link);
        Request { connection: self.connection, parts, operation: PhantomData }
    }
}

crate::runtime::with_reqwest! {
    impl<O: Paged> Request<O>
    where
        O::Output: crate::runtime::Page,
    {
        /// Every page of the collection, following `@odata.nextLink` from this request on.
        pub fn pages(self) -> crate::runtime::Pages<O::Output, crate::ErrorBody> {
            crate::runtime::Pages::new(self.connection, self.parts)
        }
    }
}

// By hand, so that neither needs the operation type to be `Clone` or `Debug`.
impl<O> Clone for Request<O> {
    fn clone(&self) -> Self {
        Request { connection: self.connection.clone(), parts: self.parts.clone(), operation: PhantomData }
    }
}

impl<O> fmt::Debug for Request<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request").field("connection", &self.connection).field("parts", &self.parts).finish()
    }
}
