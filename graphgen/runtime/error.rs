//! The error of every request: the service's error body, an unexpected response,
//! a request refused before it was sent, or a transport failure.

use std::fmt;

use http::{HeaderMap, StatusCode};

/// A failed request. `E` is the service's error body, decoded from 4XX and 5XX responses.
///
/// The response variants are boxed so that a `Result` stays small on the happy path.
#[derive(Debug)]
pub enum Error<E> {
    /// The service answered with an error status and an error body it documents.
    Api(Box<ApiError<E>>),
    /// The service answered with something the description does not allow, such as a
    /// body that is not what the status promises.
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// The request was refused before anything was sent.
    InvalidRequest(String),
    /// Following `@odata.nextLink` stopped: the link repeated an earlier page or left the service.
    Paging(String),
    /// The request could not be sent or its response could not be read.
    #[cfg(feature = "reqwest")]
    Transport(reqwest::Error),
}

/// An error response with the documented error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    /// The response's status, 4XX or 5XX.
    pub status: StatusCode,
    /// The response's headers, such as `request-id` and `Retry-After`.
    pub headers: HeaderMap,
    /// The decoded error body.
    pub body: E,
}

/// A response that does not match the description, with its raw body so nothing is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct UnexpectedResponse {
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The body as text (invalid UTF-8 replaced).
    pub text: String,
    /// What did not match.
    pub reason: String,
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::UnexpectedResponse(response) => Some(response.status),
            _ => None,
        }
    }

    /// The service's error body, when it sent one.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api(error) => Some(&error.body),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "{}: {}", error.status, error.body),
            Error::UnexpectedResponse(response) => {
                write!(f, "unexpected {} response: {}", response.status, response.reason)
            }
            Error::InvalidRequest(reason) => write!(f, "invalid request: {reason}"),
            Error::Paging(reason) => write!(f, "paging stopped: {reason}"),
            #[cfg(feature = "reqwest")]
            Error::Transport(error) => write!(f, "transport error: {error}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "reqwest")]
            Error::Transport(error) => Some(error),
            _ => None,
        }
    }
}
