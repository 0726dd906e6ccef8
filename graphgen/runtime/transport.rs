//! Sending requests with reqwest: credentials from a callback, and retries of throttled requests.

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_core::Stream;

use http::header::{CONTENT_LENGTH, RETRY_AFTER};
use http::{HeaderMap, Method, StatusCode};

use super::error::Error;
use super::multipart::Part;
use super::request::{Connection, Payload, RequestParts};
use super::stream::ByteStream;
use super::upload::{Source, Upload};

/// The reqwest client, made on first use: making one can fail (no TLS backend), and
/// that failure belongs to a request, not to building a [`Connection`].
#[derive(Clone, Default)]
pub(crate) struct Http(Arc<OnceLock<Result<reqwest::Client, String>>>);

impl From<reqwest::Client> for Http {
    fn from(client: reqwest::Client) -> Self {
        Http(Arc::new(OnceLock::from(Ok(client))))
    }
}

impl Http {
    pub(crate) fn get<E>(&self) -> Result<&reqwest::Client, Error<E>> {
        let client = self.0.get_or_init(|| reqwest::Client::builder().build().map_err(|e| e.to_string()));
        client.as_ref().map_err(|e| Error::InvalidRequest(format!("cannot create the HTTP client: {e}")))
    }
}

/// Sends a request, retrying `429` and `503` answers as the connection's retry policy
/// allows, and reads the response whole.
pub async fn execute<E: 'static>(
    connection: &Connection,
    parts: &RequestParts,
) -> Result<http::Response<Vec<u8>>, Error<E>> {
    super::stream::collect(send(connection, parts).await?).await
}

/// Sends a request, retrying `429` and `503` answers as the connection's retry policy
/// allows; the response's body is left to be read as it arrives.
pub async fn send<E: 'static>(
    connection: &Connection,
    parts: &RequestParts,
) -> Result<http::Response<ByteStream<E>>, Error<E>> {
    let policy = parts.retry_policy(connection);
    let idempotent =
        matches!(*parts.method(), Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS);
    // A body read from a stream is sent once, so its request is not retried.
    let may_retry = (idempotent || policy.retry_non_idempotent) && parts.resendable();
    let mut attempt = 0;
    loop {
        let request = parts.build_sent(connection).await?;
        let mut request = reqwest::Request::try_from(request).map_err(Error::Transport)?;
        let client = connection.http.get()?;
        if let Some(payload) = parts.streamed() {
            request = attach(client, request, payload).await?;
        }
        if let Some(timeout) = parts.timeout() {
            *request.timeout_mut() = Some(timeout);
        }
        let response = client.execute(request).await.map_err(Error::Transport)?;
        let status = response.status();
        let throttled = status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE;
        if throttled && may_retry && attempt < policy.max_retries {
            let backoff = policy.initial_backoff.saturating_mul(2_u32.saturating_pow(attempt));
            let wait = retry_after(response.headers(), SystemTime::now()).unwrap_or(backoff).min(policy.max_backoff);
            tokio::time::sleep(wait).await;
            attempt += 1;
            continue;
        }
        let headers = response.headers().clone();
        let body = Chunks(Box::pin(response.bytes_stream()), PhantomData);
        let mut result = http::Response::new(ByteStream::new(body));
        *result.status_mut() = status;
        *result.headers_mut() = headers;
        return Ok(result);
    }
}

/// The request with a body that is read as it is sent: an upload from a file or a stream,
/// or a multipart form, which reqwest encodes with a boundary of its own.
async fn attach<E>(
    client: &reqwest::Client,
    mut request: reqwest::Request,
    payload: &Payload,
) -> Result<reqwest::Request, Error<E>> {
    match payload {
        Payload::Bytes(_) => Ok(request),
        Payload::Upload(upload) => {
            let (body, length) = body_of(upload).await?;
            *request.body_mut() = Some(body);
            if let Some(length) = length {
                request.headers_mut().insert(CONTENT_LENGTH, length.into());
            }
            Ok(request)
        }
        Payload::Multipart(form) => {
            let mut multipart = reqwest::multipart::Form::new();
            for (name, part) in &form.parts {
                let part = match part {
                    Part::Text(text, None) => reqwest::multipart::Part::text(text.clone()),
                    Part::Text(text, Some(media_type)) => {
                        reqwest::multipart::Part::text(text.clone()).mime_str(media_type).map_err(Error::Transport)?
                    }
                    Part::Upload(upload) => file_part(name, upload).await?,
                };
                multipart = multipart.part(name.clone(), part);
            }
            reqwest::RequestBuilder::from_parts(client.clone(), request)
                .multipart(multipart)
                .build()
                .map_err(Error::Transport)
        }
    }
}

/// A file part of a form. A part with no file name takes the field's, as servers read a part
/// without one as text; a file's media type is the one its extension names, unless the upload
/// gives one.
async fn file_part<E>(name: &str, upload: &Upload) -> Result<reqwest::multipart::Part, Error<E>> {
    let mut part = match &upload.source {
        Source::File(path) => reqwest::multipart::Part::file(path)
            .await
            .map_err(|e| Error::InvalidRequest(format!("cannot open `{}`: {e}", path.display())))?,
        _ => match body_of(upload).await? {
            (body, Some(length)) => reqwest::multipart::Part::stream_with_length(body, length),
            (body, None) => reqwest::multipart::Part::stream(body),
        },
    };
    part = part.file_name(upload.file_name.clone().unwrap_or_else(|| name.to_owned()));
    if let Some(media_type) = &upload.content_type {
        part = part.mime_str(media_type).map_err(Error::Transport)?;
    }
    Ok(part)
}

/// The body an upload sends, and its length where it is known.
async fn body_of<E>(upload: &Upload) -> Result<(reqwest::Body, Option<u64>), Error<E>> {
    match &upload.source {
        Source::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64))),
        Source::File(path) => {
            let file = tokio::fs::File::open(path)
                .await
                .map_err(|e| Error::InvalidRequest(format!("cannot open `{}`: {e}", path.display())))?;
            let length = file.metadata().await.ok().map(|metadata| metadata.len());
            Ok((reqwest::Body::from(file), length))
        }
        Source::Stream(..) => match upload.take_stream() {
            Some((stream, length)) => Ok((reqwest::Body::wrap_stream(stream), length)),
            None => Err(Error::InvalidRequest("the body's stream was sent already, and cannot be again".to_owned())),
        },
    }
}

/// reqwest's chunks of a body, with its errors as this runtime's.
struct Chunks<S, E>(Pin<Box<S>>, PhantomData<fn() -> E>);

impl<S: Stream<Item = reqwest::Result<Bytes>>, E> Stream for Chunks<S, E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map_err(Error::Transport)))
    }
}

/// A token of the client credentials grant from its token endpoint, which is then kept.
pub(crate) async fn fetch_token<E>(
    connection: &Connection,
    grant: &super::credentials::ClientCredentials,
) -> Result<String, Error<E>> {
    // A path is on the client's own service.
    let base: http::Uri = connection.base_url().parse().map_err(|_| {
        Error::InvalidRequest(format!("the base URL `{}` has no origin for the token endpoint", connection.base_url()))
    })?;
    let url = match (grant.token_url.starts_with('/'), base.scheme_str(), base.authority()) {
        (true, Some(scheme), Some(authority)) => format!("{scheme}://{authority}{}", grant.token_url),
        _ => grant.token_url.clone(),
    };
    let failed = |why: String| Error::InvalidRequest(format!("the token endpoint {url} {why}"));
    let response = connection
        .http
        .get()?
        .post(&url)
        .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(http::header::ACCEPT, "application/json")
        .body(grant.form())
        .send()
        .await
        .map_err(Error::Transport)?;
    let status = response.status();
    let body = response.bytes().await.map_err(Error::Transport)?;
    if !status.is_success() {
        return Err(failed(format!("answered {status}: {}", String::from_utf8_lossy(&body))));
    }
    let answer: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| failed(format!("answered what is not JSON: {e}")))?;
    let Some(token) = answer.get("access_token").and_then(|t| t.as_str()) else {
        return Err(failed("answered without an `access_token`".to_owned()));
    };
    grant.keep(token, answer.get("expires_in").and_then(|e| e.as_u64()));
    Ok(token.to_owned())
}

/// The wait a `Retry-After` header asks for: whole seconds, or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "120".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(120)));
        headers.insert(RETRY_AFTER, "Sun, 06 Nov 1994 08:49:47 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(10)));
        headers.insert(RETRY_AFTER, "Sun, 06 Nov 1994 08:49:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, now), None);
    }
}
