#[doc(hidden)]
pub mod alternatives;
mod base64_url;
mod collection;
mod credentials;
mod date_time;
mod double;
mod error;
mod flags;
mod float;
mod form;
mod json;
mod location;
mod multipart;
mod nullable;
#[doc(hidden)]
pub mod object;
mod paging;
mod properties;
mod request;
mod response;
mod stream;
#[cfg(feature = "reqwest")]
#[doc(hidden)]
pub mod transport;
mod upload;

/// Its items, when this runtime sends requests itself (its `reqwest` feature), and nothing
/// otherwise: the API crate's `send()`, paging and client settings follow the runtime's
/// features, so the API code needs no features of its own, even where it is included into
/// a crate of its user's (`graphgen::build`).
#[cfg(feature = "reqwest")]
#[doc(hidden)]
#[macro_export]
macro_rules! with_reqwest {
    ($($item:tt)*) => { $($item)* };
}

/// Its items, when this runtime sends requests itself (its `reqwest` feature), and nothing
/// otherwise, as here.
#[cfg(not(feature = "reqwest"))]
#[doc(hidden)]
#[macro_export]
macro_rules! with_reqwest {
    ($($item:tt)*) => {};
}

/// Its items, when this runtime takes Azure Identity credentials (its `azure-identity`
/// feature), and nothing otherwise, as `with_reqwest!` does for sending.
#[cfg(feature = "azure-identity")]
#[doc(hidden)]
#[macro_export]
macro_rules! with_azure_identity {
    ($($item:tt)*) => { $($item)* };
}

/// Its items, when this runtime takes Azure Identity credentials, and nothing otherwise,
/// as here.
#[cfg(not(feature = "azure-identity"))]
#[doc(hidden)]
#[macro_export]
macro_rules! with_azure_identity {
    ($($item:tt)*) => {};
}

/// The Azure credential trait that the `…_token_credential` setters take.
#[cfg(feature = "azure-identity")]
pub use azure_core::credentials::TokenCredential;

/// The HTTP client crate behind `send()`, for the generated crate's `Client::http_client`.
#[cfg(feature = "reqwest")]
#[doc(hidden)]
pub use reqwest;

pub use base64_url::Base64Url;
pub use collection::Collection;
pub use credentials::{ClientCredentials, Credential, KeyPlace};
pub use date_time::DateTimeOffset;
pub use double::Double;
pub use error::{ApiError, Error, UnexpectedResponse};
pub use flags::Flags;
#[doc(hidden)]
pub use float::{write_floats, Floats, WriteFloats};
pub use form::FormStyle;
pub use json::{decode, decode_slice, decode_value, encode, same_json, DecodeError};
pub use location::Location;
#[doc(hidden)]
pub use location::{push_parameter, refuse_dot_segment};
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use paging::{DeltaRound, Page};
#[cfg(feature = "reqwest")]
pub use paging::Pages;
pub use properties::AdditionalProperties;
#[doc(hidden)]
pub use request::join;
pub use request::{Connection, InvalidBaseUrl, RequestParts, RetryPolicy, TokenFuture};
pub use response::Response;
#[doc(hidden)]
pub use response::{bytes, check_status, empty, json, json_or_empty, text, text_value, undocumented_status};
pub use stream::ByteStream;
#[doc(hidden)]
pub use stream::{buffered, check_stream, collect, streamed};
pub use upload::Upload;
