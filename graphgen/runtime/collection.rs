//! A collection in a response body, as an OData service sends it or as a description
//! declares it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::paging::Page;

/// A response declared as a JSON array.
///
/// OData services answer with an object instead, `{"value": [...]}`, carrying annotations
/// such as `@odata.nextLink` or `@odata.deltaLink` beside the items; many descriptions
/// (Microsoft Graph's functions among them) still declare the bare array. Both forms are
/// read, and each is written back as it came, annotations included, in their order.
///
/// It is used as the `Vec` of its items: `list.len()`, `list[0]`, `for item in &list`,
/// `list.iter()`, and `Vec::from(list)` or `list.into_items()` to keep the items alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection<T> {
    /// The items.
    pub value: Vec<T>,
    /// The object's other members in order, with the position of `value` among them, or
    /// `None` when the body was a bare array.
    members: Option<(Vec<(String, Value)>, usize)>,
}

impl<T> Collection<T> {
    /// A collection written as a bare array.
    pub fn new(value: Vec<T>) -> Self {
        Collection { value, members: None }
    }

    /// The items.
    pub fn into_items(self) -> Vec<T> {
        self.value
    }

    /// A member beside the items, such as `@odata.context`.
    pub fn annotation(&self, name: &str) -> Option<&Value> {
        self.members.as_ref()?.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The link to the next page, `@odata.nextLink`.
    pub fn next_link(&self) -> Option<&str> {
        self.annotation("@odata.nextLink")?.as_str()
    }

    /// The link that returns later changes, `@odata.deltaLink`, on a delta query's last page.
    pub fn delta_link(&self) -> Option<&str> {
        self.annotation("@odata.deltaLink")?.as_str()
    }
}

impl<T> std::ops::Deref for Collection<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Collection<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.value
    }
}

impl<T> From<Collection<T>> for Vec<T> {
    fn from(collection: Collection<T>) -> Self {
        collection.value
    }
}

impl<T> FromIterator<T> for Collection<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Collection::new(items.into_iter().collect())
    }
}

impl<T> From<Vec<T>> for Collection<T> {
    fn from(value: Vec<T>) -> Self {
        Collection::new(value)
    }
}

impl<T> IntoIterator for Collection<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Collection<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Collection<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.iter_mut()
    }
}

impl<T: DeserializeOwned> Page for Collection<T> {
    type Item = T;

    fn next_link(&self) -> Option<&str> {
        Collection::next_link(self)
    }

    fn into_items(self) -> Vec<T> {
        self.value
    }
}

impl<T: Serialize> Serialize for Collection<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some((members, at)) = &self.members else { return self.value.serialize(serializer) };
        let mut map = serializer.serialize_map(Some(members.len() + 1))?;
        for (i, (name, value)) in members.iter().enumerate() {
            if i == *at {
                map.serialize_entry("value", &self.value)?;
            }
            map.serialize_entry(name, value)?;
        }
        if *at >= members.len() {
            map.serialize_entry("value", &self.value)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Collection<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CollectionVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for CollectionVisitor<T> {
            type Value = Collection<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array, or an object with a `value` array")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let value = Vec::<T>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Collection::new(value))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut value = None;
                let mut members = Vec::new();
                let mut at = 0;
                while let Some(name) = map.next_key::<String>()? {
                    if name == "value" {
                        if value.is_some() {
                            return Err(serde::de::Error::duplicate_field("value"));
                        }
                        at = members.len();
                        value = Some(map.next_value::<Vec<T>>()?);
                    } else {
                        let member = map.next_value::<Value>()?;
                        members.push((name, member));
                    }
                }
                let value = value.ok_or_else(|| serde::de::Error::missing_field("value"))?;
                Ok(Collection { value, members: Some((members, at)) })
            }
        }

        deserializer.deserialize_any(CollectionVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::Collection;

    #[test]
    fn both_forms_are_written_back_as_they_came() {
        let bare: Collection<i32> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(bare.value, [1, 2]);
        assert_eq!(serde_json::to_string(&bare).unwrap(), "[1,2]");

        let text = r#"{"@odata.context":"c","value":[3],"@odata.deltaLink":"d","extra":null}"#;
        let wrapped: Collection<i32> = serde_json::from_str(text).unwrap();
        assert_eq!((wrapped.value.as_slice(), wrapped.delta_link(), wrapped.next_link()), (&[3][..], Some("d"), None));
        assert_eq!(serde_json::to_string(&wrapped).unwrap(), text);

        let last = r#"{"@odata.nextLink":"n","value":[]}"#;
        let page: Collection<i32> = serde_json::from_str(last).unwrap();
        assert_eq!((page.next_link(), serde_json::to_string(&page).unwrap().as_str()), (Some("n"), last));
    }

    #[test]
    fn it_is_used_as_the_vec_of_its_items_and_keeps_its_annotations() {
        let text = r#"{"value":[3,4],"@odata.count":2}"#;
        let mut list: Collection<i32> = serde_json::from_str(text).unwrap();
        assert_eq!((list.len(), list[1], list.iter().sum::<i32>()), (2, 4, 7));
        for item in &mut list {
            *item += 1;
        }
        list.push(6);
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"{"value":[4,5,6],"@odata.count":2}"#);
        let items: Vec<i32> = list.into();
        assert_eq!(items, [4, 5, 6]);
        let built: Collection<i32> = (1..=2).collect();
        assert_eq!(serde_json::to_string(&built).unwrap(), "[1,2]");
    }

    #[test]
    fn an_object_without_items_or_with_wrong_items_is_an_error() {
        let missing = serde_json::from_str::<Collection<i32>>(r#"{"@odata.context":"c"}"#).unwrap_err();
        assert!(missing.to_string().contains("missing field `value`"), "{missing}");
        let wrong = serde_json::from_str::<Collection<i32>>(r#"{"value":["x"]}"#).unwrap_err();
        assert!(wrong.to_string().contains("invalid type: string"), "{wrong}");
        assert!(serde_json::from_str::<Collection<i32>>("3").is_err());
    }
}
