//! YAML text into YAML values, accepting integers beyond 64 bits.
//!
//! serde_yaml reads an integer such as `-9223372036854776000` as an `i128`, which its own
//! `Value` refuses, so a description that writes one (OpenAI's does, as a `minimum`) could
//! not be read at all. Read here, such an integer becomes the nearest float, as serde_json
//! reads it in JSON. Everything else is read exactly as `serde_yaml::Value` reads it.

use std::fmt;

use serde::de::{Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

/// A YAML value read leniently; see the module documentation.
pub struct Loose(pub Value);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            // The nearest float is what a JSON reader gives such an integer.
            Err(_) => Value::Number(Number::from(value as f64)),
        })
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(value as f64)),
        })
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Loose::deserialize(deserializer).map(|loose| loose.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = access.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Loose(key), Loose(value))) = access.next_entry()? {
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    // A tagged value, `!tag value`, which serde_yaml presents as an enum variant.
    fn visit_enum<A: EnumAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        let (tag, contents) = access.variant::<String>()?;
        let Loose(value) = contents.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

#[cfg(test)]
mod tests {
    use super::Loose;

    #[test]
    fn integers_beyond_64_bits_become_floats_and_the_rest_is_as_serde_yaml_reads_it() {
        let text = "a: -9223372036854776000\nb: 18446744073709551616\nc: [1, -2, 2.5, x, null, true]\nd: &anchor {e: 1}\nf: *anchor\n";
        let Loose(value) = serde_yaml::from_str(text).expect("readable");
        assert_eq!(value["a"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(value["b"].as_f64(), Some(18446744073709551616.0));
        let rest = "c: [1, -2, 2.5, x, null, true]\nd: &anchor {e: 1}\nf: *anchor\n";
        let Loose(loose) = serde_yaml::from_str(rest).expect("readable");
        assert_eq!(loose, serde_yaml::from_str::<serde_yaml::Value>(rest).expect("readable"));
    }
}
