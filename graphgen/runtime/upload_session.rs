//! Large files sent in slices through an upload session, as Microsoft Graph takes them
//! (`createUploadSession` on a drive item, a message's attachments, a print document): each
//! slice a `PUT` of a byte range to the session's `uploadUrl`, following the session's
//! `nextExpectedRanges`, resumed after a failed slice, so memory stays bounded by one slice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE};
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::Error;
use super::request::Connection;
use super::response::Response;
use super::upload::{Source, Upload};

/// Slices are multiples of this size (320 KiB), as Graph requires of every slice but the last.
pub const SLICE_UNIT: u64 = 320 * 1024;

/// The largest slice Graph takes: 60 MiB.
pub const MAX_SLICE: u64 = 60 * 1024 * 1024;

/// How an upload session is used: the slice size, who hears of progress, and whether it
/// is cancelled.
pub struct SessionOptions {
    slice: u64,
    progress: Option<Box<dyn FnMut(u64, u64) + Send>>,
    cancelled: Arc<AtomicBool>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        // Graph suggests 5 to 10 MiB; 32 units are 10 MiB.
        SessionOptions { slice: 32 * SLICE_UNIT, progress: None, cancelled: Arc::new(AtomicBool::new(false)) }
    }
}

impl SessionOptions {
    /// Sets the slice size, rounded down to a multiple of 320 KiB, between 320 KiB and 60 MiB.
    pub fn slice_size(&mut self, bytes: u64) {
        self.slice = (bytes / SLICE_UNIT * SLICE_UNIT).clamp(SLICE_UNIT, MAX_SLICE);
    }

    /// Calls `progress` with the bytes the service has and the file's size after each slice.
    pub fn on_progress(&mut self, progress: impl FnMut(u64, u64) + Send + 'static) {
        self.progress = Some(Box::new(progress));
    }

    /// A handle that cancels the upload from anywhere: before its next slice, the session
    /// is deleted and the upload fails.
    pub fn cancel_handle(&self) -> CancelUpload {
        CancelUpload(Arc::clone(&self.cancelled))
    }
}

impl std::fmt::Debug for SessionOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionOptions").field("slice", &self.slice).finish_non_exhaustive()
    }
}

/// Cancels an upload session's upload; see [`SessionOptions::cancel_handle`].
#[derive(Debug, Clone)]
pub struct CancelUpload(Arc<AtomicBool>);

impl CancelUpload {
    /// Cancels the upload before its next slice.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The session's upload URL and the first byte it expects, from the session the service
/// created (Graph's `uploadSession`: `uploadUrl`, `nextExpectedRanges`).
pub fn session_start(session: &Value) -> Result<(String, u64), String> {
    let url = session.get("uploadUrl").and_then(Value::as_str).ok_or("the upload session has no `uploadUrl`")?;
    Ok((url.to_owned(), next_expected(session).unwrap_or(0)))
}

/// The first byte of the first of `nextExpectedRanges` (`"26-"`, `"0-1023"`).
fn next_expected(session: &Value) -> Option<u64> {
    let ranges = session.get("nextExpectedRanges")?.as_array()?;
    let first = ranges.first()?.as_str()?;
    first.split('-').next()?.trim().parse().ok()
}

/// Sends `source` through the session at `url`, from byte `start`: slices of the options'
/// size, each a `PUT` with its `Content-Range`, without the client's credentials (the
/// upload URL carries its own). After a slice fails (no answer, or a `5xx`) the session is
/// asked which bytes it expects and the upload goes on from there, as often as the
/// connection's retry policy allows retries. Returns the service's last answer: the
/// created item, where it sends one.
pub async fn upload<T: DeserializeOwned, E: DeserializeOwned + 'static>(
    connection: &Connection,
    (url, start): (String, u64),
    source: &Upload,
    options: &mut SessionOptions,
) -> Result<Response<Option<T>>, Error<E>> {
    let mut slices = Slices::open(source).await?;
    let total = slices.total;
    let client = connection.http.get()?;
    let mut offset = start;
    let mut failures = 0;
    loop {
        if options.cancelled.load(Ordering::SeqCst) {
            let _ = client.delete(&url).send().await;
            return Err(Error::InvalidRequest("the upload was cancelled, and its session deleted".to_owned()));
        }
        if offset >= total && total > 0 {
            return Err(Error::InvalidRequest(format!(
                "the upload session expects byte {offset} of a file of {total} bytes"
            )));
        }
        let end = (offset + options.slice).min(total);
        let slice = slices.read(offset, end).await?;
        let range = match total {
            0 => "bytes */0".to_owned(),
            _ => format!("bytes {offset}-{}/{total}", end - 1),
        };
        let sent = client
            .put(&url)
            .header(CONTENT_RANGE, range)
            .header(CONTENT_LENGTH, slice.len())
            .header(CONTENT_TYPE, "application/octet-stream")
            .body(slice)
            .send()
            .await;
        let failed = match &sent {
            Ok(answer) => answer.status().is_server_error(),
            Err(_) => true,
        };
        if failed {
            failures += 1;
            if failures > connection.retry.max_retries {
                return match sent {
                    Ok(answer) => Err(error_of(answer).await),
                    Err(error) => Err(Error::Transport(error)),
                };
            }
            // Which bytes the session has, so that the upload goes on from there.
            let status = client.get(&url).send().await.map_err(Error::Transport)?;
            let status: Value = serde_json::from_slice(&status.bytes().await.map_err(Error::Transport)?)
                .map_err(|e| Error::InvalidRequest(format!("the upload session's status is not JSON: {e}")))?;
            offset = next_expected(&status).unwrap_or(offset);
            continue;
        }
        let answer = sent.map_err(Error::Transport)?;
        match answer.status() {
            StatusCode::ACCEPTED => {
                let body = answer.bytes().await.map_err(Error::Transport)?;
                let status: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let next = next_expected(&status).unwrap_or(end);
                // A session that takes nothing from a slice it accepted is a failed slice.
                if next <= offset {
                    failures += 1;
                    if failures > connection.retry.max_retries {
                        return Err(Error::InvalidRequest(format!("the upload session keeps expecting byte {next}")));
                    }
                }
                offset = next;
                if let Some(progress) = options.progress.as_mut() {
                    progress(offset, total);
                }
            }
            status if status.is_success() => {
                if let Some(progress) = options.progress.as_mut() {
                    progress(total, total);
                }
                return super::response::json_or_empty::<T, E>(whole(answer).await?);
            }
            _ => return Err(error_of(answer).await),
        }
    }
}

/// The error of a slice the service refused, read as every answer's error is.
async fn error_of<E: DeserializeOwned>(answer: reqwest::Response) -> Error<E> {
    match whole(answer).await {
        Ok(raw) => match super::response::check_status::<E>(raw) {
            Err(error) => error,
            Ok(raw) => super::response::undocumented_status(raw),
        },
        Err(error) => error,
    }
}

/// An answer with its body read whole, as the readers take it.
async fn whole<E>(answer: reqwest::Response) -> Result<http::Response<Vec<u8>>, Error<E>> {
    let (status, headers) = (answer.status(), answer.headers().clone());
    let body = answer.bytes().await.map_err(Error::Transport)?;
    let mut raw = http::Response::new(body.to_vec());
    *raw.status_mut() = status;
    *raw.headers_mut() = headers;
    Ok(raw)
}

/// The source, read one slice at a time.
struct Slices {
    total: u64,
    from: Origin,
}

enum Origin {
    Bytes(Bytes),
    File(tokio::fs::File),
    /// The stream, and the bytes read from it that the service does not have yet, from
    /// `buffered_from` on.
    Stream(super::upload::Chunks, Vec<u8>, u64),
}

impl Slices {
    async fn open<E>(source: &Upload) -> Result<Slices, Error<E>> {
        let refuse = |why: String| Error::InvalidRequest(why);
        match &source.source {
            Source::Bytes(bytes) => Ok(Slices { total: bytes.len() as u64, from: Origin::Bytes(bytes.clone()) }),
            Source::File(path) => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| refuse(format!("cannot open `{}`: {e}", path.display())))?;
                let total = file.metadata().await.map_err(|e| refuse(format!("`{}`: {e}", path.display())))?.len();
                Ok(Slices { total, from: Origin::File(file) })
            }
            Source::Stream(_, None) => Err(refuse("an upload session needs the stream's length".to_owned())),
            Source::Stream(_, Some(total)) => match source.take_stream() {
                Some((stream, _)) => Ok(Slices { total: *total, from: Origin::Stream(stream, Vec::new(), 0) }),
                None => Err(refuse("the stream was sent already, and cannot be again".to_owned())),
            },
        }
    }

    /// The bytes from `start` to `end`, not included.
    async fn read<E>(&mut self, start: u64, end: u64) -> Result<Bytes, Error<E>> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt};
        let length = usize::try_from(end - start).unwrap_or(usize::MAX);
        let failed = |e: std::io::Error| Error::InvalidRequest(format!("cannot read the file to upload: {e}"));
        match &mut self.from {
            Origin::Bytes(bytes) => Ok(bytes.slice(start as usize..end as usize)),
            Origin::File(file) => {
                file.seek(std::io::SeekFrom::Start(start)).await.map_err(failed)?;
                let mut slice = vec![0; length];
                file.read_exact(&mut slice).await.map_err(failed)?;
                Ok(Bytes::from(slice))
            }
            Origin::Stream(stream, buffered, from) => {
                if start < *from {
                    return Err(Error::InvalidRequest(format!(
                        "the session expects byte {start} again, which the stream has passed"
                    )));
                }
                // What the service has is dropped; memory holds at most a slice and a chunk.
                let done = usize::try_from(start - *from).unwrap_or(usize::MAX).min(buffered.len());
                buffered.drain(..done);
                *from += done as u64;
                while (buffered.len() as u64) < end - *from {
                    match std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
                        Some(Ok(chunk)) => buffered.extend_from_slice(&chunk),
                        Some(Err(e)) => return Err(Error::InvalidRequest(format!("the stream failed: {e}"))),
                        None => return Err(Error::InvalidRequest("the stream ended before its length".to_owned())),
                    }
                }
                let skip = (start - *from) as usize;
                Ok(Bytes::copy_from_slice(&buffered[skip..skip + length]))
            }
        }
    }
}
