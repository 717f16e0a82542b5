//! JSON sent as a form value, byte for byte as twilio-python sends it.
//!
//! Twilio's libraries send an untyped parameter (`items: {}`, `type: object`) as one form value per
//! element: twilio-python's `serialize.object` gives a dict or list to `json.dumps` (members separated by
//! `", "`, keys from values by `": "`, every character outside printable ASCII escaped as `\uXXXX`) and
//! anything else to `requests`, which sends text as it is, numbers and booleans as Python prints them
//! (`5`, `2.5`, `1e-05`, `True`) and leaves `None` out. [`ToParam`] for [`serde_json::Value`] and the
//! override types ([`FormJson`]) follow those rules exactly; `tests/official/` holds the bodies
//! twilio-python 9.13.0 sent, and the tests compare with them.

use std::borrow::Cow;
use std::fmt;
use std::io;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::params::ToParam;

/// `value` as `json.dumps(value)` writes it (Python's defaults: `ensure_ascii`, `", "` and `": "`).
pub(crate) fn python_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    // Writing to a Vec cannot fail, and the values given here (JSON values, string members)
    // always serialize.
    let _ = value.serialize(&mut serializer);
    // Every byte written is ASCII: non-ASCII characters are escaped.
    String::from_utf8(out).unwrap_or_default()
}

/// A float as Python's `repr` prints it: the shortest text that reads back the same value, in
/// positional notation from `1e-4` up to `1e16` (always with a fraction, `2.0`), otherwise in
/// exponent notation with a sign and at least two digits (`1e-05`, `1e+16`).
pub(crate) fn python_float(value: f64) -> String {
    // `{:e}` gives the shortest round-trip digits: `-1.2345e-5`.
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let len = digits.len() as i32;
        if point <= 0 {
            let zeros = "0".repeat(point.unsigned_abs() as usize);
            format!("{sign}0.{zeros}{digits}")
        } else if point >= len {
            let zeros = "0".repeat((point - len) as usize);
            format!("{sign}{digits}{zeros}.0")
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            format!("{sign}{whole}.{fraction}")
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        )
    }
}

/// serde_json's formatter with Python's separators, ASCII-only strings and float text.
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separate(writer, first)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separate(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(python_float(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }

    /// serde_json escapes quotes, backslashes and control characters as Python does (`\n`, `\u001f`)
    /// and hands the rest here; Python also escapes DEL and everything outside ASCII, as UTF-16
    /// units.
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if (' '..='~').contains(&c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Python's `", "` before every element or member but the first.
fn separate<W: ?Sized + io::Write>(writer: &mut W, first: bool) -> io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

/// A top-level value as twilio-python hands it to `requests`: text as it is, a dict or list as
/// [`python_json`], numbers and booleans as Python prints them, `None` left out.
pub(crate) fn python_param(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(Cow::Borrowed(text)),
        Value::Bool(true) => Some(Cow::Borrowed("True")),
        Value::Bool(false) => Some(Cow::Borrowed("False")),
        Value::Number(number) => Some(Cow::Owned(match number.as_f64() {
            Some(float) if !number.is_i64() && !number.is_u64() => python_float(float),
            _ => number.to_string(),
        })),
        Value::Array(_) | Value::Object(_) => Some(Cow::Owned(python_json(value))),
    }
}

/// What an override type holds: a JSON object's members in the order they were set (as a Python
/// dict keeps them), or a JSON value given whole.
///
/// The generated override types (Proxy's `NewParticipant`) wrap it, so that members the spec does
/// not name and raw JSON go out exactly as twilio-python sends them.
#[derive(Clone, PartialEq, Eq)]
pub struct FormJson(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Members(Vec<(String, Value)>),
    Whole(Value),
}

impl FormJson {
    /// An object with one member.
    pub fn object(key: &str, value: impl Into<Value>) -> Self {
        Self(Repr::Members(vec![(key.to_owned(), value.into())]))
    }

    /// A JSON value given whole: an object's members can be set afterwards (in its own order,
    /// which is sorted unless serde_json's `preserve_order` feature is on); any other value is
    /// sent as it is.
    pub fn whole(value: Value) -> Self {
        match value {
            Value::Object(map) => Self(Repr::Members(map.into_iter().collect())),
            other => Self(Repr::Whole(other)),
        }
    }

    /// Sets a member as a Python dict does: a member already set keeps its place and takes the new
    /// value, a new one goes last. A value that is not an object becomes an object of this member.
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        let value = value.into();
        match &mut self.0 {
            Repr::Members(members) => match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, slot)) => *slot = value,
                None => members.push((key.to_owned(), value)),
            },
            Repr::Whole(_) => self.0 = Repr::Members(vec![(key.to_owned(), value)]),
        }
    }

    /// A member's value, if set; `None` for a value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match &self.0 {
            Repr::Members(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            Repr::Whole(_) => None,
        }
    }
}

impl fmt::Debug for FormJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Members(members) => f
                .debug_map()
                .entries(members.iter().map(|(k, v)| (k, v)))
                .finish(),
            Repr::Whole(value) => fmt::Debug::fmt(value, f),
        }
    }
}

impl Serialize for FormJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Members(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Repr::Whole(value) => value.serialize(serializer),
        }
    }
}

impl ToParam for FormJson {
    fn to_param(&self) -> Cow<'_, str> {
        self.param().unwrap_or(Cow::Borrowed(""))
    }

    fn param(&self) -> Option<Cow<'_, str>> {
        match &self.0 {
            Repr::Members(_) => Some(Cow::Owned(python_json(self))),
            Repr::Whole(value) => python_param(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_print_as_python_repr() {
        // Each pair is (value, repr(value)) from CPython 3.11.
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (-7.25, "-7.25"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (1e-05, "1e-05"),
            (1.5e-05, "1.5e-05"),
            (123456.789, "123456.789"),
            (1e15, "1000000000000000.0"),
            (1234567890123456.7, "1234567890123456.8"),
            (1e16, "1e+16"),
            (1.2345e16, "1.2345e+16"),
            (2.5e-300, "2.5e-300"),
            (1e300, "1e+300"),
            (0.1, "0.1"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
        ];
        for (value, python) in cases {
            assert_eq!(python_float(value), python, "{value:e}");
        }
    }

    #[test]
    fn json_text_is_json_dumps() {
        // One member per object: serde_json's map order depends on its `preserve_order` feature.
        let value = json!({"b": [1, true, null, "Zoë ✓ 😀", {"c": {}}, []]});
        assert_eq!(
            python_json(&value),
            r#"{"b": [1, true, null, "Zo\u00eb \u2713 \ud83d\ude00", {"c": {}}, []]}"#
        );
        assert_eq!(
            python_json(&json!("q\"\\/\u{7}\t\u{7f}")),
            r#""q\"\\/\u0007\t\u007f""#
        );
    }

    #[test]
    fn top_level_values_are_sent_as_requests_sends_them() {
        let sent = |v: Value| python_param(&v).map(Cow::into_owned);
        assert_eq!(sent(json!("+15558675310")).as_deref(), Some("+15558675310"));
        assert_eq!(sent(json!(5)).as_deref(), Some("5"));
        assert_eq!(sent(json!(-5)).as_deref(), Some("-5"));
        assert_eq!(sent(json!(2.5)).as_deref(), Some("2.5"));
        assert_eq!(sent(json!(1e-05)).as_deref(), Some("1e-05"));
        assert_eq!(sent(json!(true)).as_deref(), Some("True"));
        assert_eq!(sent(json!(false)).as_deref(), Some("False"));
        assert_eq!(sent(json!(null)), None);
        assert_eq!(sent(json!([1, "a"])).as_deref(), Some(r#"[1, "a"]"#));
    }

    #[test]
    fn members_keep_the_order_they_were_set_in() {
        let mut object = FormJson::object("Identifier", "+15558675310");
        object.set("FriendlyName", "Alice");
        object.set("Extra", json!({"a": [1]}));
        object.set("Identifier", "+15558675311");
        assert_eq!(
            object.param().as_deref(),
            Some(r#"{"Identifier": "+15558675311", "FriendlyName": "Alice", "Extra": {"a": [1]}}"#)
        );
        assert_eq!(object.get("FriendlyName"), Some(&json!("Alice")));
        assert_eq!(object.get("Missing"), None);
        assert_eq!(
            format!("{object:?}"),
            r#"{"Identifier": String("+15558675311"), "FriendlyName": String("Alice"), "Extra": Object {"a": Array [Number(1)]}}"#
        );
    }

    #[test]
    fn a_whole_value_is_sent_as_it_is_until_a_member_is_set() {
        let text = FormJson::whole(json!(r#"{"Identifier":"+15558675310"}"#));
        assert_eq!(
            text.param().as_deref(),
            Some(r#"{"Identifier":"+15558675310"}"#)
        );
        assert_eq!(FormJson::whole(Value::Null).param(), None);
        let mut object = FormJson::whole(json!({"Identifier": "+1"}));
        object.set("B", 2);
        object.set("Identifier", "+2");
        assert_eq!(
            object.param().as_deref(),
            Some(r#"{"Identifier": "+2", "B": 2}"#)
        );
        let mut replaced = FormJson::whole(json!(5));
        replaced.set("Identifier", "+1");
        assert_eq!(replaced.param().as_deref(), Some(r#"{"Identifier": "+1"}"#));
    }
}
