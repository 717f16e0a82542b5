//! The one error type of the crate: Twilio API errors, unexpected answers, transport failures.

use std::fmt;

use http::StatusCode;

use super::transport::{Kind, TransportError};

/// A record's identifier, or [`Error::MissingIdentifier`] naming the record and the property (what a
/// record's `handle()` calls).
pub fn identifier<'a, T>(
    value: &'a Option<T>,
    record: &'static str,
    field: &'static str,
) -> Result<&'a T> {
    value
        .as_ref()
        .ok_or(Error::MissingIdentifier { record, field })
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of an unexpected response body an error keeps.
pub const BODY_SNIPPET_LIMIT: usize = 1024;

/// How many bytes of an error answer's body are read at most. Twilio's error documents are a few
/// hundred bytes and a mock server's validation list a few KiB; past this the rest of the body is not
/// read (the connection is dropped), so a huge or endless error answer costs no memory.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Everything that can go wrong with a call. No variant ever contains credentials.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Twilio answered with its error document (`code`, `message`, `more_info`, `status`, `details`).
    Api(Box<ApiError>),
    /// An error status whose body is not Twilio's error document: an HTML page from a proxy, an empty
    /// body, truncated JSON. Also any 1xx/3xx status, since redirects are not followed.
    UnexpectedResponse {
        /// HTTP status of the answer.
        status: StatusCode,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The start of the body.
        body: BodySnippet,
    },
    /// A success status whose body could not be decoded into the expected type.
    Decode {
        /// HTTP status of the answer.
        status: StatusCode,
        /// What serde reported, with line and column: of the body, or for a list page of the part
        /// that failed (the records array, or `meta`), which is decoded on its own.
        source: serde_json::Error,
        /// The start of the body.
        body: BodySnippet,
    },
    /// A success answer's body is larger than the client accepts
    /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)). Reading stopped
    /// at the limit, or before the first byte when `Content-Length` already said so.
    BodyTooLarge {
        /// HTTP status of the answer.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
        /// The `Content-Length` the server declared, if any.
        declared: Option<u64>,
    },
    /// The answer's body could not be read to its end (the connection closed early, the length was wrong).
    Body {
        /// HTTP status of the answer.
        status: StatusCode,
        /// The underlying failure.
        source: TransportError,
    },
    /// The request or connect timeout elapsed.
    Timeout {
        /// The underlying failure.
        source: TransportError,
    },
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect {
        /// The underlying failure.
        source: TransportError,
    },
    /// Any other failure while sending the request or receiving the answer's head.
    Transport {
        /// The underlying failure.
        source: TransportError,
    },
    /// A parameter was refused before anything was sent (for example a path value of `..`).
    InvalidParameter {
        /// The parameter's wire name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// A record could not lead to its resource's handle: Twilio left out (or sent `null` for) the
    /// identifier its path needs (`Session::handle` without a `sid`). Nothing was sent.
    MissingIdentifier {
        /// The record type (`Session`).
        record: &'static str,
        /// The property that was missing (`sid`, `service_sid`).
        field: &'static str,
    },
    /// Paging went wrong: the server named a page already fetched as the next one.
    Pagination {
        /// What happened.
        message: String,
    },
    /// The client is misconfigured (missing credentials, bad base URL, missing environment variable).
    Config {
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => StatusCode::from_u16(api.status).ok(),
            Error::UnexpectedResponse { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Body { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Twilio's error document, when the answer was one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether a timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    pub(crate) fn from_transport(source: TransportError) -> Self {
        match source.kind() {
            Kind::Timeout | Kind::ConnectTimeout => Error::Timeout { source },
            Kind::Connect => Error::Connect { source },
            Kind::Other => Error::Transport { source },
        }
    }

    /// A success body that did not decode: its snippet masked, and any quoted text in serde's
    /// message (`invalid type: string "…"`) masked too. A success answer can hold live secrets.
    pub(crate) fn decode(status: StatusCode, source: serde_json::Error, body: &[u8]) -> Self {
        let message = source.to_string();
        let source = if message.contains('"') {
            <serde_json::Error as serde::de::Error>::custom(String::from_utf8_lossy(
                &mask_text_values(message.as_bytes()),
            ))
        } else {
            source
        };
        Error::Decode {
            status,
            source,
            body: BodySnippet::masked(body),
        }
    }

    pub(crate) fn from_body_read(status: StatusCode, source: TransportError) -> Self {
        match source.kind() {
            Kind::Timeout | Kind::ConnectTimeout => Error::Timeout { source },
            _ => Error::Body { status, source },
        }
    }

    /// Classifies a non-success answer: Twilio's error JSON becomes [`Error::Api`], anything else
    /// [`Error::UnexpectedResponse`].
    pub(crate) fn from_error_response(
        status: StatusCode,
        content_type: Option<String>,
        body: &[u8],
    ) -> Self {
        match parse_api_error(status, body) {
            Some(api) => Error::Api(Box::new(api)),
            None => Error::UnexpectedResponse {
                status,
                content_type,
                body: BodySnippet::new(body),
            },
        }
    }

    /// A non-success answer whose body was not read past its first `read` bytes (it was longer than
    /// [`ERROR_BODY_LIMIT`]): no error document is that long, so it is an unexpected response.
    pub(crate) fn from_cut_error_response(
        status: StatusCode,
        content_type: Option<String>,
        read: &[u8],
        declared: Option<u64>,
    ) -> Self {
        Error::UnexpectedResponse {
            status,
            content_type,
            body: BodySnippet::partial(read, declared),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::UnexpectedResponse {
                status,
                content_type,
                body,
            } => {
                write!(f, "unexpected answer with HTTP status {status}")?;
                if let Some(ct) = content_type {
                    write!(f, " ({ct})")?;
                }
                write!(f, ": {body}")
            }
            Error::Decode { status, source, .. } => {
                write!(
                    f,
                    "could not decode the answer (HTTP status {status}): {source}"
                )
            }
            Error::BodyTooLarge {
                status,
                limit,
                declared,
            } => {
                write!(
                    f,
                    "the answer's body (HTTP status {status}) is larger than the {limit}-byte limit"
                )?;
                if let Some(declared) = declared {
                    write!(f, " ({declared} bytes declared)")?;
                }
                f.write_str("; raise it with ClientBuilder::max_response_body")
            }
            Error::Body { status, .. } => write!(
                f,
                "the answer's body (HTTP status {status}) could not be read to its end"
            ),
            Error::Timeout { .. } => f.write_str("the request timed out"),
            Error::Connect { .. } => f.write_str("could not connect to the server"),
            Error::Transport { .. } => f.write_str("the request failed in transport"),
            Error::InvalidParameter { name, reason } => {
                write!(f, "parameter {name} refused: {reason}")
            }
            Error::Config { message } => write!(f, "client configuration: {message}"),
            Error::MissingIdentifier { record, field } => write!(
                f,
                "the {record} record has no `{field}` (Twilio left it out), so it cannot name its resource"
            ),
            Error::Pagination { message } => write!(f, "pagination: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Body { source, .. }
            | Error::Timeout { source }
            | Error::Connect { source }
            | Error::Transport { source } => Some(source),
            _ => None,
        }
    }
}

/// Twilio's error document.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the answer.
    pub status: u16,
    /// Twilio error code (see `more_info`); the HTTP status when the document has none.
    pub code: i64,
    /// Human-readable message.
    pub message: String,
    /// Link to the error's documentation.
    pub more_info: Option<String>,
    /// Extra details some errors carry.
    pub details: Option<serde_json::Value>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Twilio error {} (HTTP {}): {}",
            self.code, self.status, self.message
        )?;
        if let Some(more) = &self.more_info {
            write!(f, " ({more})")?;
        }
        if let Some(details) = &self.details {
            let text = details.to_string();
            let cut = floor_char_boundary(&text, DETAILS_DISPLAY_LIMIT);
            write!(f, "; details: {}", &text[..cut])?;
            if cut < text.len() {
                write!(f, "… ({} bytes in all)", text.len())?;
            }
        }
        Ok(())
    }
}

/// How much of an API error's `details` its `Display` shows (all of it stays in [`ApiError::details`]).
pub const DETAILS_DISPLAY_LIMIT: usize = 512;

/// The largest index `<= at` that is a char boundary of `text`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

impl std::error::Error for ApiError {}

/// Reads Twilio's error document (`code`, `message`, `more_info`, `status`, `details`) or an RFC 9457
/// problem document (`type`, `title`, `status`, `detail`, `instance`, extension members such as a
/// validation list, which newer Twilio products and mock servers send). Anything else is not an API error.
fn parse_api_error(status: StatusCode, body: &[u8]) -> Option<ApiError> {
    let mut doc: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
    let mut take_str = |key: &str| match doc.remove(key) {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    };
    let message = take_str("message");
    let more_info = take_str("more_info");
    let title = take_str("title");
    let detail = take_str("detail");
    let problem_type = take_str("type").filter(|t| t != "about:blank");
    let code = doc.remove("code").and_then(|c| c.as_i64());
    doc.remove("status");
    let fallback_code = i64::from(status.as_u16());
    if code.is_some() || message.is_some() {
        return Some(ApiError {
            status: status.as_u16(),
            code: code.unwrap_or(fallback_code),
            message: message.or(detail).or(title).unwrap_or_default(),
            more_info,
            details: doc.remove("details"),
        });
    }
    let message = match (title, detail) {
        (Some(title), Some(detail)) => format!("{title}: {detail}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    doc.remove("instance");
    Some(ApiError {
        status: status.as_u16(),
        code: fallback_code,
        message,
        more_info: problem_type,
        details: (!doc.is_empty()).then_some(serde_json::Value::Object(doc)),
    })
}

/// Every JSON string that is not an object key replaced by `"…"`, for the first
/// [`BODY_SNIPPET_LIMIT`] bytes of output; works on any bytes (a cut or malformed body too): a string
/// is a key only when a `:` follows it, so a string cut short is masked.
fn mask_text_values(body: &[u8]) -> Vec<u8> {
    const MASK: &[u8] = "\"…\"".as_bytes();
    let mut out = Vec::with_capacity(body.len().min(BODY_SNIPPET_LIMIT + MASK.len()));
    let mut at = 0;
    while at < body.len() && out.len() < BODY_SNIPPET_LIMIT {
        if body[at] != b'"' {
            out.push(body[at]);
            at += 1;
            continue;
        }
        let start = at;
        at += 1;
        while at < body.len() && body[at] != b'"' {
            at += if body[at] == b'\\' { 2 } else { 1 };
        }
        let end = (at + 1).min(body.len());
        let next = body[end..].iter().find(|b| !b.is_ascii_whitespace());
        if next == Some(&b':') {
            out.extend_from_slice(&body[start..end]);
        } else {
            out.extend_from_slice(MASK);
        }
        at = end;
    }
    out
}

/// The first 1024 bytes (`BODY_SNIPPET_LIMIT`) of a body, as (lossy) text, with the body's full length
/// when it was read to its end. A success body's text values are masked (see the `Decode` error).
#[derive(Clone, PartialEq, Eq)]
pub struct BodySnippet {
    text: String,
    total_len: usize,
    complete: bool,
    declared: Option<u64>,
}

impl BodySnippet {
    pub(crate) fn new(body: &[u8]) -> Self {
        let cut = body.len().min(BODY_SNIPPET_LIMIT);
        Self {
            text: String::from_utf8_lossy(&body[..cut]).into_owned(),
            total_len: body.len(),
            complete: true,
            declared: None,
        }
    }

    /// The start of a success body that did not decode, with every JSON text value replaced by
    /// `"…"`: keys, numbers and the structure stay, for finding what did not fit, but no value that
    /// may be a live secret (an Account's `auth_token`, a new API key's `secret`) is kept, so none can
    /// reach a log through `{:?}` or an `unwrap()`.
    pub(crate) fn masked(body: &[u8]) -> Self {
        Self {
            total_len: body.len(),
            ..Self::new(&mask_text_values(body))
        }
    }

    /// The start of a body that was not read to its end: `read` is what was read, `declared` the
    /// `Content-Length`, if any.
    pub(crate) fn partial(read: &[u8], declared: Option<u64>) -> Self {
        Self {
            complete: false,
            declared,
            ..Self::new(read)
        }
    }

    /// Whether the whole body was read ([`BodySnippet::total_len`] is then its length). Error bodies
    /// are read only up to 64 KiB.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The `Content-Length` the server declared for a body that was not read to its end.
    pub fn declared_len(&self) -> Option<u64> {
        self.declared
    }

    /// The kept start of the body.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length of the whole body in bytes, or of the part read when [`BodySnippet::is_complete`]
    /// is false.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether the body was longer than what is kept (1024 bytes).
    pub fn is_truncated(&self) -> bool {
        !self.complete || self.total_len > BODY_SNIPPET_LIMIT
    }
}

impl fmt::Debug for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodySnippet")
            .field("text", &self.text)
            .field("total_len", &self.total_len)
            .field("complete", &self.complete)
            .field("declared", &self.declared)
            .finish()
    }
}

impl fmt::Display for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total_len == 0 {
            return f.write_str("<empty body>");
        }
        f.write_str(&self.text)?;
        if !self.complete {
            write!(f, "… (reading stopped after {} bytes", self.total_len)?;
            if let Some(declared) = self.declared {
                write!(f, " of {declared} declared")?;
            }
            f.write_str(")")?;
        } else if self.is_truncated() {
            write!(f, "… ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_body_that_did_not_decode_keeps_its_shape_but_no_text_value() {
        // API v2010's Account starts with the live auth token; a new API key answers its secret.
        let account = br#"{"auth_token": "f1e2d3c4b5a69788", "date_created": "Thu, 30 Jul 2015 20:00:00 +0000", "friendly_name": "Ada's account", "sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": 5}"#;
        let key = br#"{"sid": "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "friendly_name": "ci", "secret": "sk_live_\"quoted\"_and_long"#;
        for (body, secrets) in [
            (&account[..], &["f1e2d3c4b5a69788", "Ada"][..]),
            (&key[..], &["sk_live", "quoted"][..]),
        ] {
            let source = serde_json::from_slice::<u32>(body).unwrap_err();
            let err = Error::decode(StatusCode::OK, source, body);
            for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
                for secret in secrets {
                    assert!(!text.contains(secret), "{secret} in {text}");
                }
            }
            let Error::Decode { body: snippet, .. } = &err else {
                panic!("{err:?}");
            };
            assert!(snippet.text().starts_with(r#"{"#), "{}", snippet.text());
            assert_eq!(snippet.total_len(), body.len());
        }
        let err = Error::decode(
            StatusCode::OK,
            serde_json::from_slice::<u32>(account).unwrap_err(),
            account,
        );
        let Error::Decode { body, .. } = &err else {
            panic!()
        };
        assert_eq!(
            body.text(),
            r#"{"auth_token": "…", "date_created": "…", "friendly_name": "…", "sid": "…", "status": 5}"#
        );
        // serde's own message quotes the value it met: masked too.
        let quoted = serde_json::from_str::<u32>(r#""sk_live_1""#).unwrap_err();
        assert!(quoted.to_string().contains("sk_live_1"));
        let err = Error::decode(StatusCode::OK, quoted, br#""sk_live_1""#);
        assert!(!format!("{err} {err:?}").contains("sk_live_1"), "{err:?}");
    }

    #[test]
    fn twilio_error_json_becomes_api_error() {
        let body = br#"{"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#;
        let err = Error::from_error_response(StatusCode::NOT_FOUND, None, body);
        let api = err.api_error().unwrap();
        assert_eq!(api.code, 20404);
        assert_eq!(api.status, 404);
        assert_eq!(
            err.to_string(),
            "Twilio error 20404 (HTTP 404): The requested resource was not found (https://www.twilio.com/docs/errors/20404)"
        );
    }

    #[test]
    fn display_shows_more_info_and_details_bounded() {
        let body = br#"{"code": 21211, "message": "Invalid 'To' Phone Number", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400, "details": {"field": "To"}}"#;
        let err = Error::from_error_response(StatusCode::BAD_REQUEST, None, body);
        assert_eq!(
            err.to_string(),
            r#"Twilio error 21211 (HTTP 400): Invalid 'To' Phone Number (https://www.twilio.com/docs/errors/21211); details: {"field":"To"}"#
        );
        let long: Vec<String> = (0..200).map(|i| format!("problem é{i}")).collect();
        let body = serde_json::json!({"code": 1, "message": "m", "details": {"list": long}});
        let err =
            Error::from_error_response(StatusCode::BAD_REQUEST, None, body.to_string().as_bytes());
        let text = err.to_string();
        let details_len = err
            .api_error()
            .unwrap()
            .details
            .as_ref()
            .unwrap()
            .to_string()
            .len();
        assert!(
            text.ends_with(&format!("… ({details_len} bytes in all)")),
            "{text}"
        );
        assert!(text.len() < 700, "{}", text.len());
        assert!(text.contains("problem é0"));
    }

    #[test]
    fn a_cut_error_body_is_an_unexpected_response_that_says_so() {
        let err = Error::from_cut_error_response(
            StatusCode::BAD_GATEWAY,
            Some("text/html".into()),
            &[b'x'; ERROR_BODY_LIMIT],
            Some(1 << 30),
        );
        let Error::UnexpectedResponse { body, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(!body.is_complete() && body.is_truncated());
        assert_eq!(body.declared_len(), Some(1 << 30));
        assert_eq!(body.text().len(), BODY_SNIPPET_LIMIT);
        assert!(
            err.to_string()
                .ends_with("… (reading stopped after 65536 bytes of 1073741824 declared)"),
            "{err}"
        );
    }

    #[test]
    fn problem_documents_become_api_errors_with_their_extension_members() {
        let body = br#"{"type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY", "title": "Invalid request", "status": 422, "detail": "Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.", "validation": [{"location": ["path", "ServiceSid"], "severity": "Error", "code": "pattern", "message": "Request path parameter ServiceSid must match pattern \"^KS[0-9a-fA-F]{32}$\""}]}"#;
        let err = Error::from_error_response(StatusCode::UNPROCESSABLE_ENTITY, None, body);
        let api = err.api_error().unwrap();
        assert_eq!(api.code, 422);
        assert!(
            api.message
                .starts_with("Invalid request: Your request is not valid")
        );
        assert_eq!(
            api.more_info.as_deref(),
            Some("https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY")
        );
        let validation = &api.details.as_ref().unwrap()["validation"][0];
        assert_eq!(validation["location"][1], "ServiceSid");
    }

    #[test]
    fn json_that_is_no_error_document_is_an_unexpected_response() {
        let err = Error::from_error_response(StatusCode::BAD_REQUEST, None, br#"{"foo": 1}"#);
        assert!(matches!(err, Error::UnexpectedResponse { .. }));
        let err = Error::from_error_response(StatusCode::BAD_REQUEST, None, b"[1, 2]");
        assert!(matches!(err, Error::UnexpectedResponse { .. }));
    }

    #[test]
    fn missing_code_falls_back_to_status() {
        let err = Error::from_error_response(
            StatusCode::TOO_MANY_REQUESTS,
            None,
            br#"{"message": "Too many requests"}"#,
        );
        assert_eq!(err.api_error().unwrap().code, 429);
    }

    #[test]
    fn non_json_error_keeps_a_bounded_snippet() {
        let body = vec![b'x'; 5000];
        let err =
            Error::from_error_response(StatusCode::BAD_GATEWAY, Some("text/html".into()), &body);
        match err {
            Error::UnexpectedResponse { status, body, .. } => {
                assert_eq!(status, StatusCode::BAD_GATEWAY);
                assert_eq!(body.text().len(), BODY_SNIPPET_LIMIT);
                assert_eq!(body.total_len(), 5000);
                assert!(body.is_truncated());
            }
            other => panic!("wrong kind: {other:?}"),
        }
    }

    #[test]
    fn snippet_never_splits_into_a_panic_on_multibyte_text() {
        let mut body = vec![b'a'; BODY_SNIPPET_LIMIT - 1];
        body.extend("é".as_bytes());
        let snippet = BodySnippet::new(&body);
        assert!(snippet.text().ends_with('\u{FFFD}'));
    }
}
