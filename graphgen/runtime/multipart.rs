//! `multipart/form-data` bodies: the parts in order, each text, JSON or a file. They are
//! encoded by reqwest's `multipart` module as the request is sent.

use serde::Serialize;
use serde_json::Value;

use super::upload::Upload;

/// The parts of a `multipart/form-data` body, in order.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    pub(crate) parts: Vec<(String, Part)>,
    /// A value that could not be written, reported when the request is built.
    pub(crate) problem: Option<String>,
}

/// One part of a form.
// Read by the sender alone, which reqwest is.
#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Text, with the media type it says, if any (`application/json`).
    Text(String, Option<&'static str>),
    /// A file, or other bytes.
    Upload(Upload),
}

impl Multipart {
    /// A form of no parts.
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds a text part.
    pub fn text(&mut self, name: &str, text: impl Into<String>) -> &mut Multipart {
        self.parts.push((name.to_owned(), Part::Text(text.into(), None)));
        self
    }

    /// Adds a file part, or a part of other bytes.
    pub fn upload(&mut self, name: &str, upload: impl Into<Upload>) -> &mut Multipart {
        self.parts.push((name.to_owned(), Part::Upload(upload.into())));
        self
    }

    /// Adds the parts of a value, by its JSON: a string, number or boolean is a text part, an
    /// array one part per item, an object a part of JSON text; `null` is no part.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Multipart {
        match serde_json::to_value(value) {
            Ok(Value::Array(items)) => items.into_iter().for_each(|item| self.value(name, item)),
            Ok(value) => self.value(name, value),
            Err(e) => self.problem = Some(format!("the form field `{name}` cannot be written: {e}")),
        }
        self
    }

    /// Adds a part of the value's JSON text, whatever it is.
    pub fn json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Multipart {
        match serde_json::to_string(value) {
            Ok(text) => self.parts.push((name.to_owned(), Part::Text(text, Some("application/json")))),
            Err(e) => self.problem = Some(format!("the form field `{name}` cannot be written: {e}")),
        }
        self
    }

    fn value(&mut self, name: &str, value: Value) {
        let part = match value {
            Value::Null => return,
            Value::String(text) => Part::Text(text, None),
            Value::Object(_) | Value::Array(_) => Part::Text(value.to_string(), Some("application/json")),
            other => Part::Text(other.to_string(), None),
        };
        self.parts.push((name.to_owned(), part));
    }

    /// Whether every part can be sent again (none is a stream).
    #[cfg(feature = "reqwest")]
    pub(crate) fn resendable(&self) -> bool {
        self.parts.iter().all(|(_, part)| match part {
            Part::Upload(upload) => upload.resendable(),
            Part::Text(..) => true,
        })
    }
}
