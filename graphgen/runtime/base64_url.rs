//! `Edm.Stream` and `Edm.Binary` text that is kept verbatim and decoded on request.

use std::fmt;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The URL-safe alphabet, written without padding and read with or without it.
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A base64url-encoded property value.
///
/// The text is kept exactly as received, because services and documentation put
/// things in these properties that are not valid base64url (the Graph docs use the
/// placeholder `"Stream"`), and a client must be able to echo them back unchanged.
/// [`Base64Url::decode`] gives the bytes when the text is valid.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Url(String);

impl Base64Url {
    /// Wraps text as received, without validating it.
    pub fn from_text(text: impl Into<String>) -> Self {
        Base64Url(text.into())
    }

    /// Encodes bytes as unpadded base64url.
    pub fn encode(bytes: impl AsRef<[u8]>) -> Self {
        Base64Url(URL_SAFE.encode(bytes))
    }

    /// The text exactly as received or encoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Decodes the text, accepting it with or without `=` padding.
    pub fn decode(&self) -> Result<Vec<u8>, base64::DecodeError> {
        URL_SAFE.decode(&self.0)
    }
}

impl fmt::Debug for Base64Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Base64Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Base64Url {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Base64Url {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Base64Url)
    }
}
