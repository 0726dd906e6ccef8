//! Types and functions shared by every generated model.

mod base64_url;
mod date_time;
mod json;
mod nullable;
#[doc(hidden)]
pub mod object;

pub use base64_url::Base64Url;
pub use date_time::DateTimeOffset;
pub use json::{decode, decode_slice, decode_value, encode, DecodeError};
pub use nullable::Nullable;
