//! JSON pointers into a description held as YAML values: reading a reference's tokens and
//! following them. Loading and validation both resolve references this way.

use serde_yaml::Value;

/// A mapping key as text: YAML lets a key such as the status code `200` be a number.
pub fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The unescaped tokens of a local reference: `#/a/b~1c` → `a`, `b/c`. A reference is a URI
/// fragment, so percent-escapes are decoded too.
pub fn tokens(reference: &str) -> Vec<String> {
    reference
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| {
            unescape(&percent_encoding::percent_decode_str(t).decode_utf8_lossy())
        })
        .collect()
}

/// A pointer token as written: `~1` is `/` and `~0` is `~`.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn child<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        // A string key is looked up directly; only keys of other types need a scan.
        Value::Mapping(mapping) => mapping.get(token).or_else(|| {
            mapping.iter().find(|(k, _)| !k.is_string() && key_text(k).as_deref() == Some(token)).map(|(_, v)| v)
        }),
        Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Tagged(tagged) => child(&tagged.value, token),
        _ => None,
    }
}

/// The value at `tokens` below `document`.
pub fn resolve<'v>(document: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(document, |node, token| child(node, token))
}

/// [`resolve`], for changing the value.
pub fn resolve_mut<'v>(document: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    let mut node = document;
    for token in tokens {
        node = match node {
            // As in `child`: a string key by hash, only other keys by a scan.
            Value::Mapping(mapping) => {
                if mapping.contains_key(token.as_str()) {
                    mapping.get_mut(token.as_str())?
                } else {
                    mapping
                        .iter_mut()
                        .find(|(k, _)| !k.is_string() && key_text(k).as_deref() == Some(token.as_str()))
                        .map(|(_, v)| v)?
                }
            }
            Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            Value::Tagged(tagged) => &mut tagged.value,
            _ => return None,
        };
    }
    Some(node)
}
