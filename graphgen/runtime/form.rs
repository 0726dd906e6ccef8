//! Form bodies (`application/x-www-form-urlencoded`): a body's JSON written as the pairs
//! OpenAPI's `style` and `explode` rules give each property, then encoded by `form_urlencoded`.

use serde_json::{Map, Value};

/// How a property of a form body is written, from the media type's `encoding` object; a
/// property not listed is written in the `form` style, exploded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form`: an array as one pair per item when exploded (`id=1&id=2`), else one
    /// pair of comma-separated items (`id=1,2`); an object as a pair per property when
    /// exploded, else one pair of comma-separated names and values.
    Form {
        /// Whether each item or property is a pair of its own.
        explode: bool,
    },
    /// `style: spaceDelimited`: an array's items separated by spaces.
    SpaceDelimited,
    /// `style: pipeDelimited`: an array's items separated by `|`.
    PipeDelimited,
    /// `style: deepObject`: an object's properties as `name[property]=value`, nested as deep as it goes.
    DeepObject,
    /// A `contentType` of JSON: the value as JSON text.
    Json,
}

/// The pairs of a form body, written from its JSON text, properties in the order written;
/// the error says what cannot be a form.
pub fn form_pairs(json: &[u8], styles: &[(&str, FormStyle)]) -> Result<Vec<(String, String)>, String> {
    let Ordered(properties) =
        serde_json::from_slice(json).map_err(|e| format!("a form body is an object of properties: {e}"))?;
    let mut pairs = Vec::new();
    for (name, value) in properties {
        let style = styles.iter().find(|(n, _)| *n == name).map_or(FormStyle::Form { explode: true }, |(_, s)| *s);
        write(&mut pairs, name, value, style);
    }
    Ok(pairs)
}

/// The pairs of a form body as `application/x-www-form-urlencoded` text.
pub fn form_text(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// A value written as JSON (`written`), as `application/x-www-form-urlencoded` text: each
/// property in its style (see [`form_pairs`]).
pub(crate) fn form_of(
    written: Result<Vec<u8>, serde_json::Error>,
    styles: &[(&str, FormStyle)],
) -> Result<String, String> {
    let json = written.map_err(|e| e.to_string())?;
    form_pairs(&json, styles).map(|pairs| form_text(&pairs))
}

/// An object's properties in the order they are written, which `serde_json::Map` keeps only
/// with a feature some program may not turn on.
struct Ordered(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut properties = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    properties.push(entry);
                }
                Ok(Ordered(properties))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

fn write(pairs: &mut Vec<(String, String)>, name: String, value: Value, style: FormStyle) {
    match (value, style) {
        (value, FormStyle::Json) => pairs.push((name, value.to_string())),
        (Value::Array(items), FormStyle::Form { explode: true } | FormStyle::DeepObject) => {
            pairs.extend(items.into_iter().map(|item| (name.clone(), scalar(item))));
        }
        (Value::Array(items), style) => {
            let separator = match style {
                FormStyle::SpaceDelimited => " ",
                FormStyle::PipeDelimited => "|",
                _ => ",",
            };
            let items: Vec<String> = items.into_iter().map(scalar).collect();
            pairs.push((name, items.join(separator)));
        }
        (Value::Object(properties), FormStyle::DeepObject) => deep(pairs, &name, properties),
        (Value::Object(properties), FormStyle::Form { explode: true }) => {
            pairs.extend(properties.into_iter().map(|(property, value)| (property, scalar(value))));
        }
        (Value::Object(properties), _) => {
            let flat: Vec<String> = properties.into_iter().flat_map(|(k, v)| [k, scalar(v)]).collect();
            pairs.push((name, flat.join(",")));
        }
        (value, _) => pairs.push((name, scalar(value))),
    }
}

/// `name[property]=value` for each property, and deeper for objects and arrays inside.
fn deep(pairs: &mut Vec<(String, String)>, name: &str, properties: Map<String, Value>) {
    for (property, value) in properties {
        let key = format!("{name}[{property}]");
        match value {
            Value::Object(inner) => deep(pairs, &key, inner),
            Value::Array(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Value::Object(inner) => deep(pairs, &format!("{key}[{i}]"), inner),
                        item => pairs.push((format!("{key}[{i}]"), scalar(item))),
                    }
                }
            }
            value => pairs.push((key, scalar(value))),
        }
    }
}

/// A value as one field's text: a string as it is, `null` as nothing, anything else as JSON.
fn scalar(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_style_writes_its_pairs() {
        let body = br#"{"To": "+15558675310", "StatusCallbackEvent": ["initiated", "ringing"], "Tags": ["a", "b"],
            "metadata": {"items": [{"sku": "x"}], "order": "6735"}, "Price": 1.5, "Flag": true, "Note": null,
            "Extra": {"k": 1}}"#;
        let styles =
            [("Tags", FormStyle::PipeDelimited), ("metadata", FormStyle::DeepObject), ("Extra", FormStyle::Json)];
        let pairs = form_pairs(body, &styles).expect("an object");
        assert_eq!(
            form_text(&pairs),
            "To=%2B15558675310&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&Tags=a%7Cb\
             &metadata%5Bitems%5D%5B0%5D%5Bsku%5D=x&metadata%5Border%5D=6735&Price=1.5&Flag=true&Note=\
             &Extra=%7B%22k%22%3A1%7D"
        );
        assert!(form_pairs(b"[1]", &[]).is_err());
    }
}
