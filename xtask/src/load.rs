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
    let parsed = serde_yaml::from_str::<serde_yaml::Value>(&source).and_then(|mut document| {
        drop_redundant_types(&mut document, false);
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

/// Keys that describe a schema without constraining its shape.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "example",
    "default",
    "xml",
];

/// Removes a `type` written beside `oneOf` or `anyOf` when nothing else but annotations
/// sits there, as in `{type: object, oneOf: [...], discriminator: ...}`.
///
/// Many servers write that form; it is valid and means the same as the `oneOf` alone when
/// the alternatives have that type. The OpenAPI model reads a schema that mixes the two as
/// a free-form one, which would lose the alternatives. When the alternatives disagree with
/// the type, reading the union is the lenient choice: it accepts every payload the
/// narrower schema accepts and keeps it unchanged. `names` says that the keys of `value`
/// are property names; extensions and examples are data and are left alone.
fn drop_redundant_types(value: &mut serde_yaml::Value, names: bool) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(mapping) => {
            if !names {
                let key = |k: &Value| k.as_str().unwrap_or_default().to_owned();
                let alternatives = mapping.keys().filter(|k| matches!(k.as_str(), Some("oneOf" | "anyOf"))).count();
                let only_annotations = mapping.keys().map(key).all(|k| {
                    k == "type"
                        || k == "oneOf"
                        || k == "anyOf"
                        || k.starts_with("x-")
                        || ANNOTATIONS.contains(&k.as_str())
                });
                if alternatives == 1 && only_annotations && mapping.get("type").is_some_and(Value::is_string) {
                    mapping.remove("type");
                }
            }
            for (key, child) in mapping.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                if names {
                    drop_redundant_types(child, false);
                } else if !key.starts_with("x-") && !matches!(key, "example" | "examples" | "default" | "enum") {
                    drop_redundant_types(child, key == "properties");
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| drop_redundant_types(item, false)),
        Value::Tagged(tagged) => drop_redundant_types(&mut tagged.value, names),
        _ => {}
    }
}
