//! Synthetic descriptions for measuring how the generator scales: the whole description
//! repeated N times, each copy with its own schema names, paths and operation ids.

use serde_json::Value;

/// The description `spec` repeated `copies` times.
pub fn repeat(spec: &Value, copies: usize) -> Value {
    let mut out = spec.clone();
    let schemas = spec.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default();
    let paths = spec.get("paths").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut all_schemas = serde_json::Map::new();
    let mut all_paths = serde_json::Map::new();
    for copy in 0..copies {
        let suffix = format!("S{copy}");
        for (key, schema) in &schemas {
            let mut schema = schema.clone();
            rename_refs(&mut schema, &suffix);
            all_schemas.insert(format!("{key}{suffix}"), schema);
        }
        for (path, item) in &paths {
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            for operation in item.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                if let Some(Value::String(id)) = operation.get_mut("operationId") {
                    id.push_str(&suffix);
                }
            }
            all_paths.insert(format!("/s{copy}{path}"), item);
        }
    }
    out["components"]["schemas"] = Value::Object(all_schemas);
    // Shared components (responses, parameters, request bodies) use the first copy's schemas.
    if let Some(components) = out.get_mut("components").and_then(Value::as_object_mut) {
        for (kind, section) in components.iter_mut() {
            if kind != "schemas" {
                rename_refs(section, "S0");
            }
        }
    }
    out["paths"] = Value::Object(all_paths);
    out
}

/// Points every schema reference below `value` at the copy with `suffix`.
fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(text) if key == "$ref" || text.starts_with("#/components/schemas/") => {
                        if text.starts_with("#/components/schemas/") {
                            text.push_str(suffix);
                        }
                    }
                    _ => rename_refs(child, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, suffix)),
        _ => {}
    }
}

/// `spec` with one schema's description changed, as a small edit of a large description.
pub fn edit_one_schema(spec: &Value) -> Value {
    let mut edited = spec.clone();
    if let Some(schema) =
        edited.pointer_mut("/components/schemas").and_then(Value::as_object_mut).and_then(|s| s.values_mut().next())
    {
        let text = schema.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
        schema["description"] = Value::from(format!("{text} (edited)"));
    }
    edited
}
