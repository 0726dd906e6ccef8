//! JSON Lines, NDJSON and JSON text sequences (`application/jsonl`, `application/x-ndjson`,
//! `application/json-seq`) read as typed values as they arrive.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use futures_core::Stream;
use http::{HeaderMap, StatusCode};

use super::error::{Error, UnexpectedResponse};
use super::stream::ByteStream;

/// The values of a response that sends one JSON value per line, each decoded as `T`.
///
/// Lines are ended by a line feed (a carriage return before it is dropped); a JSON text
/// sequence's record separator (`0x1E`) ends one too. Blank lines are skipped, and a last
/// line without an ending is read at the end of the body. A line that is not a `T` is an
/// [`Error::UnexpectedResponse`] naming its line number and carrying its text; the stream
/// goes on after it.
pub struct JsonLines<T, E> {
    body: ByteStream<E>,
    buffer: BytesMut,
    /// Where in the buffer to look for the next line end: what is before it has none.
    searched: usize,
    status: StatusCode,
    headers: HeaderMap,
    line: usize,
    ended: bool,
    value: std::marker::PhantomData<fn() -> T>,
}

impl<T: serde::de::DeserializeOwned, E> JsonLines<T, E> {
    /// The values of `body`, a response with `status` and `headers`.
    pub fn new(status: StatusCode, headers: HeaderMap, body: ByteStream<E>) -> JsonLines<T, E> {
        JsonLines {
            body,
            buffer: BytesMut::new(),
            searched: 0,
            status,
            headers,
            line: 0,
            ended: false,
            value: std::marker::PhantomData,
        }
    }

    /// The next value, or `None` at the end of the body.
    pub async fn next_value(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next complete line in the buffer, or at the end of the body its rest.
    fn take_line(&mut self) -> Option<BytesMut> {
        loop {
            let end = self.buffer[self.searched..].iter().position(|b| matches!(b, b'\n' | 0x1e));
            let line = match end {
                Some(at) => {
                    let mut line = self.buffer.split_to(self.searched + at + 1);
                    line.truncate(line.len() - 1);
                    line
                }
                None if self.ended && !self.buffer.is_empty() => self.buffer.split(),
                None => {
                    self.searched = self.buffer.len();
                    return None;
                }
            };
            self.searched = 0;
            self.line += 1;
            if !line.trim_ascii().is_empty() {
                return Some(line);
            }
        }
    }

    fn decode(&self, line: &[u8]) -> Result<T, Error<E>> {
        super::json::decode_slice(line).map_err(|e| {
            let text = String::from_utf8_lossy(line).into_owned();
            let reason = format!("line {} does not match the description: {e}", self.line);
            let (status, headers) = (self.status, self.headers.clone());
            Error::UnexpectedResponse(Box::new(UnexpectedResponse { status, headers, text, reason }))
        })
    }
}

impl<T: serde::de::DeserializeOwned, E> Stream for JsonLines<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(line) = self.take_line() {
                return Poll::Ready(Some(self.decode(&line)));
            }
            if self.ended {
                return Poll::Ready(None);
            }
            match Pin::new(&mut self.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.buffer.extend_from_slice(chunk.chunk()),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => self.ended = true,
            }
        }
    }
}

impl<T, E> fmt::Debug for JsonLines<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines").field("status", &self.status).field("lines", &self.line).finish_non_exhaustive()
    }
}
