//! Flags enums: several values of a string enum in one string, such as `"read,write"`.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Values of the string enum `T` sent as one comma-separated string, as OData writes a
/// flags enum. The text is kept as received, spacing included, so it is written back
/// unchanged; [`Flags::values`] reads the members out of it.
pub struct Flags<T> {
    text: String,
    members: PhantomData<fn() -> T>,
}

impl<T> Flags<T> {
    /// The flags as received or built, such as `"read,write"`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The members, in order.
    pub fn values(&self) -> Vec<T>
    where
        T: for<'a> From<&'a str>,
    {
        self.text.split(',').map(str::trim).filter(|v| !v.is_empty()).map(T::from).collect()
    }

    /// Whether `value` is one of the members.
    pub fn contains(&self, value: &T) -> bool
    where
        T: AsRef<str>,
    {
        self.text.split(',').any(|member| member.trim() == value.as_ref())
    }
}

impl<T: AsRef<str>> FromIterator<T> for Flags<T> {
    fn from_iter<I: IntoIterator<Item = T>>(members: I) -> Self {
        let mut text = String::new();
        for (i, member) in members.into_iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(member.as_ref());
        }
        Flags { text, members: PhantomData }
    }
}

impl<T> From<&str> for Flags<T> {
    fn from(text: &str) -> Self {
        Flags { text: text.to_owned(), members: PhantomData }
    }
}

impl<T> Clone for Flags<T> {
    fn clone(&self) -> Self {
        Flags { text: self.text.clone(), members: PhantomData }
    }
}

impl<T> Default for Flags<T> {
    fn default() -> Self {
        Flags { text: String::new(), members: PhantomData }
    }
}

impl<T> PartialEq for Flags<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> fmt::Debug for Flags<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<T> fmt::Display for Flags<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> Serialize for Flags<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, T> Deserialize<'de> for Flags<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Flags { text: String::deserialize(deserializer)?, members: PhantomData })
    }
}
