//! Large files sent through an upload session in one call: the session created by the
//! operation that creates it (Graph's `createUploadSession`), then the file sent in slices
//! that follow the 320 KiB rule, resumed after a failed slice, with progress, and
//! cancellable.

use serde::de::DeserializeOwned;

use crate::request::{Operation, Request};
use crate::runtime::{CancelUpload, Response, SessionOptions, Upload};

/// An upload of a file, bytes or a stream of known length through an upload session, which
/// `create_session` creates when it is sent. Memory holds one slice at a time.
#[must_use = "an upload does nothing until it is sent"]
pub struct LargeFileUpload<O> {
    create_session: Request<O>,
    source: Upload,
    options: SessionOptions,
}

// By hand, so that it does not need the operation type to be `Debug`.
impl<O> std::fmt::Debug for LargeFileUpload<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LargeFileUpload")
            .field("create_session", &self.create_session)
            .field("source", &self.source)
            .field("options", &self.options)
            .finish()
    }
}

impl<O: Operation> LargeFileUpload<O>
where
    O::Output: serde::Serialize,
{
    /// The upload of `source` through the session `create_session` creates.
    pub fn new(create_session: Request<O>, source: impl Into<Upload>) -> Self {
        LargeFileUpload { create_session, source: source.into(), options: SessionOptions::default() }
    }

    /// Sends slices of `bytes`, rounded down to a multiple of 320 KiB, between 320 KiB and
    /// 60 MiB; 10 MiB unless set.
    pub fn slice_size(mut self, bytes: u64) -> Self {
        self.options.slice_size(bytes);
        self
    }

    /// Calls `progress` with the bytes the service has and the file's size after each slice.
    pub fn on_progress(mut self, progress: impl FnMut(u64, u64) + Send + 'static) -> Self {
        self.options.on_progress(progress);
        self
    }

    /// A handle that cancels the upload from anywhere: before its next slice, the session
    /// is deleted and `send` fails.
    pub fn cancel_handle(&self) -> CancelUpload {
        self.options.cancel_handle()
    }

    /// Creates the session and sends the file. The answer is the service's last: the created
    /// item read as `T`, where it sends one (a drive item), or `None` (a message's attachment).
    pub async fn send<T: DeserializeOwned>(mut self) -> Result<Response<Option<T>>, crate::Error> {
        let connection = self.create_session.connection.clone();
        let session = self.create_session.send().await?.body;
        let session = serde_json::to_value(&session)
            .map_err(|e| crate::Error::InvalidRequest(format!("the upload session cannot be read: {e}")))?;
        let start = crate::runtime::session_start(&session).map_err(crate::Error::InvalidRequest)?;
        crate::runtime::upload_in_session(&connection, start, &self.source, &mut self.options).await
    }
}
