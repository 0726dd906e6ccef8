//! Phase 2: checks over the whole description, each problem reported with its location.
//!
//! Shape problems of single schemas are found while lowering, through the same
//! functions that lower them; the checks here need the whole document at once.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind};
use serde_yaml::Value;

use crate::operations::{self, Others};
use crate::diagnostics::{pointer, pointer_path, Diagnostic, Diagnostics};
use crate::document::{key_text, resolve, tokens};
use crate::schema::{ancestors, derived_types, discriminator_at, SCHEMA_REF};

mod examples;

/// Runs every whole-document check.
pub fn validate(api: &OpenAPI, others: &Others, document: &Value, diagnostics: &mut Diagnostics) {
    check_references(document, document, "", false, diagnostics);
    check_operation_ids(api, others, diagnostics);
    check_discriminators(api, diagnostics);
    examples::check_examples(api, others, diagnostics);
}

/// Every `$ref` must be local and point at something that exists. `names` says that the
/// keys of `value` are property names, where `$ref` is a name like any other.
fn check_references(document: &Value, value: &Value, at: &str, names: bool, diagnostics: &mut Diagnostics) {
    match value {
        Value::Mapping(mapping) => {
            for (key, child) in mapping {
                let key = key_text(key).unwrap_or_default();
                let child_at = pointer(at, &key);
                if names {
                    check_references(document, child, &child_at, false, diagnostics);
                } else if key == "$ref" {
                    match child.as_str() {
                        Some(reference) => check_reference(document, reference, &child_at, diagnostics),
                        None => diagnostics.push(Diagnostic::new(&child_at, "`$ref` must be a string")),
                    }
                } else if !key.starts_with("x-") && key != "example" && key != "examples" {
                    // Extensions and examples are free-form data, where `$ref` is just a key.
                    check_references(document, child, &child_at, key == "properties", diagnostics);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                check_references(document, item, &pointer(at, &i.to_string()), false, diagnostics);
            }
        }
        Value::Tagged(tagged) => check_references(document, &tagged.value, at, names, diagnostics),
        _ => {}
    }
}

fn check_reference(document: &Value, reference: &str, at: &str, diagnostics: &mut Diagnostics) {
    if !reference.starts_with('#') {
        diagnostics.push(
            Diagnostic::unsupported(at, format!("the external reference `{reference}`"))
                .with_hint("copy the referenced schema into this file"),
        );
        return;
    }
    if resolve(document, &tokens(reference)).is_none() {
        let hint = match reference.strip_prefix(SCHEMA_REF) {
            Some(_) => "add the schema under components/schemas or fix the name",
            None => "fix the reference or add what it names",
        };
        diagnostics.push(Diagnostic::new(at, format!("unresolved reference `{reference}`")).with_hint(hint));
    }
}

/// Operation ids must be unique, but real descriptions repeat them (Graph's OData function
/// overloads share one, as do the same operations reached by two paths). Builders are
/// named from the id and made unique in the order met, so a repeat is only a warning.
fn check_operation_ids(api: &OpenAPI, others: &Others, diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for found in operations::all(api, others) {
        let Some(id) = found.operation.operation_id.as_deref() else { continue };
        let at = pointer(&found.at, "operationId");
        match seen.get(id) {
            Some(first) => diagnostics.push(
                Diagnostic::warning(
                    "duplicate-operation-id",
                    &at,
                    format!("duplicate operationId `{id}`, first used at {first}"),
                )
                .with_hint("operation ids must be unique; this one's builder gets a number"),
            ),
            None => {
                seen.insert(id, at);
            }
        }
    }
}

/// A discriminator mapping may only name schemas that inherit from the base.
fn check_discriminators(api: &OpenAPI, diagnostics: &mut Diagnostics) {
    let Some(components) = &api.components else { return };
    for (key, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else { continue };
        let at = pointer("/components/schemas", key);
        let Some((discriminator, place)) = discriminator_at(schema) else { continue };
        let mapping_at = pointer_path(&at, &format!("{place}/mapping"));
        for target in discriminator.mapping.values() {
            if !target.starts_with(SCHEMA_REF) {
                diagnostics.push(Diagnostic::unsupported(
                    &mapping_at,
                    format!("the mapping target `{target}` (write it as `{SCHEMA_REF}…`)"),
                ));
            }
        }
        // The alternatives of a `oneOf`/`anyOf` need not inherit from it.
        if matches!(schema.schema_kind, SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }) {
            continue;
        }
        for (value, target) in derived_types(&components.schemas, key, schema) {
            let inherits = ancestors(&components.schemas, &target).iter().any(|a| a == key);
            if components.schemas.contains_key(&target) && !inherits {
                diagnostics.push(
                    Diagnostic::new(
                        pointer(&mapping_at, &value),
                        format!("`{target}` is mapped as a derived type of `{key}` but does not inherit from it"),
                    )
                    .with_hint(format!("add `$ref: '{SCHEMA_REF}{key}'` to the `allOf` of `{target}`")),
                );
            }
        }
    }
}
