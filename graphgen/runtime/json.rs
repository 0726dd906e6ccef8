//! Reading and writing models as JSON, with errors that name where the problem is.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a JSON document could not be read as a model.
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    inner: serde_json::Error,
}

impl DecodeError {
    /// The JSON path of the offending value, such as `value[0].createdDateTime`,
    /// or `.` for the document itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line of the input where the problem was found (1-based; 0 when the input was not text).
    pub fn line(&self) -> usize {
        self.inner.line()
    }

    /// The column of the input where the problem was found (1-based; 0 when the input was not text).
    pub fn column(&self) -> usize {
        self.inner.column()
    }

    /// The underlying serde_json error.
    pub fn json_error(&self) -> &serde_json::Error {
        &self.inner
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.inner)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for DecodeError {
    fn from(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        DecodeError { path: error.path().to_string(), inner: error.into_inner() }
    }
}

/// Reads a model from JSON text.
pub fn decode<T: DeserializeOwned>(json: &str) -> Result<T, DecodeError> {
    decode_slice(json.as_bytes())
}

/// Reads a model from JSON bytes.
pub fn decode_slice<T: DeserializeOwned>(json: &[u8]) -> Result<T, DecodeError> {
    // Tracking the path costs a third of the time of reading (a stream of small events
    // shows it), so it is done only to report a failure: reading is the same both times.
    if let Ok(value) = serde_json::from_slice(json) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)?;
    deserializer.end().map_err(|inner| DecodeError { path: ".".to_owned(), inner })?;
    Ok(value)
}

/// Reads a model from an already-parsed JSON value.
pub fn decode_value<T: DeserializeOwned>(json: serde_json::Value) -> Result<T, DecodeError> {
    Ok(serde_path_to_error::deserialize(json)?)
}

/// Writes a model as compact JSON text.
pub fn encode<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string(value)
}

/// Whether two JSON values are the same JSON: numbers by their value, since JSON has one
/// kind of number (`2` and `2.0` are the same, which `serde_json::Value`'s `==` tells apart),
/// and everything else exactly, object members in any order. A model written back is
/// `same_json` as what it was read from.
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || (x.is_f64() || y.is_f64()) && x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}
