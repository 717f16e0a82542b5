//! Serde adapters for optional response fields: the date formats Twilio uses (RFC 3339 `date-time`,
//! RFC 2822 `date-time-rfc-2822`, `date` as `YYYY-MM-DD`) and string maps such as `links` (`uri-map`).
//! `null` or absent is `None` for all of them.

use serde::{Deserialize, Deserializer, Serializer};
use time::{Date, OffsetDateTime};

use crate::datetime::{format_rfc2822, format_rfc3339, parse_date, parse_rfc2822, parse_rfc3339};

fn parse_opt<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid {what} {text:?}"))),
    }
}

fn format_opt<S: Serializer>(
    value: &Option<OffsetDateTime>,
    format: fn(OffsetDateTime) -> Option<String>,
    what: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => {
            let text = format(*v).ok_or_else(|| {
                serde::ser::Error::custom(format!("{v} cannot be written as an {what}"))
            })?;
            serializer.serialize_some(&text)
        }
        None => serializer.serialize_none(),
    }
}

/// `date-time`: RFC 3339 / ISO 8601 (`2015-07-30T20:00:00Z`).
pub mod rfc3339_opt {
    use super::*;

    /// Serializes as RFC 3339.
    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        format_opt(value, format_rfc3339, "RFC 3339 date-time", serializer)
    }

    /// Deserializes from RFC 3339; `null` is `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        parse_opt(deserializer, parse_rfc3339, "RFC 3339 date-time")
    }

    /// A field value decoded through [`deserialize`], for generated decoders.
    pub struct Field(pub Option<OffsetDateTime>);

    impl<'de> Deserialize<'de> for Field {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Field)
        }
    }
}

/// `date-time-rfc-2822` (`Thu, 30 Jul 2015 20:00:00 +0000`).
pub mod rfc2822_opt {
    use super::*;

    /// Serializes as RFC 2822.
    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        format_opt(value, format_rfc2822, "RFC 2822 date-time", serializer)
    }

    /// Deserializes from RFC 2822; `null` is `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        parse_opt(deserializer, parse_rfc2822, "RFC 2822 date-time")
    }

    /// A field value decoded through [`deserialize`], for generated decoders.
    pub struct Field(pub Option<OffsetDateTime>);

    impl<'de> Deserialize<'de> for Field {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Field)
        }
    }
}

/// `date` (`YYYY-MM-DD`).
pub mod date_opt {
    use super::*;
    use crate::params::ToParam;

    /// Serializes as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(
        value: &Option<Date>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(&*v.to_param()),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes from `YYYY-MM-DD`; `null` is `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Date>, D::Error> {
        parse_opt(deserializer, parse_date, "date")
    }

    /// A field value decoded through [`deserialize`], for generated decoders.
    pub struct Field(pub Option<Date>);

    impl<'de> Deserialize<'de> for Field {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Field)
        }
    }
}

/// A map of strings (`links`, format `uri-map`), read leniently: the spec only says "object", so a
/// value that is not a string is kept as its JSON text instead of failing the whole call.
pub mod string_map_opt {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes as a JSON object.
    pub fn serialize<S: Serializer>(
        value: &Option<BTreeMap<String, String>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Deserializes an object (or `null`), turning non-string values into their JSON text.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<String, String>>, D::Error> {
        let raw = Option::<BTreeMap<String, serde_json::Value>>::deserialize(deserializer)?;
        Ok(raw.map(|map| {
            map.into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect()
        }))
    }

    /// A field value decoded through [`deserialize`], for generated decoders.
    pub struct Field(pub Option<BTreeMap<String, String>>);

    impl<'de> Deserialize<'de> for Field {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Field)
        }
    }
}

/// Markers that decode a record field leniently (see the `lenient` module): a value that is not
/// a date of the format, or not an object of text, is a misfit instead of an error.
mod markers {
    use std::collections::BTreeMap;

    use serde::Deserializer;
    use serde::de;
    use time::{Date, OffsetDateTime};

    use crate::datetime::{parse_date, parse_rfc2822, parse_rfc3339};

    use crate::lenient::{Fit, Found, Lenient, Shapes, read};
    use crate::record::SerializeWith;

    /// Each marker writes its value as its adapter module does.
    macro_rules! serialize_with {
        ($($marker:ty => $module:ident: $value:ty),*) => {$(
            impl SerializeWith for $marker {
                type Value = $value;

                fn serialize<S: serde::Serializer>(
                    value: &Option<$value>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    super::$module::serialize(value, serializer)
                }
            }
        )*};
    }

    serialize_with!(
        Rfc3339DateTime => rfc3339_opt: OffsetDateTime,
        Rfc2822DateTime => rfc2822_opt: OffsetDateTime,
        IsoDate => date_opt: Date,
        StringMap => string_map_opt: BTreeMap<String, String>
    );

    /// A `date-time` field (RFC 3339).
    #[derive(Debug)]
    pub struct Rfc3339DateTime;

    /// A `date-time-rfc-2822` field.
    #[derive(Debug)]
    pub struct Rfc2822DateTime;

    /// A `date` field (`YYYY-MM-DD`).
    #[derive(Debug)]
    pub struct IsoDate;

    /// A map of text (`links`, `subresource_uris`): a member that is not text keeps its JSON text.
    #[derive(Debug)]
    pub struct StringMap;

    impl Lenient for Rfc3339DateTime {
        type Value = OffsetDateTime;
        const EXPECTING: &'static str = "an RFC 3339 date-time";

        fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<OffsetDateTime>, D::Error> {
            read(d, Parsed(parse_rfc3339))
        }
    }

    impl Lenient for Rfc2822DateTime {
        type Value = OffsetDateTime;
        const EXPECTING: &'static str = "an RFC 2822 date-time";

        fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<OffsetDateTime>, D::Error> {
            read(d, Parsed(parse_rfc2822))
        }
    }

    impl Lenient for IsoDate {
        type Value = Date;
        const EXPECTING: &'static str = "a date (YYYY-MM-DD)";

        fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Date>, D::Error> {
            read(d, Parsed(parse_date))
        }
    }

    /// Text parsed by a function; any other shape is a misfit.
    struct Parsed<V>(fn(&str) -> Option<V>);

    impl<V> Shapes<'_> for Parsed<V> {
        type Value = V;
        const EXPECTING: &'static str = "text";

        fn text(self, v: &str) -> Fit<V> {
            (self.0)(v).map_or(Fit::Misfit(Found::Text), Fit::Value)
        }
    }

    impl Lenient for StringMap {
        type Value = BTreeMap<String, String>;
        const EXPECTING: &'static str = "an object";

        fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self::Value>, D::Error> {
            read(d, TextMap)
        }
    }

    /// An object read member by member into text: text as it is, any other value as its JSON
    /// text (`true`, `1.5`, `null`, `{"a":[1]}`), without building a JSON value for the whole
    /// object first. Another shape than an object is a misfit.
    struct TextMap;

    impl<'de> Shapes<'de> for TextMap {
        type Value = BTreeMap<String, String>;
        const EXPECTING: &'static str = "an object";

        fn map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Fit<Self::Value>, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                let MemberText(value) = map.next_value()?;
                out.insert(key, value);
            }
            Ok(Fit::Value(out))
        }
    }

    /// One member's value as text.
    struct MemberText(String);

    impl<'de> de::Deserialize<'de> for MemberText {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(MemberTextVisitor)
        }
    }

    struct MemberTextVisitor;

    impl<'de> de::Visitor<'de> for MemberTextVisitor {
        type Value = MemberText;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<MemberText, E> {
            Ok(MemberText(v.to_owned()))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<MemberText, E> {
            Ok(MemberText(v))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<MemberText, E> {
            Ok(MemberText(v.to_string()))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<MemberText, E> {
            Ok(MemberText(v.to_string()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<MemberText, E> {
            Ok(MemberText(v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<MemberText, E> {
            // serde_json's own text for the number (`1.5`, `1e21`).
            Ok(MemberText(serde_json::Value::from(v).to_string()))
        }

        fn visit_unit<E: de::Error>(self) -> Result<MemberText, E> {
            Ok(MemberText("null".to_owned()))
        }

        fn visit_none<E: de::Error>(self) -> Result<MemberText, E> {
            self.visit_unit()
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<MemberText, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<MemberText, A::Error> {
            let value: serde_json::Value =
                de::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            Ok(MemberText(value.to_string()))
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<MemberText, A::Error> {
            let value: serde_json::Value =
                de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
            Ok(MemberText(value.to_string()))
        }
    }
}

pub use markers::{IsoDate, Rfc2822DateTime, Rfc3339DateTime, StringMap};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_of_text_keeps_text_and_writes_other_values_as_their_json_text() {
        use crate::lenient::{Fit, Found, Lenient};
        let read = |json: &str| {
            let mut de = serde_json::Deserializer::from_str(json);
            StringMap::lenient(&mut de).unwrap()
        };
        let Fit::Value(map) = read(
            r#"{"a": "https://x/y", "b": true, "c": 1.5, "d": null, "e": {"k": [1, "z"]},
                "f": [1, 2.0], "g": -3, "h": 18446744073709551615, "\u0069": "\u00e9", "a": "last"}"#,
        ) else {
            panic!("not a map");
        };
        let expected: std::collections::BTreeMap<String, String> = [
            ("a", "last"),
            ("b", "true"),
            ("c", "1.5"),
            ("d", "null"),
            ("e", r#"{"k":[1,"z"]}"#),
            ("f", "[1,2.0]"),
            ("g", "-3"),
            ("h", "18446744073709551615"),
            ("i", "é"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(map, expected);
        assert!(matches!(read("null"), Fit::Null));
        assert!(matches!(read("[1]"), Fit::Misfit(Found::Array)));
        assert!(matches!(read(r#""text""#), Fit::Misfit(Found::Text)));
        assert!(matches!(read("true"), Fit::Misfit(Found::Boolean)));
        assert!(matches!(read("7"), Fit::Misfit(Found::Number)));
    }

    #[derive(Debug, Deserialize, serde::Serialize, PartialEq)]
    struct Dates {
        #[serde(default, with = "rfc3339_opt")]
        a: Option<OffsetDateTime>,
        #[serde(default, with = "rfc2822_opt")]
        b: Option<OffsetDateTime>,
        #[serde(default, with = "date_opt")]
        c: Option<Date>,
    }

    #[test]
    fn all_three_formats_round_trip() {
        let json = r#"{"a":"2015-07-30T20:00:00Z","b":"Thu, 30 Jul 2015 20:00:00 +0000","c":"2015-07-30"}"#;
        let d: Dates = serde_json::from_str(json).unwrap();
        assert_eq!(d.a, d.b);
        assert_eq!(d.c, d.a.map(|t| t.date()));
        assert_eq!(serde_json::to_string(&d).unwrap(), json);
    }

    #[derive(Debug, Deserialize)]
    struct Links {
        #[serde(default, with = "string_map_opt")]
        links: Option<std::collections::BTreeMap<String, String>>,
    }

    #[test]
    fn string_maps_keep_strings_and_tolerate_other_values() {
        let l: Links = serde_json::from_str(
            r#"{"links": {"a": "https://x/y", "b": true, "c": 1.5, "d": null}}"#,
        )
        .unwrap();
        let links = l.links.unwrap();
        assert_eq!(links["a"], "https://x/y");
        assert_eq!(links["b"], "true");
        assert_eq!(links["c"], "1.5");
        assert_eq!(links["d"], "null");
        let l: Links = serde_json::from_str(r#"{"links": null}"#).unwrap();
        assert!(l.links.is_none());
    }

    #[test]
    fn null_and_absent_are_none_and_garbage_is_an_error() {
        let d: Dates = serde_json::from_str(r#"{"a":null}"#).unwrap();
        assert_eq!(
            d,
            Dates {
                a: None,
                b: None,
                c: None
            }
        );
        let err = serde_json::from_str::<Dates>(r#"{"a":"yesterday"}"#).unwrap_err();
        assert!(err.to_string().contains("yesterday"), "{err}");
    }
}
