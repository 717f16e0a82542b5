//! The runtime every generated Twilio API crate shares: the client and its configuration, the
//! HTTP transport (hyper and rustls), retries and timeouts, the error type, wire encoding of
//! parameters, pagination, SID checks and webhook signatures.
//!
//! You do not depend on this crate yourself: a generated crate (`twilio-proxy`, `twilio-api`, …)
//! depends on it and re-exports what you use ([`Error`], [`RetryPolicy`], [`Page`], …), with its
//! own `Client` that reaches its product. Several generated crates in one program share this
//! crate, so its code (the transport above all) is compiled once, not once per product.
//!
//! The generated code calls into this crate through `__private`, which is not public API: it may
//! change in any release, and each generated crate requires the runtime version it was made for.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[doc(hidden)]
pub mod adapters;
mod call;
mod client;
mod datetime;
mod decimal;
mod error;
mod exchange;
mod form_json;
mod http;
mod lenient;
mod macros;
mod page;
mod params;
mod record;
mod retry;
mod sid;
pub mod signature;
#[cfg(feature = "testing")]
pub mod testing;
mod transport;

pub use call::Call;
pub use client::{Client, ClientBuilder, Credentials, DEFAULT_MAX_RESPONSE_BODY};
pub use decimal::{Decimal, DecimalError};
pub use error::{ApiError, BodySnippet, Error, Result};
pub use http::Response;
pub use page::{Page, PageMeta, RecordStream};
pub use retry::RetryPolicy;
pub use sid::{AccountSid, ApiKeySid, SidError};
pub use transport::TransportError;

/// What generated crates call: not public API, and not covered by semver.
#[doc(hidden)]
pub mod __private {
    pub use crate::adapters;
    pub use crate::call::{
        call_empty, call_empty_response, call_page, call_response, call_value, paginate,
    };
    pub use crate::client::{Api, Redacted, redact_userinfo, with_user_agent_extension};
    pub use crate::datetime::parse_rfc3339;
    pub use crate::error::identifier;
    pub use crate::form_json::FormJson;
    pub use crate::http::{Request, path_segment};
    pub use crate::lenient::{
        Fit, Found, Lenient, Scalar, Seed, any as lenient_any, field, set_field,
    };
    pub use crate::lenient::{scalar as lenient_scalar, text as lenient_text};
    pub use crate::page::page_size_for_limit;
    pub use crate::params::position_ignore_case;
    pub use crate::params::{JsonBody, Params, ToParam};
    pub use crate::record::lenient as lenient_record;
    pub use crate::record::{
        Record, RecordWriter, SerializeWith, deserialize as deserialize_record, skip as skip_field,
    };
    pub use crate::retry::RequestOptions;
    pub use crate::sid::check as check_sid;
    pub use crate::{Result, SidError, request_methods, sid_types, string_enum};
    pub use http::{self, Method};
    pub use {bytes, serde};
}
