//! Phase 1: reading the description file into the OpenAPI model.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::locate;

mod context;
mod normalize;

pub use normalize::TUPLE;
mod references;
mod yaml;

/// A loaded description: the text it came from (kept to find lines), the document as
/// YAML values (for checks that walk every node), the OpenAPI model, and what loading
/// had to read leniently.
pub struct Spec {
    pub source: String,
    pub document: serde_yaml::Value,
    pub api: openapiv3::OpenAPI,
    pub warnings: Vec<Diagnostic>,
    /// Schemas loading moved into `components/schemas`, as (new pointer, original pointer);
    /// reports name the original place.
    pub moves: Vec<(String, String)>,
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

/// Parses description text: JSON with serde_json when the text is JSON (whatever the
/// file is called), YAML with serde_yaml otherwise.
///
/// YAML is nearly a superset of JSON, but not quite: serde_yaml refuses JSON's escaped
/// surrogate pairs (`"\ud83d\udc4d"`) and integers beyond 64 bits, which real JSON
/// descriptions hold. The text is parsed once, into values, and the model is read from
/// those after [`normalize`] has rewritten what the model cannot read.
pub fn parse(source: String, display: &str) -> Result<Spec, Diagnostics> {
    let failure = |line: Option<usize>, column: Option<usize>, message: String| {
        let mut diagnostics = Diagnostics::new(display);
        diagnostics.push(Diagnostic {
            code: "syntax",
            line,
            column,
            ..Diagnostic::new("", format!("not a valid OpenAPI 3.0 description: {message}"))
        });
        diagnostics.locate(&source);
        diagnostics
    };
    let mut document = if locate::is_json(&source) {
        // Read by serde_json straight into YAML values, whose mappings keep the document's
        // order (properties, paths), as a `serde_json::Value` would not.
        let mut reader = serde_json::Deserializer::from_str(&source);
        let read = yaml::Loose::deserialize(&mut reader).and_then(|loose| reader.end().map(|()| loose.0));
        read.map_err(|error| {
            // serde_json appends "at line L column C" itself; the location goes in front instead.
            let message = error.to_string();
            let message = message.rfind(" at line ").map_or(message.clone(), |at| message[..at].to_owned());
            failure(Some(error.line()), Some(error.column()), message)
        })?
    } else {
        serde_yaml::from_str::<yaml::Loose>(&source).map(|loose| loose.0).map_err(|error| {
            let location = error.location();
            let message = error.to_string();
            // The location goes in front, so it is taken out of the message, where serde_yaml puts it.
            let message = match &location {
                Some(l) => message.replace(&format!(" at line {} column {}", l.line(), l.column()), ""),
                None => message,
            };
            failure(location.as_ref().map(|l| l.line()), location.as_ref().map(|l| l.column()), message)
        })?
    };
    let mut warnings = Vec::new();
    let mut moves = Vec::new();
    normalize::normalize(&mut document, &mut warnings, &mut moves);
    references::hoist(&mut document, &mut warnings, &mut moves);
    match openapiv3::OpenAPI::deserialize(&document) {
        Ok(api) => Ok(Spec { source, document, api, warnings, moves }),
        Err(error) => {
            // Reading again through serde_path_to_error tells where the model stopped.
            let (path, message) = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document) {
                Err(located) => (located.path().to_string(), located.into_inner().to_string()),
                Ok(_) => (String::new(), error.to_string()),
            };
            let pointer = path_to_pointer(&document, &path);
            let mut diagnostics = Diagnostics::new(display);
            let message = if path.is_empty() || path == "." { message } else { format!("{path}: {message}") };
            diagnostics.push(Diagnostic {
                code: "syntax",
                ..Diagnostic::new(pointer, format!("not a valid OpenAPI 3.0 description: {message}"))
            });
            diagnostics.locate(&source);
            Err(diagnostics)
        }
    }
}

/// A serde path such as `components.schemas.microsoft.graph.user.type` as a JSON pointer
/// into `document`. The path's dots are ambiguous where keys hold dots, as Graph's schema
/// names do, so at each step the shortest run of parts that names a key there is taken;
/// past a part that names nothing, each part is a token of its own.
fn path_to_pointer(document: &serde_yaml::Value, path: &str) -> String {
    let parts: Vec<&str> = match path {
        "" | "." => Vec::new(),
        _ => path.split('.').map(|part| part.trim_start_matches('[').trim_end_matches(']')).collect(),
    };
    let mut out = String::new();
    let mut node = Some(document);
    let mut i = 0;
    while i < parts.len() {
        let found = node.and_then(|here| {
            (i + 1..=parts.len()).find_map(|j| {
                let token = parts[i..j].join(".");
                crate::document::resolve(here, std::slice::from_ref(&token)).map(|next| (j, token, next))
            })
        });
        match found {
            Some((j, token, next)) => {
                out = pointer(&out, &token);
                node = Some(next);
                i = j;
            }
            None => {
                out = pointer(&out, parts[i]);
                node = None;
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{parse, path_to_pointer};

    #[test]
    fn a_serde_path_through_dotted_keys_is_the_pointer_to_them() {
        let document: serde_yaml::Value =
            serde_yaml::from_str("components:\n  schemas:\n    microsoft.graph.user:\n      type: [x]\n").unwrap();
        let path = "components.schemas.microsoft.graph.user.type";
        assert_eq!(path_to_pointer(&document, path), "/components/schemas/microsoft.graph.user/type");
        assert_eq!(path_to_pointer(&document, "info.title"), "/info/title");
        assert_eq!(path_to_pointer(&document, "."), "");
    }

    #[test]
    fn json_keeps_the_order_it_was_written_in() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/z": {}, "/a": {}},
            "components": {"schemas": {"s": {"type": "object", "properties": {"zeta": {}, "alpha": {}}}}}}"#;
        let spec = parse(text.to_owned(), "t.json").unwrap_or_else(|report| panic!("{report}"));
        assert_eq!(spec.api.paths.paths.keys().collect::<Vec<_>>(), ["/z", "/a"]);
        let schema = spec.document["components"]["schemas"]["s"]["properties"].as_mapping().unwrap();
        assert_eq!(schema.keys().filter_map(|k| k.as_str()).collect::<Vec<_>>(), ["zeta", "alpha"]);
    }
}
