//! The one error type of the crate: Twilio API errors, unexpected answers, transport failures.

use std::fmt;

use reqwest::StatusCode;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of an unexpected response body an error keeps.
pub const BODY_SNIPPET_LIMIT: usize = 1024;

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
        /// What serde reported, with line and column.
        source: serde_json::Error,
        /// The start of the body.
        body: BodySnippet,
    },
    /// The answer's body could not be read to its end (the connection closed early, the length was wrong).
    Body {
        /// HTTP status of the answer.
        status: StatusCode,
        /// The underlying failure.
        source: reqwest::Error,
    },
    /// The request or connect timeout elapsed.
    Timeout {
        /// The underlying failure.
        source: reqwest::Error,
    },
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect {
        /// The underlying failure.
        source: reqwest::Error,
    },
    /// Any other failure while sending the request or receiving the answer's head.
    Transport {
        /// The underlying failure.
        source: reqwest::Error,
    },
    /// A parameter was refused before anything was sent (for example a path value of `..`).
    InvalidParameter {
        /// The parameter's wire name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
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

    pub(crate) fn from_transport(source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout { source }
        } else if source.is_connect() {
            Error::Connect { source }
        } else {
            Error::Transport { source }
        }
    }

    pub(crate) fn from_body_read(status: StatusCode, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout { source }
        } else {
            Error::Body { status, source }
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
        Ok(())
    }
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

/// The first 1024 bytes (`BODY_SNIPPET_LIMIT`) of a body, as (lossy) text, with the body's full length.
#[derive(Clone, PartialEq, Eq)]
pub struct BodySnippet {
    text: String,
    total_len: usize,
}

impl BodySnippet {
    pub(crate) fn new(body: &[u8]) -> Self {
        let cut = body.len().min(BODY_SNIPPET_LIMIT);
        Self {
            text: String::from_utf8_lossy(&body[..cut]).into_owned(),
            total_len: body.len(),
        }
    }

    /// The kept start of the body.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length of the whole body in bytes.
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether the body was longer than what is kept (1024 bytes).
    pub fn is_truncated(&self) -> bool {
        self.total_len > BODY_SNIPPET_LIMIT
    }
}

impl fmt::Debug for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodySnippet")
            .field("text", &self.text)
            .field("total_len", &self.total_len)
            .finish()
    }
}

impl fmt::Display for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total_len == 0 {
            return f.write_str("<empty body>");
        }
        f.write_str(&self.text)?;
        if self.is_truncated() {
            write!(f, "… ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
