//! Writing `f64` and `f32` values as a service wrote them: a whole number without a
//! fraction (`5`, not `5.0`), any other value in its shortest form.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::nullable::Nullable;

/// The largest magnitude below which every whole `f64` is exact as an integer (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A value holding floats, written with [`Floats`]: floats themselves and the containers
/// generated fields put them in.
pub trait WriteFloats {
    /// Writes the value, each float as [`Floats`] says.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Writes a value holding floats so that a number read from JSON is written back as it was
/// read: `5` stays `5` and `0.1` stays `0.1`, for `f32` too (whose widening to `f64` would
/// otherwise show as `0.10000000149011612`). Values JSON cannot hold (NaN, the infinities)
/// are written as `null`, as `serde_json` writes them.
pub struct Floats<'a, T: ?Sized>(pub &'a T);

impl<T: WriteFloats + ?Sized> Serialize for Floats<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// [`Floats`] as a `serialize_with` function, for enum variants that hold floats.
pub fn write_floats<T: WriteFloats, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

impl WriteFloats for f64 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = *self;
        // `-0.0` is whole but no integer; it stays a float, as it was written.
        if value.fract() == 0.0 && value.abs() < EXACT && !(value == 0.0 && value.is_sign_negative()) {
            // Exact: the value is a whole number below 2^53.
            serializer.serialize_i64(value as i64)
        } else {
            serializer.serialize_f64(value)
        }
    }
}

impl WriteFloats for f32 {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.is_finite() {
            return serializer.serialize_none();
        }
        // The shortest decimal that reads back as this `f32`, as an `f64`: `0.1f32` is written
        // `0.1` by any serializer, not as its exact binary value widened.
        let shortest: f64 = self.to_string().parse().unwrap_or(f64::from(*self));
        shortest.write(serializer)
    }
}

impl<T: WriteFloats> WriteFloats for Vec<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Floats(item))?;
        }
        seq.end()
    }
}

impl<T: WriteFloats> WriteFloats for BTreeMap<String, T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, &Floats(value))?;
        }
        map.end()
    }
}

impl<T: WriteFloats> WriteFloats for Option<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Floats(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: WriteFloats> WriteFloats for Nullable<T> {
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(&Floats(value)),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Floats;

    fn text<T: super::WriteFloats>(value: &T) -> String {
        serde_json::to_string(&Floats(value)).unwrap()
    }

    #[test]
    fn numbers_are_written_back_as_they_were_read() {
        for json in ["5", "-3", "0.1", "1e300", "2.5", "1e20", "-0.0001", "-0.0", "0"] {
            let value: f64 = serde_json::from_str(json).unwrap();
            let back: serde_json::Value = serde_json::from_str(&text(&value)).unwrap();
            assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap(), "{json}");
        }
        assert_eq!(text(&vec![Some(0.1f32), None, Some(3.0)]), "[0.1,null,3]");
        assert_eq!(serde_json::to_value(Floats(&0.1f32)).unwrap(), serde_json::json!(0.1));
        assert_eq!(text(&f64::NAN), "null");
        assert_eq!(text(&f32::INFINITY), "null");
    }
}
