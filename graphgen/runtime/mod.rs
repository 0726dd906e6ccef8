//! The runtime of a generated API crate: types and functions shared by every model and
//! request. It is a crate of its own so that regenerating the API crate does not rebuild it.

#[doc(hidden)]
pub mod alternatives;
mod base64_url;
mod collection;
mod date_time;
mod double;
mod error;
mod flags;
mod json;
mod location;
mod nullable;
#[doc(hidden)]
pub mod object;
mod paging;
mod properties;
mod request;
mod response;
#[cfg(feature = "reqwest")]
#[doc(hidden)]
pub mod transport;

/// The HTTP client crate behind `send()`, for the generated crate's `Client::http_client`.
#[cfg(feature = "reqwest")]
#[doc(hidden)]
pub use reqwest;

pub use base64_url::Base64Url;
pub use collection::Collection;
pub use date_time::DateTimeOffset;
pub use double::Double;
pub use error::{ApiError, Error, UnexpectedResponse};
pub use flags::Flags;
pub use json::{decode, decode_slice, decode_value, encode, DecodeError};
pub use nullable::Nullable;
pub use paging::Page;
#[cfg(feature = "reqwest")]
pub use paging::Pages;
pub use properties::AdditionalProperties;
#[doc(hidden)]
pub use location::{push_parameter, refuse_dot_segment};
#[doc(hidden)]
pub use request::join;
pub use location::Location;
pub use request::{Connection, InvalidBaseUrl, RequestParts, RetryPolicy, TokenFuture};
pub use response::Response;
#[doc(hidden)]
pub use response::{bytes, check_status, empty, json, json_or_empty, text, text_value, undocumented_status};
