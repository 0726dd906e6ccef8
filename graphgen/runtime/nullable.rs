//! A property that can be absent, explicitly `null`, or hold a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The three states of a nullable property.
///
/// `Option<T>` has only two states, so it cannot tell a property that was left out
/// from one that was sent as `null`. The difference matters in both directions:
/// a `PATCH` body with `"description": null` clears the description, while one
/// without the property leaves it alone. Fields of this type are skipped when
/// serializing if they are [`Nullable::Absent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The property is not present in the JSON object.
    #[default]
    Absent,
    /// The property is present with the value `null`.
    Null,
    /// The property is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Returns `true` if the property is not present.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Returns `true` if the property is present as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Returns the value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Returns a mutable reference to the value, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Converts `&Nullable<T>` into `Nullable<&T>`.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Borrows the value through `Deref`, as `Option::as_deref` does: `Option<&str>` for a
    /// `Nullable<String>`.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// Returns the value and forgets whether a missing value was absent or `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Maps the value with `f`, keeping the absent and `null` states.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `Some(value)` is the value and `None` leaves the property out, as an optional argument
/// usually means: `priority: Some(2).into()`. [`Nullable::Null`] is the way to send `null`.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Absent,
        }
    }
}

/// Lets a string literal fill a text property: `display_name: "Baseline".into()`.
impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // A model does not write an absent property at all; written on its own (for
            // example as an array item) the closest JSON is `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A value that reaches the deserializer was present, so the only states left
        // are `null` and a value; `Absent` comes from the field's default.
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Nullable::Null,
            Some(value) => Nullable::Value(value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[test]
    fn options_values_and_text_convert() {
        let some: Nullable<i32> = Some(2).into();
        let none: Nullable<i32> = None.into();
        let plain: Nullable<i32> = 2.into();
        let text: Nullable<String> = "a".into();
        assert_eq!((some, none, plain), (Nullable::Value(2), Nullable::Absent, Nullable::Value(2)));
        assert_eq!(text, Nullable::Value("a".to_owned()));
    }
}
