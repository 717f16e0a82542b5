//! Hand-written runtime shipped inside every generated crate: the client and its configuration,
//! the error type, wire encoding of parameters, request execution with retries, and pagination.
//!
//! The generator copies these files verbatim; per-spec code only calls into them. Like any library,
//! the runtime serves every spec and a given spec uses only part of it (no JSON bodies, no RFC 2822
//! dates, no deletes…), so unused items here are expected, not a defect.

#![allow(
    dead_code,
    unused_imports,
    unused_macros,
    reason = "the runtime serves every spec; a given spec uses only part of it"
)]

pub(crate) mod adapters;
mod client;
mod error;
mod http;
pub(crate) mod macros;
mod page;
mod params;
mod retry;
pub(crate) mod sid;
pub mod signature;
#[cfg(feature = "testing")]
pub(crate) mod testing;
mod transport;

pub use client::{Client, ClientBuilder, Credentials, DEFAULT_MAX_RESPONSE_BODY};
pub use error::{ApiError, BodySnippet, Error, Result};
pub use http::Response;
pub use page::{Page, PageMeta, RecordStream};
pub use retry::RetryPolicy;
pub use sid::SidError;
pub use transport::TransportError;

pub(crate) use client::redact_userinfo;
pub(crate) use http::{Request, path_segment};
pub(crate) use macros::{request_methods, string_enum};
pub(crate) use page::page_size_for_limit;
pub(crate) use params::{JsonBody, Params, ToParam};
pub(crate) use retry::RequestOptions;
pub(crate) use sid::sid_types;

/// A boxed, sendable future: what awaiting a request builder runs.
pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'static>>;
