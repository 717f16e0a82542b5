//! The fake behind the `testing` feature: an in-process HTTP server that keeps records in memory
//! and answers every operation of the spec the way the paths and `x-twilio` metadata describe.
//!
//! The generated `testing` module describes the spec in [`Spec`] tables (resources, their paths,
//! operations, parameters and record fields); everything here is the same for every spec.
//!
//! Semantics, by path and method: `POST` on a list path creates, `GET` lists (scoped to the parent
//! path, in creation order, paged like Twilio), `GET`/`POST`/`DELETE` on an instance path fetch,
//! update (only the fields sent) and delete (with everything below it). A path that ends in a
//! literal (a singleton) exists implicitly. Unknown records and paths are Twilio's 404 (code 20404),
//! missing required parameters and values outside an enum a 400 (code 20001), a request without
//! Basic credentials a 401 (code 20003).

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::client::{Api, Client, ClientBuilder, Credentials};
use super::retry::RetryPolicy;
use super::signature::parse_form;

mod paths;
mod records;
mod serve;
mod spec;
mod state;

use paths::*;
use records::*;
use serve::*;
pub use spec::*;
use state::*;

/// A generated crate's `Client` whose spec the fake serves: the generated `testing` module
/// implements it with its tables.
#[doc(hidden)]
pub trait Fake: Api + Clone {
    /// The spec, as the fake reads it.
    const SPEC: &'static Spec;
}

/// The account SID the fake's client authenticates as.
const ACCOUNT_SID: &str = "AC00000000000000000000000000000000";
/// The fake's auth token.
const AUTH_TOKEN: &str = "fake-auth-token";
/// Largest request body the fake reads.
const BODY_LIMIT: usize = 1 << 20;

/// A stateful fake of the API on a loopback port, for testing code that uses this crate without
/// Twilio. Start it, use [`FakeTwilio::client`] (or [`FakeTwilio::client_builder`]) as you would a
/// real client, and assert on the records it holds and the requests it received.
///
/// It is faithful where the spec says something: paths, record shapes, SID prefixes, Twilio's
/// paging (`PageSize`, `Page`, `PageToken`, `meta` with next and previous URLs) and error
/// documents. It places no call and sends no message: a created Call or Message is a record, and
/// nothing happens to it afterwards. List filters compare a parameter with the record field of the
/// same name (page links keep them); range and date filters are ignored. Records come back in the
/// order they were created.
///
/// The server runs on the tokio runtime that starts it (current-thread or multi-thread) and stops
/// when the `FakeTwilio` is dropped.
pub struct FakeTwilio<A> {
    shared: Arc<Shared>,
    client: A,
    server: tokio::task::JoinHandle<()>,
}

impl<A> std::fmt::Debug for FakeTwilio<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeTwilio")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl<A> Drop for FakeTwilio<A> {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A request the fake received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The body's parameters (form fields, or a JSON object's members as JSON text), in order.
    pub params: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of a body parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a body parameter (a list is sent as repeated keys).
    pub fn params_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.params
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why [`FakeTwilio::seed`] refused a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError(String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

impl<A: Fake> FakeTwilio<A> {
    /// Binds a loopback port and starts serving; the client it hands out is configured for it.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound, or outside a tokio runtime: a test cannot go on.
    #[allow(
        clippy::expect_used,
        reason = "a test fixture that cannot start has nothing to return but a failed test"
    )]
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("FakeTwilio: binding a loopback port");
        let addr = listener
            .local_addr()
            .expect("FakeTwilio: the bound address");
        let base_url = format!("http://{addr}");
        let shared = Arc::new(Shared {
            spec: A::SPEC,
            base_url: base_url.clone(),
            state: Mutex::new(State::default()),
        });
        shared.seed_own_account();
        let server = tokio::spawn(serve(listener, shared.clone()));
        let client = Self::builder_for(&base_url)
            .build()
            .expect("FakeTwilio: a client for a loopback URL");
        Self {
            shared,
            client,
            server,
        }
    }

    fn builder_for(base_url: &str) -> ClientBuilder<A> {
        ClientBuilder::new()
            .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
            .base_url(base_url)
            .no_proxy()
            .strict_decoding(true)
            .retry_policy(
                RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(1))
                    .max_backoff(Duration::from_millis(20)),
            )
    }

    /// A client for the fake: its base URL and credentials, retries with millisecond backoff, and
    /// strict decoding (a record field that does not fit its type fails the call: a record you
    /// [`seed`](Self::seed) with a wrong shape shows up at once instead of as `None`).
    pub fn client(&self) -> &A {
        &self.client
    }

    /// A builder with the fake's base URL and credentials (and strict decoding, as for
    /// [`client`](Self::client)), to configure a client of your own (timeouts, retry policy) the
    /// way your code does.
    pub fn client_builder(&self) -> ClientBuilder<A> {
        Self::builder_for(&self.shared.base_url)
    }
}

impl<A> FakeTwilio<A> {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The account SID the fake's client authenticates as; records created through it carry it.
    pub fn account_sid(&self) -> &str {
        ACCOUNT_SID
    }

    /// The requests received so far, in order (those answered by a scripted fault included): all
    /// of them, or the most recent 10,000 once more have come (see
    /// [`set_request_log_limit`](Self::set_request_log_limit)).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.iter().cloned().collect()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// How many requests the log keeps: the most recent `limit`, older ones dropped (10,000 by
    /// default, so a long test suite that never reads the log does not grow it without bound);
    /// `None` keeps every request.
    pub fn set_request_log_limit(&self, limit: Option<usize>) {
        let mut state = self.shared.lock();
        state.request_log_limit = limit;
        state.trim_log();
    }

    /// How many requests were dropped from the front of the log to keep it within its limit.
    pub fn dropped_requests(&self) -> u64 {
        self.shared.lock().requests_dropped
    }

    /// Answers the next request with a Twilio error of this status (code `20000 + status`, as
    /// Twilio's 20429, 20500 and 20503 are) instead of handling it; the client's retries see it
    /// like any other answer. Calls queue up: two calls fail the next two requests.
    pub fn fail_next(&self, status: u16) {
        self.shared.lock().faults.push_back(Fault::Status(status));
    }

    /// Holds the next request for `delay` before handling it (to exercise timeouts).
    pub fn delay_next(&self, delay: Duration) {
        self.shared.lock().faults.push_back(Fault::Delay(delay));
    }

    /// Stores a record in the collection at `list_path` (`/v1/Services`, or a child list such as
    /// `/v1/Services/KS…/Sessions`) as if it had been created, and returns its identifier. Fields
    /// the record leaves out are filled as on create (SID, dates, URLs, parent SIDs); fields it
    /// sets are kept as given.
    pub fn seed(&self, list_path: &str, record: Value) -> Result<String, SeedError> {
        let Value::Object(given) = record else {
            return Err(SeedError("a seeded record must be a JSON object".into()));
        };
        let (path, query) = split_query(list_path);
        if !query.is_empty() {
            return Err(SeedError(format!(
                "{list_path:?}: a list path has no query"
            )));
        }
        let route = self
            .shared
            .route(path)
            .filter(|r| !r.instance)
            .ok_or_else(|| SeedError(format!("{list_path:?} is no list path of this API")))?;
        let mut state = self.shared.lock();
        let record = self.shared.new_record(&mut state, &route, &[], &given);
        let resource = &self.shared.spec.resources[route.resource];
        let id = record_id(resource, &record).unwrap_or_default();
        state
            .collections
            .entry(collection_key(path))
            .or_default()
            .push(record);
        Ok(id)
    }

    /// The records the collection at `list_path` holds, in creation order.
    pub fn records(&self, list_path: &str) -> Vec<Value> {
        let state = self.shared.lock();
        state
            .collections
            .get(&collection_key(list_path))
            .map(|records| records.iter().cloned().map(Value::Object).collect())
            .unwrap_or_default()
    }
}

#[doc(hidden)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed check is a failed test"
)]
pub mod checks;

#[cfg(test)]
mod tests;
