//! The properties of a JSON object that its schema does not declare.

use std::fmt;
use std::ops::Index;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Undeclared properties and instance annotations (`@odata.etag`, `name@odata.type`, …),
/// kept as received and in their order.
///
/// Objects carry a few of these at most, so a vector is smaller and faster than a map:
/// a `BTreeMap` allocates a node of several hundred bytes for its first entry, and with
/// one such map per object that alone slows reading and writing large payloads.
#[derive(Clone, Default)]
pub struct AdditionalProperties(Vec<(String, Value)>);

impl AdditionalProperties {
    /// No properties.
    pub fn new() -> Self {
        AdditionalProperties(Vec::new())
    }

    /// The value of a property, if present.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// A mutable reference to the value of a property, if present.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Whether the property is present.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets a property, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.get_mut(&name) {
            Some(existing) => Some(std::mem::replace(existing, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes a property, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let index = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(index).1)
    }

    /// The properties in the order they were received or inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a property read from JSON, refusing a name that is already present.
    pub(crate) fn push_new(&mut self, name: String, value: Value) -> Result<(), String> {
        if self.contains_key(&name) {
            return Err(name);
        }
        self.0.push((name, value));
        Ok(())
    }
}

impl fmt::Debug for AdditionalProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter().map(|(n, v)| (n, v))).finish()
    }
}

/// Equal when they hold the same properties, in any order, as JSON objects are.
impl PartialEq for AdditionalProperties {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(name, value)| other.get(name) == Some(value))
    }
}

impl Index<&str> for AdditionalProperties {
    type Output = Value;

    /// The value of a property, or `null` when it is absent, as `serde_json::Value` indexes.
    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl FromIterator<(String, Value)> for AdditionalProperties {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut properties = AdditionalProperties::new();
        for (name, value) in iter {
            properties.insert(name, value);
        }
        properties
    }
}

impl IntoIterator for AdditionalProperties {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for AdditionalProperties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for AdditionalProperties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PropertiesVisitor;

        impl<'de> Visitor<'de> for PropertiesVisitor {
            type Value = AdditionalProperties;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AdditionalProperties, A::Error> {
                let mut properties = AdditionalProperties::new();
                while let Some((name, value)) = map.next_entry::<String, Value>()? {
                    properties
                        .push_new(name, value)
                        .map_err(|name| serde::de::Error::custom(format_args!("duplicate property `{name}`")))?;
                }
                Ok(properties)
            }
        }

        deserializer.deserialize_map(PropertiesVisitor)
    }
}
