//! Decoding record fields as leniently as Twilio's own libraries, and never losing a record to one
//! field (docs/decisions/022).
//!
//! Twilio's answers differ from its specs: numbers arrive as text (`"price": "-0.05000"`), and a
//! field may one day hold a shape its type does not expect. Each field of a generated record decodes
//! through [`field`] and a [`Lenient`] type:
//!
//! - *Coercions*, in every mode: a number (integer or decimal) from a JSON number or numeric text, a
//!   boolean from `true`/`false` or their text, text from a number or a boolean (its JSON text), an
//!   enum or a SID from text or a number.
//! - *Anything else that does not fit* (an object where a number belongs, text that is no number or no
//!   date) is drained from the input and the field is `None`; a `tracing` warning (target
//!   `twilio_runtime::decode`) names the operation, the record and the field, never the value, which may
//!   be a secret. The rest of the record decodes as usual.
//! - In *strict* mode ([`ClientBuilder::strict_decoding`](crate::ClientBuilder::strict_decoding),
//!   and the `testing` fake's client) such a field fails the call instead, with a
//!   [`Decode`](crate::Error::Decode) error naming the field.
//!
//! `null` is `None` in every mode.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// How a field's value turned out.
#[derive(Debug)]
pub enum Fit<T> {
    /// A value of the field's type (after coercions).
    Value(T),
    /// `null`.
    Null,
    /// A value of another shape, drained from the input.
    Misfit(Found),
}

/// The kind of JSON value found where another was expected: never the value itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// Text (that could not be read as the expected type).
    Text,
    /// An array (or one whose element did not fit).
    Array,
    /// An object (or one whose member did not fit).
    Object,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Found::Boolean => "a boolean",
            Found::Number => "a number",
            Found::Text => "text",
            Found::Array => "an array",
            Found::Object => "an object",
        })
    }
}

/// A type a record field can hold, decoded leniently (see the module docs). `Value` is the field's
/// Rust type: the type itself, or for a marker such as [`Rfc3339DateTime`](crate::adapters::Rfc3339DateTime) the
/// value it reads (`OffsetDateTime`).
pub trait Lenient {
    /// The decoded value.
    type Value;
    /// What was expected, for warnings and strict errors (`an integer`).
    const EXPECTING: &'static str;

    /// Decodes one value of any shape; only malformed JSON is an error.
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self::Value>, D::Error>;
}

/// Where decoding happens: the operation whose answer it is, and whether misfits fail.
#[derive(Debug, Clone, Copy)]
struct Scope {
    operation: &'static str,
    strict: bool,
}

thread_local! {
    static SCOPE: Cell<Scope> = const { Cell::new(Scope { operation: "", strict: false }) };
}

/// Runs `decode` (synchronous: it cannot move to another thread) with the operation named in
/// warnings and with misfits failing when `strict`.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn scoped<R>(operation: &'static str, strict: bool, decode: impl FnOnce() -> R) -> R {
    let _scope = ScopeGuard::enter(operation, strict);
    decode()
}

/// The decoding scope of the current thread while it lives, restored when it drops. Not generic,
/// so the callers that decode each record type compile none of it.
pub(crate) struct ScopeGuard(Scope);

impl ScopeGuard {
    pub(crate) fn enter(operation: &'static str, strict: bool) -> Self {
        Self(SCOPE.with(|scope| scope.replace(Scope { operation, strict })))
    }
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        SCOPE.with(|scope| scope.set(self.0));
    }
}

/// Decodes the value of the record field `name` (of `record`, which reads `a Session record`):
/// `Ok(None)` for `null`, and for a misfit outside strict mode (with a warning).
pub fn field<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    record: &'static str,
    name: &str,
) -> Result<Option<T::Value>, A::Error> {
    let mut value = None;
    set_field::<A, T>(map, record, name, &mut value)?;
    Ok(value)
}

/// [`field`] into the record's field `slot`: a generated record decodes each field in one call,
/// which costs a generated crate less to compile than a call and a `?` per field.
pub fn set_field<'de, A: MapAccess<'de>, T: Lenient>(
    map: &mut A,
    record: &'static str,
    name: &str,
    slot: &mut Option<T::Value>,
) -> Result<(), A::Error> {
    *slot = match map.next_value_seed(Seed::<T>(PhantomData))? {
        Fit::Value(value) => Some(value),
        Fit::Null => None,
        Fit::Misfit(found) => match misfit(record, name, T::EXPECTING, found) {
            None => None,
            Some(message) => return Err(de::Error::custom(message)),
        },
    };
    Ok(())
}

/// Reports a misfit: a warning and `None`, or in strict mode the error's message.
fn misfit(record: &str, field: &str, expected: &str, found: Found) -> Option<String> {
    let scope = SCOPE.with(Cell::get);
    if scope.strict {
        return Some(format!(
            "field `{field}` of {record}: expected {expected}, found {found} (strict decoding)"
        ));
    }
    tracing::warn!(
        target: "twilio_runtime::decode",
        operation = scope.operation,
        record,
        field,
        expected,
        found = %found,
        "a field did not fit its type and was decoded as None"
    );
    None
}

/// Decodes a [`Lenient`] value through serde's seed API.
pub struct Seed<T>(pub PhantomData<fn() -> T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = Fit<T::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::lenient(deserializer)
    }
}

/// How a scalar reads each JSON shape: `None` is a misfit. Unread shapes are misfits.
pub trait Scalar: Sized {
    /// What is expected (`an integer`).
    const EXPECTING: &'static str;
    /// From text.
    fn from_text(text: &str) -> Option<Self>;
    /// From a JSON integer.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// From a JSON integer above `i64::MAX`.
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    /// From a JSON number with a fraction or exponent.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    /// From `true` or `false`.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

/// Decodes a [`Scalar`] leniently: any JSON shape, misfits drained. Every scalar reads the input
/// through one visitor (`Plain`), so the deserializer's code is compiled once for all of them, not
/// once per field type.
pub fn scalar<'de, T: Scalar, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<T>, D::Error> {
    Ok(match read(deserializer, PlainShapes)? {
        Fit::Value(plain) => plain.into_scalar(),
        Fit::Null => Fit::Null,
        Fit::Misfit(found) => Fit::Misfit(found),
    })
}

/// A JSON value that is neither `null`, an array nor an object, as read: text borrowed from the
/// input when it has no escapes.
enum Plain<'de> {
    Boolean(bool),
    Integer(i64),
    Unsigned(u64),
    Float(f64),
    Text(Cow<'de, str>),
}

impl<'de> Plain<'de> {
    fn into_scalar<T: Scalar>(self) -> Fit<T> {
        match self {
            Plain::Boolean(v) => fit(T::from_bool(v), Found::Boolean),
            Plain::Integer(v) => fit(T::from_i64(v), Found::Number),
            Plain::Unsigned(v) => fit(
                i64::try_from(v).map_or_else(|_| T::from_u64(v), T::from_i64),
                Found::Number,
            ),
            Plain::Float(v) => fit(T::from_f64(v), Found::Number),
            Plain::Text(v) => fit(T::from_text(&v), Found::Text),
        }
    }

    /// The value as text: text as it is, a number or a boolean as its JSON text.
    fn into_text(self) -> Cow<'de, str> {
        match self {
            Plain::Boolean(v) => Cow::Borrowed(if v { "true" } else { "false" }),
            Plain::Integer(v) => Cow::Owned(v.to_string()),
            Plain::Unsigned(v) => Cow::Owned(v.to_string()),
            Plain::Float(v) => Cow::Owned(v.to_string()),
            Plain::Text(v) => v,
        }
    }
}

/// Reads any scalar as a [`Plain`] value.
struct PlainShapes;

impl<'de> Shapes<'de> for PlainShapes {
    type Value = Plain<'de>;
    const EXPECTING: &'static str = "a value";

    fn boolean(self, v: bool) -> Fit<Plain<'de>> {
        Fit::Value(Plain::Boolean(v))
    }

    fn integer(self, v: i64) -> Fit<Plain<'de>> {
        Fit::Value(Plain::Integer(v))
    }

    fn unsigned(self, v: u64) -> Fit<Plain<'de>> {
        Fit::Value(Plain::Unsigned(v))
    }

    fn float(self, v: f64) -> Fit<Plain<'de>> {
        Fit::Value(Plain::Float(v))
    }

    fn text(self, v: &str) -> Fit<Plain<'de>> {
        Fit::Value(Plain::Text(Cow::Owned(v.to_owned())))
    }

    fn borrowed_text(self, v: &'de str) -> Fit<Plain<'de>> {
        Fit::Value(Plain::Text(Cow::Borrowed(v)))
    }
}

fn fit<T>(value: Option<T>, found: Found) -> Fit<T> {
    value.map_or(Fit::Misfit(found), Fit::Value)
}

/// How a lenient decoder reads each JSON shape; a shape it does not take is a misfit (an array or
/// an object is drained from the input first). `null` is always [`Fit::Null`]. [`read`] drives it.
pub(crate) trait Shapes<'de>: Sized {
    /// What it decodes to.
    type Value;
    /// What it expects, for serde's messages.
    const EXPECTING: &'static str;

    fn boolean(self, _: bool) -> Fit<Self::Value> {
        Fit::Misfit(Found::Boolean)
    }

    fn integer(self, _: i64) -> Fit<Self::Value> {
        Fit::Misfit(Found::Number)
    }

    fn unsigned(self, _: u64) -> Fit<Self::Value> {
        Fit::Misfit(Found::Number)
    }

    fn float(self, _: f64) -> Fit<Self::Value> {
        Fit::Misfit(Found::Number)
    }

    fn text(self, _: &str) -> Fit<Self::Value> {
        Fit::Misfit(Found::Text)
    }

    /// Text borrowed from the input (no escapes in it); the same as [`text`](Self::text) unless a
    /// reader keeps it.
    fn borrowed_text(self, v: &'de str) -> Fit<Self::Value> {
        self.text(v)
    }

    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Fit<Self::Value>, A::Error> {
        drain_seq(seq)?;
        Ok(Fit::Misfit(Found::Array))
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Fit<Self::Value>, A::Error> {
        drain_map(map)?;
        Ok(Fit::Misfit(Found::Object))
    }
}

/// Reads one value of any shape with `shapes`.
pub(crate) fn read<'de, S: Shapes<'de>, D: Deserializer<'de>>(
    deserializer: D,
    shapes: S,
) -> Result<Fit<S::Value>, D::Error> {
    deserializer.deserialize_any(Reading(shapes))
}

struct Reading<S>(S);

impl<'de, S: Shapes<'de>> Visitor<'de> for Reading<S> {
    type Value = Fit<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(S::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(self.0.boolean(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.0.integer(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.0.unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self.0.float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.text(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(self.0.borrowed_text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Fit::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Fit::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.map(map)
    }
}

macro_rules! lenient_scalars {
    ($($ty:ty),*) => {$(
        impl Lenient for $ty {
            type Value = $ty;
            const EXPECTING: &'static str = <$ty as Scalar>::EXPECTING;

            fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<$ty>, D::Error> {
                scalar(deserializer)
            }
        }
    )*};
}

lenient_scalars!(String, i64, i32, u32, f64, bool, crate::Decimal);

/// An integer from an `f64` with no fraction, in range.
fn integral(v: f64) -> Option<i64> {
    // 2^63 as f64 is exact; every integral f64 in (-2^63, 2^63) converts without loss.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (v.fract() == 0.0 && v > -LIMIT && v < LIMIT).then_some(v as i64)
}

/// An integer from text: `"12"`, or a decimal with no fraction (`"12.0"`).
fn integer_text(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().or_else(|| {
        text.parse::<crate::Decimal>()
            .ok()
            .and_then(|d| integral(d.to_f64()))
    })
}

impl Scalar for i64 {
    const EXPECTING: &'static str = "an integer";
    fn from_text(text: &str) -> Option<Self> {
        integer_text(text)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn from_f64(v: f64) -> Option<Self> {
        integral(v)
    }
}

/// Narrower integers: what an `i64` reads, in range.
macro_rules! narrow_integers {
    ($($ty:ty => $expecting:literal),*) => {$(
        impl Scalar for $ty {
            const EXPECTING: &'static str = $expecting;
            fn from_text(text: &str) -> Option<Self> {
                integer_text(text).and_then(|v| v.try_into().ok())
            }
            fn from_i64(v: i64) -> Option<Self> {
                v.try_into().ok()
            }
            fn from_f64(v: f64) -> Option<Self> {
                integral(v).and_then(|v| v.try_into().ok())
            }
        }
    )*};
}

narrow_integers!(i32 => "a 32-bit integer", u32 => "a count");

impl Scalar for f64 {
    const EXPECTING: &'static str = "a number";
    fn from_text(text: &str) -> Option<Self> {
        // Decimal syntax only: not `NaN` or `inf`, which Rust's parser would take.
        text.parse::<crate::Decimal>().ok().map(|d| d.to_f64())
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
}

impl Scalar for crate::Decimal {
    const EXPECTING: &'static str = "a decimal number";
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v.into())
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v.into())
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v.into())
    }
}

impl Scalar for bool {
    const EXPECTING: &'static str = "a boolean";
    fn from_text(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}

impl Scalar for String {
    const EXPECTING: &'static str = "text";
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v.to_string())
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(v.to_string())
    }
}

/// Text-like values (enums, SIDs) from text, or from the text of a number or a boolean: never a
/// misfit for a scalar.
pub fn text<'de, T: for<'a> From<&'a str>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Fit<T>, D::Error> {
    Ok(match read(deserializer, PlainShapes)? {
        Fit::Value(plain) => Fit::Value(T::from(&plain.into_text())),
        Fit::Null => Fit::Null,
        Fit::Misfit(found) => Fit::Misfit(found),
    })
}

/// Any value `T` decodes without failing on its shape (a union with a JSON catch-all, a JSON
/// value): `null` is [`Fit::Null`], anything else is `T`.
pub fn any<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Fit<T>, D::Error> {
    Ok(
        match <Option<T> as de::Deserialize<'de>>::deserialize(deserializer)? {
            Some(value) => Fit::Value(value),
            None => Fit::Null,
        },
    )
}

impl Lenient for serde_json::Value {
    type Value = serde_json::Value;
    const EXPECTING: &'static str = "any JSON";

    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self>, D::Error> {
        any(deserializer)
    }
}

impl<T: Lenient> Lenient for Box<T> {
    type Value = Box<T::Value>;
    const EXPECTING: &'static str = T::EXPECTING;

    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self::Value>, D::Error> {
        Ok(match T::lenient(deserializer)? {
            Fit::Value(value) => Fit::Value(Box::new(value)),
            Fit::Null => Fit::Null,
            Fit::Misfit(found) => Fit::Misfit(found),
        })
    }
}

/// A list whose every element fits (a `null` element does not); else a misfit of the whole list.
impl<T: Lenient> Lenient for Vec<T> {
    type Value = Vec<T::Value>;
    const EXPECTING: &'static str = "an array";

    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self::Value>, D::Error> {
        read(deserializer, Container::<Self>(PhantomData))
    }
}

/// An object whose every member fits; else a misfit of the whole object.
impl<T: Lenient> Lenient for BTreeMap<String, T> {
    type Value = BTreeMap<String, T::Value>;
    const EXPECTING: &'static str = "an object";

    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fit<Self::Value>, D::Error> {
        read(deserializer, Container::<Self>(PhantomData))
    }
}

/// A list or map of lenient values; other shapes are misfits.
struct Container<C>(PhantomData<fn() -> C>);

/// Drains what is left of a sequence after a misfit.
pub(crate) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Drains what is left of a map after a misfit.
pub(crate) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de, T: Lenient> Shapes<'de> for Container<Vec<T>> {
    type Value = Vec<T::Value>;
    const EXPECTING: &'static str = "an array";

    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Fit<Self::Value>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(element) = seq.next_element_seed(Seed::<T>(PhantomData))? {
            match element {
                Fit::Value(value) => out.push(value),
                Fit::Null | Fit::Misfit(_) => {
                    drain_seq(seq)?;
                    return Ok(Fit::Misfit(Found::Array));
                }
            }
        }
        Ok(Fit::Value(out))
    }
}

impl<'de, T: Lenient> Shapes<'de> for Container<BTreeMap<String, T>> {
    type Value = BTreeMap<String, T::Value>;
    const EXPECTING: &'static str = "an object";

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fit<Self::Value>, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value_seed(Seed::<T>(PhantomData))? {
                Fit::Value(value) => {
                    out.insert(key, value);
                }
                Fit::Null | Fit::Misfit(_) => {
                    drain_map(map)?;
                    return Ok(Fit::Misfit(Found::Object));
                }
            }
        }
        Ok(Fit::Value(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `json` as a `T` field.
    fn one<T: Lenient>(json: &str) -> Fit<T::Value> {
        let mut de = serde_json::Deserializer::from_str(json);
        Seed::<T>(PhantomData).deserialize(&mut de).unwrap()
    }

    fn value<T: Lenient>(json: &str) -> Option<T::Value> {
        match one::<T>(json) {
            Fit::Value(v) => Some(v),
            _ => None,
        }
    }

    fn found<T: Lenient>(json: &str) -> Option<Found> {
        match one::<T>(json) {
            Fit::Misfit(found) => Some(found),
            _ => None,
        }
    }

    #[test]
    fn numbers_come_from_numbers_and_numeric_text() {
        assert_eq!(value::<f64>(r#""-0.05000""#), Some(-0.05));
        assert_eq!(value::<f64>("19.72"), Some(19.72));
        assert_eq!(value::<f64>("3"), Some(3.0));
        assert_eq!(found::<f64>(r#""NaN""#), Some(Found::Text));
        assert_eq!(found::<f64>(r#""inf""#), Some(Found::Text));
        assert_eq!(value::<i64>(r#""12""#), Some(12));
        assert_eq!(value::<i64>(r#""12.0""#), Some(12));
        assert_eq!(value::<i64>("12.0"), Some(12));
        assert_eq!(found::<i64>("12.5"), Some(Found::Number));
        assert_eq!(found::<i64>(r#""12.5""#), Some(Found::Text));
        assert_eq!(found::<i64>("1e300"), Some(Found::Number));
        assert_eq!(found::<i64>("18446744073709551615"), Some(Found::Number));
        assert_eq!(value::<i32>("-7"), Some(-7));
        assert_eq!(found::<i32>("4294967296"), Some(Found::Number));
        assert_eq!(found::<u32>("-1"), Some(Found::Number));
        assert_eq!(
            value::<crate::Decimal>(r#""-0.05000""#).map(|d| d.to_string()),
            Some("-0.05000".to_owned())
        );
        assert_eq!(
            value::<crate::Decimal>("0.013").map(|d| d.to_string()),
            Some("0.013".to_owned())
        );
        assert_eq!(found::<crate::Decimal>(r#""free""#), Some(Found::Text));
    }

    #[test]
    fn booleans_and_text_coerce_and_other_shapes_do_not_fit() {
        assert_eq!(value::<bool>(r#""true""#), Some(true));
        assert_eq!(value::<bool>(r#""False""#), Some(false));
        assert_eq!(value::<bool>("true"), Some(true));
        assert_eq!(found::<bool>(r#""yes""#), Some(Found::Text));
        assert_eq!(found::<bool>("1"), Some(Found::Number));
        assert_eq!(value::<String>("42"), Some("42".to_owned()));
        assert_eq!(value::<String>("true"), Some("true".to_owned()));
        assert_eq!(found::<String>(r#"{"a":[1,{"b":2}]}"#), Some(Found::Object));
        assert_eq!(found::<String>("[1,2]"), Some(Found::Array));
        assert!(matches!(one::<String>("null"), Fit::Null));
        assert!(matches!(one::<i64>("null"), Fit::Null));
    }

    #[test]
    fn containers_fit_only_when_every_element_does() {
        assert_eq!(value::<Vec<i64>>(r#"[1,"2",3.0]"#), Some(vec![1, 2, 3]));
        assert_eq!(found::<Vec<i64>>(r#"[1,"two",3]"#), Some(Found::Array));
        assert_eq!(found::<Vec<i64>>(r#"[1,null]"#), Some(Found::Array));
        assert_eq!(found::<Vec<i64>>(r#""1,2""#), Some(Found::Text));
        assert_eq!(found::<Vec<i64>>(r#"{"a":1}"#), Some(Found::Object));
        let map = value::<BTreeMap<String, f64>>(r#"{"a":"1.5","b":2}"#).unwrap();
        assert_eq!(map["a"], 1.5);
        assert_eq!(
            found::<BTreeMap<String, f64>>(r#"{"a":[]}"#),
            Some(Found::Object)
        );
        assert_eq!(found::<BTreeMap<String, f64>>("[]"), Some(Found::Array));
        assert!(matches!(one::<Vec<i64>>("null"), Fit::Null));
    }

    #[test]
    fn a_misfit_is_drained_so_the_next_field_decodes() {
        // The input after the misfit is intact: a sequence of values decodes in order.
        let json = r#"[{"deep":[{"x":[1,2,{"y":"z"}]}]}, 5]"#;
        let mut de = serde_json::Deserializer::from_str(json);
        struct Two;
        impl<'de> Visitor<'de> for Two {
            type Value = (Option<Found>, Option<i64>);
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("two values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let first = seq.next_element_seed(Seed::<i64>(PhantomData))?;
                let second = seq.next_element_seed(Seed::<i64>(PhantomData))?;
                Ok((
                    match first {
                        Some(Fit::Misfit(found)) => Some(found),
                        _ => None,
                    },
                    match second {
                        Some(Fit::Value(v)) => Some(v),
                        _ => None,
                    },
                ))
            }
        }
        let (first, second) = de.deserialize_seq(Two).unwrap();
        assert_eq!(first, Some(Found::Object));
        assert_eq!(second, Some(5));
    }

    #[test]
    fn strict_mode_makes_a_misfit_an_error_naming_the_field_and_not_the_value() {
        assert_eq!(
            misfit("a Session record", "ttl", "an integer", Found::Text),
            None
        );
        let message = scoped("FetchSession", true, || {
            misfit("a Session record", "ttl", "an integer", Found::Text)
        })
        .unwrap();
        assert_eq!(
            message,
            "field `ttl` of a Session record: expected an integer, found text (strict decoding)"
        );
        // The scope ends with the closure.
        assert_eq!(
            misfit("a Session record", "ttl", "an integer", Found::Text),
            None
        );
    }
}
