//! Phase 1, continued: OpenAPI Overlays (1.0), applied to each description before it is
//! normalised. A published description that its service contradicts (a property it sends
//! `null` for, say) is mended in a file of the user's own, without editing what they
//! download again.

use serde_json::Value as Json;
use serde_json_path::JsonPath;
use serde_yaml::Value;

use crate::diagnostics::{pointer, Diagnostic};

/// A read overlay: its actions in order.
pub struct Overlay {
    /// The index of the overlay's file among the loaded files, for locating its problems.
    pub file: usize,
    actions: Vec<Action>,
}

struct Action {
    /// Where the action is in the overlay file (`/actions/2`).
    at: String,
    target: JsonPath,
    update: Option<Value>,
    remove: bool,
}

/// Reads an overlay document: `overlay: 1.0.x`, `info` and a list of `actions`, each with a
/// JSONPath (RFC 9535) `target` and an `update` or `remove: true`.
pub fn read(document: &Value, file: usize) -> Result<Overlay, Vec<Diagnostic>> {
    let located = |mut d: Diagnostic| {
        d.place_in_file(file);
        d
    };
    let version = document.get("overlay").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("1.")) {
        let found = version.map_or("no `overlay` field".to_owned(), |v| format!("`overlay: {v}`"));
        let message = format!("not an OpenAPI Overlay 1.x document: {found}");
        return Err(vec![located(Diagnostic::new("/overlay", message).with_hint("start the file with `overlay: 1.0.0`"))]);
    }
    let Some(Value::Sequence(list)) = document.get("actions") else {
        return Err(vec![located(Diagnostic::new("/actions", "an overlay needs a list of `actions`"))]);
    };
    let mut actions = Vec::new();
    let mut problems = Vec::new();
    for (i, action) in list.iter().enumerate() {
        let at = pointer("/actions", &i.to_string());
        let target = match action.get("target").and_then(Value::as_str).map(JsonPath::parse) {
            Some(Ok(target)) => target,
            Some(Err(error)) => {
                problems.push(located(Diagnostic::new(pointer(&at, "target"), format!("not a JSONPath: {error}"))));
                continue;
            }
            None => {
                problems.push(located(Diagnostic::new(&at, "an action needs a `target`, a JSONPath such as `$.paths`")));
                continue;
            }
        };
        let update = action.get("update").cloned();
        let remove = action.get("remove").and_then(Value::as_bool).unwrap_or(false);
        if update.is_none() && !remove {
            problems.push(located(Diagnostic::new(&at, "an action needs an `update` or `remove: true`")));
            continue;
        }
        actions.push(Action { at, target, update, remove });
    }
    if problems.is_empty() {
        Ok(Overlay { file, actions })
    } else {
        Err(problems)
    }
}

/// Applies the overlays' actions in order to `document`, and says, by overlay, which
/// actions selected nothing in it (as `(overlay, action)` indices).
///
/// Targets are found in a JSON copy of the document, as the JSONPath crate reads JSON, and
/// the changes made in the document itself, which keeps its order of keys.
pub fn apply(document: &mut Value, overlays: &[Overlay]) -> Result<Vec<(usize, usize)>, String> {
    let as_json = |document: &Value| {
        serde_json::to_value(document).map_err(|e| format!("cannot read the description as JSON: {e}"))
    };
    let mut json: Json = as_json(document)?;
    let mut unused = Vec::new();
    for (o, overlay) in overlays.iter().enumerate() {
        for (a, action) in overlay.actions.iter().enumerate() {
            let places: Vec<String> =
                action.target.query_located(&json).locations().map(|path| path.to_json_pointer()).collect();
            if places.is_empty() {
                unused.push((o, a));
                continue;
            }
            // Later places first, so that removing an array's item leaves earlier indices be.
            for place in places.iter().rev() {
                let tokens: Vec<String> =
                    place.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
                if action.remove {
                    if let Some((last, parent)) = tokens.split_last() {
                        remove(at(document, parent), last);
                    }
                } else if let (Some(update), Some(node)) = (&action.update, at(document, &tokens)) {
                    merge(node, update);
                }
            }
            json = as_json(document)?;
        }
    }
    Ok(unused)
}

/// The value at the (unescaped) pointer `tokens`; a mapping's key may be a YAML number.
fn at<'v>(value: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    let Some((first, rest)) = tokens.split_first() else { return Some(value) };
    let next = match value {
        Value::Mapping(mapping) => {
            let key = mapping.keys().find(|k| key_text(k).as_deref() == Some(first.as_str()))?.clone();
            mapping.get_mut(&key)?
        }
        Value::Sequence(items) => items.get_mut(first.parse::<usize>().ok()?)?,
        _ => return None,
    };
    at(next, rest)
}

/// A mapping key as JSON writes it.
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// An update merged into what it targets: a mapping's keys merged in turn, a list's items
/// appended, anything else replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Mapping(node), Value::Mapping(update)) => {
            for (key, value) in update {
                match node.get_mut(key) {
                    Some(existing) if existing.is_mapping() && value.is_mapping() => merge(existing, value),
                    _ => {
                        node.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Sequence(items), Value::Sequence(more)) => items.extend(more.iter().cloned()),
        (Value::Sequence(items), one) => items.push(one.clone()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes `last` from `parent`, a mapping's key or a list's index.
fn remove(parent: Option<&mut Value>, last: &str) {
    match parent {
        Some(Value::Mapping(mapping)) => {
            if let Some(key) = mapping.keys().find(|k| key_text(k).as_deref() == Some(last)).cloned() {
                mapping.shift_remove(&key);
            }
        }
        Some(Value::Sequence(items)) => {
            if let Some(index) = last.parse::<usize>().ok().filter(|i| *i < items.len()) {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// The warning for an action that selected nothing.
pub fn unused(overlay: &Overlay, action: usize) -> Diagnostic {
    let at = &overlay.actions[action].at;
    let mut warning = Diagnostic::warning("overlay-unused", pointer(at, "target"), "the target selects nothing");
    warning.place_in_file(overlay.file);
    warning.with_hint("a description of another version may name it differently")
}

#[cfg(test)]
mod tests {
    use super::{apply, read};

    #[test]
    fn updates_merge_removals_remove_and_unused_targets_are_told() {
        let mut document: serde_yaml::Value = serde_yaml::from_str(
            "components: {schemas: {User: {properties: {avatar: {type: string}, id: {type: integer}}, required: [id]}}}\n\
             paths: {/a: {get: {}}, /b: {get: {}}}",
        )
        .unwrap();
        let overlay: serde_yaml::Value = serde_yaml::from_str(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n\
             - target: $.components.schemas.User.properties.avatar\n  update: {nullable: true}\n\
             - target: $.components.schemas.User.required\n  update: avatar\n\
             - target: $.paths['/b']\n  remove: true\n\
             - target: $.paths['/c']\n  remove: true",
        )
        .unwrap();
        let overlay = read(&overlay, 1).unwrap();
        let unused = apply(&mut document, &[overlay]).unwrap();
        let user = &document["components"]["schemas"]["User"];
        assert_eq!(user["properties"]["avatar"]["nullable"], true);
        assert_eq!(user["properties"]["avatar"]["type"], "string");
        assert_eq!(user["required"], serde_yaml::from_str::<serde_yaml::Value>("[id, avatar]").unwrap());
        assert!(document["paths"].get("/b").is_none() && document["paths"].get("/a").is_some());
        assert_eq!(unused, vec![(0, 3)]);
        let bad: serde_yaml::Value = serde_yaml::from_str("overlay: 1.0.0\nactions: [{target: 'paths'}]").unwrap();
        assert!(read(&bad, 1).is_err());
    }
}
