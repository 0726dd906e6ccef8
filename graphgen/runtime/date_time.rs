//! RFC 3339 date-times that keep the exact text they were read from.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// An `Edm.DateTimeOffset` value: the text as received, and its parsed instant.
///
/// Graph writes up to seven fractional digits (`2017-01-01T00:03:20.8895305+03:00`)
/// and keeps the offset the client sent. Formatting a parsed value again would
/// normalise both, so the original text is what gets serialized. Text that is
/// not an RFC 3339 date-time is rejected when reading.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    text: String,
    value: OffsetDateTime,
}

impl DateTimeOffset {
    /// Parses RFC 3339 text, keeping it verbatim.
    pub fn parse(text: &str) -> Result<Self, time::error::Parse> {
        let value = OffsetDateTime::parse(text, &Rfc3339)?;
        Ok(DateTimeOffset { text: text.to_owned(), value })
    }

    /// Formats an instant as RFC 3339 text. This fails only for instants RFC 3339
    /// cannot write: years outside 0000–9999 and offsets with seconds.
    pub fn from_value(value: OffsetDateTime) -> Result<Self, time::error::Format> {
        let text = value.format(&Rfc3339)?;
        Ok(DateTimeOffset { text, value })
    }

    /// The text exactly as it was read or formatted.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The parsed instant, with the offset the text carried.
    pub fn value(&self) -> OffsetDateTime {
        self.value
    }
}

impl fmt::Debug for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for DateTimeOffset {
    type Err = time::error::Parse;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTimeOffset::parse(text)
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl Visitor<'_> for TextVisitor {
            type Value = DateTimeOffset;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time such as 2017-01-01T00:03:20.8895305+03:00")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTimeOffset, E> {
                DateTimeOffset::parse(text).map_err(|_| E::invalid_value(Unexpected::Str(text), &self))
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}
