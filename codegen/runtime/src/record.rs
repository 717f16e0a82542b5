//! Decoding response records. Generated models implement [`Record`], one `match` arm per field;
//! [`deserialize`] drives it. Serde's derive would also emit a decoder from a JSON array, which
//! Twilio never sends and which doubles the code every model costs to compile; this decodes
//! objects only. Like the derive with `#[serde(default)]`, a missing field keeps its default
//! (`None`), an unknown one is skipped, and `null` is `None`. Unlike it, a field that appears twice
//! keeps its last value (as `serde_json::Value` does) instead of failing the record.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::lenient::{Fit, Shapes};

/// A record decoded field by field, by wire name.
pub trait Record: Default {
    /// What the decoder expected, for errors (`a Service record`).
    const EXPECTING: &'static str;

    /// Decodes the value of the field named `key` from `map`, or skips it (see [`skip`]).
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Decodes a [`Record`] from a JSON object.
pub fn deserialize<'de, R: Record, D: Deserializer<'de>>(deserializer: D) -> Result<R, D::Error> {
    deserializer.deserialize_map(RecordVisitor(PhantomData))
}

/// Decodes a [`Record`] held in a field of another record (or a list): an object is the record,
/// `null` is [`Fit::Null`], any other shape a misfit (drained).
pub fn lenient<'de, R: Record, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<R>, D::Error> {
    crate::lenient::read(deserializer, LenientRecord(PhantomData))
}

struct LenientRecord<R>(PhantomData<fn() -> R>);

impl<'de, R: Record> Shapes<'de> for LenientRecord<R> {
    type Value = R;
    const EXPECTING: &'static str = R::EXPECTING;

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Fit<R>, A::Error> {
        RecordVisitor(PhantomData).visit_map(map).map(Fit::Value)
    }
}

/// Skips the value of a field the record does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

struct RecordVisitor<R>(PhantomData<fn() -> R>);

impl<'de, R: Record> Visitor<'de> for RecordVisitor<R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(R::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
        let mut record = R::default();
        while let Some(Key(key)) = map.next_key()? {
            record.field(&key, &mut map)?;
        }
        Ok(record)
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Writes a record as serde's derive would with `skip_serializing_if = "Option::is_none"` on every
/// field: a struct of the fields that are set, in declaration order, by wire name. The first error
/// is kept and returned by [`end`](Self::end), so that a generated `Serialize` is one call per field;
/// written out by serde's derive it costs a generated crate several times as much to compile.
pub struct RecordWriter<S: Serializer> {
    state: S::SerializeStruct,
    error: Option<S::Error>,
}

impl<S: Serializer> RecordWriter<S> {
    /// Starts the record `name`; `set` says which fields are set (their number is the struct's
    /// length, as the derive gives it).
    pub fn new(serializer: S, name: &'static str, set: &[bool]) -> Result<Self, S::Error> {
        let len = set.iter().filter(|set| **set).count();
        Ok(Self {
            state: serializer.serialize_struct(name, len)?,
            error: None,
        })
    }

    /// Writes the field `key` if it is set (skips it otherwise).
    pub fn field<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        self.write(key, value.as_ref());
    }

    /// Writes the field `key` as the adapter `M` writes it, if it is set.
    pub fn field_with<M: SerializeWith>(&mut self, key: &'static str, value: &Option<M::Value>) {
        self.write(key, value.is_some().then_some(&With::<M>(value)));
    }

    fn write<T: Serialize + ?Sized>(&mut self, key: &'static str, value: Option<&T>) {
        if self.error.is_some() {
            return;
        }
        let written = match value {
            Some(value) => self.state.serialize_field(key, value),
            None => self.state.skip_field(key),
        };
        if let Err(error) = written {
            self.error = Some(error);
        }
    }

    /// Ends the record, or returns the first error a field met.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.state.end(),
        }
    }
}

/// How a field with an adapter (a date format, a map of text) is written: what the adapter module's
/// `serialize` (`#[serde(with = ...)]`) writes.
pub trait SerializeWith {
    /// The field's value type.
    type Value;

    /// Writes an optional value.
    fn serialize<S: Serializer>(
        value: &Option<Self::Value>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;
}

struct With<'a, M: SerializeWith>(&'a Option<M::Value>);

impl<M: SerializeWith> Serialize for With<'_, M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        M::serialize(self.0, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        sid: Option<String>,
        count: Option<i64>,
    }

    impl Record for Thing {
        const EXPECTING: &'static str = "a Thing record";

        fn field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "sid" => self.sid = map.next_value()?,
                "count" => self.count = map.next_value()?,
                _ => skip(map)?,
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer)
        }
    }

    #[test]
    fn objects_decode_field_by_field_and_nothing_else_does() {
        let thing: Thing =
            serde_json::from_str(r#"{"s\u0069d":"KS1","new":{"a":[1]},"count":null}"#).unwrap();
        assert_eq!(
            thing,
            Thing {
                sid: Some("KS1".into()),
                count: None
            }
        );
        assert_eq!(
            serde_json::from_str::<Thing>("{}").unwrap(),
            Thing::default()
        );
        let array = serde_json::from_str::<Thing>(r#"["KS1", 1]"#).unwrap_err();
        assert!(
            array.to_string().contains("expected a Thing record"),
            "{array}"
        );
        let wrong = serde_json::from_str::<Thing>(r#"{"count":"many"}"#).unwrap_err();
        assert!(
            wrong.to_string().contains("invalid type: string"),
            "{wrong}"
        );
    }
}
