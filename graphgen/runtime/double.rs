//! `Edm.Double` values: JSON numbers kept as written, and the strings Graph uses for
//! the values JSON cannot write.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Number;

/// A floating-point property value.
///
/// A number keeps whether it was written as an integer or not, so `5` is written back as
/// `5`, not `5.0`; a fraction is written back as the same `f64` in its shortest form
/// (`1.50` becomes `1.5`), which is the same JSON value. Graph writes NaN and the
/// infinities as the strings `"NaN"`, `"INF"` and `"-INF"`, which are kept too.
#[derive(Debug, Clone, PartialEq)]
pub enum Double {
    /// A finite number, as written.
    Number(Number),
    /// `"NaN"`.
    NaN,
    /// `"INF"`.
    Infinity,
    /// `"-INF"`.
    NegativeInfinity,
}

impl Double {
    /// The value as `f64`.
    pub fn value(&self) -> f64 {
        match self {
            Double::Number(number) => number.as_f64().unwrap_or(f64::NAN),
            Double::NaN => f64::NAN,
            Double::Infinity => f64::INFINITY,
            Double::NegativeInfinity => f64::NEG_INFINITY,
        }
    }
}

impl From<f64> for Double {
    fn from(value: f64) -> Self {
        match Number::from_f64(value) {
            Some(number) => Double::Number(number),
            None if value.is_nan() => Double::NaN,
            None if value > 0.0 => Double::Infinity,
            None => Double::NegativeInfinity,
        }
    }
}

impl From<i64> for Double {
    fn from(value: i64) -> Self {
        Double::Number(value.into())
    }
}

impl fmt::Display for Double {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Double::Number(number) => fmt::Display::fmt(number, f),
            Double::NaN => f.write_str("NaN"),
            Double::Infinity => f.write_str("INF"),
            Double::NegativeInfinity => f.write_str("-INF"),
        }
    }
}

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Double::Number(number) => number.serialize(serializer),
            Double::NaN => serializer.serialize_str("NaN"),
            Double::Infinity => serializer.serialize_str("INF"),
            Double::NegativeInfinity => serializer.serialize_str("-INF"),
        }
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DoubleVisitor;

        impl Visitor<'_> for DoubleVisitor {
            type Value = Double;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or one of \"NaN\", \"INF\" and \"-INF\"")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Double, E> {
                Ok(Double::Number(value.into()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Double, E> {
                Ok(Double::Number(value.into()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Double, E> {
                Number::from_f64(value)
                    .map(Double::Number)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(value), &self))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Double, E> {
                match text {
                    "NaN" => Ok(Double::NaN),
                    "INF" => Ok(Double::Infinity),
                    "-INF" => Ok(Double::NegativeInfinity),
                    _ => Err(E::invalid_value(Unexpected::Str(text), &self)),
                }
            }
        }

        deserializer.deserialize_any(DoubleVisitor)
    }
}
