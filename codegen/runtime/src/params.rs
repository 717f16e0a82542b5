//! Wire encoding of query and form parameters, exactly as Twilio expects them: keys verbatim, booleans
//! `true`/`false`, UTC date-times without fractions, arrays as repeated keys, unset values omitted.

use std::borrow::Cow;

use time::{Date, OffsetDateTime, UtcOffset};

use super::error::{Error, Result};

/// A value that can be sent as one query or form parameter value.
pub trait ToParam {
    /// The value's text on the wire, before form encoding.
    fn to_param(&self) -> Cow<'_, str>;

    /// The value's text, or `None` when nothing is sent for it (a JSON `null`, which Twilio's
    /// libraries leave out). [`Params`] sends what this returns.
    fn param(&self) -> Option<Cow<'_, str>> {
        Some(self.to_param())
    }
}

impl ToParam for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ToParam for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ToParam for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_param!(i32, i64, u32, u64, f32, f64);

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC; other offsets are converted first, fractions of a second dropped.
impl ToParam for OffsetDateTime {
    fn to_param(&self) -> Cow<'_, str> {
        let utc = self.to_offset(UtcOffset::UTC);
        Cow::Owned(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            utc.year(),
            u8::from(utc.month()),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second()
        ))
    }
}

/// `YYYY-MM-DD`.
impl ToParam for Date {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(crate::datetime::format_date(*self))
    }
}

/// Untyped values (`items: {}` or `type: object` in the spec) are sent one value each, byte for byte as
/// twilio-python sends them: text as it is, objects and arrays as `json.dumps` writes them, numbers
/// and booleans as Python prints them, `null` left out (the runtime's `form_json` module).
impl ToParam for serde_json::Value {
    fn to_param(&self) -> Cow<'_, str> {
        self.param().unwrap_or(Cow::Borrowed(""))
    }

    fn param(&self) -> Option<Cow<'_, str>> {
        crate::form_json::python_param(self)
    }
}

/// An ordered list of key/value pairs for a query string or a form body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(&'static str, String)>,
}

impl Params {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key=value`, unless the value sends nothing ([`ToParam::param`]).
    pub fn push<T: ToParam + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Some(text) = value.param() {
            self.pairs.push((key, text.into_owned()));
        }
    }

    /// Adds `key=value` when the value is set.
    pub fn push_opt<T: ToParam>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.push(key, value);
        }
    }

    /// Adds one `key=value` per element, in order; nothing for an empty list.
    pub fn push_all<T: ToParam>(&mut self, key: &'static str, values: &[T]) {
        for value in values {
            self.push(key, value);
        }
    }

    /// Whether no pair was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.pairs.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// `application/x-www-form-urlencoded` text: `k=v&k=v`, space as `+`, every byte outside
    /// `A-Za-z0-9_.-~` as `%XX`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        self.encode_into(&mut out);
        out
    }

    /// [`encode`](Self::encode), appended to `out`.
    pub(crate) fn encode_into(&self, out: &mut String) {
        for (i, (key, value)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            form_encode_into(out, key);
            out.push('=');
            form_encode_into(out, value);
        }
    }
}

/// The members of a JSON object body, in spec order. Unset optional members are omitted.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct JsonBody {
    members: Vec<(&'static str, serde_json::Value)>,
}

/// Serializes as an object with the members in insertion order (without needing serde_json's
/// `preserve_order`).
impl serde::Serialize for JsonBody {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.members.len()))?;
        for (key, value) in &self.members {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn to_json<T: serde::Serialize + ?Sized>(
    key: &'static str,
    value: &T,
) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::InvalidParameter {
        name: key,
        reason: format!("cannot be encoded as JSON: {e}"),
    })
}

impl JsonBody {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// A whole body that is one value (not an object of named members), as JSON text.
    pub fn whole<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
        serde_json::to_string(value).map_err(|e| Error::InvalidParameter {
            name: "body",
            reason: format!("cannot be encoded as JSON: {e}"),
        })
    }

    /// Adds `key: value`.
    pub fn push<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let value = to_json(key, value)?;
        self.members.push((key, value));
        Ok(())
    }

    /// Adds `key: value` when the value is set.
    pub fn push_opt<T: serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<()> {
        match value {
            Some(value) => self.push(key, value),
            None => Ok(()),
        }
    }

    /// Adds `key: [values]` unless the list is empty.
    pub fn push_all<T: serde::Serialize>(&mut self, key: &'static str, values: &[T]) -> Result<()> {
        if values.is_empty() {
            Ok(())
        } else {
            self.push(key, values)
        }
    }

    /// Adds `key: "text"` with the value's wire text (dates: UTC `YYYY-MM-DDTHH:MM:SSZ`).
    pub fn push_param<T: ToParam + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.members.push((
            key,
            serde_json::Value::String(value.to_param().into_owned()),
        ));
        Ok(())
    }

    /// [`JsonBody::push_param`] when the value is set.
    pub fn push_param_opt<T: ToParam>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<()> {
        match value {
            Some(value) => self.push_param(key, value),
            None => Ok(()),
        }
    }

    /// The object as JSON text, members in insertion order.
    pub fn into_text(self) -> String {
        serde_json::to_string(&self).unwrap_or_else(|_| "{}".to_owned())
    }
}

fn form_encode_into(out: &mut String, text: &str) {
    percent_encode_into(out, text, true);
}

/// The bytes that stand for themselves in a percent-encoded component: `A-Za-z0-9_.-~` (one table
/// look-up a byte instead of a chain of range tests).
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(byte as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~');
        byte += 1;
    }
    table
};

/// Percent-encodes `text` onto `out`: bytes outside `A-Za-z0-9_.-~` become `%XX` (upper-case hex); a
/// space becomes `+` in form encoding, `%20` elsewhere.
pub(crate) fn percent_encode_into(out: &mut String, text: &str, space_as_plus: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(text.len());
    // Runs of unreserved bytes are copied whole: a SID or a plain word is one copy. A run is ASCII
    // and follows an ASCII byte or the start, so its bounds are character boundaries.
    let mut run = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        if UNRESERVED[usize::from(byte)] {
            continue;
        }
        if run < i {
            out.push_str(&text[run..i]);
        }
        run = i + 1;
        if byte == b' ' && space_as_plus {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    if run < text.len() {
        out.push_str(&text[run..]);
    }
}

/// Where `value` is in `known`, compared ASCII case-insensitively: how a string enum reads a value
/// Twilio spells differently from the spec (`Voice` for `voice`). One function for every enum.
pub fn position_ignore_case(known: &[&str], value: &str) -> Option<usize> {
    known
        .iter()
        .position(|known| known.eq_ignore_ascii_case(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::format_description::well_known::Rfc3339;

    #[test]
    fn form_encoding_matches_twilio_python() {
        let mut p = Params::new();
        p.push("UniqueName", "a b&c=d/é~*");
        p.push("Flag", &false);
        p.push("Ttl", &0i64);
        p.push("Empty", "");
        assert_eq!(
            p.encode(),
            "UniqueName=a+b%26c%3Dd%2F%C3%A9~%2A&Flag=false&Ttl=0&Empty="
        );
    }

    #[test]
    fn percent_encoding_copies_runs_and_encodes_every_other_byte() {
        // The byte-at-a-time definition the run-copying encoder must agree with.
        fn reference(text: &str, space_as_plus: bool) -> String {
            text.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                        char::from(b).to_string()
                    }
                    b' ' if space_as_plus => "+".to_owned(),
                    _ => format!("%{b:02X}"),
                })
                .collect()
        }
        for text in [
            "",
            "KS0123456789abcdef0123456789abcdef",
            " ",
            "é",
            "aé",
            "éa",
            "a é b",
            "日本語テキスト",
            "+1 (555) 867-5309",
            "%%",
            "trailing/",
            "/leading",
            "emoji 🎉 end",
            "\u{0}\u{7f}",
        ] {
            for space_as_plus in [false, true] {
                let mut out = String::from("prefix=");
                percent_encode_into(&mut out, text, space_as_plus);
                assert_eq!(
                    out,
                    format!("prefix={}", reference(text, space_as_plus)),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn arrays_repeat_the_key_and_unset_values_are_omitted() {
        let mut p = Params::new();
        p.push_all(
            "MediaUrl",
            &["https://a/1".to_owned(), "https://b/2".to_owned()],
        );
        p.push_all::<String>("Nothing", &[]);
        p.push_opt::<String>("Unset", &None);
        assert_eq!(
            p.encode(),
            "MediaUrl=https%3A%2F%2Fa%2F1&MediaUrl=https%3A%2F%2Fb%2F2"
        );
    }

    #[test]
    fn date_times_are_sent_in_utc_without_fractions() {
        let t = OffsetDateTime::parse("2030-01-02T03:04:05.678+02:00", &Rfc3339).unwrap();
        assert_eq!(t.to_param(), "2030-01-02T01:04:05Z");
        assert_eq!(t.date().to_param(), "2030-01-02");
    }

    #[test]
    fn json_bodies_keep_spec_order_and_omit_unset_members() {
        let mut body = JsonBody::new();
        body.push("identity", "user-1").unwrap();
        body.push_opt::<String>("friendly_name", &None).unwrap();
        body.push_all::<String>("tags", &[]).unwrap();
        let t = OffsetDateTime::parse("2030-01-02T03:04:05+01:00", &Rfc3339).unwrap();
        body.push_param_opt("date", &Some(t)).unwrap();
        body.push("config", &serde_json::json!({"a": [1, 2]}))
            .unwrap();
        assert_eq!(
            body.into_text(),
            r#"{"identity":"user-1","date":"2030-01-02T02:04:05Z","config":{"a":[1,2]}}"#
        );
    }

    #[test]
    fn json_values_are_encoded_each_as_twilio_python_does() {
        let v = serde_json::json!({"Identifier": "+15555550100"});
        assert_eq!(v.to_param(), r#"{"Identifier": "+15555550100"}"#);
        let mut params = Params::new();
        params.push_all(
            "Participants",
            &[
                v,
                serde_json::Value::Null,
                serde_json::json!("+15555550101"),
            ],
        );
        assert_eq!(
            params.encode(),
            "Participants=%7B%22Identifier%22%3A+%22%2B15555550100%22%7D&Participants=%2B15555550101"
        );
    }
}
