//! The reading side of generated models: objects with unknown properties and
//! polymorphic types chosen by their discriminator.
//!
//! Generated types implement [`FromObject`] with one `match` over property names;
//! everything that is the same for every type lives here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A JSON object type whose properties are read one by one from a map.
pub trait FromObject<'de>: Sized {
    /// What the type is called in error messages, for example "an officeClientConfiguration object".
    const EXPECTING: &'static str;

    /// Reads every remaining entry of `map` into a new value.
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes `T` from a JSON object.
pub fn deserialize_object<'de, D: Deserializer<'de>, T: FromObject<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_object(map)
        }
    }

    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// A property name, borrowed from the input when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(name)))
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a declared property into its slot, refusing a second occurrence.
///
/// A repeated property cannot survive a round trip (a struct has one slot for it),
/// so it is an error rather than a silent "last one wins".
pub fn read_property<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Keeps an undeclared property or instance annotation as raw JSON.
pub fn read_unknown<'de, A: MapAccess<'de>>(map: &mut A, unknown: &mut Map<String, Value>, key: Key<'de>) -> Result<(), A::Error> {
    let value = map.next_value()?;
    let name = key.0.into_owned();
    if unknown.contains_key(&name) {
        return Err(de::Error::custom(format_args!("duplicate property `{name}`")));
    }
    unknown.insert(name, value);
    Ok(())
}

/// The error for a required property that was not in the object.
pub fn missing<E: de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// A type with derived types, told apart by a discriminator property such as `@odata.type`.
pub trait Polymorphic<'de>: Sized {
    /// The name of the discriminator property.
    const DISCRIMINATOR: &'static str;
    /// What the type is called in error messages.
    const EXPECTING: &'static str;

    /// Picks the variant for a discriminator value (without any leading `#`; `None`
    /// when the property is missing) and reads it from `source`.
    fn select<S: Source<'de>>(discriminator: Option<&str>, source: S) -> Result<Self, S::Error>;
}

/// Where the chosen variant reads its properties from.
pub trait Source<'de> {
    /// The error type of the surrounding deserializer.
    type Error: de::Error;

    /// Reads the whole object as `T`.
    fn read<T: Deserialize<'de>>(self) -> Result<T, Self::Error>;
}

/// Deserializes a polymorphic type.
///
/// Graph writes the discriminator first, so the common case streams: the discriminator
/// is read, the variant chosen, and the variant reads the rest of the same map with the
/// discriminator handed back to it first. If the discriminator comes later, the object
/// is buffered as JSON and read from the buffer once the discriminator is known.
pub fn deserialize_polymorphic<'de, D: Deserializer<'de>, T: Polymorphic<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct PolymorphicVisitor<T>(PhantomData<T>);

    impl<'de, T: Polymorphic<'de>> Visitor<'de> for PolymorphicVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let Some(first) = map.next_key::<Key<'de>>()? else {
                return T::select(None, Streamed { first: None, rest: map });
            };
            if first.as_str() == T::DISCRIMINATOR {
                let value: String = map.next_value()?;
                let tag = value.strip_prefix('#').unwrap_or(&value).to_owned();
                let first = Some((T::DISCRIMINATOR, value));
                return T::select(Some(&tag), Streamed { first, rest: map });
            }
            let mut object = Map::new();
            read_unknown(&mut map, &mut object, first)?;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                read_unknown(&mut map, &mut object, key)?;
            }
            let tag = match object.get(T::DISCRIMINATOR) {
                None => None,
                Some(Value::String(text)) => Some(text.strip_prefix('#').unwrap_or(text).to_owned()),
                Some(other) => {
                    return Err(de::Error::custom(format_args!(
                        "`{}` must be a string, found {other}",
                        T::DISCRIMINATOR
                    )))
                }
            };
            T::select(tag.as_deref(), Buffered::<A::Error> { object, error: PhantomData })
        }
    }

    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

/// The rest of a map being streamed, with the already-read discriminator in front.
struct Streamed<A> {
    first: Option<(&'static str, String)>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> Source<'de> for Streamed<A> {
    type Error = A::Error;

    fn read<T: Deserialize<'de>>(self) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(self))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Streamed<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        match &self.first {
            Some((name, _)) => seed.deserialize(BorrowedStrDeserializer::new(name)).map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.first.take() {
            Some((_, value)) => seed.deserialize(StringDeserializer::new(value)),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// An object buffered because its discriminator was not its first property.
struct Buffered<E> {
    object: Map<String, Value>,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Source<'de> for Buffered<E> {
    type Error = E;

    fn read<T: Deserialize<'de>>(self) -> Result<T, E> {
        // The buffer is a separate deserializer, so the path inside the object is
        // recovered here and put in the message; the path to the object itself is
        // added by the caller's deserializer as usual.
        serde_path_to_error::deserialize(Value::Object(self.object)).map_err(|error| {
            let path = error.path().to_string();
            E::custom(format_args!("{path}: {}", error.into_inner()))
        })
    }
}
