//! Server-sent events (`text/event-stream`) read as typed events as they arrive. The line
//! protocol is `eventsource-stream`'s; this module decodes each event's data.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use http::{HeaderMap, StatusCode};

use super::error::{Error, UnexpectedResponse};
use super::stream::ByteStream;

/// One server-sent event, with its data decoded as `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's type, from its `event:` field; `message` where it has none.
    pub event: String,
    /// The event's data.
    pub data: T,
    /// The last event id the stream has set (`id:`), empty where none was.
    pub id: String,
    /// The reconnection time the event asks for (`retry:`).
    pub retry: Option<Duration>,
}

/// How an event's data text becomes a `T`: `None` ends the stream.
type Decoder<T> = fn(&str) -> Result<Option<T>, String>;

/// The events of a `text/event-stream` response, each with its data decoded as `T`.
///
/// An event whose data is not a `T` is an [`Error::UnexpectedResponse`] naming the event and
/// carrying its data; the stream goes on after it. Where the data is JSON, an event whose
/// data is `[DONE]`, as OpenAI-style services send last, ends the stream.
pub struct EventStream<T, E> {
    inner: eventsource_stream::EventStream<ByteStream<E>>,
    decode: Decoder<T>,
    /// The response's status and headers, for the errors of events that do not decode.
    status: StatusCode,
    headers: HeaderMap,
    /// Events read so far, to name the one that failed.
    count: usize,
    done: bool,
}

impl<T, E> EventStream<T, E> {
    fn new(status: StatusCode, headers: HeaderMap, body: ByteStream<E>, decode: Decoder<T>) -> EventStream<T, E> {
        let inner = eventsource_stream::EventStream::new(body);
        EventStream { inner, decode, status, headers, count: 0, done: false }
    }

    /// Events whose data is JSON, decoded as `T`.
    pub fn json(status: StatusCode, headers: HeaderMap, body: ByteStream<E>) -> EventStream<T, E>
    where
        T: serde::de::DeserializeOwned,
    {
        fn decode<T: serde::de::DeserializeOwned>(data: &str) -> Result<Option<T>, String> {
            if data.trim() == "[DONE]" {
                return Ok(None);
            }
            super::json::decode(data).map(Some).map_err(|e| e.to_string())
        }
        EventStream::new(status, headers, body, decode::<T>)
    }

    /// The next event, or `None` at the end of the stream.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn unexpected(&self, text: String, reason: String) -> Error<E> {
        let (status, headers) = (self.status, self.headers.clone());
        Error::UnexpectedResponse(Box::new(UnexpectedResponse { status, headers, text, reason }))
    }
}

impl<E> EventStream<String, E> {
    /// Events whose data is text, kept as it is.
    pub fn text(status: StatusCode, headers: HeaderMap, body: ByteStream<E>) -> EventStream<String, E> {
        EventStream::new(status, headers, body, |data| Ok(Some(data.to_owned())))
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let read = match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(read) => read,
        };
        let event = match read {
            None => {
                self.done = true;
                return Poll::Ready(None);
            }
            Some(Ok(event)) => event,
            Some(Err(eventsource_stream::EventStreamError::Transport(error))) => return Poll::Ready(Some(Err(error))),
            Some(Err(error)) => {
                // The protocol itself broke: nothing after it can be trusted.
                self.done = true;
                let why = match error {
                    eventsource_stream::EventStreamError::Utf8(e) => e.to_string(),
                    eventsource_stream::EventStreamError::Parser(e) => e.to_string(),
                    eventsource_stream::EventStreamError::Transport(_) => String::new(),
                };
                let reason = format!("the event stream cannot be read after event {}: {why}", self.count);
                return Poll::Ready(Some(Err(self.unexpected(String::new(), reason))));
            }
        };
        self.count += 1;
        let item = match (self.decode)(&event.data) {
            Ok(Some(data)) => Ok(Event { event: event.event, data, id: event.id, retry: event.retry }),
            Ok(None) => {
                self.done = true;
                return Poll::Ready(None);
            }
            Err(why) => {
                let id = if event.id.is_empty() { String::new() } else { format!(", id `{}`", event.id) };
                let reason = format!(
                    "the data of event {} (`{}`{id}) does not match the description: {why}",
                    self.count, event.event
                );
                Err(self.unexpected(event.data, reason))
            }
        };
        Poll::Ready(Some(item))
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("status", &self.status).field("read", &self.count).finish_non_exhaustive()
    }
}
