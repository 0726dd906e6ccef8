//! The shape shared by `Edm.Date`, `Edm.TimeOfDay`, `Edm.Duration` and `Edm.Guid` values:
//! the exact text they were read from, with the parsed value beside it.

/// Defines a text-keeping type: `$parse` turns the text into `$value` or fails.
macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $value:ty, $expecting:literal, $parse:expr) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name {
            text: String,
            value: $value,
        }

        // The value is a function of the text, so the text alone decides equality.
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.text == other.text
            }
        }

        impl Eq for $name {}

        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.text.hash(state);
            }
        }

        impl $name {
            /// Parses `text`, keeping it verbatim.
            pub fn parse(text: &str) -> Option<Self> {
                let parse: fn(&str) -> Option<$value> = $parse;
                Some($name { text: text.to_owned(), value: parse(text)? })
            }

            /// The text exactly as it was read.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// The parsed value.
            pub fn value(&self) -> &$value {
                &self.value
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.text, f)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = super::object::Key::deserialize(deserializer)?;
                $name::parse(text.as_str()).ok_or_else(|| {
                    serde::de::Error::invalid_value(serde::de::Unexpected::Str(text.as_str()), &$expecting)
                })
            }
        }
    };
}

pub(crate) use text_type;
