//! Request execution: URL building with safe path segments, headers, form bodies, and turning the
//! answer into a decoded value or a typed [`Error`].

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{BodySnippet, Error, Result};
use super::params::Params;

/// Percent-encodes a path parameter as exactly one path segment: every byte outside
/// `A-Za-z0-9-._~` is `%XX`-encoded, so `/`, `?`, `#` and `%` can never change which URL is requested.
/// Values that would still alter the path (empty, `.`, `..`) are refused.
pub fn path_segment(name: &'static str, value: &str) -> Result<String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidParameter {
            name,
            reason: format!("{value:?} is not allowed as a path segment"),
        });
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
    Ok(out)
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
    /// Form body parameters (POST sends a form body even when empty).
    pub form: Option<Params>,
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
            form: None,
        }
    }

    pub(crate) fn url(&self, client: &Client) -> Result<Url> {
        let mut path_and_query = self.path.clone();
        if !self.query.is_empty() {
            path_and_query.push('?');
            path_and_query.push_str(&self.query.encode());
        }
        client.url_for(&path_and_query)
    }
}

/// A successful answer, its body read completely.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            source,
            body: BodySnippet::new(&self.body),
        })
    }
}

impl Client {
    /// Sends a request to `url` and reads the whole answer; non-success statuses become errors.
    pub(crate) async fn send_raw(&self, request: &Request, url: Url) -> Result<Answer> {
        let mut builder = self
            .http()
            .request(request.method.clone(), url)
            .header(AUTHORIZATION, self.authorization().clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.user_agent().clone());
        if let Some(timeout) = self.timeout() {
            builder = builder.timeout(timeout);
        }
        if let Some(form) = &request.form {
            let body = form.encode();
            // Explicit, so an empty form still says `Content-Length: 0` as RFC 9110 asks of a POST.
            builder = builder
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .header(CONTENT_LENGTH, body.len())
                .body(body);
        }
        let response = builder.send().await.map_err(Error::from_transport)?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::from_body_read(status, e))?
            .to_vec();
        if status.is_success() {
            Ok(Answer { status, body })
        } else {
            Err(Error::from_error_response(status, content_type, &body))
        }
    }

    /// Sends a request and decodes the JSON answer.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let url = request.url(self)?;
        self.send_raw(&request, url).await?.decode()
    }

    /// Sends a request whose answer has no body (`204 No Content` on delete).
    pub(crate) async fn send_empty(&self, request: Request) -> Result<()> {
        let url = request.url(self)?;
        self.send_raw(&request, url).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
