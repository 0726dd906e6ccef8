//! A response body read as it arrives, in chunks, so that a body larger than memory can
//! pass through; the event and line streams read their items from it.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use super::error::Error;

/// The chunks of a response body, in order, as the service sends them.
///
/// It is a [`Stream`] of `Result<Bytes, Error>`; [`ByteStream::chunk`] reads the next chunk
/// without a stream library, and [`ByteStream::collect_bytes`] reads the rest whole.
pub struct ByteStream<E> {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error<E>>> + Send>>,
}

impl<E> ByteStream<E> {
    /// A stream of the chunks `stream` yields.
    pub fn new(stream: impl Stream<Item = Result<Bytes, Error<E>>> + Send + 'static) -> ByteStream<E> {
        ByteStream { inner: Box::pin(stream) }
    }

    /// A stream of one chunk, for a body that was read whole (by another HTTP stack, say).
    pub fn from_bytes(bytes: impl Into<Bytes>) -> ByteStream<E>
    where
        E: 'static,
    {
        let bytes: Bytes = bytes.into();
        ByteStream::new(Once(Some(bytes).filter(|b| !b.is_empty()), PhantomData))
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn chunk(&mut self) -> Option<Result<Bytes, Error<E>>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// The rest of the body, read whole.
    pub async fn collect_bytes(mut self) -> Result<Vec<u8>, Error<E>> {
        let mut body = Vec::new();
        while let Some(chunk) = self.chunk().await {
            body.extend_from_slice(&chunk?);
        }
        Ok(body)
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// One chunk, then the end.
struct Once<E>(Option<Bytes>, PhantomData<fn() -> E>);

impl<E> Stream for Once<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}

/// A response read whole, as one whose body arrives in chunks.
pub fn buffered<E: 'static>(raw: http::Response<Vec<u8>>) -> http::Response<ByteStream<E>> {
    raw.map(ByteStream::from_bytes)
}

/// Passes a successful response through with its body still to be read; reads an error
/// response whole, into its error.
pub async fn check_stream<E: serde::de::DeserializeOwned + 'static>(
    raw: http::Response<ByteStream<E>>,
) -> Result<http::Response<ByteStream<E>>, Error<E>> {
    if raw.status().is_success() {
        return Ok(raw);
    }
    let (parts, body) = raw.into_parts();
    let body = body.collect_bytes().await?;
    super::response::check_status(http::Response::from_parts(parts, body))
        .map(|raw| raw.map(|_| ByteStream::from_bytes(Vec::new())))
}

/// A response whose body is still arriving, read whole.
pub async fn collect<E>(raw: http::Response<ByteStream<E>>) -> Result<http::Response<Vec<u8>>, Error<E>> {
    let (parts, body) = raw.into_parts();
    Ok(http::Response::from_parts(parts, body.collect_bytes().await?))
}

/// A response whose body is read as it arrives by `read`, which takes its status, headers
/// and body: the event and line streams.
pub fn streamed<S, E>(
    raw: http::Response<ByteStream<E>>,
    read: impl FnOnce(http::StatusCode, http::HeaderMap, ByteStream<E>) -> S,
) -> super::response::Response<S> {
    let (parts, body) = raw.into_parts();
    let body = read(parts.status, parts.headers.clone(), body);
    super::response::Response { status: parts.status, headers: parts.headers, body }
}
