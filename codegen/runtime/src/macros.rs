//! What every request builder and every string enum share, written once: the generated modules
//! invoke these macros, so they hold the API (fields, setters, how a request is encoded) and
//! nothing else.
//!
//! The send methods return the runtime's [`Call`](crate::Call): the network part is compiled once,
//! in the runtime, and a decoding function per answer type is compiled where a request is sent.
//! Every non-generic method the macros write is `#[inline]`, as the generated code around them is
//! (decision 027): it is compiled to machine code in the crate that calls it, so a user's build
//! compiles the operations the user sends, not all of a product's.

/// The methods every request builder has besides its setters: per-call options and sending. The
/// builder has fields `handle` (whose `client` sends), `options` and, for lists, `limit`, and a
/// method `fn request(&self) -> Result<Request>`.
///
/// - `Builder -> Record`: `send()` decodes one record; awaiting the builder sends it.
/// - `Builder -> ()`: the answer has no body.
/// - `Builder -> pages of Record, "key"`: `page()`, `stream()` and `all()`; each page holds its
///   records under `key`.
#[doc(hidden)]
#[macro_export]
macro_rules! request_methods {
    (@options) => {
        /// Overrides the client's whole-request timeout for this call (each attempt); `None`
        /// disables it.
        #[inline]
        pub fn timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
            self.options.timeout = Some(timeout);
            self
        }

        /// Overrides the client's retry policy for this call.
        #[inline]
        pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
            self.options.retry = Some(policy);
            self
        }
    };
    (@into_future $builder:ident -> $output:ty) => {
        impl std::future::IntoFuture for $builder {
            type Output = $crate::Result<$output>;
            type IntoFuture = $crate::Call<$output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
    ($builder:ident -> pages of $item:ty, $key:literal) => {
        impl $builder {
            $crate::__private::request_methods!(@options);

            /// Fetches the one page this request names.
            #[inline]
            pub fn page(self) -> $crate::Call<$crate::Page<$item>> {
                let request = self.request();
                $crate::__private::call_page($crate::__private::Api::into_client(self.handle.client), request, $key)
            }

            /// Streams records lazily across pages, following `next_page_url`, up to the limit.
            #[inline]
            pub fn stream(self) -> $crate::RecordStream<$item> {
                let request = self.request();
                $crate::__private::paginate(
                    $crate::__private::Api::into_client(self.handle.client),
                    request,
                    $key,
                    self.limit,
                )
            }

            /// Collects every record across pages, up to the limit.
            #[inline]
            pub fn all(
                self,
            ) -> impl std::future::Future<Output = $crate::Result<Vec<$item>>> + Send + 'static {
                self.stream().try_collect_all()
            }
        }
    };
    ($builder:ident -> ()) => {
        impl $builder {
            $crate::__private::request_methods!(@options);

            /// Sends the request; the answer has no body.
            #[inline]
            pub fn send(self) -> $crate::Call<()> {
                let request = self.request();
                $crate::__private::call_empty($crate::__private::Api::into_client(self.handle.client), request)
            }

            /// Sends the request; the answer keeps its HTTP status and headers.
            #[inline]
            pub fn send_with_response(self) -> $crate::Call<$crate::Response<()>> {
                let request = self.request();
                $crate::__private::call_empty_response($crate::__private::Api::into_client(self.handle.client), request)
            }
        }

        $crate::__private::request_methods!(@into_future $builder -> ());
    };
    ($builder:ident -> $output:ty) => {
        impl $builder {
            $crate::__private::request_methods!(@options);

            /// Sends the request and decodes the answer.
            #[inline]
            pub fn send(self) -> $crate::Call<$output> {
                let request = self.request();
                $crate::__private::call_value($crate::__private::Api::into_client(self.handle.client), request)
            }

            /// Sends the request; the decoded answer keeps its HTTP status and headers.
            #[inline]
            pub fn send_with_response(self) -> $crate::Call<$crate::Response<$output>> {
                let request = self.request();
                $crate::__private::call_response($crate::__private::Api::into_client(self.handle.client), request)
            }
        }

        $crate::__private::request_methods!(@into_future $builder -> $output);
    };
}

/// A string enum, written as the enum with each variant's wire text as its discriminant (which
/// keeps the invocation valid Rust syntax, so it is formatted like any item). It decodes any value: exact spelling first, then ASCII case-insensitively
/// (Twilio sends `Voice` where the spec says `voice`), else `Unknown` with the text kept. It
/// converts from `&str` (so setters take `"country"` as well as the variant), parses, prints, is
/// text in JSON and on the wire.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the crate does not know; the text is kept as received.
            Unknown(String),
        }

        impl $name {
            /// Every value this version knows, in spec order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)*];

            /// The value as Twilio spells it.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        /// Exact spelling first, then ASCII case-insensitively, else `Unknown`.
        impl From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => match $crate::__private::position_ignore_case(&[$($wire),*], value) {
                        Some(index) => Self::KNOWN[index].clone(),
                        None => Self::Unknown(value.to_owned()),
                    },
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                let text =
                    <std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize<'de>>::deserialize(deserializer)?;
                Ok(Self::from(text.as_ref()))
            }
        }

        impl $crate::__private::ToParam for $name {
            #[inline]
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl $crate::__private::Lenient for $name {
            type Value = Self;
            const EXPECTING: &'static str = "text";

            fn lenient<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<$crate::__private::Fit<Self>, D::Error> {
                $crate::__private::lenient_text(deserializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    string_enum! {
        /// A test enum.
        pub enum Mode {
            /// `message-only`
            MessageOnly = "message-only",
            /// `Voice`
            Voice = "voice",
        }
    }

    #[test]
    fn enums_decode_any_text() {
        assert_eq!(Mode::from("message-only"), Mode::MessageOnly);
        assert_eq!(Mode::from("VOICE"), Mode::Voice);
        assert_eq!(Mode::from("fax"), Mode::Unknown("fax".into()));
        assert_eq!("voice".parse::<Mode>(), Ok(Mode::Voice));
        assert_eq!(Mode::KNOWN, &[Mode::MessageOnly, Mode::Voice]);
        let decoded: Vec<Mode> = serde_json::from_str(r#"["voice","Fax"]"#).unwrap();
        assert_eq!(decoded, [Mode::Voice, Mode::Unknown("Fax".into())]);
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"["voice","Fax"]"#
        );
        assert_eq!(Mode::Unknown("Fax".into()).to_string(), "Fax");
    }
}
