//! Phase 1: reading the description file into the OpenAPI model.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A loaded description with the text it came from, which is kept to find lines.
pub struct Spec {
    pub source: String,
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
pub fn parse(source: String, display: &str) -> Result<Spec, Diagnostics> {
    match serde_yaml::from_str::<openapiv3::OpenAPI>(&source) {
        Ok(api) => Ok(Spec { source, api }),
        Err(error) => {
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
