//! Several requests sent as one: JSON batching (OData's `$batch`). Any request of the
//! crate can be added to a [`Batch`]; its handle reads its own answer as the operation's
//! typed body or typed error, as if the request had been sent alone.

use std::marker::PhantomData;

use crate::request::{Operation, Reader, Request};
use crate::runtime::{BatchAnswers, BatchRequests, Connection, Response};

/// Requests to send together: as many as wanted, sent in batches of at most twenty, in
/// the order they were added.
#[derive(Debug, Clone)]
#[must_use = "a batch does nothing until it is sent"]
pub struct Batch {
    connection: Connection,
    requests: BatchRequests,
}

/// The handle of a request added to a [`Batch`], which reads its answer.
pub struct Batched<O> {
    id: String,
    operation: PhantomData<fn() -> O>,
}

// By hand, so that it does not need the operation type to be `Debug`.
impl<O> std::fmt::Debug for Batched<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batched").field("id", &self.id).finish()
    }
}

impl Batch {
    /// An empty batch, sent to `client`'s service with its credentials.
    pub fn new(client: &crate::Client) -> Batch {
        Batch { connection: client.connection.clone(), requests: BatchRequests::default() }
    }

    /// Adds a request. Its own timeout and retry policy do not apply: the batch is one
    /// request, sent with the client's.
    pub fn add<O: Operation>(&mut self, request: Request<O>) -> Batched<O> {
        self.add_after(request, std::iter::empty::<&str>())
    }

    /// Adds a request that is sent only after those whose ids `after` names
    /// ([`Batched::id`]), and only if they succeed; otherwise it is answered
    /// `424 Failed Dependency`.
    pub fn add_after<O: Operation>(
        &mut self,
        request: Request<O>,
        after: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Batched<O> {
        let after = after.into_iter().map(|id| id.as_ref().to_owned()).collect();
        let id = self.requests.push(request.parts, after);
        Batched { id, operation: PhantomData }
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The `$batch` requests as `http::Request`s, for any HTTP client; each response is
    /// read with [`BatchAnswers::read`]. A request whose body is a stream or a multipart
    /// form cannot be written into a batch, and is refused.
    pub fn build(&self) -> Result<Vec<http::Request<Vec<u8>>>, crate::Error> {
        self.requests.build(&self.connection)
    }

    crate::runtime::with_reqwest! {
        /// Sends the batch, as several `$batch` requests where it holds more than twenty. A
        /// request the service throttles (`429`, `503`) is sent again after its
        /// `Retry-After`, as the client's retry policy allows, with those that failed
        /// because they depend on it; the rest of the batch is kept.
        pub async fn send(self) -> Result<BatchAnswers, crate::Error> {
            crate::runtime::send_batch(&self.connection, &self.requests).await
        }
    }
}

impl<O: Operation> Batched<O> {
    /// The request's id in the batch, which [`Batch::add_after`] takes.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Reads the request's answer from the batch's: the operation's typed body, or its
    /// typed error, as [`Request::send`] gives them.
    pub fn read(&self, answers: &BatchAnswers) -> Result<Response<O::Output>, crate::Error> {
        match answers.response(&self.id) {
            Some(raw) => <O::Reader as Reader<O::Output>>::read(raw),
            None => Err(crate::Error::InvalidRequest(format!("the batch's answers have none for request {}", self.id))),
        }
    }
}
