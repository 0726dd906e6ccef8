//! Phase 1, continued: rewriting what the OpenAPI 3.0 model cannot read but has one sound
//! reading, before the model is read.

use crate::diagnostics::{pointer, Diagnostic};

/// Rewrites `document` in place (see [`normalize_value`]) and warns about each rewrite
/// that departs from OpenAPI 3.0.
pub fn normalize(document: &mut serde_yaml::Value, warnings: &mut Vec<Diagnostic>) {
    normalize_value(document, false, &mut Walk::default(), warnings);
}

/// Where a walk over the document is: the pointer tokens down to the current value.
#[derive(Default)]
struct Walk {
    tokens: Vec<String>,
}

impl Walk {
    fn pointer(&self) -> String {
        self.tokens.iter().fold(String::new(), |at, token| pointer(&at, token))
    }
}

/// Rewrites, in place, forms the OpenAPI 3.0 model cannot read but that have one sound
/// reading, and warns about each rewrite:
/// - a `type` beside `oneOf`/`anyOf` with only annotations (see [`drop_redundant_type`]);
/// - OpenAPI 3.1's numeric `exclusiveMinimum`/`exclusiveMaximum`, which 3.0 writes as a
///   `minimum`/`maximum` with a boolean flag.
///
/// Extensions and examples are data and are left alone; the keys of `properties` are
/// property names, whose values are schemas.
fn normalize_value(value: &mut serde_yaml::Value, names: bool, walk: &mut Walk, warnings: &mut Vec<Diagnostic>) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(mapping) => {
            if !names {
                drop_redundant_type(mapping);
                exclusive_bounds(mapping, walk, warnings);
            }
            for (key, child) in mapping.iter_mut() {
                let key = match key {
                    Value::String(text) => text.clone(),
                    Value::Number(number) => number.to_string(),
                    _ => continue,
                };
                let data = key.starts_with("x-") || matches!(key.as_str(), "example" | "examples" | "default" | "enum");
                if names || !data {
                    let properties = !names && key == "properties";
                    walk.tokens.push(key);
                    normalize_value(child, properties, walk, warnings);
                    walk.tokens.pop();
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk.tokens.push(i.to_string());
                normalize_value(item, false, walk, warnings);
                walk.tokens.pop();
            }
        }
        Value::Tagged(tagged) => normalize_value(&mut tagged.value, names, walk, warnings),
        _ => {}
    }
}

/// `exclusiveMinimum: 0` (3.1) becomes `minimum: 0, exclusiveMinimum: true` (3.0).
fn exclusive_bounds(mapping: &mut serde_yaml::Mapping, walk: &Walk, warnings: &mut Vec<Diagnostic>) {
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        let Some(limit) = mapping.get(exclusive).filter(|v| v.is_number()).cloned() else { continue };
        mapping.insert(bound.into(), limit);
        mapping.insert(exclusive.into(), true.into());
        warnings.push(
            Diagnostic::warning(
                "openapi-3.1-form",
                pointer(&walk.pointer(), exclusive),
                format!("a numeric `{exclusive}` is OpenAPI 3.1; read as `{bound}` with `{exclusive}: true`"),
            )
            .with_hint(format!("in OpenAPI 3.0, write `{bound}: <limit>` and `{exclusive}: true`")),
        );
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
/// narrower schema accepts and keeps it unchanged.
fn drop_redundant_type(mapping: &mut serde_yaml::Mapping) {
    use serde_yaml::Value;
    let key = |k: &Value| k.as_str().unwrap_or_default().to_owned();
    let alternatives = mapping.keys().filter(|k| matches!(k.as_str(), Some("oneOf" | "anyOf"))).count();
    let only_annotations = mapping.keys().map(key).all(|k| {
        k == "type" || k == "oneOf" || k == "anyOf" || k.starts_with("x-") || ANNOTATIONS.contains(&k.as_str())
    });
    if alternatives == 1 && only_annotations && mapping.get("type").is_some_and(Value::is_string) {
        mapping.remove("type");
    }
}
