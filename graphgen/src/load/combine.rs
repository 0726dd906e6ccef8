//! One schema that holds two copies of a component that evolved apart: Microsoft's modules
//! are cut from different weekly downloads, so one module's copy of a type may have
//! properties, enum members or documentation another's lacks. Where one type can hold both,
//! merging keeps that one type instead of naming the copies apart.

use serde_yaml::{Mapping, Value};

/// Keywords that describe a schema without constraining it: where the copies differ, the
/// first copy's are kept.
const ANNOTATIONS: &[&str] =
    &["description", "title", "example", "examples", "externalDocs", "deprecated", "$comment", "default"];

/// Keywords that only constrain values: where the copies differ, the type holds both by
/// having none.
const LIMITS: &[&str] = &[
    "maxLength",
    "minLength",
    "pattern",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "readOnly",
    "writeOnly",
];

/// What combining found, for the report.
#[derive(Debug, Default)]
pub struct Changes {
    /// Properties one copy has and the other lacks.
    pub properties: Vec<String>,
    /// Enum members one copy lists and the other does not.
    pub members: usize,
    /// Other differences the one type holds: documentation, limits, nullability, required.
    pub other: bool,
}

/// The schema that holds both `first` and `later`, with what differed; `None` where no one
/// schema can (a property of another type, another `$ref`, another format).
pub fn combine(first: &Value, later: &Value, changes: &mut Changes) -> Option<Value> {
    if first == later {
        return Some(first.clone());
    }
    let (Value::Mapping(a), Value::Mapping(b)) = (first, later) else { return None };
    let mut out = Mapping::new();
    let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
    for key in keys {
        let name = key.as_str().unwrap_or_default();
        let combined = match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) if x == y => Some(x.clone()),
            (x, y) if ANNOTATIONS.contains(&name) || name.starts_with("x-") => {
                changes.other = true;
                x.or(y).cloned()
            }
            (_, _) if LIMITS.contains(&name) => {
                changes.other = true;
                None
            }
            (Some(x), Some(y)) => Some(combine_keyword(name, x, y, changes)?),
            // A property list, enum or nullability only one copy has.
            (Some(x), None) | (None, Some(x)) => match name {
                "properties" => {
                    changes.properties.extend(x.as_mapping()?.keys().filter_map(|k| k.as_str().map(str::to_owned)));
                    Some(x.clone())
                }
                "nullable" => {
                    changes.other = true;
                    Some(x.clone())
                }
                // Required in one copy only is not required of the type that holds both.
                "required" => {
                    changes.other = true;
                    None
                }
                _ => return None,
            },
            (None, None) => None,
        };
        if let Some(value) = combined {
            out.insert(key.clone(), value);
        }
    }
    Some(Value::Mapping(out))
}

/// Two different values of one keyword, combined.
fn combine_keyword(name: &str, x: &Value, y: &Value, changes: &mut Changes) -> Option<Value> {
    match name {
        "properties" => {
            let (a, b) = (x.as_mapping()?, y.as_mapping()?);
            // Copies of one type that evolved apart share properties and add others; two
            // with no property in common are two types that happen to share a name.
            if !a.is_empty() && !b.is_empty() && !a.keys().any(|p| b.contains_key(p)) {
                return None;
            }
            let mut out = Mapping::new();
            for (property, schema) in a {
                let combined = match b.get(property) {
                    Some(other) => combine(schema, other, changes)?,
                    None => {
                        changes.properties.extend(property.as_str().map(str::to_owned));
                        schema.clone()
                    }
                };
                out.insert(property.clone(), combined);
            }
            for (property, schema) in b.iter().filter(|(p, _)| !a.contains_key(*p)) {
                changes.properties.extend(property.as_str().map(str::to_owned));
                out.insert(property.clone(), schema.clone());
            }
            Some(Value::Mapping(out))
        }
        "enum" => {
            let (a, b) = (x.as_sequence()?, y.as_sequence()?);
            if a.iter().any(|m| !b.contains(m)) && b.iter().any(|m| !a.contains(m)) {
                return None;
            }
            let mut out = a.clone();
            for member in b.iter().filter(|m| !a.contains(m)) {
                changes.members += 1;
                out.push(member.clone());
            }
            changes.members += a.iter().filter(|m| !b.contains(m)).count();
            Some(Value::Sequence(out))
        }
        "required" => {
            let (a, b) = (x.as_sequence()?, y.as_sequence()?);
            changes.other = true;
            Some(Value::Sequence(a.iter().filter(|r| b.contains(r)).cloned().collect()))
        }
        "nullable" => {
            changes.other = true;
            Some(Value::Bool(x.as_bool()? || y.as_bool()?))
        }
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
            let (a, b) = (x.as_sequence()?, y.as_sequence()?);
            if a.len() != b.len() {
                return None;
            }
            a.iter().zip(b).map(|(x, y)| combine(x, y, changes)).collect::<Option<Vec<_>>>().map(Value::Sequence)
        }
        "items" | "additionalProperties" | "not" => combine(x, y, changes),
        "discriminator" => {
            let (a, b) = (x.as_mapping()?, y.as_mapping()?);
            if a.get("propertyName") != b.get("propertyName") {
                return None;
            }
            let mut out = a.clone();
            let mapping = match (a.get("mapping"), b.get("mapping")) {
                (Some(Value::Mapping(m)), Some(Value::Mapping(n))) => {
                    let mut merged = m.clone();
                    for (value, target) in n {
                        match m.get(value) {
                            Some(existing) if existing != target => return None,
                            Some(_) => {}
                            None => {
                                merged.insert(value.clone(), target.clone());
                            }
                        }
                    }
                    Some(Value::Mapping(merged))
                }
                (m, n) => m.or(n).cloned(),
            };
            if let Some(mapping) = mapping {
                out.insert("mapping".into(), mapping);
            }
            changes.other = true;
            Some(Value::Mapping(out))
        }
        // An integer in one copy and any number in the other is a number.
        "type" if is_number_pair(x, y) => {
            changes.other = true;
            Some(Value::String("number".to_owned()))
        }
        _ => None,
    }
}

fn is_number_pair(x: &Value, y: &Value) -> bool {
    matches!((x.as_str(), y.as_str()), (Some("integer"), Some("number")) | (Some("number"), Some("integer")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("YAML")
    }

    #[test]
    fn copies_that_evolved_combine_and_others_do_not() {
        let first = yaml(
            "allOf: [{$ref: '#/components/schemas/entity'}, {type: object, description: A meeting.,
              properties: {subject: {type: string}, kind: {type: string, enum: [a, b]}}, required: [subject]}]",
        );
        let later = yaml(
            "allOf: [{$ref: '#/components/schemas/entity'}, {type: object, description: An online meeting.,
              properties: {subject: {type: string, maxLength: 9}, joinUrl: {type: string}, kind: {type: string, enum: [a, b, c]}}}]",
        );
        let mut changes = Changes::default();
        let combined = combine(&first, &later, &mut changes).expect("one type holds both");
        let expected = yaml(
            "allOf: [{$ref: '#/components/schemas/entity'}, {type: object, description: A meeting.,
              properties: {subject: {type: string}, kind: {type: string, enum: [a, b, c]}, joinUrl: {type: string}}}]",
        );
        assert_eq!(combined, expected);
        assert_eq!((changes.properties, changes.members, changes.other), (vec!["joinUrl".to_owned()], 1, true));
        // Copies with no property in common, enums that each lack members of the other,
        // another reference, or another format, are other types.
        let apart = yaml("{type: object, properties: {code: {type: integer}, detail: {type: string}}}");
        assert!(combine(
            &yaml("{type: object, properties: {message: {type: string}}}"),
            &apart,
            &mut Changes::default()
        )
        .is_none());
        let members = yaml("{type: string, enum: [a, c]}");
        assert!(combine(&yaml("{type: string, enum: [a, b]}"), &members, &mut Changes::default()).is_none());
        let other = yaml("allOf: [{$ref: '#/components/schemas/other'}, {type: object}]");
        assert!(combine(&first, &other, &mut Changes::default()).is_none());
        let date = yaml("{type: string, format: date}");
        assert!(combine(&yaml("{type: string, format: date-time}"), &date, &mut Changes::default()).is_none());
    }
}
