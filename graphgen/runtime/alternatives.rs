//! Reading `oneOf`/`anyOf` types. The value is read once; then the alternatives that can
//! hold it are tried, most likely first, and the first that reads it is the one.

use serde_json::Value;

/// What JSON an alternative can hold, as far as can be told without reading it.
pub enum Shape {
    /// Anything.
    Any,
    Boolean,
    /// A number without a fraction.
    Integer,
    Number,
    /// A string; for an enum, the values it lists.
    String(&'static [&'static str]),
    Array,
    /// An object with these declared and required properties; `closed` refuses others.
    Object { properties: &'static [&'static str], required: &'static [&'static str], closed: bool },
}

/// The alternative a discriminator selects: the value of `property`, with or without a
/// leading `#`, looked up in `tags`.
pub fn tagged(value: &Value, property: &str, tags: &[(&str, usize)]) -> Option<usize> {
    let tag = value.get(property)?.as_str()?;
    let bare = |t: &str| t.strip_prefix('#').unwrap_or(t).to_owned();
    tags.iter().find(|(t, _)| *t == tag || bare(t) == bare(tag)).map(|(_, index)| *index)
}

/// The alternatives to try for `value`, in order.
///
/// A discriminator that names an alternative decides alone. Otherwise alternatives whose
/// shape cannot hold the value are left out (a missing required property, a property a
/// closed object refuses, a fraction for an integer), and the rest are ranked: for a
/// string, an enum that lists it, then plain strings, then enums that do not list it (they
/// keep unknown values); for a number, an integer type before a number type; for an
/// object, the alternative that declares the most of its properties. Alternatives that
/// take anything come last, and ties keep the description's order.
pub fn order(value: &Value, shapes: &[Shape], tagged: Option<usize>) -> Vec<usize> {
    if let Some(index) = tagged {
        return vec![index];
    }
    let mut ranked: Vec<(usize, usize, usize)> = Vec::new();
    for (index, shape) in shapes.iter().enumerate() {
        let rank = match (shape, value) {
            (Shape::Any, _) => Some((3, 0)),
            (Shape::Boolean, Value::Bool(_)) | (Shape::Array, Value::Array(_)) => Some((0, 0)),
            (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Some((0, 0)),
            (Shape::Number, Value::Number(_)) => Some((1, 0)),
            (Shape::String(values), Value::String(text)) => match values {
                [] => Some((1, 0)),
                values if values.contains(&text.as_str()) => Some((0, 0)),
                _ => Some((2, 0)),
            },
            (Shape::Object { properties, required, closed }, Value::Object(object)) => {
                let fits = required.iter().all(|r| object.contains_key(*r))
                    && (!closed || object.keys().all(|k| properties.contains(&k.as_str())));
                // Fewer unmatched properties rank first.
                let declared = object.keys().filter(|k| properties.contains(&k.as_str())).count();
                fits.then_some((0, object.len() - declared))
            }
            _ => None,
        };
        if let Some((rank, misses)) = rank {
            ranked.push((rank, misses, index));
        }
    }
    ranked.sort();
    ranked.into_iter().map(|(_, _, index)| index).collect()
}

/// The error when no alternative reads the value, with why each one tried did not.
pub fn none_matched<E: serde::de::Error>(expecting: &str, errors: &[serde_json::Error]) -> E {
    if errors.is_empty() {
        return E::custom(format_args!("the value cannot be {expecting}: it has the shape of none of its alternatives"));
    }
    let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
    E::custom(format_args!("the value cannot be {expecting}: {}", reasons.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHAPES: &[Shape] = &[
        Shape::String(&["NaN", "INF"]),
        Shape::Object { properties: &["name", "meows"], required: &[], closed: false },
        Shape::Object { properties: &["name", "barks"], required: &[], closed: false },
        Shape::Object { properties: &["Circle"], required: &["Circle"], closed: true },
        Shape::Number,
        Shape::Integer,
        Shape::String(&[]),
        Shape::Any,
    ];

    #[test]
    fn alternatives_are_tried_most_likely_first() {
        assert_eq!(order(&json!("INF"), SHAPES, None), [0, 6, 7]);
        assert_eq!(order(&json!("x"), SHAPES, None), [6, 0, 7]);
        assert_eq!(order(&json!(1), SHAPES, None), [5, 4, 7]);
        assert_eq!(order(&json!(1.5), SHAPES, None), [4, 7]);
        assert_eq!(order(&json!({"name": "a", "barks": true}), SHAPES, None), [2, 1, 7]);
        assert_eq!(order(&json!({"Circle": {}}), SHAPES, None), [3, 1, 2, 7]);
        assert_eq!(order(&json!({"Circle": {}, "x": 1}), SHAPES, None), [1, 2, 7]);
        assert_eq!(order(&json!(null), SHAPES, None), [7]);
        assert_eq!(order(&json!({}), SHAPES, Some(2)), [2]);
    }

    #[test]
    fn a_discriminator_selects_with_or_without_its_hash() {
        let tags = [("#microsoft.graph.cat", 0), ("dog", 1)];
        assert_eq!(tagged(&json!({"@odata.type": "microsoft.graph.cat"}), "@odata.type", &tags), Some(0));
        assert_eq!(tagged(&json!({"@odata.type": "#dog"}), "@odata.type", &tags), Some(1));
        assert_eq!(tagged(&json!({"@odata.type": "#bird"}), "@odata.type", &tags), None);
    }
}
