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
use time::format_description::well_known::{Rfc2822, Rfc3339};

use super::client::{Api, Client, ClientBuilder, Credentials};
use super::retry::RetryPolicy;
use super::signature::parse_form;

// ------------------------------------------------------------------ the spec tables

/// What the fake knows about a spec: its resources.
#[doc(hidden)]
pub struct Spec {
    /// Resources, parents before children.
    pub resources: &'static [Resource],
}

/// One resource: its list and instance paths, the prefix of its SIDs and its record's fields.
#[doc(hidden)]
pub struct Resource {
    /// `Session`.
    pub name: &'static str,
    /// Index of the parent resource.
    pub parent: Option<usize>,
    /// The list path, if any.
    pub list: Option<PathSpec>,
    /// The instance path, if any.
    pub instance: Option<PathSpec>,
    /// The two letters its SIDs start with.
    pub sid_prefix: Option<&'static str>,
    /// The record field that holds the instance path's last parameter (`sid`, `identity`).
    pub id_field: Option<&'static str>,
    /// Name of this resource's list in its parent's `links` (`sessions`).
    pub link_name: &'static str,
    /// The record's fields.
    pub fields: &'static [Field],
}

impl Resource {
    /// Whether its records can be created: its list path takes a `POST`.
    fn creatable(&self) -> bool {
        self.list
            .as_ref()
            .is_some_and(|l| l.operations.iter().any(|o| o.method == "POST"))
    }

    /// Whether a record names the identifier its instance path takes: its SID, or the field of its
    /// own path parameter. (Numbers' webhook configurations are addressed by a type the client
    /// chooses, which the created record does not hold.)
    fn identifiable(&self) -> bool {
        self.id_field.is_some() || self.fields.iter().any(|f| f.wire == "sid")
    }
}

/// A path template and the operations on it.
#[doc(hidden)]
pub struct PathSpec {
    /// `/v1/Services/{ServiceSid}/Sessions/{Sid}`.
    pub template: &'static str,
    /// For each path parameter, in order: the record field it fills (`service_sid`).
    pub param_fields: &'static [Option<&'static str>],
    /// The operations.
    pub operations: &'static [Operation],
}

/// One operation.
#[doc(hidden)]
pub struct Operation {
    /// operationId.
    pub id: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// Query, header and body parameters.
    pub params: &'static [Param],
    /// What a success answer holds.
    pub answer: Answer,
}

/// What a success answer holds.
#[doc(hidden)]
pub enum Answer {
    /// A page of records under `key`; `legacy`: paging data at the top level (`next_page_uri`)
    /// instead of in `meta`.
    Page { key: &'static str, legacy: bool },
    /// One record.
    Record,
    /// No body.
    Empty,
}

/// A parameter of an operation.
#[doc(hidden)]
pub struct Param {
    /// Its name on the wire.
    pub wire: &'static str,
    /// Its value's kind.
    pub kind: Kind,
    /// A list (repeated keys).
    pub list: bool,
    /// The caller must send it.
    pub required: bool,
    /// Sent in the query (else in the body).
    pub query: bool,
    /// The values an enum allows (empty: any).
    pub values: &'static [&'static str],
    /// The record field it sets (`FriendlyName` → `friendly_name`).
    pub field: Option<&'static str>,
    /// On a list, it filters by equality with that field (dates do not: their text differs).
    pub filter: bool,
}

/// A record field.
#[doc(hidden)]
pub struct Field {
    /// Its JSON name.
    pub wire: &'static str,
    /// Its value's kind.
    pub kind: Kind,
    /// A list.
    pub list: bool,
}

/// Value kinds, as the wire carries them.
#[derive(Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
#[allow(missing_docs, reason = "tables for generated code, hidden")]
pub enum Kind {
    Text,
    Integer,
    Number,
    Boolean,
    DateTime,
    DateTimeRfc2822,
    Date,
    Json,
}

// ------------------------------------------------------------------ the public face

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

    /// Every request received so far, in order (those answered by a scripted fault included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
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

// ------------------------------------------------------------------ state

struct Shared {
    spec: &'static Spec,
    base_url: String,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Collection key (the list path without `.json`) → records in creation order.
    collections: BTreeMap<String, Vec<Map<String, Value>>>,
    /// Singleton path → record.
    singletons: BTreeMap<String, Map<String, Value>>,
    requests: Vec<RecordedRequest>,
    faults: VecDeque<Fault>,
    /// Records created so far, for SIDs.
    created: u64,
}

enum Fault {
    Status(u16),
    Delay(Duration),
}

/// A request's path matched against the spec.
struct Route {
    resource: usize,
    /// The instance path (else the list path).
    instance: bool,
    /// The path parameters' values, in order.
    values: Vec<String>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread cannot leave the state half-written in a way later requests
        // would trip over: every mutation is one insert or remove.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn path_spec(&self, route: &Route) -> Option<&'static PathSpec> {
        let resource = &self.spec.resources[route.resource];
        if route.instance {
            resource.instance.as_ref()
        } else {
            resource.list.as_ref()
        }
    }

    /// The resource path that `path` names; with several, the one with the most literal segments.
    fn route(&self, path: &str) -> Option<Route> {
        let mut best: Option<(usize, Route)> = None;
        for (index, resource) in self.spec.resources.iter().enumerate() {
            for (instance, spec) in [(false, &resource.list), (true, &resource.instance)] {
                let Some(spec) = spec else { continue };
                if let Some((literals, values)) = match_template(spec.template, path)
                    && best.as_ref().is_none_or(|(b, _)| literals > *b)
                {
                    best = Some((
                        literals,
                        Route {
                            resource: index,
                            instance,
                            values,
                        },
                    ));
                }
            }
        }
        best.map(|(_, route)| route)
    }

    /// The account the client authenticates as exists, in every spec with an Accounts list (v2010):
    /// fetching it is how applications check their credentials.
    fn seed_own_account(&self) {
        let mut state = self.lock();
        for (index, resource) in self.spec.resources.iter().enumerate() {
            let Some(list) = &resource.list else { continue };
            if resource.sid_prefix != Some("AC") || template_params(list.template) != 0 {
                continue;
            }
            let route = Route {
                resource: index,
                instance: false,
                values: Vec::new(),
            };
            let mut given = Map::new();
            given.insert("sid".into(), Value::String(ACCOUNT_SID.into()));
            let record = self.new_record(&mut state, &route, &[], &given);
            state
                .collections
                .entry(collection_key(list.template))
                .or_default()
                .push(record);
        }
    }

    fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(0).unwrap_or(now)
    }

    /// A new record of the route's resource: every field null, then the SID, the parent SIDs from
    /// the path, the account, the parameters sent, dates and URLs.
    fn new_record(
        &self,
        state: &mut State,
        route: &Route,
        params: &[(&'static Param, Vec<String>)],
        given: &Map<String, Value>,
    ) -> Map<String, Value> {
        let resource = &self.spec.resources[route.resource];
        let mut record: Map<String, Value> = resource
            .fields
            .iter()
            .map(|f| (f.wire.to_owned(), Value::Null))
            .collect();
        state.created += 1;
        let generated = format!("{}{:032x}", sid_prefix(resource), state.created);
        if record.contains_key("sid") {
            record.insert("sid".into(), Value::String(generated.clone()));
        }
        if record.contains_key("account_sid") {
            record.insert("account_sid".into(), Value::String(ACCOUNT_SID.into()));
        }
        if let Some(spec) = self.path_spec(route) {
            for (field, value) in spec.param_fields.iter().zip(&route.values) {
                if let Some(field) = field.filter(|f| record.contains_key(*f)) {
                    record.insert(field.to_owned(), Value::String(value.clone()));
                }
            }
        }
        apply_params(resource, &mut record, params);
        // An identifier Twilio assigns that is not the SID (a conference participant's `call_sid`).
        if let Some(id) = resource.id_field
            && record.get(id).is_some_and(Value::is_null)
        {
            record.insert(id.to_owned(), Value::String(generated));
        }
        let now = self.now();
        for name in ["date_created", "date_updated"] {
            if let Some(field) = resource.fields.iter().find(|f| f.wire == name) {
                record.insert(name.into(), date_value(field.kind, now));
            }
        }
        for (k, v) in given {
            record.insert(k.clone(), v.clone());
        }
        self.fill_urls(route, &mut record);
        // What a seeded record sets is kept, URLs included.
        for (k, v) in given {
            record.insert(k.clone(), v.clone());
        }
        record
    }

    /// `url`, `uri`, `links` and `subresource_uris`, from the record's own path.
    fn fill_urls(&self, route: &Route, record: &mut Map<String, Value>) {
        let resource = &self.spec.resources[route.resource];
        let Some(instance) = &resource.instance else {
            return;
        };
        let mut values = route.values.clone();
        let own_params = template_params(instance.template);
        if own_params > values.len() {
            let Some(id) = record_id(resource, record) else {
                return;
            };
            values.push(id);
        }
        let path = render(instance.template, &values);
        if record.contains_key("url") {
            record.insert(
                "url".into(),
                Value::String(format!("{}{}", self.base_url, path)),
            );
        }
        if record.contains_key("uri") {
            record.insert("uri".into(), Value::String(path.clone()));
        }
        let children = self
            .spec
            .resources
            .iter()
            .filter(|c| c.parent == Some(route.resource))
            .filter_map(|c| c.list.as_ref().map(|l| (c.link_name, l.template)));
        let mut links = Map::new();
        let mut uris = Map::new();
        for (name, template) in children {
            let child = render(template, &values);
            links.insert(
                name.into(),
                Value::String(format!("{}{}", self.base_url, child)),
            );
            uris.insert(name.into(), Value::String(child));
        }
        if record.contains_key("links") {
            record.insert("links".into(), Value::Object(links));
        }
        if record.contains_key("subresource_uris") {
            record.insert("subresource_uris".into(), Value::Object(uris));
        }
    }
}

// ------------------------------------------------------------------ serving

/// Accepts connections until aborted; the connections' tasks belong to it, so aborting it (dropping
/// the `FakeTwilio`) ends them too, kept-alive ones included.
async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        while connections.try_join_next().is_some() {}
        let shared = shared.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move { Ok::<_, std::convert::Infallible>(answer(&shared, request).await) }
            });
            // A client that goes away mid-request is no concern of the fake's.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Answered = http::Response<Full<Bytes>>;

fn respond(status: StatusCode, body: Option<&Value>) -> Answered {
    let mut response = http::Response::new(Full::new(match body {
        Some(body) => Bytes::from(body.to_string()),
        None => Bytes::new(),
    }));
    *response.status_mut() = status;
    if body.is_some() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
    }
    response
}

/// Twilio's error document.
fn error(status: u16, code: u32, message: impl Into<String>) -> Answered {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    respond(
        status,
        Some(&json!({
            "code": code,
            "message": message.into(),
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status.as_u16(),
        })),
    )
}

fn not_found(path: &str) -> Answered {
    error(
        404,
        20404,
        format!("The requested resource {path} was not found"),
    )
}

fn split_query(target: &str) -> (&str, &str) {
    target.split_once('?').unwrap_or((target, ""))
}

fn decode_pairs(text: &[u8]) -> Vec<(String, String)> {
    parse_form(text)
        .into_iter()
        .map(|(k, v)| {
            (
                String::from_utf8_lossy(&k).into_owned(),
                String::from_utf8_lossy(&v).into_owned(),
            )
        })
        .collect()
}

async fn answer(shared: &Shared, request: http::Request<Incoming>) -> Answered {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return error(413, 20413, "the request body is too large"),
    };
    let path = parts.uri.path().to_owned();
    let query = decode_pairs(parts.uri.query().unwrap_or_default().as_bytes());
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim())
        // `application/json`, or a `+json` type (SCIM's `application/scim+json`).
        .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
    let params = if is_json {
        match serde_json::from_slice::<Map<String, Value>>(&body) {
            Ok(object) => object
                .into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect(),
            Err(_) if body.is_empty() => Vec::new(),
            Err(e) => return error(400, 20001, format!("the JSON body does not parse: {e}")),
        }
    } else {
        decode_pairs(&body)
    };
    let fault = {
        let mut state = shared.lock();
        state.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            query: query.clone(),
            params: params.clone(),
        });
        state.faults.pop_front()
    };
    match fault {
        Some(Fault::Status(status)) => {
            return error(
                status,
                20000 + u32::from(status),
                format!("scripted failure ({status})"),
            );
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let authorized = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Basic "));
    if !authorized {
        return error(401, 20003, "Authenticate");
    }
    let Some(route) = shared.route(&path) else {
        return not_found(&path);
    };
    let Some(spec) = shared.path_spec(&route) else {
        return not_found(&path);
    };
    let Some(operation) = spec
        .operations
        .iter()
        .find(|o| o.method == parts.method.as_str())
    else {
        return error(
            405,
            20004,
            format!("Method {} not allowed on {path}", parts.method),
        );
    };
    let params = match validate(operation, &query, &params) {
        Ok(params) => params,
        Err(message) => return error(400, 20001, message),
    };
    handle(shared, route, spec.template, operation, &query, &params)
}

/// The parameters an operation declares, as sent, after the checks the spec allows.
fn validate(
    operation: &Operation,
    query: &[(String, String)],
    body: &[(String, String)],
) -> Result<Vec<(&'static Param, Vec<String>)>, String> {
    let mut out = Vec::new();
    for param in operation.params {
        let sent = if param.query { query } else { body };
        let values: Vec<String> = sent
            .iter()
            .filter(|(k, _)| k == param.wire)
            .map(|(_, v)| v.clone())
            .collect();
        if values.is_empty() {
            if param.required {
                return Err(format!(
                    "Missing required parameter {} in the request",
                    param.wire
                ));
            }
            continue;
        }
        for value in &values {
            if !param.values.is_empty() && !param.values.contains(&value.as_str()) {
                return Err(format!(
                    "{} must be one of {:?}, not {value:?}",
                    param.wire, param.values
                ));
            }
            if parse_value(param.kind, value).is_none() {
                return Err(format!("{} is not a valid {:?}", param.wire, value));
            }
        }
        out.push((param, values));
    }
    Ok(out)
}

/// Resolves the ancestors the route names, outermost first: a stored ancestor named by an alias
/// (its unique name) is replaced by its SID, so that its children are stored in one place; an
/// ancestor that could exist (its resource can be created) but does not is the error, as its path.
fn resolve_parents(shared: &Shared, state: &State, route: &mut Route) -> Result<(), String> {
    let mut ancestors = Vec::new();
    let mut ancestor = shared.spec.resources[route.resource].parent;
    while let Some(index) = ancestor {
        ancestors.push(index);
        ancestor = shared.spec.resources[index].parent;
    }
    for &index in ancestors.iter().rev() {
        let resource = &shared.spec.resources[index];
        let Some(instance) = &resource.instance else {
            continue;
        };
        let count = template_params(instance.template);
        if count == 0 || count > route.values.len() {
            continue;
        }
        let path = render(instance.template, &route.values[..count]);
        let (key, _) = split_last(&path);
        let id = &route.values[count - 1];
        let stored = state
            .collections
            .get(&collection_key(key))
            .and_then(|records| records.iter().find(|r| matches_id(resource, r, id)));
        match stored.and_then(|r| record_id(resource, r)) {
            Some(canonical) => route.values[count - 1] = canonical,
            None => {
                if resource.creatable() && stored.is_none() && id != ACCOUNT_SID {
                    return Err(path);
                }
            }
        }
    }
    Ok(())
}

fn handle(
    shared: &Shared,
    mut route: Route,
    template: &str,
    operation: &Operation,
    query: &[(String, String)],
    params: &[(&'static Param, Vec<String>)],
) -> Answered {
    let resource = &shared.spec.resources[route.resource];
    let ends_in_param = ends_in_param(template);
    let mut state = shared.lock();
    if let Err(missing) = resolve_parents(shared, &state, &mut route) {
        return not_found(&missing);
    }
    let route = &route;
    // The path with every ancestor named by its SID.
    let path = &render(template, &route.values);
    // A list path, or an instance path whose record is one of a collection.
    if !route.instance || !ends_in_param {
        if !route.instance && operation.method == "POST" {
            let record = shared.new_record(&mut state, route, params, &Map::new());
            let answer = Value::Object(record.clone());
            state
                .collections
                .entry(collection_key(path))
                .or_default()
                .push(record);
            return respond(StatusCode::CREATED, Some(&answer));
        }
        if let Answer::Page { key, legacy } = operation.answer {
            let records = state
                .collections
                .get(&collection_key(path))
                .map(Vec::as_slice)
                .unwrap_or_default();
            return page(shared, path, query, params, records, key, legacy);
        }
        // A singleton (or a list path answered with one record): it exists implicitly.
        let key = collection_key(path);
        return match operation.method {
            "DELETE" => {
                state.singletons.remove(&key);
                respond(StatusCode::NO_CONTENT, None)
            }
            "GET" => {
                let record = match state.singletons.get(&key) {
                    Some(record) => record.clone(),
                    None => {
                        let record = shared.new_record(&mut state, route, &[], &Map::new());
                        state.singletons.insert(key, record.clone());
                        record
                    }
                };
                respond(StatusCode::OK, Some(&Value::Object(record)))
            }
            _ => {
                let mut record = match state.singletons.remove(&key) {
                    Some(record) => record,
                    None => shared.new_record(&mut state, route, &[], &Map::new()),
                };
                apply_params(resource, &mut record, params);
                touch(shared, resource, &mut record);
                state.singletons.insert(key, record.clone());
                respond(StatusCode::OK, Some(&Value::Object(record)))
            }
        };
    }
    let (parent_path, _) = split_last(path);
    let id = route.values.last().cloned().unwrap_or_default();
    let key = collection_key(parent_path);
    let records = state.collections.entry(key).or_default();
    let Some(position) = records.iter().position(|r| matches_id(resource, r, &id)) else {
        return not_found(path);
    };
    match operation.method {
        "DELETE" => {
            let removed = records.remove(position);
            let mut values = route.values.clone();
            if let (Some(last), Some(canonical)) =
                (values.last_mut(), record_id(resource, &removed))
            {
                *last = canonical;
            }
            let below = format!("{}/", collection_key(&render(template, &values)));
            state.collections.retain(|k, _| !k.starts_with(&below));
            state.singletons.retain(|k, _| !k.starts_with(&below));
            respond(StatusCode::NO_CONTENT, None)
        }
        "GET" => respond(
            StatusCode::OK,
            Some(&Value::Object(records[position].clone())),
        ),
        _ => {
            let record = &mut records[position];
            apply_params(resource, record, params);
            touch(shared, resource, record);
            respond(StatusCode::OK, Some(&Value::Object(record.clone())))
        }
    }
}

/// Sets `date_updated` to now.
fn touch(shared: &Shared, resource: &Resource, record: &mut Map<String, Value>) {
    if let Some(field) = resource.fields.iter().find(|f| f.wire == "date_updated") {
        record.insert("date_updated".into(), date_value(field.kind, shared.now()));
    }
}

/// One page of `records`, filtered by the query parameters that name record fields.
fn page(
    shared: &Shared,
    path: &str,
    query: &[(String, String)],
    params: &[(&'static Param, Vec<String>)],
    records: &[Map<String, Value>],
    key: &str,
    legacy: bool,
) -> Answered {
    let number = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse::<usize>().ok())
    };
    let size = number("PageSize").unwrap_or(50).min(1000);
    if size == 0 {
        return error(400, 20001, "PageSize must be between 1 and 1000");
    }
    let page_number = number("Page").unwrap_or(0);
    let offset = query
        .iter()
        .find(|(k, _)| k == "PageToken")
        .and_then(|(_, v)| v.strip_prefix("PT"))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(page_number.saturating_mul(size));
    let filters: Vec<(&str, &[String])> = params
        .iter()
        .filter(|(p, _)| p.filter && !matches!(p.wire, "PageSize" | "Page" | "PageToken"))
        .filter_map(|(p, values)| p.field.map(|f| (f, values.as_slice())))
        .collect();
    let matching: Vec<&Map<String, Value>> = records
        .iter()
        .filter(|r| {
            filters
                .iter()
                .all(|(field, values)| values.iter().all(|v| field_matches(r.get(*field), v)))
        })
        .collect();
    let items: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|r| Value::Object((*r).clone()))
        .collect();
    // Twilio's page links keep the request's filters; only the paging parameters change.
    let mut kept = super::params::Params::new();
    for (param, values) in params {
        if !matches!(param.wire, "PageSize" | "Page" | "PageToken") && param.query {
            for value in values {
                kept.push(param.wire, value);
            }
        }
    }
    let kept = kept.encode();
    let link = |page: usize, token: Option<usize>| {
        let mut url = format!("{path}?");
        if !kept.is_empty() {
            url.push_str(&kept);
            url.push('&');
        }
        url.push_str(&format!("PageSize={size}&Page={page}"));
        if let Some(token) = token {
            url.push_str(&format!("&PageToken=PT{token}"));
        }
        url
    };
    let next = (offset.saturating_add(size) < matching.len()).then(|| {
        link(
            page_number.saturating_add(1),
            Some(offset.saturating_add(size)),
        )
    });
    let previous = (page_number > 0 && offset > 0)
        .then(|| link(page_number - 1, Some(offset.saturating_sub(size))));
    let first = link(0, None);
    let current = link(
        page_number,
        (page_number > 0 || offset > 0).then_some(offset),
    );
    let absolute = |url: Option<String>| match url {
        Some(url) => Value::String(format!("{}{url}", shared.base_url)),
        None => Value::Null,
    };
    let relative = |url: Option<String>| url.map_or(Value::Null, Value::String);
    let body = if legacy {
        json!({
            key: items,
            "page": page_number,
            "page_size": size,
            "start": offset,
            "end": offset.saturating_add(items.len().saturating_sub(1)),
            "uri": relative(Some(current)),
            "first_page_uri": relative(Some(first)),
            "next_page_uri": relative(next),
            "previous_page_uri": relative(previous),
        })
    } else {
        json!({
            key: items,
            "meta": {
                "page": page_number,
                "page_size": size,
                "first_page_url": absolute(Some(first)),
                "previous_page_url": absolute(previous),
                "url": absolute(Some(current)),
                "next_page_url": absolute(next),
                "key": key,
            }
        })
    };
    respond(StatusCode::OK, Some(&body))
}

fn field_matches(value: Option<&Value>, wanted: &str) -> bool {
    match value {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Array(items)) => items.iter().any(|v| field_matches(Some(v), wanted)),
        Some(Value::Null) | None => false,
        // Numbers and booleans compare by their JSON text (`PageSize=3`, `IsReserved=true`).
        Some(other) => serde_json::to_string(other).is_ok_and(|text| text == wanted),
    }
}

// ------------------------------------------------------------------ records

/// Sets the fields the parameters name, converted to the field's kind.
fn apply_params(
    resource: &Resource,
    record: &mut Map<String, Value>,
    params: &[(&'static Param, Vec<String>)],
) {
    for (param, values) in params {
        let Some(field) = param
            .field
            .and_then(|f| resource.fields.iter().find(|x| x.wire == f))
        else {
            continue;
        };
        let converted: Vec<Value> = values
            .iter()
            .map(|v| parse_value(field.kind, v).unwrap_or_else(|| Value::String(v.clone())))
            .collect();
        let value = if field.list {
            Value::Array(converted)
        } else {
            converted.into_iter().next().unwrap_or(Value::Null)
        };
        record.insert(field.wire.to_owned(), value);
    }
}

/// A parameter's text as the JSON value of its kind, if it is one.
fn parse_value(kind: Kind, text: &str) -> Option<Value> {
    Some(match kind {
        Kind::Integer => Value::from(text.parse::<i64>().ok()?),
        Kind::Number => Value::from(text.parse::<f64>().ok()?),
        Kind::Boolean => Value::Bool(match text {
            "true" | "True" => true,
            "false" | "False" => false,
            _ => return None,
        }),
        Kind::DateTime => {
            OffsetDateTime::parse(text, &Rfc3339).ok()?;
            Value::String(text.to_owned())
        }
        Kind::Json => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into())),
        Kind::Text | Kind::DateTimeRfc2822 | Kind::Date => Value::String(text.to_owned()),
    })
}

fn date_value(kind: Kind, at: OffsetDateTime) -> Value {
    let text = match kind {
        Kind::DateTimeRfc2822 => at.format(&Rfc2822),
        Kind::Date => Ok(at.date().to_string()),
        _ => at.format(&Rfc3339),
    };
    text.map_or(Value::Null, Value::String)
}

/// The two letters a new record's SID starts with: the spec's, else the resource name's first two
/// capitals (the spec gives Messages no single prefix: `^(SM|MM)…`).
fn sid_prefix(resource: &Resource) -> String {
    if let Some(prefix) = resource.sid_prefix {
        return prefix.to_owned();
    }
    let capitals: String = resource
        .name
        .chars()
        .filter(char::is_ascii_uppercase)
        .take(2)
        .collect();
    if capitals.len() == 2 {
        capitals
    } else {
        resource
            .name
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(2)
            .collect::<String>()
            .to_ascii_uppercase()
    }
}

/// The value that identifies a record in its instance path.
fn record_id(resource: &Resource, record: &Map<String, Value>) -> Option<String> {
    resource
        .id_field
        .into_iter()
        .chain(["sid"])
        .find_map(|f| record.get(f).and_then(Value::as_str))
        .map(str::to_owned)
}

/// Whether `id` names the record: its identifying field, its SID or its unique name (Twilio
/// accepts a unique name where a SID is expected for several resources).
fn matches_id(resource: &Resource, record: &Map<String, Value>, id: &str) -> bool {
    resource
        .id_field
        .into_iter()
        .chain(["sid", "unique_name"])
        .any(|f| record.get(f).and_then(Value::as_str) == Some(id))
}

// ------------------------------------------------------------------ paths

/// Matches a concrete path against a template; on a match, the number of literal segments and the
/// parameters' values.
fn match_template(template: &str, path: &str) -> Option<(usize, Vec<String>)> {
    let mut literals = 0;
    let mut values = Vec::new();
    let mut want = template.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some((literals, values)),
            (Some(w), Some(h)) => match w.find('{').zip(w.find('}')) {
                Some((open, close)) => {
                    let (before, after) = (&w[..open], &w[close + 1..]);
                    let value = h.strip_prefix(before)?.strip_suffix(after)?;
                    if value.is_empty() {
                        return None;
                    }
                    values.push(percent_decoded(value));
                }
                None if w == h => literals += 1,
                None => return None,
            },
            _ => return None,
        }
    }
}

/// A path segment's text: `%XX` escapes decoded (a `+` stays a `+`, unlike in a form).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The template with its parameters replaced by `values`, in order.
fn render(template: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(values.next().map_or("", String::as_str));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether the template's last segment is a parameter (an instance of a collection), not a literal
/// (a singleton).
fn ends_in_param(template: &str) -> bool {
    template
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('{'))
}

fn template_params(template: &str) -> usize {
    template.matches('{').count()
}

/// `/a/b/c` → (`/a/b`, `c`).
fn split_last(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The key a collection is stored under: its path without the `.json` older APIs append.
fn collection_key(path: &str) -> String {
    path.strip_suffix(".json").unwrap_or(path).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_templates_and_decode_like_paths() {
        assert_eq!(
            match_template("/v1/Services/{Sid}", "/v1/Services/KS1"),
            Some((3, vec!["KS1".to_owned()]))
        );
        assert_eq!(
            match_template(
                "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
                "/2010-04-01/Accounts/AC1/Calls/CA%2B1.json"
            ),
            Some((4, vec!["AC1".to_owned(), "CA+1".to_owned()]))
        );
        assert_eq!(match_template("/v1/Services/{Sid}", "/v1/Services/"), None);
        assert_eq!(
            match_template("/v1/Services/{Sid}", "/v1/Services/a/b"),
            None
        );
        assert_eq!(percent_decoded("a+b%20c%zz"), "a+b c%zz");
        assert_eq!(
            render(
                "/v1/Services/{ServiceSid}/Sessions/{Sid}",
                &["KS1".into(), "KC2".into()]
            ),
            "/v1/Services/KS1/Sessions/KC2"
        );
        assert_eq!(
            collection_key("/2010-04-01/Accounts/AC1/Calls.json"),
            "/2010-04-01/Accounts/AC1/Calls"
        );
    }

    async fn body(answer: Answered) -> Value {
        let bytes = answer.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).unwrap()
    }

    static NO_RESOURCES: Spec = Spec { resources: &[] };

    #[tokio::test]
    async fn page_links_keep_the_filters_and_huge_pages_are_empty() {
        static STATUS: Param = Param {
            wire: "Status",
            kind: Kind::Text,
            list: false,
            required: false,
            query: true,
            values: &[],
            field: Some("status"),
            filter: true,
        };
        let shared = Shared {
            spec: &NO_RESOURCES,
            base_url: "http://fake".into(),
            state: Mutex::new(State::default()),
        };
        let records: Vec<Map<String, Value>> = (0..5)
            .map(|n| {
                let status = if n % 2 == 0 { "open" } else { "closed" };
                let mut record = Map::new();
                record.insert("status".into(), json!(status));
                record.insert("n".into(), json!(n));
                record
            })
            .collect();
        let params = [(&STATUS, vec!["open".to_owned()])];
        let query = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let numbers = |page: &Value| -> Vec<i64> {
            page["things"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["n"].as_i64().unwrap())
                .collect()
        };
        let first = query(&[("Status", "open"), ("PageSize", "2")]);
        let page1 = body(page(
            &shared,
            "/v1/Things",
            &first,
            &params,
            &records,
            "things",
            false,
        ))
        .await;
        assert_eq!(numbers(&page1), [0, 2]);
        assert_eq!(
            page1["meta"]["next_page_url"],
            "http://fake/v1/Things?Status=open&PageSize=2&Page=1&PageToken=PT2"
        );
        let second = query(&[
            ("Status", "open"),
            ("PageSize", "2"),
            ("Page", "1"),
            ("PageToken", "PT2"),
        ]);
        let page2 = body(page(
            &shared,
            "/v1/Things",
            &second,
            &params,
            &records,
            "things",
            false,
        ))
        .await;
        assert_eq!(numbers(&page2), [4]);
        assert!(page2["meta"]["next_page_url"].is_null());
        assert_eq!(
            page2["meta"]["previous_page_url"],
            "http://fake/v1/Things?Status=open&PageSize=2&Page=0&PageToken=PT0"
        );
        for huge in [
            query(&[("Page", "9223372036854775807")]),
            query(&[
                ("PageToken", "PT18446744073709551615"),
                ("Page", "18446744073709551615"),
            ]),
        ] {
            let empty = body(page(
                &shared,
                "/v1/Things",
                &huge,
                &[],
                &records,
                "things",
                true,
            ))
            .await;
            assert_eq!(numbers(&empty), Vec::<i64>::new());
            assert!(empty["next_page_uri"].is_null());
        }
    }
}

/// Checks every generated crate runs on its own spec (its `testing::tests`, run for every spec by
/// `xtask/tests/specs.rs`): they drive every resource through the fake with the runtime's client.
#[doc(hidden)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed check is a failed test"
)]
pub mod checks {
    use super::*;
    use crate::{Error, http::Request, params::Params};

    /// A value the parameter's kind accepts.
    fn sample(param: &Param) -> String {
        if let Some(first) = param.values.first() {
            return (*first).to_owned();
        }
        match param.kind {
            Kind::Integer => "1".into(),
            Kind::Number => "1.5".into(),
            Kind::Boolean => "true".into(),
            Kind::DateTime => "2030-01-02T03:04:05Z".into(),
            Kind::DateTimeRfc2822 => "Wed, 02 Jan 2030 03:04:05 +0000".into(),
            Kind::Date => "2030-01-02".into(),
            Kind::Json => "{}".into(),
            Kind::Text => "sample".into(),
        }
    }

    fn method(name: &str) -> Method {
        Method::from_bytes(name.as_bytes()).unwrap()
    }

    /// A request for `operation` on `path` with every required parameter set.
    fn request(spec: &PathSpec, operation: &Operation, path: String) -> Request {
        let mut request = Request::new(method(operation.method), operation.id, spec.template, path);
        let mut form = Params::new();
        for param in operation.params.iter().filter(|p| p.required) {
            let value = sample(param);
            if param.query {
                request.query.push(param.wire, &value);
            } else {
                form.push(param.wire, &value);
            }
        }
        if operation.method != "GET" && operation.method != "DELETE" {
            request.form = Some(form);
        }
        request
    }

    fn operation(spec: &PathSpec, method: &str) -> Option<&'static Operation> {
        let operations: &'static [Operation] = spec.operations;
        operations.iter().find(|o| o.method == method)
    }

    /// Creates a record of `index` (and of its ancestors first); its instance path's values.
    async fn create(
        spec: &'static Spec,
        client: &Client,
        index: usize,
        counter: &mut u32,
    ) -> Option<Vec<String>> {
        let resource = &spec.resources[index];
        let list = resource.list.as_ref()?;
        let post = operation(list, "POST")?;
        let wanted = template_params(list.template);
        let mut values = match resource.parent {
            Some(parent) => Box::pin(parent_values(spec, client, parent, counter)).await,
            None => Vec::new(),
        };
        values.resize_with(wanted, || invented(counter));
        values.truncate(wanted);
        let path = render(list.template, &values);
        let created: Value = client
            .send_json(request(list, post, path.clone()))
            .await
            .unwrap_or_else(|e| panic!("{} {path}: {e}", post.id))
            .into_value();
        let id = created.as_object().and_then(|r| record_id(resource, r))?;
        values.push(id);
        Some(values)
    }

    /// An identifier for a record nobody created (the fake lets it stand for any resource it cannot
    /// create: those exist implicitly).
    fn invented(counter: &mut u32) -> String {
        *counter += 1;
        format!("ZZ{:032x}", counter)
    }

    /// The instance path values of a record of `index`: created when the fake can create one, else
    /// invented below a real chain of parents.
    async fn parent_values(
        spec: &'static Spec,
        client: &Client,
        index: usize,
        counter: &mut u32,
    ) -> Vec<String> {
        if let Some(values) = create(spec, client, index, counter).await {
            return values;
        }
        let resource = &spec.resources[index];
        let mut values = match resource.parent {
            Some(parent) => Box::pin(parent_values(spec, client, parent, counter)).await,
            None => Vec::new(),
        };
        let wanted = resource
            .instance
            .as_ref()
            .map_or(values.len() + 1, |i| template_params(i.template));
        values.resize_with(wanted, || invented(counter));
        values.truncate(wanted);
        values
    }

    /// The account the fake's client authenticates as can be fetched.
    pub async fn the_account_the_client_authenticates_as_exists<A: Fake>() {
        let fake = FakeTwilio::<A>::start().await;
        let client = A::into_client(fake.client().clone());
        let accounts = A::SPEC.resources.iter().filter(|r| {
            r.sid_prefix == Some("AC")
                && r.list
                    .as_ref()
                    .is_some_and(|l| template_params(l.template) == 0)
        });
        for resource in accounts {
            let Some(instance) = &resource.instance else {
                continue;
            };
            let Some(get) = operation(instance, "GET") else {
                continue;
            };
            let path = render(instance.template, &[ACCOUNT_SID.to_owned()]);
            let account: Value = client
                .send_json(request(instance, get, path.clone()))
                .await
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .into_value();
            assert_eq!(account["sid"], ACCOUNT_SID);
        }
    }

    /// Every resource that can be created is created, fetched, listed, updated and deleted, then
    /// answers 404, parents first.
    pub async fn every_resource_is_created_fetched_listed_updated_and_deleted<A: Fake>() {
        let fake = FakeTwilio::<A>::start().await;
        let client = &A::into_client(fake.client().clone());
        let mut counter = 0;
        let mut exercised = Vec::new();
        for (index, resource) in A::SPEC.resources.iter().enumerate() {
            let Some(instance) = &resource.instance else {
                continue;
            };
            if !ends_in_param(instance.template) {
                continue;
            }
            let Some(values) = create(A::SPEC, client, index, &mut counter).await else {
                continue;
            };
            eprintln!("{}: {}", resource.name, render(instance.template, &values));
            let id = values.last().unwrap().clone();
            let path = render(instance.template, &values);
            if let Some(get) = operation(instance, "GET") {
                let fetched: Value = client
                    .send_json(request(instance, get, path.clone()))
                    .await
                    .unwrap_or_else(|e| panic!("{} {path}: {e}", get.id))
                    .into_value();
                let record = fetched.as_object().unwrap();
                assert_eq!(record_id(resource, record).as_deref(), Some(id.as_str()));
            }
            if let Some(list) = &resource.list
                && let Some(get) = operation(list, "GET")
                && let Answer::Page { key, .. } = get.answer
            {
                let list_path = render(list.template, &values[..values.len() - 1]);
                let page: Value = client
                    .send_json(request(list, get, list_path.clone()))
                    .await
                    .unwrap_or_else(|e| panic!("{} {list_path}: {e}", get.id))
                    .into_value();
                let records = page[key].as_array().unwrap();
                assert!(
                    records
                        .iter()
                        .any(|r| record_id(resource, r.as_object().unwrap()).as_deref()
                            == Some(id.as_str())),
                    "{} lists {id}",
                    get.id
                );
            }
            if let Some(update) = operation(instance, "POST") {
                client
                    .send_json::<Value>(request(instance, update, path.clone()))
                    .await
                    .unwrap_or_else(|e| panic!("{} {path}: {e}", update.id));
            }
            if let Some(delete) = operation(instance, "DELETE") {
                client
                    .send_empty(request(instance, delete, path.clone()))
                    .await
                    .unwrap_or_else(|e| panic!("{} {path}: {e}", delete.id));
                if let Some(get) = operation(instance, "GET") {
                    let gone = client
                        .send_json::<Value>(request(instance, get, path.clone()))
                        .await
                        .unwrap_err();
                    assert!(
                        matches!(&gone, Error::Api(api) if api.code == 20404 && api.status == 404),
                        "{gone}"
                    );
                }
            }
            exercised.push(resource.name);
        }
        // Every resource that can be created and has an instance path was exercised.
        let missed: Vec<&str> = A::SPEC
            .resources
            .iter()
            .filter(|r| {
                r.creatable()
                    && r.identifiable()
                    && r.instance
                        .as_ref()
                        .is_some_and(|i| ends_in_param(i.template))
                    && !exercised.contains(&r.name)
            })
            .map(|r| r.name)
            .collect();
        assert!(
            missed.is_empty(),
            "created but not found by their instance path: {missed:?}"
        );
    }
}
