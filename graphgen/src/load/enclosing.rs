//! Phase 1, continued: `$ref: '#/$defs/X'` where `$defs` is not at the document's root but in
//! a schema around the reference, as a JSON Schema written by Pydantic and pasted into a
//! description has it (`#/definitions/X` in older drafts).
//!
//! Such a reference means the enclosing schema's definition when the schema stood alone, and
//! that is the one sound reading: it is rewritten to the pointer of the nearest enclosing
//! schema's definition, which is then read as any other pointer into the document is, and
//! a warning says so.

use serde_yaml::Value;

use super::context::Context;
use crate::diagnostics::{pointer, Diagnostic};
use crate::document::{key_text, resolve, tokens};

/// The sections of definitions a schema may hold.
const SECTIONS: &[&str] = &["$defs", "definitions"];

/// Rewrites every reference into an enclosing schema's definitions in `document`.
pub fn resolve_enclosing(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find(document, document, Context::Other, None, true, "", &mut Vec::new(), &mut found);
    for (at, target) in found {
        let site: Vec<String> = tokens(&format!("#{at}"));
        if let Some(Value::Mapping(mapping)) = crate::document::resolve_mut(document, &site) {
            let written = mapping.insert("$ref".into(), format!("#{target}").into());
            let written = written.as_ref().and_then(Value::as_str).unwrap_or_default().to_owned();
            warnings.push(Diagnostic::warning(
                "enclosing-definition",
                pointer(&at, "$ref"),
                format!("`{written}` is not in the document's root; it is read as the enclosing schema's `{target}`"),
            ));
        }
    }
}

/// Collects (the pointer of a mapping holding such a `$ref`, the pointer it means). `around`
/// is the pointers of the enclosing schemas that hold definitions, innermost last.
#[allow(clippy::too_many_arguments)]
fn find(
    document: &Value,
    value: &Value,
    context: Context,
    parent: Option<&str>,
    at_root: bool,
    at: &str,
    around: &mut Vec<String>,
    found: &mut Vec<(String, String)>,
) {
    match value {
        Value::Mapping(mapping) => {
            let schema = context == Context::Schema;
            let holds = schema && SECTIONS.iter().any(|s| mapping.get(*s).is_some_and(Value::is_mapping));
            if holds {
                around.push(at.to_owned());
            }
            if schema {
                if let Some(reference) = mapping.get("$ref").and_then(Value::as_str) {
                    let local = SECTIONS.iter().find_map(|s| {
                        let name = reference.strip_prefix(&format!("#/{s}/"))?;
                        Some((*s, name))
                    });
                    if let Some((section, name)) = local {
                        let at_document_root = resolve(document, &tokens(reference)).is_some();
                        let enclosing = around.iter().rev().find_map(|place| {
                            let target = format!("{place}/{section}/{name}");
                            resolve(document, &tokens(&format!("#{target}"))).map(|_| target)
                        });
                        if let (false, Some(target)) = (at_document_root, enclosing) {
                            found.push((at.to_owned(), target));
                        }
                    }
                }
            }
            for (key, child) in mapping {
                let Some(key) = key_text(key) else { continue };
                let child_at = pointer(at, &key);
                let child_context = context.child(&key, at_root, parent);
                find(document, child, child_context, Some(&key), false, &child_at, around, found);
            }
            if holds {
                around.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                find(document, item, context.item(), parent, false, &pointer(at, &i.to_string()), around, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::load::parse;

    #[test]
    fn a_reference_into_an_enclosing_schemas_definitions_means_that_one() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        item: {$ref: '#/$defs/Item'}
        items: {type: array, items: {$ref: '#/$defs/Item'}}
      $defs:
        Item: {type: object, properties: {sku: {type: string}}}
"##;
        let spec = parse(text.to_owned(), "t.yaml").unwrap_or_else(|report| panic!("{report}"));
        let properties = &spec.document["components"]["schemas"]["Order"]["properties"];
        let item = properties["item"]["$ref"].as_str().unwrap_or_default();
        // The definition became a component that both references name.
        assert!(item.starts_with("#/components/schemas/"), "{item}");
        assert_eq!(properties["items"]["items"]["$ref"].as_str(), Some(item));
        let codes: Vec<&str> = spec.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["enclosing-definition", "enclosing-definition"]);
    }
}
