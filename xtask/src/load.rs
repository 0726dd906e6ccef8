//! Phase 1: reading the description file into the OpenAPI model.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A loaded description: the text it came from (kept to find lines), the document as
/// YAML values (for checks that walk every node) and the OpenAPI model.
pub struct Spec {
    pub source: String,
    pub document: serde_yaml::Value,
    pub api: openapiv3::OpenAPI,
}

/// Reads and parses a YAML or JSON description. `display` names the file in messages.
pub fn load(path: &Path, display: &str) -> Result<Spec, Diagnostics> {
    let source = std::fs::read_to_string(path).map_err(|error| {
        let mut diagnostics = Diagnostics::new(display);
        diagnostics.push(Diagnostic::new("", format!("cannot read the description: {error}")));
        diagnostics
    })?;
    parse(source, display)
}

/// Parses description text. YAML is a superset of JSON, so one parser reads both.
///
/// The text is parsed once, into YAML values, and the model is read from those, which
/// is much cheaper than parsing the text twice. Values carry no positions, so when the
/// model cannot be read the text is read again, just to say where the problem is.
pub fn parse(source: String, display: &str) -> Result<Spec, Diagnostics> {
    let parsed = serde_yaml::from_str::<serde_yaml::Value>(&source).and_then(|document| {
        let api = openapiv3::OpenAPI::deserialize(&document)?;
        Ok((document, api))
    });
    match parsed {
        Ok((document, api)) => Ok(Spec { source, document, api }),
        Err(error) => {
            let error = serde_yaml::from_str::<openapiv3::OpenAPI>(&source).err().unwrap_or(error);
            let mut diagnostics = Diagnostics::new(display);
            let location = error.location();
            // serde_yaml appends "at line L column C" itself; the location goes in front instead.
            let message = error.to_string();
            let message = match message.rfind(" at line ") {
                Some(at) if location.is_some() => message[..at].to_owned(),
                _ => message,
            };
            diagnostics.push(Diagnostic {
                pointer: String::new(),
                line: location.as_ref().map(|l| l.line()),
                column: location.as_ref().map(|l| l.column()),
                message: format!("not a valid OpenAPI 3.0 description: {message}"),
                hint: None,
            });
            Err(diagnostics)
        }
    }
}
