//! Bytes a request sends: held in memory, read from a file, or taken from a stream as the
//! request goes out, so that an upload larger than memory passes through.

use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;

/// A stream of chunks to send, with the error a failed read gives.
pub(crate) type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

/// Bytes to send as a body or a file part of a form: in memory, from a file, or from a
/// stream; with the file name and media type a form's file part gives them.
///
/// A body in memory or in a file is sent again when a throttled request is retried; a stream
/// is sent once, so a request with one is not retried.
#[derive(Clone)]
pub struct Upload {
    pub(crate) source: Source,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

// A stream is read by the sender alone, which reqwest is.
#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
#[derive(Clone)]
pub(crate) enum Source {
    Bytes(Bytes),
    File(PathBuf),
    /// Taken by the first attempt to send it; its length, where known.
    Stream(Arc<Mutex<Option<Chunks>>>, Option<u64>),
}

impl Upload {
    /// Bytes held in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Upload {
        Upload { source: Source::Bytes(bytes.into()), file_name: None, content_type: None }
    }

    /// The contents of the file at `path`, read as the request is sent; in a form, the part's
    /// file name is the path's, and its media type the one its extension names.
    pub fn file(path: impl Into<PathBuf>) -> Upload {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Upload { source: Source::File(path), file_name, content_type: None }
    }

    /// The chunks `stream` yields, read as the request is sent, `length` bytes in all where it
    /// is known (the request then says its `Content-Length`).
    pub fn stream<S, E>(stream: S, length: Option<u64>) -> Upload
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let chunks: Chunks = Box::pin(ErrInto(Box::pin(stream)));
        Upload {
            source: Source::Stream(Arc::new(Mutex::new(Some(chunks))), length),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name a form's part gives.
    pub fn file_name(mut self, name: impl Into<String>) -> Upload {
        self.file_name = Some(name.into());
        self
    }

    /// The media type a form's part gives, such as `audio/mpeg`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Upload {
        self.content_type = Some(media_type.into());
        self
    }

    /// Whether it can be sent more than once.
    #[cfg(feature = "reqwest")]
    pub(crate) fn resendable(&self) -> bool {
        !matches!(self.source, Source::Stream(..))
    }

    /// The bytes, read whole, for a request built to be sent by another HTTP stack.
    pub(crate) fn read_whole(&self) -> Result<Vec<u8>, String> {
        match &self.source {
            Source::Bytes(bytes) => Ok(bytes.to_vec()),
            Source::File(path) => std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display())),
            Source::Stream(..) => {
                Err("a body read from a stream is sent by `send()`, not built into one piece".to_owned())
            }
        }
    }

    /// The stream, for the one attempt that sends it.
    #[cfg(feature = "reqwest")]
    pub(crate) fn take_stream(&self) -> Option<(Chunks, Option<u64>)> {
        match &self.source {
            Source::Stream(stream, length) => {
                stream.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take().map(|s| (s, *length))
            }
            _ => None,
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Upload {
        Upload::bytes(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Upload {
    fn from(bytes: &[u8; N]) -> Upload {
        Upload::bytes(bytes.to_vec())
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Upload {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Upload {
        Upload::bytes(text)
    }
}

impl From<&str> for Upload {
    fn from(text: &str) -> Upload {
        Upload::bytes(text.to_owned())
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Upload");
        match &self.source {
            Source::Bytes(bytes) => debug.field("bytes", &bytes.len()),
            Source::File(path) => debug.field("file", path),
            Source::Stream(_, length) => debug.field("stream", length),
        };
        debug.field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

/// A stream whose errors become boxed errors.
struct ErrInto<S>(Pin<Box<S>>);

impl<S, E> Stream for ErrInto<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(|chunk| chunk.map_err(Into::into)))
    }
}
