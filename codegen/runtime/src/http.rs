//! Request execution: URL building with safe path segments, headers, form bodies, and turning the
//! answer into a decoded value or a typed [`Error`].

use std::time::{Duration, Instant, SystemTime};

use http::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue,
    USER_AGENT,
};
use http::{Method, StatusCode, Uri};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::client::Client;
use super::error::{ERROR_BODY_LIMIT, Error, Result};
use super::params::{Params, percent_encode_into};
use super::retry::{Outcome, RequestOptions, jitter_random, retry_after};
use super::transport::{Body, Deadline, TransportError};

/// Percent-encodes a path parameter as exactly one path segment: every byte outside
/// `A-Za-z0-9-._~` is `%XX`-encoded, so `/`, `?`, `#` and `%` can never change which URL is requested.
/// Values that would still alter the path (empty, `.`, `..`) are refused.
pub fn path_segment(name: &'static str, value: &str) -> Result<String> {
    let mut out = String::with_capacity(value.len());
    push_segment(&mut out, name, value)?;
    Ok(out)
}

/// Appends `value` to `path` as one path segment (see [`path_segment`]).
fn push_segment(path: &mut String, name: &'static str, value: &str) -> Result<()> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidParameter {
            name,
            reason: format!("{value:?} is not allowed as a path segment"),
        });
    }
    percent_encode_into(path, value, false);
    Ok(())
}

/// `template` with each `{Name}` replaced by the next of `segments`, encoded as [`path_segment`]
/// encodes it.
fn fill_template(template: &'static str, segments: &[(&'static str, &str)]) -> Result<String> {
    let extra: usize = segments.iter().map(|(_, value)| value.len()).sum();
    let mut path = String::with_capacity(template.len() + extra);
    let mut values = segments.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|at| open + at) else {
            break;
        };
        let Some(&(name, value)) = values.next() else {
            return Err(Error::InvalidParameter {
                name: template,
                reason: format!("no value for the path parameter {}", &rest[open..=close]),
            });
        };
        path.push_str(&rest[..open]);
        push_segment(&mut path, name, value)?;
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    match values.next() {
        Some((name, _)) => Err(Error::InvalidParameter {
            name,
            reason: format!("{template} has no place for it"),
        }),
        None => Ok(path),
    }
}

/// One API call, as generated code describes it.
#[derive(Debug)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// The spec's operationId (for diagnostics and tracing).
    pub operation_id: &'static str,
    /// The spec's path template (`/v1/Services/{ServiceSid}`), for diagnostics and tracing.
    pub path_template: &'static str,
    /// The concrete path, with encoded segments.
    pub path: String,
    /// Query parameters.
    pub query: Params,
    /// Header parameters.
    pub headers: Params,
    /// Form body parameters (POST sends a form body even when empty).
    pub form: Option<Params>,
    /// A JSON body, as text.
    pub json: Option<String>,
    /// Per-request timeout and retry settings.
    pub options: RequestOptions,
    /// The operation's own server (`https://media.twilio.com`), when the spec gives it one other than
    /// the API's; a base URL set with `ClientBuilder::base_url` still wins.
    pub server: Option<&'static str>,
    /// A 3xx status the operation answers with instead of a 2xx (with a body saying where the data
    /// is); it is decoded as the answer, not reported as an error.
    pub answer_status: Option<u16>,
    /// The operation's JSON media type when it is not `application/json` (`application/scim+json`):
    /// the `Content-Type` of a JSON body, and first in `Accept`.
    pub media_type: Option<&'static str>,
}

impl Request {
    /// A request with no query and no body.
    pub fn new(
        method: Method,
        operation_id: &'static str,
        path_template: &'static str,
        path: String,
    ) -> Self {
        Self {
            method,
            operation_id,
            path_template,
            path,
            query: Params::new(),
            headers: Params::new(),
            form: None,
            json: None,
            options: RequestOptions::default(),
            server: None,
            answer_status: None,
            media_type: None,
        }
    }

    /// A request to `path_template` with each `{Name}` in it replaced by the next of `segments`
    /// (the parameter's wire name and value), percent-encoded as exactly one path segment as
    /// [`path_segment`] does, and the builder's `options`. The path is written once, into one
    /// buffer: what every generated request builder starts from.
    pub fn build(
        method: Method,
        operation_id: &'static str,
        path_template: &'static str,
        segments: &[(&'static str, &str)],
        options: &RequestOptions,
    ) -> Result<Self> {
        let path = fill_template(path_template, segments)?;
        let mut request = Self::new(method, operation_id, path_template, path);
        request.options = options.clone();
        Ok(request)
    }

    pub(crate) fn url(&self, client: &Client) -> Result<Uri> {
        match self.server {
            Some(server) => {
                let mut path_and_query = String::with_capacity(self.path.len());
                self.path_and_query_into(&mut path_and_query);
                client.url_on_server(server, &path_and_query)
            }
            // The base URL's path, the request's path and its query written once, into the buffer
            // the URL keeps.
            None => client.url_with(self.path_and_query_len(), |buffer| {
                self.path_and_query_into(buffer)
            }),
        }
    }

    /// What [`path_and_query_into`](Self::path_and_query_into) writes: exact without a query, a
    /// guess with one (its encoding may lengthen it).
    fn path_and_query_len(&self) -> usize {
        if self.query.is_empty() {
            self.path.len()
        } else {
            self.path.len() + 128
        }
    }

    fn path_and_query_into(&self, out: &mut String) {
        out.push_str(&self.path);
        if !self.query.is_empty() {
            out.push('?');
            self.query.encode_into(out);
        }
    }
}

/// Twilio's request id header, the handle Twilio support asks for.
pub const REQUEST_ID_HEADER: &str = "twilio-request-id";

/// A decoded answer with the status and headers it came with, for callers who need them.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Twilio's `Twilio-Request-Id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, by value.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// A successful answer, its body read completely.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Answer {
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|source| Error::decode(self.status, source, &self.body))
    }

    pub(crate) fn into_response<T>(self, value: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            value,
        }
    }
}

/// The most a body read allocates up front on the strength of `Content-Length`, so a server that
/// declares a large body and sends little costs little.
const INITIAL_BODY_CAPACITY: u64 = 256 * 1024;

/// Reads a body chunk by chunk and stops as soon as it would exceed `limit` bytes. Returns what was
/// read and whether the body ended within the limit; memory never exceeds the limit, whatever the
/// server declares or sends. A body that arrives in one chunk (the usual case) is not copied.
async fn read_limited(
    response: &mut Body,
    declared: Option<u64>,
    limit: usize,
) -> std::result::Result<(bytes::Bytes, bool), TransportError> {
    let Some(first) = response.chunk().await? else {
        return Ok((bytes::Bytes::new(), true));
    };
    if first.len() > limit {
        return Ok((first.slice(..limit), false));
    }
    let Some(second) = response.chunk().await? else {
        return Ok((first, true));
    };
    let capacity = declared
        .unwrap_or(0)
        .min(limit as u64)
        .min(INITIAL_BODY_CAPACITY) as usize;
    let mut body = Vec::with_capacity(capacity.max(first.len() + second.len()));
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body.into(), false));
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok((body.into(), true))
}

/// A failed attempt: the error, and what the retry policy needs to know about it.
struct Failure {
    error: Error,
    outcome: Option<Outcome>,
    retry_after: Option<Duration>,
}

impl Client {
    /// Sends a request to `url` (`None`: the URL of its own path and query) and reads the whole
    /// answer, retrying per the retry policy; non-success statuses become errors. Traced as one
    /// `twilio.request` span.
    pub(crate) async fn send_raw(&self, request: &Request, url: Option<Uri>) -> Result<Answer> {
        let span = tracing::info_span!(
            "twilio.request",
            operation = request.operation_id,
            method = %request.method,
            path = request.path_template,
        );
        self.send_with_retries(request, url).instrument(span).await
    }

    async fn send_with_retries(&self, request: &Request, url: Option<Uri>) -> Result<Answer> {
        let policy = request
            .options
            .retry
            .as_ref()
            .unwrap_or_else(|| self.retry_policy());
        let timeout = request.options.timeout.unwrap_or_else(|| self.timeout());
        let mut attempt = 1;
        loop {
            // The request's own URL is built for each attempt rather than copied: the first
            // attempt, usually the only one, then owns it outright.
            let attempt_url = match &url {
                Some(url) => url.clone(),
                None => request.url(self)?,
            };
            // The latency is only logged: no clock reads unless a subscriber may record it.
            let started = tracing::level_enabled!(tracing::Level::INFO).then(Instant::now);
            // One attempt, bounded by the timeout as a whole (connecting, sending and reading the
            // body).
            let deadline = timeout.map(Deadline::after);
            let result = self.exchange(request, attempt_url, deadline).await;
            let latency_ms = started.map(|started| started.elapsed().as_millis() as u64);
            let failure = match result {
                Ok(answer) => {
                    tracing::debug!(
                        attempt,
                        status = answer.status.as_u16(),
                        latency_ms,
                        request_id = answer
                            .headers
                            .get(REQUEST_ID_HEADER)
                            .and_then(|v| v.to_str().ok()),
                        "answered"
                    );
                    return Ok(answer);
                }
                Err(failure) => failure,
            };
            let retry = attempt < policy.attempts()
                && failure
                    .outcome
                    .is_some_and(|o| policy.should_retry(&request.method, o));
            if !retry {
                tracing::debug!(
                    attempt,
                    status = failure.error.status().map(|s| s.as_u16()),
                    latency_ms,
                    error = %failure.error,
                    "failed"
                );
                return Err(failure.error);
            }
            let delay = policy.delay(attempt, jitter_random(), failure.retry_after);
            tracing::info!(
                attempt,
                status = failure.error.status().map(|s| s.as_u16()),
                latency_ms,
                delay_ms = delay.as_millis() as u64,
                error = %failure.error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Builds the HTTP request: method, URL, credentials, `Accept`, `User-Agent`, header parameters
    /// and the body with its `Content-Type` and `Content-Length`.
    fn http_request(
        &self,
        request: &Request,
        url: Uri,
    ) -> std::result::Result<http::Request<bytes::Bytes>, Error> {
        let (body, content_type) = if let Some(json) = &request.json {
            (
                bytes::Bytes::from(json.clone()),
                Some(request.media_type.unwrap_or("application/json")),
            )
        } else if let Some(form) = &request.form {
            (
                bytes::Bytes::from(form.encode()),
                Some("application/x-www-form-urlencoded"),
            )
        } else {
            (bytes::Bytes::new(), None)
        };
        let mut http_request = http::Request::new(body);
        *http_request.method_mut() = request.method.clone();
        *http_request.uri_mut() = url;
        let headers = http_request.headers_mut();
        headers.insert(AUTHORIZATION, self.authorization().clone());
        let accept = match request.media_type {
            // What the operation answers with, and the JSON of Twilio's error documents.
            Some(media) => HeaderValue::try_from(format!("{media}, application/json"))
                .unwrap_or_else(|_| HeaderValue::from_static("application/json")),
            None => HeaderValue::from_static("application/json"),
        };
        headers.insert(ACCEPT, accept);
        headers.insert(USER_AGENT, self.user_agent().clone());
        for (name, value) in request.headers.iter() {
            let header = HeaderName::try_from(name)
                .ok()
                .zip(HeaderValue::try_from(value).ok());
            let Some((header_name, value)) = header else {
                return Err(Error::InvalidParameter {
                    name,
                    reason: "not a valid HTTP header name or value".into(),
                });
            };
            headers.append(header_name, value);
        }
        if let Some(content_type) = content_type {
            let length = http_request.body().len();
            let headers = http_request.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            // Explicit, so an empty form still says `Content-Length: 0` as RFC 9110 asks of a POST.
            headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        Ok(http_request)
    }

    /// Sends, reads the whole answer, and classifies a failure for the retry policy.
    async fn exchange(
        &self,
        request: &Request,
        url: Uri,
        deadline: Option<Deadline>,
    ) -> std::result::Result<Answer, Failure> {
        let http_request = self.http_request(request, url).map_err(|error| Failure {
            error,
            outcome: None,
            retry_after: None,
        })?;
        let answered = self
            .http()
            .send(http_request, deadline)
            .await
            .map_err(|e| {
                // A failure before the first byte was written (a connect error, a stalled handshake,
                // the connect timeout) means nothing reached the server, so even a POST may be retried.
                let outcome = if e.not_sent() {
                    Outcome::NotConnected
                } else {
                    Outcome::Transport
                };
                Failure {
                    error: Error::from_transport(e),
                    outcome: Some(outcome),
                    retry_after: None,
                }
            })?;
        let status = answered.status;
        let headers = answered.headers;
        let mut body = answered.body;
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let read_failure = |e| Failure {
            error: Error::from_body_read(status, e),
            outcome: Some(Outcome::Transport),
            retry_after: None,
        };
        if status.is_success() || request.answer_status == Some(status.as_u16()) {
            let limit = self.max_response_body();
            let too_large = || Failure {
                error: Error::BodyTooLarge {
                    status,
                    limit,
                    declared,
                },
                outcome: None,
                retry_after: None,
            };
            // Refused before the first byte when the server says how much is coming.
            if declared.is_some_and(|n| n > limit as u64) {
                return Err(too_large());
            }
            let (body, complete) = read_limited(&mut body, declared, limit)
                .await
                .map_err(read_failure)?;
            if !complete {
                return Err(too_large());
            }
            return Ok(Answer {
                status,
                headers,
                body,
            });
        }
        let content_type = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let (read, complete) = read_limited(&mut body, declared, ERROR_BODY_LIMIT)
            .await
            .map_err(read_failure)?;
        // Dropping the body unread closes the connection instead of draining it.
        drop(body);
        let error = if complete {
            Error::from_error_response(status, content_type, &read)
        } else {
            Error::from_cut_error_response(status, content_type, &read, declared)
        };
        Err(Failure {
            error,
            outcome: Some(Outcome::Status(status)),
            retry_after: retry_after(&headers, SystemTime::now()),
        })
    }

    /// Sends a request and decodes the JSON answer, keeping status and headers (the fake's checks
    /// and tests; generated code goes through `call`).
    #[cfg(any(test, feature = "testing"))]
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<T>> {
        let answer = self.send_raw(&request, None).await?;
        let value = crate::lenient::scoped(request.operation_id, self.strict_decoding(), || {
            answer.decode()
        })?;
        Ok(answer.into_response(value))
    }

    /// Sends a request whose answer has no body (`204 No Content` on delete).
    #[cfg(any(test, feature = "testing"))]
    pub(crate) async fn send_empty(&self, request: Request) -> Result<Response<()>> {
        let answer = self.send_raw(&request, None).await?;
        Ok(answer.into_response(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::{Read, Write};

    #[test]
    fn templates_are_filled_with_one_encoded_segment_per_parameter() {
        let options = RequestOptions::default();
        let request = Request::build(
            Method::GET,
            "FetchRecording",
            "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
            &[("AccountSid", "AC1"), ("Sid", "RE 1/../?#%")],
            &options,
        )
        .unwrap();
        assert_eq!(
            request.path,
            "/2010-04-01/Accounts/AC1/Recordings/RE%201%2F..%2F%3F%23%25.json"
        );
        assert_eq!(
            request.path_template,
            "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json"
        );
        let plain = Request::build(Method::GET, "ListService", "/v1/Services", &[], &options);
        assert_eq!(plain.unwrap().path, "/v1/Services");
        for refused in ["", ".", ".."] {
            let err = Request::build(
                Method::GET,
                "FetchService",
                "/v1/Services/{Sid}",
                &[("Sid", refused)],
                &options,
            )
            .unwrap_err();
            assert!(
                matches!(err, Error::InvalidParameter { name: "Sid", .. }),
                "{err:?}"
            );
        }
        // A generator bug, never a panic: too few or too many values is an error.
        assert!(Request::build(Method::GET, "F", "/v1/{A}/{B}", &[("A", "a")], &options).is_err());
        assert!(
            Request::build(
                Method::GET,
                "F",
                "/v1/{A}",
                &[("A", "a"), ("B", "b")],
                &options
            )
            .is_err()
        );
    }

    /// A builder with test credentials, pointed at `url`.
    fn builder_at(url: &str) -> super::super::ClientBuilder<Client> {
        Client::builder()
            .credentials(super::super::Credentials::auth_token("AC1", "token"))
            .base_url(url)
    }

    /// A one-shot HTTP server on loopback: answers `answer` and hands back the raw request bytes.
    fn one_shot(answer: &'static str) -> (String, std::thread::JoinHandle<Vec<u8>>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = stream.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request);
                if let Some(head_end) = text.find("\r\n\r\n") {
                    let length = text[..head_end]
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if request.len() >= head_end + 4 + length {
                        break;
                    }
                }
            }
            stream.write_all(answer.as_bytes()).unwrap();
            request
        });
        (url, handle)
    }

    #[tokio::test]
    async fn header_parameters_and_json_bodies_go_out_exactly() {
        let (url, server) = one_shot(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"ok\":true}",
        );
        let client = builder_at(&url).build().unwrap();
        let mut request = Request::new(
            Method::POST,
            "UpdateThing",
            "/v1/Things",
            "/v1/Things".into(),
        );
        request.headers.push("X-Twilio-Webhook-Enabled", &true);
        let mut body = super::super::params::JsonBody::new();
        body.push("identity", "user 1").unwrap();
        body.push("config", &serde_json::json!({"a": [true], "b": 1}))
            .unwrap();
        request.json = Some(body.into_text());
        let answer: Response<serde_json::Value> = client.send_json(request).await.unwrap();
        assert_eq!(answer.value()["ok"], true);
        let raw = String::from_utf8(server.join().unwrap()).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("POST /v1/Things HTTP/1.1\r\n"), "{head}");
        assert!(
            head.contains("\r\nx-twilio-webhook-enabled: true\r\n"),
            "{head}"
        );
        assert!(
            head.contains("\r\ncontent-type: application/json\r\n"),
            "{head}"
        );
        assert_eq!(body, r#"{"identity":"user 1","config":{"a":[true],"b":1}}"#);
    }

    /// The whole head of a request, header order included: `Host` last, where hyper-util put it,
    /// whether it is the value made once for the base URL's origin or the one worked out for another
    /// origin (the same server by name).
    #[tokio::test]
    async fn request_heads_go_out_byte_for_byte_with_the_host_last() {
        const ANSWER: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
        for via_base in [true, false] {
            let (url, server) = one_shot(ANSWER);
            let port = url.rsplit(':').next().unwrap().to_owned();
            let client = builder_at(&url).build().unwrap();
            let mut request = Request::new(
                Method::POST,
                "CreateThing",
                "/v1/Things",
                "/v1/Things".into(),
            );
            request.form = Some(Params::new());
            request.form.as_mut().unwrap().push("FriendlyName", "a b");
            // Another origin: the same server by name, whose `Host` is worked out per request.
            let (url, host) = if via_base {
                (request.url(&client).unwrap(), format!("127.0.0.1:{port}"))
            } else {
                let url = format!("http://localhost:{port}/v1/Things");
                (url.parse().unwrap(), format!("localhost:{port}"))
            };
            client.send_raw(&request, Some(url)).await.unwrap();
            let raw = String::from_utf8(server.join().unwrap()).unwrap();
            let user_agent = client.user_agent().to_str().unwrap().to_owned();
            assert_eq!(
                raw,
                format!(
                    "POST /v1/Things HTTP/1.1\r\nauthorization: Basic QUMxOnRva2Vu\r\naccept: application/json\r\n\
                     user-agent: {user_agent}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
                     content-length: 16\r\nhost: {host}\r\n\r\nFriendlyName=a+b"
                ),
                "via the base URL: {via_base}"
            );
        }
    }

    /// Answers one request per body, in order (one connection each), and hands back each request's
    /// first line.
    fn serve_bodies(bodies: Vec<String>) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut lines = Vec::new();
            for body in bodies {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = stream.read(&mut buf).unwrap();
                    request.extend_from_slice(&buf[..n]);
                }
                let text = String::from_utf8_lossy(&request).into_owned();
                lines.push(text.lines().next().unwrap_or_default().to_owned());
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(answer.as_bytes()).unwrap();
            }
            lines
        });
        (url, handle)
    }

    /// A list operation with its own server: its later pages go there too, not to the client's base
    /// URL, whatever host the answer's `next_page_url` names.
    #[tokio::test]
    async fn later_pages_of_an_operation_with_its_own_server_go_to_that_server() {
        let pages = |first: bool| {
            let next = if first {
                r#""https://proxy.twilio.com/v1/Things?PageSize=1&Page=1&PageToken=PT1""#
            } else {
                "null"
            };
            format!(
                r#"{{"meta": {{"key": "things", "next_page_url": {next}}}, "things": [{{"n": {}}}]}}"#,
                if first { 1 } else { 2 }
            )
        };
        // The client's base URL is the product's (not reachable here), not overridden.
        let client = Client::builder()
            .credentials(super::super::Credentials::auth_token("AC1", "token"))
            .no_proxy()
            .build()
            .unwrap();
        for via_stream in [true, false] {
            let (url, server) = serve_bodies(vec![pages(true), pages(false)]);
            let server_url: &'static str = Box::leak(url.into_boxed_str());
            let mut request =
                Request::new(Method::GET, "ListThing", "/v1/Things", "/v1/Things".into());
            request.server = Some(server_url);
            request.options.retry = Some(crate::RetryPolicy::none());
            let records: Vec<serde_json::Value> = if via_stream {
                crate::call::paginate(client.clone(), Ok(request), "things", None)
                    .try_collect_all()
                    .await
                    .unwrap()
            } else {
                let first = crate::call::call_page::<serde_json::Value>(
                    client.clone(),
                    Ok(request),
                    "things",
                )
                .await
                .unwrap();
                let second = first.next_page().await.unwrap().unwrap();
                first
                    .records()
                    .iter()
                    .chain(second.records())
                    .cloned()
                    .collect()
            };
            assert_eq!(records.len(), 2, "{records:?}");
            let lines = server.join().unwrap();
            assert_eq!(
                lines,
                [
                    "GET /v1/Things HTTP/1.1",
                    "GET /v1/Things?PageSize=1&Page=1&PageToken=PT1 HTTP/1.1"
                ]
            );
        }
    }

    /// A loopback listener that accepts every connection, reads nothing and answers nothing (a
    /// server that never completes a TLS handshake, a proxy that never answers `CONNECT`), and
    /// counts the connections.
    fn stalled_listener() -> (
        std::net::SocketAddr,
        std::sync::Arc<std::sync::atomic::AtomicUsize>,
    ) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = std::sync::Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                count.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        (addr, accepted)
    }

    fn stalling_client(base_url: &str, proxy: Option<String>) -> Client {
        let builder = builder_at(base_url)
            .timeout(None)
            .connect_timeout(Duration::from_millis(300));
        match proxy {
            Some(proxy) => builder.proxy(proxy),
            None => builder.no_proxy(),
        }
        .build()
        .unwrap()
    }

    /// Sends `request` and waits at most 10 s for it to end (it must: the connect timeout bounds it).
    async fn ended(client: &Client, request: Request) -> Error {
        tokio::time::timeout(
            Duration::from_secs(10),
            client.send_json::<serde_json::Value>(request),
        )
        .await
        .expect("the connect timeout bounds the whole connection phase")
        .unwrap_err()
    }

    fn get() -> Request {
        let mut request =
            Request::new(Method::GET, "FetchThing", "/v1/Things", "/v1/Things".into());
        request.options.retry = Some(crate::RetryPolicy::none());
        request
    }

    #[tokio::test]
    async fn a_server_that_never_answers_the_tls_handshake_is_bounded_by_the_connect_timeout() {
        let (addr, accepted) = stalled_listener();
        let client = stalling_client(&format!("https://{addr}"), None);
        let err = ended(&client, get()).await;
        assert!(err.is_timeout(), "{err:?}");
        assert!(err.to_string().contains("timed out"), "{err}");
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_proxy_that_never_answers_connect_is_bounded_by_the_connect_timeout() {
        let (addr, accepted) = stalled_listener();
        let client = stalling_client(
            "https://api.twilio.invalid",
            Some(format!("http://agent:pw@{addr}")),
        );
        let err = ended(&client, get()).await;
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    /// A failure before the request's first byte was written is "not sent", whatever its cause:
    /// a POST is retried after a stalled handshake as after a refused connection.
    #[tokio::test]
    async fn a_post_whose_connection_never_completed_is_retried() {
        let (addr, accepted) = stalled_listener();
        let client = stalling_client(&format!("https://{addr}"), None);
        let mut post = Request::new(
            Method::POST,
            "CreateThing",
            "/v1/Things",
            "/v1/Things".into(),
        );
        post.form = Some(super::super::params::Params::new());
        post.options.retry = Some(
            crate::RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        );
        let err = ended(&client, post).await;
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_json_media_type_of_its_own_is_the_content_type_and_first_in_accept() {
        let (url, server) = one_shot(
            "HTTP/1.1 201 Created\r\ncontent-type: application/scim+json\r\ncontent-length: 12\r\n\r\n{\"id\":\"US1\"}",
        );
        let client = builder_at(&url).build().unwrap();
        let mut request = Request::new(
            Method::POST,
            "CreateOrganizationUser",
            "/Organizations/{OrganizationSid}/scim/Users",
            "/Organizations/OR1/scim/Users".into(),
        );
        request.media_type = Some("application/scim+json");
        request.json = Some(r#"{"userName":"ada"}"#.to_owned());
        let answer: Response<serde_json::Value> = client.send_json(request).await.unwrap();
        assert_eq!(answer.value()["id"], "US1");
        let raw = String::from_utf8(server.join().unwrap()).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains("\r\ncontent-type: application/scim+json\r\n"),
            "{head}"
        );
        assert!(
            head.contains("\r\naccept: application/scim+json, application/json\r\n"),
            "{head}"
        );
        assert_eq!(body, r#"{"userName":"ada"}"#);
    }

    #[tokio::test]
    async fn an_operation_server_is_used_unless_a_base_url_is_set() {
        const OK: &str =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        let request = |server: &'static str| {
            let mut request =
                Request::new(Method::GET, "FetchThing", "/v1/Things", "/v1/Things".into());
            request.server = Some(server);
            request
        };
        let credentials = || super::super::Credentials::auth_token("AC1", "token");

        // No base URL set: the operation's own server is asked.
        let (own, own_server) = one_shot(OK);
        let own: &'static str = Box::leak(own.into_boxed_str());
        let client = Client::builder()
            .credentials(credentials())
            .build()
            .unwrap();
        client
            .send_json::<serde_json::Value>(request(own))
            .await
            .unwrap();
        let raw = String::from_utf8(own_server.join().unwrap()).unwrap();
        assert!(raw.starts_with("GET /v1/Things HTTP/1.1\r\n"), "{raw}");

        // A base URL set on the builder (a test server, an egress proxy) wins.
        let (base, base_server) = one_shot(OK);
        let client = Client::builder()
            .credentials(credentials())
            .base_url(base)
            .build()
            .unwrap();
        client
            .send_json::<serde_json::Value>(request("http://127.0.0.1:9"))
            .await
            .unwrap();
        let raw = String::from_utf8(base_server.join().unwrap()).unwrap();
        assert!(raw.starts_with("GET /v1/Things HTTP/1.1\r\n"), "{raw}");
    }

    #[tokio::test]
    async fn a_declared_redirect_answer_is_decoded_any_other_3xx_is_an_error() {
        const MOVED: &str = "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://example.com/data\r\ncontent-type: application/json\r\ncontent-length: 42\r\n\r\n{\"redirect_to\": \"http://example.com/data\"}";
        for (answer_status, ok) in [(Some(307), true), (None, false)] {
            let (url, server) = one_shot(MOVED);
            let client = Client::builder()
                .credentials(super::super::Credentials::auth_token("AC1", "token"))
                .base_url(url)
                .retry_policy(super::super::RetryPolicy::none())
                .build()
                .unwrap();
            let mut request = Request::new(Method::GET, "FetchData", "/v1/Data", "/v1/Data".into());
            request.answer_status = answer_status;
            let result = client.send_json::<serde_json::Value>(request).await;
            server.join().unwrap();
            match result {
                Ok(answer) if ok => {
                    assert_eq!(answer.status(), StatusCode::TEMPORARY_REDIRECT);
                    assert_eq!(answer.value()["redirect_to"], "http://example.com/data");
                }
                Err(Error::UnexpectedResponse { status, .. }) if !ok => {
                    assert_eq!(status, StatusCode::TEMPORARY_REDIRECT);
                }
                other => panic!("{answer_status:?}: {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn an_invalid_header_value_is_refused_before_sending() {
        let client = Client::builder()
            .credentials(super::super::Credentials::auth_token("AC1", "token"))
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        let mut request =
            Request::new(Method::GET, "FetchThing", "/v1/Things", "/v1/Things".into());
        request.headers.push("X-Custom", "line\nbreak");
        let err = client.send_empty(request).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidParameter {
                    name: "X-Custom",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(
            path_segment("Sid", "KS0123").unwrap(),
            "KS0123",
            "plain SIDs are unchanged"
        );
        assert_eq!(
            path_segment("Sid", "a/b?c#d%e f..").unwrap(),
            "a%2Fb%3Fc%23d%25e%20f.."
        );
        for bad in ["", ".", ".."] {
            assert!(matches!(
                path_segment("Sid", bad),
                Err(Error::InvalidParameter { name: "Sid", .. })
            ));
        }
    }
}
