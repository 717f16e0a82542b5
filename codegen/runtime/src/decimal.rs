//! [`Decimal`]: a decimal number kept as the text Twilio sent, so that a price of `"-0.05000"` keeps
//! every digit (docs/decisions/022).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A decimal number as Twilio wrote it: prices (`"-0.05000"`), coordinates (`"19.720000"`), amounts.
///
/// Twilio's specs say `number` for these but its servers send text, and money must not pass through
/// binary floating point: `0.013` has no exact `f64`. A `Decimal` keeps the text (`as_str`, `Display`),
/// compares and hashes by value (`"0.050"` equals `"0.05"`, `"-0"` equals `"0"`), orders by value, and
/// converts with [`Decimal::to_f64`] when an approximation is what you want.
///
/// It decodes from a JSON number or from text in JSON number syntax (an optional sign, digits, an
/// optional fraction and exponent); a JSON number keeps the shortest text that reads back as the same
/// `f64` (`0.013`). It serializes as its text, a JSON string, so that no digit is lost.
///
/// ```
/// use twilio_runtime::Decimal;
///
/// let price: Decimal = "-0.05000".parse()?;
/// assert_eq!(price.as_str(), "-0.05000");
/// assert_eq!(price, "-0.05".parse::<Decimal>()?);
/// assert!(price < Decimal::from(0));
/// assert_eq!(price.to_f64(), -0.05);
/// # Ok::<(), twilio_runtime::DecimalError>(())
/// ```
#[derive(Clone)]
pub struct Decimal(Box<str>);

/// Text that is not a decimal number, from [`Decimal`]'s `FromStr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalError(());

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "not a decimal number (an optional sign, digits, an optional fraction and exponent)",
        )
    }
}

impl std::error::Error for DecimalError {}

impl Decimal {
    /// The text, as Twilio sent it (or as the number was written).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64` (an approximation: `0.013` has no exact binary form).
    pub fn to_f64(&self) -> f64 {
        // Valid decimal syntax (and the text of a non-finite `f64`) always parses.
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// The value as (negative, significant digits without leading or trailing zeros, exponent of
    /// the first digit): `-0.0500` → (true, "5", -2). Zero is (false, "", 0). `None` for the text
    /// of a non-finite `f64`.
    fn canonical(&self) -> Option<(bool, String, i64)> {
        let text = self.0.as_ref();
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits: String = int.chars().chain(frac.chars()).collect();
        let leading = digits.len() - digits.trim_start_matches('0').len();
        let significant = digits.trim_matches('0');
        if significant.is_empty() {
            return Some((false, String::new(), 0));
        }
        // The first significant digit's power of ten.
        let power = i64::try_from(int.len()).ok()? - i64::try_from(leading).ok()? - 1 + exponent;
        Some((negative, significant.to_owned(), power))
    }
}

/// Whether `text` is a decimal number: an optional sign, digits with an optional fraction (at
/// least one digit in all), an optional exponent.
fn is_decimal(text: &str) -> bool {
    let rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.len() <= 6 && digits(e)
    });
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac) && exponent_ok
}

impl FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(text: &str) -> Result<Self, DecimalError> {
        if is_decimal(text) {
            Ok(Self(text.into()))
        } else {
            Err(DecimalError(()))
        }
    }
}

impl From<f64> for Decimal {
    /// The shortest text that reads back as the same `f64` (`0.1` → `"0.1"`). A NaN or an infinity
    /// has no decimal form: its text (`NaN`, `inf`) is kept, and Twilio refuses it if sent.
    fn from(value: f64) -> Self {
        Self(value.to_string().into())
    }
}

macro_rules! from_integers {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Decimal {
            fn from(value: $ty) -> Self {
                Self(value.to_string().into())
            }
        }
    )*};
}

from_integers!(i32, i64, u32, u64);

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({})", self.0)
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    /// By value; the text of a non-finite `f64` (only made by `From<f64>`) orders by that `f64`'s
    /// `total_cmp`, after or before every finite value.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.canonical(), other.canonical()) {
            (Some(a), Some(b)) => compare(&a, &b),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

/// Compares two canonical forms (see [`Decimal::canonical`]).
fn compare(a: &(bool, String, i64), b: &(bool, String, i64)) -> Ordering {
    let sign = |c: &(bool, String, i64)| match (c.1.is_empty(), c.0) {
        (true, _) => 0,
        (false, true) => -1,
        (false, false) => 1,
    };
    let by_sign = sign(a).cmp(&sign(b));
    if by_sign != Ordering::Equal || sign(a) == 0 {
        return by_sign;
    }
    // Same sign, both non-zero: the larger power wins, then the digits from the left.
    let magnitude = a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1));
    if a.0 { magnitude.reverse() } else { magnitude }
}

impl Hash for Decimal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.canonical() {
            Some(canonical) => canonical.hash(state),
            None => self.to_f64().to_bits().hash(state),
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    /// A JSON number, or text in decimal syntax.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, or its text")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        v.parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Other("text"), &self))
    }
}

impl crate::params::ToParam for Decimal {
    fn to_param(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn keeps_the_text_and_compares_by_value() {
        assert_eq!(d("-0.05000").as_str(), "-0.05000");
        assert_eq!(d("-0.05000").to_string(), "-0.05000");
        assert_eq!(d("-0.05000"), d("-0.05"));
        assert_eq!(d("0.050"), d("5e-2"));
        assert_eq!(d("-0"), d("0.000"));
        assert_eq!(d("100"), d("1E2"));
        assert_eq!(d("007.50"), d("7.5"));
        assert_ne!(d("0.013"), d("0.0130001"));
        let mut sorted = [
            d("10"),
            d("-0.5"),
            d("0"),
            d("9.99"),
            d("-2"),
            d("0.013"),
            d("1e1"),
        ];
        sorted.sort();
        let texts: Vec<&str> = sorted.iter().map(Decimal::as_str).collect();
        assert_eq!(texts, ["-2", "-0.5", "0", "0.013", "9.99", "10", "1e1"]);
        let hash = |x: &Decimal| {
            use std::collections::hash_map::DefaultHasher;
            let mut h = DefaultHasher::new();
            x.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&d("0.50")), hash(&d("0.5")));
    }

    #[test]
    fn refuses_text_that_is_not_a_number() {
        for bad in [
            "", "-", ".", "1.2.3", "1e", "e5", "0x10", " 1", "1 ", "NaN", "inf", "1,5", "--1",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad:?}");
        }
        for good in [
            "0",
            "-0.05000",
            "+1",
            ".5",
            "5.",
            "1e-7",
            "19.720000",
            "1E+3",
        ] {
            assert_eq!(
                good.parse::<Decimal>().map(|x| x.to_string()),
                Ok(good.to_owned())
            );
        }
    }

    #[test]
    fn decodes_numbers_and_numeric_text_and_sends_its_text() {
        let values: Vec<Decimal> =
            serde_json::from_str(r#"["-0.05000", 0.013, 7, -3, "19.720000"]"#).unwrap();
        let texts: Vec<&str> = values.iter().map(Decimal::as_str).collect();
        assert_eq!(texts, ["-0.05000", "0.013", "7", "-3", "19.720000"]);
        assert!(serde_json::from_str::<Decimal>(r#""free""#).is_err());
        assert!(serde_json::from_str::<Decimal>("true").is_err());
        assert_eq!(serde_json::to_string(&values[0]).unwrap(), r#""-0.05000""#);
        use crate::params::ToParam;
        assert_eq!(Decimal::from(0.1).to_param(), "0.1");
        assert_eq!(Decimal::from(-3_i64).to_f64(), -3.0);
    }
}
