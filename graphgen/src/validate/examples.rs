//! Phase 2, continued: examples that their schemas would refuse.
//!
//! An example is documentation, so one that does not fit its schema does not stop the
//! run: it is a warning, located at the example, saying what does not fit. Only what the
//! generated types read is checked: JSON kinds, enum values, the properties an object
//! example names, and the items of an array.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use crate::operations::{self, Others};
use crate::diagnostics::{pointer, Diagnostic, Diagnostics};
use crate::schema::{AsSchema, SCHEMA_REF};

/// How deep an example is followed into its schema; references may recurse.
const DEPTH: usize = 24;

/// Warns about every component schema example, and every media type example, that its
/// schema refuses.
pub fn check_examples(api: &OpenAPI, others: &Others, diagnostics: &mut Diagnostics) {
    let Some(components) = &api.components else { return };
    let schemas = &components.schemas;
    for (key, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else { continue };
        walk(schemas, schema, &pointer("/components/schemas", key), diagnostics, 0);
    }
    for found in operations::all(api, others) {
        let (operation, at) = (found.operation, found.at);
        let bodies = operation
            .request_body
            .iter()
            .filter_map(|b| b.as_item())
            .map(|b| (&b.content, pointer(&at, "requestBody")));
        let responses = operation.responses.responses.iter().filter_map(|(status, r)| {
            r.as_item().map(|r| (&r.content, pointer(&pointer(&at, "responses"), &status.to_string())))
        });
        for (content, content_at) in bodies.chain(responses) {
            for (media, media_type) in content {
                let (Some(example), Some(schema)) = (&media_type.example, &media_type.schema) else { continue };
                let media_at = pointer(&pointer(&content_at, "content"), media);
                if let Some(why) = misfit(schemas, example, schema, 0) {
                    diagnostics.push(mismatch(&pointer(&media_at, "example"), &why));
                }
            }
        }
    }
}

fn mismatch(at: &str, why: &str) -> Diagnostic {
    Diagnostic::warning("example-mismatch", at, format!("the example does not fit its schema: {why}"))
        .with_hint("the example is documentation only; the generated types follow the schema")
}

/// Checks a schema's own example, then those of its inline subschemas.
fn walk(
    schemas: &indexmap::IndexMap<String, ReferenceOr<Schema>>,
    schema: &Schema,
    at: &str,
    diagnostics: &mut Diagnostics,
    depth: usize,
) {
    if depth > DEPTH {
        return;
    }
    if let Some(example) = &schema.schema_data.example {
        if let Some(why) = fits_schema(schemas, example, schema, 0) {
            diagnostics.push(mismatch(&pointer(at, "example"), &why));
        }
    }
    let inner = |child: &ReferenceOr<Box<Schema>>, child_at: String, diagnostics: &mut Diagnostics| {
        if let ReferenceOr::Item(child) = child {
            walk(schemas, child, &child_at, diagnostics, depth + 1);
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in &object.properties {
                inner(property, pointer(&pointer(at, "properties"), name), diagnostics);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &array.items {
                inner(items, pointer(at, "items"), diagnostics);
            }
        }
        _ => {}
    }
}

/// Why `example` does not fit the schema `schema` refers to, if it does not.
fn misfit<S: AsSchema>(
    schemas: &indexmap::IndexMap<String, ReferenceOr<Schema>>,
    example: &Value,
    schema: &ReferenceOr<S>,
    depth: usize,
) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => fits_schema(schemas, example, schema.as_schema(), depth),
        ReferenceOr::Reference { reference } => {
            let target = reference.strip_prefix(SCHEMA_REF).and_then(|key| schemas.get(key))?;
            misfit(schemas, example, target, depth + 1)
        }
    }
}

fn fits_schema(
    schemas: &indexmap::IndexMap<String, ReferenceOr<Schema>>,
    example: &Value,
    schema: &Schema,
    depth: usize,
) -> Option<String> {
    if depth > DEPTH {
        return None;
    }
    // `null` fits a nullable schema, an alternative that allows it, or an `allOf` one of whose
    // members allows it (`allOf: [{$ref: x}, {nullable: true}]`).
    if example.is_null() {
        let allowed = schema.schema_data.nullable
            || match &schema.schema_kind {
                SchemaKind::OneOf { one_of: options } | SchemaKind::AnyOf { any_of: options } => {
                    options.iter().any(|o| misfit(schemas, example, o, depth + 1).is_none())
                }
                SchemaKind::AllOf { all_of } => all_of.iter().any(|m| misfit(schemas, example, m, depth + 1).is_none()),
                SchemaKind::Any(_) | SchemaKind::Not { .. } => true,
                SchemaKind::Type(_) => false,
            };
        return (!allowed).then(|| "`null` where the schema is not nullable".to_owned());
    }
    let kind = |expected: &str| Some(format!("{} where the schema says {expected}", describe(example)));
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            let Value::String(text) = example else { return kind("a string") };
            let values: Vec<&String> = string.enumeration.iter().flatten().collect();
            (!values.is_empty() && !values.contains(&text)).then(|| format!("`{text}` is not one of the enum's values"))
        }
        SchemaKind::Type(Type::Integer(_)) => {
            let integral = example.as_i64().is_some()
                || example.as_u64().is_some()
                || example.as_f64().is_some_and(|f| f.fract() == 0.0);
            if integral {
                None
            } else {
                kind("an integer")
            }
        }
        SchemaKind::Type(Type::Number(_)) => {
            if example.is_number() {
                None
            } else {
                kind("a number")
            }
        }
        SchemaKind::Type(Type::Boolean(_)) => {
            if example.is_boolean() {
                None
            } else {
                kind("a boolean")
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            let Value::Array(items) = example else { return kind("an array") };
            let schema = array.items.as_ref()?;
            items
                .iter()
                .enumerate()
                .find_map(|(i, item)| misfit(schemas, item, schema, depth + 1).map(|why| format!("item {i}: {why}")))
        }
        SchemaKind::Type(Type::Object(object)) => {
            let Value::Object(map) = example else { return kind("an object") };
            map.iter().find_map(|(name, value)| {
                let property = object.properties.get(name)?;
                misfit(schemas, value, property, depth + 1).map(|why| format!("`{name}`: {why}"))
            })
        }
        SchemaKind::AllOf { all_of } => all_of.iter().find_map(|member| misfit(schemas, example, member, depth + 1)),
        SchemaKind::OneOf { one_of: options } | SchemaKind::AnyOf { any_of: options } => {
            let reasons: Vec<String> = options.iter().filter_map(|o| misfit(schemas, example, o, depth + 1)).collect();
            (reasons.len() == options.len() && !options.is_empty())
                .then(|| format!("it fits none of the alternatives ({})", reasons.join("; ")))
        }
        SchemaKind::Not { .. } | SchemaKind::Any(_) => None,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "`null`".to_owned(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => format!("`{number}`"),
        Value::String(text) => format!("the string `{}`", text.chars().take(40).collect::<String>()),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
