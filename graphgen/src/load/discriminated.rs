//! Phase 1, continued: a schema whose discriminator selects among its own `oneOf` (or
//! `anyOf`) members, which do not inherit from it.
//!
//! That is a valid, common 3.0 form: the value is one of the members, chosen by the
//! discriminator's property, and the schema's own `type: object` and `properties` say what
//! every member has. The OpenAPI model reads a schema with both as an object and drops the
//! members, so the schema is read as its alternatives alone. A value keeps every property
//! either way, as each member keeps the ones it does not declare; where the schema declares
//! a property some member does not, that property is no longer typed there, which a
//! warning says. Where every member inherits from the schema through `allOf` (the other
//! way to write a hierarchy), the schema is the base of its derived types and is left as it is.

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{pointer, Diagnostic};
use crate::document::{key_text, unescape};

const SCHEMAS: &str = "#/components/schemas/";

/// The keywords that make the schema an object of its own, which its alternatives replace.
const OWN: &[&str] = &["type", "properties", "required", "additionalProperties", "minProperties", "maxProperties"];

/// Reads each such component schema of `document` as its alternatives.
pub fn read(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(schemas) = document.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_mapping) else {
        return;
    };
    let mut changes = Vec::new();
    for (key, schema) in schemas {
        let Some(key) = key_text(key) else { continue };
        let Some(schema) = schema.as_mapping() else { continue };
        let Some(keyword) = ["oneOf", "anyOf"].into_iter().find(|k| schema.contains_key(*k)) else { continue };
        if !schema.contains_key("discriminator") || !OWN.iter().any(|k| schema.contains_key(*k)) {
            continue;
        }
        let members: Vec<Option<&Mapping>> = schema
            .get(keyword)
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .map(|member| resolve(schemas, member))
            .collect();
        let inherits =
            |member: &Option<&Mapping>| member.is_some_and(|m| parents(m).contains(&key));
        if members.is_empty() || members.iter().all(inherits) {
            continue;
        }
        // The schema's own properties that some member does not declare.
        let own: Vec<String> = schema
            .get("properties")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .filter_map(|(name, _)| key_text(name))
            .filter(|name| !members.iter().all(|m| m.is_some_and(|m| declares(schemas, m, name, 0))))
            .collect();
        changes.push((key, own));
    }
    let Some(schemas) =
        document.get_mut("components").and_then(|c| c.get_mut("schemas")).and_then(Value::as_mapping_mut)
    else {
        return;
    };
    for (key, untyped) in changes {
        let Some(Value::Mapping(schema)) = schemas.get_mut(key.as_str()) else { continue };
        for keyword in OWN {
            schema.remove(*keyword);
        }
        if !untyped.is_empty() {
            let at = pointer(&pointer("/components/schemas", &key), "properties");
            let names = untyped.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
            warnings.push(
                Diagnostic::warning(
                    "discriminated-alternatives",
                    at,
                    format!(
                        "`{key}` is read as its alternatives, which its discriminator selects; {names}, which some of \
                         them do not declare, is kept there untyped"
                    ),
                )
                .with_hint(
                    "declare the property in every alternative, or make each inherit the schema through `allOf`",
                ),
            );
        }
    }
}

/// The component schema a member names, or the member itself.
fn resolve<'a>(schemas: &'a Mapping, member: &'a Value) -> Option<&'a Mapping> {
    match member.get("$ref").and_then(Value::as_str) {
        Some(reference) => schemas.get(unescape(reference.strip_prefix(SCHEMAS)?).as_str())?.as_mapping(),
        None => member.as_mapping(),
    }
}

/// The component schemas a schema's `allOf` names.
fn parents(schema: &Mapping) -> Vec<String> {
    let members = schema.get("allOf").and_then(Value::as_sequence).into_iter().flatten();
    let targets = members.filter_map(|m| m.get("$ref").and_then(Value::as_str));
    targets.filter_map(|t| t.strip_prefix(SCHEMAS)).map(unescape).collect()
}

/// Whether a schema declares the property `name`, itself or through its `allOf`.
fn declares(schemas: &Mapping, schema: &Mapping, name: &str, depth: usize) -> bool {
    if schema.get("properties").and_then(Value::as_mapping).is_some_and(|p| p.contains_key(name)) {
        return true;
    }
    // Bounded, against `allOf` cycles.
    depth < 16
        && schema
            .get("allOf")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .any(|part| resolve(schemas, part).is_some_and(|part| declares(schemas, part, name, depth + 1)))
}


#[cfg(test)]
mod tests {
    use crate::load::parse;

    #[test]
    fn a_discriminator_selects_among_members_that_do_not_inherit() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Variable:
      type: object
      required: [type]
      properties: {type: {type: string}, label: {type: string}}
      discriminator: {propertyName: type, mapping: {user: '#/components/schemas/User', company: '#/components/schemas/Company'}}
      oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Company'}]
    User: {type: object, properties: {type: {type: string}, label: {type: string}, user_id: {type: string}}}
    Company: {type: object, properties: {type: {type: string}, company_id: {type: string}}}
    Pet:
      type: object
      properties: {kind: {type: string}}
      discriminator: {propertyName: kind}
      oneOf: [{$ref: '#/components/schemas/Cat'}]
    Cat: {allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {lives: {type: integer}}}]}
"#;
        let spec = parse(text.to_owned(), "t.yaml").unwrap_or_else(|report| panic!("{report}"));
        let schemas = &spec.document["components"]["schemas"];
        assert!(schemas["Variable"].get("properties").is_none() && schemas["Variable"].get("type").is_none());
        assert_eq!(schemas["Variable"]["oneOf"].as_sequence().map(Vec::len), Some(2));
        // A hierarchy written through `allOf` stays one.
        assert_eq!(schemas["Pet"]["properties"]["kind"]["type"], "string");
        let warnings: Vec<String> = spec.warnings.iter().map(|w| format!("{} {}", w.code, w.message)).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("discriminated-alternatives `Variable`") && warnings[0].contains("`label`"));
    }
}
