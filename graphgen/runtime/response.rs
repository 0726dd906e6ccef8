//! Reading responses into typed results. Nothing here does I/O, so a response received
//! by any HTTP stack can be read with these functions.

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::error::{ApiError, Error, UnexpectedResponse};

/// A successful response: its status, its headers and its typed body.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The response's status, such as `200 OK` or `204 No Content`.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The typed body.
    pub body: T,
}

impl<T> Response<T> {
    /// The body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

/// A response reads as its body, so `created.name` is `created.body.name`; the status and
/// headers stay at hand.
impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> std::ops::DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.body.fmt(f)
    }
}

/// The error for a successful status that the description does not list, when the body
/// depends on the status and so cannot be read without knowing it.
pub fn undocumented_status<E>(response: http::Response<Vec<u8>>) -> Error<E> {
    let (parts, body) = response.into_parts();
    let reason = format!("the status {} is not one the description lists for this request", parts.status);
    unexpected(parts.status, parts.headers, &body, reason)
}

fn unexpected<E>(status: StatusCode, headers: HeaderMap, body: &[u8], reason: String) -> Error<E> {
    let text = String::from_utf8_lossy(body).into_owned();
    Error::UnexpectedResponse(Box::new(UnexpectedResponse { status, headers, text, reason }))
}

/// Turns an error status into [`Error::Api`], or [`Error::UnexpectedResponse`] when its
/// body is not the documented error body; passes successful responses through.
pub fn check_status<E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, Error<E>> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    match crate::decode_slice::<E>(&body) {
        Ok(error) => Err(Error::Api(Box::new(ApiError { status, headers: parts.headers, body: error }))),
        Err(e) => Err(unexpected(
            parts.status,
            parts.headers,
            &body,
            format!("the error body is not the documented one ({e})"),
        )),
    }
}

/// Reads a JSON body that must be present.
pub fn json<T: DeserializeOwned, E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
) -> Result<Response<T>, Error<E>> {
    let (parts, body) = check_status(response)?.into_parts();
    if body.is_empty() {
        return Err(unexpected(parts.status, parts.headers, &body, "the response has no body".to_owned()));
    }
    match crate::decode_slice::<T>(&body) {
        Ok(value) => Ok(Response { status: parts.status, headers: parts.headers, body: value }),
        Err(e) => {
            Err(unexpected(parts.status, parts.headers, &body, format!("the body does not match the description: {e}")))
        }
    }
}

/// Reads a JSON body, or `None` for `204 No Content`.
pub fn json_or_empty<T: DeserializeOwned, E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
) -> Result<Response<Option<T>>, Error<E>> {
    let response = check_status(response)?;
    if response.status() == StatusCode::NO_CONTENT || response.body().is_empty() {
        let (parts, _) = response.into_parts();
        return Ok(Response { status: parts.status, headers: parts.headers, body: None });
    }
    json(response).map(|r| Response { status: r.status, headers: r.headers, body: Some(r.body) })
}

/// Accepts a successful response without a body.
pub fn empty<E: DeserializeOwned>(response: http::Response<Vec<u8>>) -> Result<Response<()>, Error<E>> {
    let (parts, _) = check_status(response)?.into_parts();
    Ok(Response { status: parts.status, headers: parts.headers, body: () })
}

/// Reads a binary body.
pub fn bytes<E: DeserializeOwned>(response: http::Response<Vec<u8>>) -> Result<Response<Vec<u8>>, Error<E>> {
    let (parts, body) = check_status(response)?.into_parts();
    Ok(Response { status: parts.status, headers: parts.headers, body })
}

/// Reads a text body as it is.
pub fn text<E: DeserializeOwned>(response: http::Response<Vec<u8>>) -> Result<Response<String>, Error<E>> {
    let (parts, body) = check_status(response)?.into_parts();
    match String::from_utf8(body) {
        Ok(text) => Ok(Response { status: parts.status, headers: parts.headers, body: text }),
        Err(e) => {
            let reason = format!("the text body is not UTF-8: {}", e.utf8_error());
            Err(unexpected(parts.status, parts.headers, e.as_bytes(), reason))
        }
    }
}

/// Reads a number or boolean written as text, such as the count `/$count` answers.
pub fn text_value<T: DeserializeOwned, E: DeserializeOwned>(
    response: http::Response<Vec<u8>>,
) -> Result<Response<T>, Error<E>> {
    let (parts, body) = check_status(response)?.into_parts();
    // Such a value is written the same way in text and in JSON, apart from whitespace around it.
    let trimmed = body.trim_ascii();
    match crate::decode_slice::<T>(trimmed) {
        Ok(value) if !trimmed.is_empty() => Ok(Response { status: parts.status, headers: parts.headers, body: value }),
        Ok(_) => Err(unexpected(parts.status, parts.headers, &body, "the response has no body".to_owned())),
        Err(e) => Err(unexpected(parts.status, parts.headers, &body, format!("the body is not the described value: {e}"))),
    }
}
