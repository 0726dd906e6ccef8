//! Generated models' objects with unknown properties, and polymorphic types chosen by
//! their discriminator when read and written with it.
//!
//! Generated types implement [`FromObject`] with one `match` over property names;
//! everything that is the same for every type lives here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::AdditionalProperties;

/// A JSON object type whose properties are read one by one from a map.
pub trait FromObject<'de>: Sized {
    /// What the type is called in error messages, for example "an event object".
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
pub fn read_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    unknown: &mut AdditionalProperties,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    unknown
        .push_new(key.0.into_owned(), value)
        .map_err(|name| de::Error::custom(format_args!("duplicate property `{name}`")))
}

/// The error for a required property that was not in the object.
pub fn missing<E: de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// A type with derived types, told apart by a discriminator property such as `@odata.type`.
pub trait Polymorphic<'de>: Sized {
    /// The struct of the base type, which also holds values of unknown derived types.
    type Base: Deserialize<'de> + Serialize;

    /// The name of the discriminator property.
    const DISCRIMINATOR: &'static str;
    /// What the type is called in error messages.
    const EXPECTING: &'static str;

    /// The discriminator value a base value carries, if any.
    fn discriminator_of(base: &Self::Base) -> Option<&str>;

    /// Picks the variant for a discriminator value (without any leading `#`; `None`
    /// when the property is missing) and reads it from `source`.
    fn select<S: Source<'de, Self::Base>>(discriminator: Option<&str>, source: S) -> Result<Self, S::Error>;
}

/// Where the chosen variant reads its properties from.
pub trait Source<'de, B> {
    /// The error type of the surrounding deserializer.
    type Error: de::Error;

    /// Reads the whole object as the derived type `T`.
    fn read<T: DeserializeOwned>(self) -> Result<T, Self::Error>;

    /// Reads the whole object as the base type.
    fn base(self) -> Result<B, Self::Error>;
}

/// Deserializes a polymorphic type.
///
/// Graph writes the discriminator first, so the common case streams: the discriminator
/// is read, the variant chosen, and the variant reads the rest of the same map with the
/// discriminator handed back to it first. Otherwise the object is read as the base
/// type, which streams too and so reports every error in a base property at its exact
/// path. Only if that value then names a derived type is it converted, through JSON,
/// into the derived type; an error in a property only the derived type declares is
/// reported at the object, with the rest of its path in the message.
pub fn deserialize_polymorphic<'de, D: Deserializer<'de>, T: Polymorphic<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct PolymorphicVisitor<T>(PhantomData<T>);

    impl<'de, T: Polymorphic<'de>> Visitor<'de> for PolymorphicVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let first = map.next_key::<Key<'de>>()?;
            if let Some(key) = &first {
                if key.as_str() == T::DISCRIMINATOR {
                    let value: Key<'de> = map.next_value()?;
                    // A borrowed value needs no copy for choosing the variant; an escaped
                    // one (rare) is copied once.
                    let (tag, text): (Cow<'de, str>, String) = match value.0 {
                        Cow::Borrowed(text) => (Cow::Borrowed(strip_hash(text)), text.to_owned()),
                        Cow::Owned(text) => (Cow::Owned(strip_hash(&text).to_owned()), text),
                    };
                    let source = Streamed { first: Replayed::Entry(T::DISCRIMINATOR, text), rest: map };
                    return T::select(Some(&tag), source);
                }
            }
            let first = first.map_or(Replayed::Nothing, Replayed::Key);
            let base = T::Base::deserialize(MapAccessDeserializer::new(Streamed { first, rest: map }))?;
            let tag = T::discriminator_of(&base).map(|t| strip_hash(t).to_owned());
            T::select(tag.as_deref(), Converted::<T::Base, A::Error> { base, error: PhantomData })
        }
    }

    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

fn strip_hash(tag: &str) -> &str {
    tag.strip_prefix('#').unwrap_or(tag)
}

/// What was read from a map before the reader of the whole object took over.
enum Replayed<'de> {
    Nothing,
    /// A key whose value is still in the map.
    Key(Key<'de>),
    /// A whole entry, the discriminator and its value.
    Entry(&'static str, String),
}

/// The rest of a map being streamed, with what was already read from it in front.
struct Streamed<'de, A> {
    first: Replayed<'de>,
    rest: A,
}

impl<'de, A: MapAccess<'de>, B: Deserialize<'de>> Source<'de, B> for Streamed<'de, A> {
    type Error = A::Error;

    fn read<T: DeserializeOwned>(self) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(self))
    }

    fn base(self) -> Result<B, A::Error> {
        B::deserialize(MapAccessDeserializer::new(self))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Streamed<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        match &mut self.first {
            Replayed::Nothing => self.rest.next_key_seed(seed),
            Replayed::Key(key) => {
                let key = std::mem::replace(&mut key.0, Cow::Borrowed(""));
                self.first = Replayed::Nothing;
                match key {
                    Cow::Borrowed(name) => seed.deserialize(BorrowedStrDeserializer::new(name)).map(Some),
                    Cow::Owned(name) => seed.deserialize(StringDeserializer::new(name)).map(Some),
                }
            }
            Replayed::Entry(name, _) => seed.deserialize(BorrowedStrDeserializer::new(name)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match std::mem::replace(&mut self.first, Replayed::Nothing) {
            Replayed::Entry(_, value) => seed.deserialize(ReplayedText(value, PhantomData)),
            Replayed::Nothing | Replayed::Key(_) => self.rest.next_value_seed(seed),
        }
    }
}

/// A base value that turned out to name another type.
struct Converted<B, E> {
    base: B,
    error: PhantomData<E>,
}

impl<'de, B: Serialize, E: de::Error> Source<'de, B> for Converted<B, E> {
    type Error = E;

    fn read<T: DeserializeOwned>(self) -> Result<T, E> {
        // Through JSON text rather than `serde_json::Value`: the crate already reads and
        // writes JSON text, so this adds no new instantiations of every model's code.
        let json = serde_json::to_vec(&self.base).map_err(E::custom)?;
        let mut deserializer = serde_json::Deserializer::from_slice(&json);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            E::custom(format_args!("{path}: {}", error.into_inner()))
        })
    }

    fn base(self) -> Result<B, E> {
        Ok(self.base)
    }
}

/// The discriminator's text, handed back to the struct that declares it. Unlike serde's
/// `StringDeserializer` it also fills an `Option` or `Nullable` slot, for descriptions
/// that declare the discriminator nullable.
struct ReplayedText<E>(String, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for ReplayedText<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_string(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Writes the properties a model keeps as received, after its declared ones.
pub fn serialize_unknown<M: SerializeMap>(map: &mut M, unknown: &AdditionalProperties) -> Result<(), M::Error> {
    for (name, value) in unknown.iter() {
        map.serialize_entry(name, value)?;
    }
    Ok(())
}
