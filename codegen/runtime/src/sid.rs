//! SID types: what every generated `…Sid` newtype shares. The generated `sid` module declares one
//! type per prefix with [`sid_types!`]; the checks live here, once.
//!
//! A SID type is strict where the caller asks for it (`str::parse`, [`SidError`] on a wrong
//! prefix, length or digit) and lenient everywhere else: `From<&str>` and decoding an answer take
//! any text, because a response must never fail over an identifier's shape, and Twilio accepts
//! some documented aliases (a unique name where a SID is expected) that a check would refuse.

use std::fmt;

/// Number of hexadecimal digits after a SID's two-letter prefix.
const DIGITS: usize = 32;

/// Why text is not a SID of the expected kind: from `str::parse` on a SID type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidError {
    kind: &'static str,
    prefix: &'static str,
    text: String,
    problem: SidProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SidProblem {
    Prefix,
    Length(usize),
    Digit(usize),
}

impl SidError {
    /// The SID type that refused the text (`ServiceSid`).
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The prefix that type expects (`KS`).
    pub fn expected_prefix(&self) -> &'static str {
        self.prefix
    }
}

impl fmt::Display for SidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a {}: expected `{}` and {DIGITS} hexadecimal digits, but ",
            self.text, self.kind, self.prefix
        )?;
        match self.problem {
            SidProblem::Prefix => write!(f, "it does not start with `{}`", self.prefix),
            SidProblem::Length(len) => write!(f, "it is {len} characters long, not {}", DIGITS + 2),
            SidProblem::Digit(at) => write!(f, "character {at} is not a hexadecimal digit"),
        }
    }
}

impl std::error::Error for SidError {}

/// Checks `text` against a SID kind: its prefix, then exactly 32 hexadecimal digits. Text in the
/// error is cut to 64 characters, so a long mistaken paste does not flood a log.
pub fn check(kind: &'static str, prefix: &'static str, text: &str) -> Result<(), SidError> {
    let problem = if !text.starts_with(prefix) {
        Some(SidProblem::Prefix)
    } else if text.chars().count() != prefix.len() + DIGITS {
        Some(SidProblem::Length(text.chars().count()))
    } else {
        text.bytes()
            .skip(prefix.len())
            .position(|b| !b.is_ascii_hexdigit())
            .map(|i| SidProblem::Digit(i + prefix.len() + 1))
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(SidError {
            kind,
            prefix,
            text: text.chars().take(64).collect(),
            problem,
        }),
    }
}

/// Declares SID newtypes, each written as a unit struct with its prefix in an attribute
/// (`#[prefix = "KS"] pub struct ServiceSid;`, valid Rust syntax, so it is formatted like any
/// item). Each is text on the wire (serde transparent, sent as is), `Display`/`AsRef<str>`/
/// `Deref<Target = str>`, `FromStr` that checks the shape, and `From<&str>`/`From<String>` that do
/// not.
#[doc(hidden)]
#[macro_export]
macro_rules! sid_types {
    ($($(#[doc = $doc:literal])* #[prefix = $prefix:literal] pub struct $name:ident;)*) => {$(
        $(#[doc = $doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Any text, unchecked (like `From<String>`).
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                <String as $crate::__private::serde::Deserialize<'de>>::deserialize(deserializer).map(Self)
            }
        }

        impl $name {
            /// The two letters every SID of this kind starts with.
            pub const PREFIX: &'static str = $prefix;

            /// The SID as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The SID's text, without copying it.
            pub fn into_string(self) -> String {
                self.0
            }

            /// Whether the text has this kind's shape: the prefix, then 32 hexadecimal digits.
            /// Values made with `From` or decoded from an answer are not checked.
            pub fn is_well_formed(&self) -> bool {
                $crate::__private::check_sid(stringify!($name), $prefix, &self.0).is_ok()
            }
        }

        impl $crate::__private::Lenient for $name {
            type Value = Self;
            const EXPECTING: &'static str = "a SID";

            fn lenient<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<$crate::__private::Fit<Self>, D::Error> {
                $crate::__private::lenient_text(deserializer)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Checks the shape: the prefix, then 32 hexadecimal digits.
        impl std::str::FromStr for $name {
            type Err = $crate::SidError;

            fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
                $crate::__private::check_sid(stringify!($name), $prefix, text)?;
                Ok(Self(text.to_owned()))
            }
        }

        /// Takes the text as it is, unchecked (use `parse` to check it).
        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        /// Takes the text as it is, unchecked (use `parse` to check it).
        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        /// Takes the text as it is, unchecked (use `parse` to check it).
        impl From<&String> for $name {
            fn from(text: &String) -> Self {
                Self(text.clone())
            }
        }

        impl From<&$name> for $name {
            fn from(sid: &$name) -> Self {
                sid.clone()
            }
        }

        impl From<$name> for String {
            fn from(sid: $name) -> Self {
                sid.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl $crate::__private::ToParam for $name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(&self.0)
            }
        }
    )*};
}

sid_types! {
    /// The SID of a Twilio account: `AC` followed by 32 hexadecimal digits. The account that
    /// [`Credentials`](crate::Credentials) act for; generated crates use this type for their own
    /// account SIDs, so one value serves every product.
    #[prefix = "AC"]
    pub struct AccountSid;
    /// The SID of an API key: `SK` followed by 32 hexadecimal digits. Its secret authenticates
    /// with [`Credentials::api_key`](crate::Credentials::api_key).
    #[prefix = "SK"]
    pub struct ApiKeySid;
}

#[cfg(test)]
mod tests {
    sid_types! {
        /// A test kind.
        #[prefix = "KS"]
        pub struct ServiceSid;
    }

    const GOOD: &str = "KS0123456789abcdef0123456789ABCDEF";

    #[test]
    fn parse_checks_prefix_length_and_digits() {
        let sid: ServiceSid = GOOD.parse().unwrap();
        assert_eq!(sid.as_str(), GOOD);
        assert!(sid.is_well_formed());

        let wrong_prefix = "KC0123456789abcdef0123456789ABCDEF".parse::<ServiceSid>();
        assert_eq!(
            wrong_prefix.unwrap_err().to_string(),
            "\"KC0123456789abcdef0123456789ABCDEF\" is not a ServiceSid: expected `KS` and 32 \
             hexadecimal digits, but it does not start with `KS`"
        );
        let wide = format!("KS{}", "é".repeat(32))
            .parse::<ServiceSid>()
            .unwrap_err();
        assert!(
            wide.to_string()
                .ends_with("character 3 is not a hexadecimal digit"),
            "{wide}"
        );
        let short = "KS0123".parse::<ServiceSid>().unwrap_err();
        assert_eq!(short.kind(), "ServiceSid");
        assert_eq!(short.expected_prefix(), "KS");
        assert!(
            short
                .to_string()
                .ends_with("it is 6 characters long, not 34"),
            "{short}"
        );
        let digit = "KS0123456789abcdef0123456789ABCDEG".parse::<ServiceSid>();
        assert!(
            digit
                .unwrap_err()
                .to_string()
                .ends_with("character 34 is not a hexadecimal digit")
        );
        let long = "KS".repeat(100).parse::<ServiceSid>().unwrap_err();
        assert!(
            long.to_string()
                .starts_with(&format!("{:?}", "KS".repeat(32)))
        );
    }

    #[test]
    fn conversions_and_decoding_are_lenient() {
        let alias = ServiceSid::from("my-unique-name");
        assert!(!alias.is_well_formed());
        assert_eq!(alias, "my-unique-name");
        let decoded: ServiceSid = serde_json::from_str("\"not a sid\"").unwrap();
        assert_eq!(&*decoded, "not a sid");
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "\"not a sid\"");
        assert_eq!(format!("{decoded}"), "not a sid");
        assert_eq!(format!("{decoded:?}"), "ServiceSid(\"not a sid\")");
        assert_eq!(String::from(decoded), "not a sid");
    }
}
