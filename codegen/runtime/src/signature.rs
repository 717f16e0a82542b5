//! Validation of Twilio's webhook signatures (`X-Twilio-Signature`), for any Twilio product.
//!
//! Twilio signs the full URL it requested followed, for form-encoded bodies, by every parameter name
//! and value (names in byte order, each name's distinct values in byte order, no separators), with
//! HMAC-SHA1 keyed by the auth token, Base64-encoded. JSON bodies are covered by a `bodySHA256` query
//! parameter instead. Where a Webhook Setting signs the request, the
//! `X-Twilio-Webhooks-Signature-Settings` header names the algorithm (`HMAC_SHA1` or `HMAC_SHA256`) and
//! the key is that setting's shared key.
//!
//! Validate against the public URL Twilio called (reverse proxies change scheme, host and port), with
//! the raw body: never trim or re-encode values first. As Twilio's official validators do, the URL is
//! tried as given, with any port removed, and with the scheme's default port added when it has none:
//! a webhook signed on `https://host/path` and received as `https://host:8443/path` behind a proxy is
//! accepted. Only the port varies; scheme, host, path, query and body are always part of the check.

use std::fmt;

use ring::{digest, hmac};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";
/// The header a Webhook Setting adds: `key=…,algorithm=HMAC_SHA256`.
pub const SIGNATURE_SETTINGS_HEADER: &str = "X-Twilio-Webhooks-Signature-Settings";

/// Why a request failed validation. `Display` says which check failed; nothing here holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// There is no `X-Twilio-Signature` header.
    MissingSignature,
    /// The URL is not an absolute `http`/`https` URL.
    InvalidUrl,
    /// A JSON body, but the URL has no `bodySHA256` parameter.
    MissingBodyHash,
    /// The body's SHA-256 differs from the URL's `bodySHA256`.
    BodyHashMismatch,
    /// The signature settings name an algorithm this validator does not know.
    UnsupportedAlgorithm(String),
    /// The request was signed by a Webhook Setting, but no shared key was configured.
    MissingSharedKey,
    /// The signature does not match the URL and parameters.
    SignatureMismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::MissingSignature => write!(f, "no {SIGNATURE_HEADER} header"),
            SignatureError::InvalidUrl => f.write_str("the URL is not an absolute http(s) URL"),
            SignatureError::MissingBodyHash => {
                f.write_str("a JSON body needs a bodySHA256 parameter in the URL")
            }
            SignatureError::BodyHashMismatch => {
                f.write_str("the body does not match the URL's bodySHA256")
            }
            SignatureError::UnsupportedAlgorithm(a) => {
                write!(f, "unsupported signature algorithm {a:?}")
            }
            SignatureError::MissingSharedKey => f.write_str(
                "the request is signed with a Webhook Setting's shared key, and none is configured",
            ),
            SignatureError::SignatureMismatch => {
                f.write_str("the signature does not match the URL and parameters")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

/// The signature algorithms Twilio uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA1, the default.
    HmacSha1,
    /// HMAC-SHA256, for Webhook Settings that ask for it.
    HmacSha256,
}

/// A webhook request as it reached your server, framework-agnostic. `Debug` hides any
/// `user:password@` in the URL (Twilio supports Basic auth credentials in webhook URLs).
#[derive(Clone, Copy)]
pub struct WebhookRequest<'a> {
    /// The full public URL Twilio requested, query string included.
    pub url: &'a str,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The raw body.
    pub body: &'a [u8],
    /// The `X-Twilio-Signature` header, if any.
    pub signature: Option<&'a str>,
    /// The `X-Twilio-Webhooks-Signature-Settings` header, if any.
    pub signature_settings: Option<&'a str>,
}

impl fmt::Debug for WebhookRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookRequest")
            .field("url", &super::client::redact_userinfo(self.url))
            .field("content_type", &self.content_type)
            .field("body_len", &self.body.len())
            .field("signature", &self.signature)
            .field("signature_settings", &self.signature_settings)
            .finish()
    }
}

#[derive(Clone)]
struct Key(Vec<u8>);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Checks webhook signatures. `Debug` never shows the keys.
#[derive(Clone, Debug)]
pub struct RequestValidator {
    auth_token: Key,
    shared_key: Option<Key>,
}

impl RequestValidator {
    /// A validator for requests signed with the account's auth token.
    pub fn new(auth_token: impl Into<String>) -> Self {
        Self {
            auth_token: Key(auth_token.into().into_bytes()),
            shared_key: None,
        }
    }

    /// Also accept requests signed by a Webhook Setting with this shared key secret (they carry the
    /// `X-Twilio-Webhooks-Signature-Settings` header).
    pub fn with_shared_key(mut self, secret: impl Into<String>) -> Self {
        self.shared_key = Some(Key(secret.into().into_bytes()));
        self
    }

    /// Validates a request: form-encoded bodies by their parameters, JSON bodies by `bodySHA256`.
    pub fn validate(&self, request: &WebhookRequest<'_>) -> Result<(), SignatureError> {
        let signature = request.signature.ok_or(SignatureError::MissingSignature)?;
        let is_json = request.content_type.is_some_and(|ct| {
            ct.split(';')
                .next()
                .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
        });
        if is_json {
            self.validate_json(
                request.url,
                request.body,
                signature,
                request.signature_settings,
            )
        } else {
            let params = parse_form(request.body);
            self.validate_params(
                request.url,
                params.iter().map(|(k, v)| (k.as_slice(), v.as_slice())),
                signature,
                request.signature_settings,
            )
        }
    }

    /// Validates a form-encoded request from its parameters (raw bytes; repeated names allowed).
    pub fn validate_params<'p>(
        &self,
        url: &str,
        params: impl IntoIterator<Item = (&'p [u8], &'p [u8])>,
        signature: &str,
        settings: Option<&str>,
    ) -> Result<(), SignatureError> {
        let (key, algorithm) = self.key_for(settings)?;
        check_url_variants(url, &signed_suffix(params), key, algorithm, signature)
    }

    /// Validates a JSON request: the body must hash to the URL's `bodySHA256`, and the signature covers
    /// the URL alone.
    pub fn validate_json(
        &self,
        url: &str,
        body: &[u8],
        signature: &str,
        settings: Option<&str>,
    ) -> Result<(), SignatureError> {
        let (key, algorithm) = self.key_for(settings)?;
        let expected = query_value(url, "bodySHA256").ok_or(SignatureError::MissingBodyHash)?;
        let actual = hex_lower(digest::digest(&digest::SHA256, body).as_ref());
        if !constant_time_eq(actual.as_bytes(), expected.to_ascii_lowercase().as_bytes()) {
            return Err(SignatureError::BodyHashMismatch);
        }
        check_url_variants(url, &[], key, algorithm, signature)
    }

    fn key_for(&self, settings: Option<&str>) -> Result<(&Key, Algorithm), SignatureError> {
        match settings {
            None => Ok((&self.auth_token, Algorithm::HmacSha1)),
            Some(settings) => {
                let algorithm = signature_algorithm(settings)?;
                let key = self
                    .shared_key
                    .as_ref()
                    .ok_or(SignatureError::MissingSharedKey)?;
                Ok((key, algorithm))
            }
        }
    }
}

/// The algorithm named by an `X-Twilio-Webhooks-Signature-Settings` value (`key=…,algorithm=…`);
/// HMAC-SHA1 when it names none.
pub fn signature_algorithm(settings: &str) -> Result<Algorithm, SignatureError> {
    let algorithm = settings
        .split(',')
        .filter_map(|part| part.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("algorithm"))
        .map(|(_, v)| v.trim());
    match algorithm {
        None => Ok(Algorithm::HmacSha1),
        Some(a) if a.eq_ignore_ascii_case("HMAC_SHA1") => Ok(Algorithm::HmacSha1),
        Some(a) if a.eq_ignore_ascii_case("HMAC_SHA256") => Ok(Algorithm::HmacSha256),
        Some(other) => Err(SignatureError::UnsupportedAlgorithm(other.to_owned())),
    }
}

/// Computes the signature Twilio would send for `url` followed by `suffix` (Base64 of the HMAC).
pub fn compute_signature(key: &[u8], algorithm: Algorithm, url: &str, suffix: &[u8]) -> String {
    // *ring* is already in the tree for TLS, so the signatures use it too (docs/decisions/016).
    let algorithm = match algorithm {
        Algorithm::HmacSha1 => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        Algorithm::HmacSha256 => hmac::HMAC_SHA256,
    };
    let mut context = hmac::Context::with_key(&hmac::Key::new(algorithm, key));
    context.update(url.as_bytes());
    context.update(suffix);
    let digest = context.sign();
    super::client::base64_encode(digest.as_ref())
}

/// Computes the signature of a form-encoded webhook, as Twilio does (for tests and for signing
/// requests to your own receivers).
pub fn sign_params<'p>(
    auth_token: &str,
    url: &str,
    params: impl IntoIterator<Item = (&'p str, &'p str)>,
) -> String {
    let suffix = signed_suffix(
        params
            .into_iter()
            .map(|(k, v)| (k.as_bytes(), v.as_bytes())),
    );
    compute_signature(auth_token.as_bytes(), Algorithm::HmacSha1, url, &suffix)
}

/// What follows the URL in the signed string: every name then value, names in byte order and each
/// name's distinct values in byte order, no separators.
fn signed_suffix<'p>(params: impl IntoIterator<Item = (&'p [u8], &'p [u8])>) -> Vec<u8> {
    let mut params: Vec<(&[u8], &[u8])> = params.into_iter().collect();
    params.sort_unstable();
    params.dedup();
    let mut suffix = Vec::new();
    for (name, value) in params {
        suffix.extend_from_slice(name);
        suffix.extend_from_slice(value);
    }
    suffix
}

/// The URL as given, and with its port removed or the default one added (see [`url_variants`]).
fn check_url_variants(
    url: &str,
    suffix: &[u8],
    key: &Key,
    algorithm: Algorithm,
    signature: &str,
) -> Result<(), SignatureError> {
    let variants = url_variants(url).ok_or(SignatureError::InvalidUrl)?;
    let signature = signature.trim().as_bytes();
    let mut matched = false;
    for candidate in &variants {
        let expected = compute_signature(&key.0, algorithm, candidate, suffix);
        // Every variant is computed and compared, so timing does not depend on which one matches.
        matched |= constant_time_eq(expected.as_bytes(), signature);
    }
    if matched {
        Ok(())
    } else {
        Err(SignatureError::SignatureMismatch)
    }
}

/// `url`, plus the same URL without its port when it has one (any port, as twilio-python's
/// `remove_port` and the other official validators do), or with the scheme's default port when it has
/// none (their `add_port`).
fn url_variants(url: &str) -> Option<Vec<String>> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // `user:password@` is not part of the host and port.
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(at) => authority.split_at(at + 1),
        None => ("", authority),
    };
    if host_port.is_empty() {
        return None;
    }
    let host_end = host_port.rfind(']').map(|i| i + 1).unwrap_or(0);
    let (host, port) = match host_port[host_end..].rfind(':') {
        Some(i) => (
            &host_port[..host_end + i],
            Some(&host_port[host_end + i + 1..]),
        ),
        None => (host_port, None),
    };
    let host = format!("{userinfo}{host}");
    let mut variants = vec![url.to_owned()];
    match port {
        Some(_) => variants.push(format!("{scheme}://{host}{tail}")),
        None => variants.push(format!("{scheme}://{host}:{default_port}{tail}")),
    }
    Some(variants)
}

/// The first value of a query parameter (percent-decoded).
fn query_value(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    parse_form(query.as_bytes())
        .into_iter()
        .find(|(k, _)| k == name.as_bytes())
        .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
}

/// Decodes `application/x-www-form-urlencoded` bytes into raw name/value byte strings (`+` is a
/// space; a malformed `%` escape is kept as written). Never fails.
pub fn parse_form(body: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut split = pair.splitn(2, |&b| b == b'=');
            let name = split.next().unwrap_or_default();
            let value = split.next().unwrap_or_default();
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let high = input.get(i + 1).copied().and_then(hex);
                let low = input.get(i + 2).copied().and_then(hex);
                match (high, low) {
                    (Some(h), Some(l)) => {
                        out.push((h << 4) | l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Equal length and equal bytes, in time that depends only on the length.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    fn form(pairs: &[(&'static str, &'static str)]) -> Vec<u8> {
        let mut p = super::super::params::Params::new();
        for (k, v) in pairs {
            p.push(k, *v);
        }
        p.encode().into_bytes()
    }

    fn request<'a>(url: &'a str, body: &'a [u8], signature: &'a str) -> WebhookRequest<'a> {
        WebhookRequest {
            url,
            content_type: Some("application/x-www-form-urlencoded"),
            body,
            signature: Some(signature),
            signature_settings: None,
        }
    }

    const PARAMS: &[(&str, &str)] = &[
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675309"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
    ];

    #[test]
    fn twilio_python_public_vectors() {
        let v = RequestValidator::new("12345");
        let body = form(PARAMS);
        assert_eq!(
            v.validate(&request(URL, &body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")),
            Ok(())
        );
        // Signed with :443, validated without it, and the other way round.
        assert_eq!(
            v.validate(&request(URL, &body, "kvajT1Ptam85bY51eRf/AJRuM3w=")),
            Ok(())
        );
        let with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
        assert_eq!(
            v.validate(&request(with_port, &body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")),
            Ok(())
        );
        let json_url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        let json = WebhookRequest {
            url: json_url,
            content_type: Some("application/json"),
            body: br#"{"property": "value", "boolean": true}"#,
            signature: Some("a9nBmqA0ju/hNViExpshrM61xv4="),
            signature_settings: None,
        };
        assert_eq!(v.validate(&json), Ok(()));
    }

    /// twilio-python's `test_validation_removes_port_on_https` / `_on_http`: an explicit non-default
    /// port is removed for the port-less variant.
    #[test]
    fn twilio_python_public_vectors_with_a_non_default_port() {
        let v = RequestValidator::new("12345");
        let body = form(PARAMS);
        let https_1234 = "https://mycompany.com:1234/myapp.php?foo=1&bar=2";
        assert_eq!(
            v.validate(&request(https_1234, &body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")),
            Ok(())
        );
        let http_1234 = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";
        assert_eq!(
            v.validate(&request(http_1234, &body, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")),
            Ok(())
        );
        // twilio-python's `test_validation_adds_port_on_http`.
        let http = "http://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            v.validate(&request(http, &body, "0ZXoZLH/DfblKGATFgpif+LLRf4=")),
            Ok(())
        );
        // The JSON vector, received behind a proxy on port 8443.
        let json_url = "https://mycompany.com:8443/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        let body_json = br#"{"property": "value", "boolean": true}"#;
        let json = |url, body: &'static [u8]| WebhookRequest {
            url,
            content_type: Some("application/json"),
            body,
            signature: Some("a9nBmqA0ju/hNViExpshrM61xv4="),
            signature_settings: None,
        };
        assert_eq!(v.validate(&json(json_url, body_json)), Ok(()));
        // Only the port may differ: a changed body, host, path or query still fails.
        assert_eq!(
            v.validate(&json(
                json_url,
                br#"{"property": "other", "boolean": true}"#
            )),
            Err(SignatureError::BodyHashMismatch)
        );
        for tampered in [
            "https://evil.com:1234/myapp.php?foo=1&bar=2",
            "https://mycompany.com:1234/other.php?foo=1&bar=2",
            "https://mycompany.com:1234/myapp.php?foo=1&bar=3",
            "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
        ] {
            assert_eq!(
                v.validate(&request(tampered, &body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")),
                Err(SignatureError::SignatureMismatch),
                "{tampered}"
            );
        }
        // A port Twilio did not use is never added: signed on :8443, received without a port.
        let signed_8443 = sign_params(
            "12345",
            "https://mycompany.com:8443/myapp.php",
            PARAMS.iter().copied(),
        );
        assert_eq!(
            v.validate(&request(
                "https://mycompany.com/myapp.php",
                &body,
                &signed_8443
            )),
            Err(SignatureError::SignatureMismatch)
        );
    }

    #[test]
    fn twilio_docs_vector() {
        let v = RequestValidator::new("12345");
        let params: &[(&'static str, &'static str)] = &[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ];
        let body = form(params);
        assert_eq!(
            v.validate(&request(URL, &body, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")),
            Ok(())
        );
        assert_eq!(
            sign_params("12345", URL, params.iter().copied()),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
    }

    #[test]
    fn tampering_is_detected_and_says_what_failed() {
        let v = RequestValidator::new("12345");
        let body = form(PARAMS);
        let good = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        let other_url = "https://mycompany.com/myapp.php?foo=1&bar=3";
        assert_eq!(
            v.validate(&request(other_url, &body, good)),
            Err(SignatureError::SignatureMismatch)
        );
        let mut tampered = PARAMS.to_vec();
        tampered[2] = ("Digits", "1235");
        assert_eq!(
            v.validate(&request(URL, &form(&tampered), good)),
            Err(SignatureError::SignatureMismatch)
        );
        assert_eq!(
            v.validate(&request(URL, &body, "not base64 at all!!")),
            Err(SignatureError::SignatureMismatch)
        );
        assert_eq!(
            RequestValidator::new("54321").validate(&request(URL, &body, good)),
            Err(SignatureError::SignatureMismatch)
        );
        let mut missing = request(URL, &body, good);
        missing.signature = None;
        assert_eq!(v.validate(&missing), Err(SignatureError::MissingSignature));
        assert_eq!(
            v.validate(&request("mycompany.com/x", &body, good)),
            Err(SignatureError::InvalidUrl)
        );
    }

    #[test]
    fn json_body_checks() {
        let v = RequestValidator::new("12345");
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assert_eq!(
            v.validate_json(
                url,
                br#"{"property": "value", "boolean": false}"#,
                "a9nBmqA0ju/hNViExpshrM61xv4=",
                None
            ),
            Err(SignatureError::BodyHashMismatch)
        );
        assert_eq!(
            v.validate_json(URL, b"{}", "a9nBmqA0ju/hNViExpshrM61xv4=", None),
            Err(SignatureError::MissingBodyHash)
        );
    }

    #[test]
    fn duplicates_unicode_empty_values_and_byte_order() {
        let token = "s3cret";
        let url = "https://example.com/hook";
        // Repeated names and values: each distinct value once, values sorted.
        let params = [
            ("MediaUrl", "b"),
            ("MediaUrl", "a"),
            ("MediaUrl", "b"),
            ("Body", "héllo wörld ✓"),
            ("Empty", ""),
            ("body", "lower-case names sort after every upper-case one"),
        ];
        let expected_message = "https://example.com/hookBodyhéllo wörld ✓EmptyMediaUrlaMediaUrlbbodylower-case names sort after every upper-case one";
        let expected =
            compute_signature(token.as_bytes(), Algorithm::HmacSha1, expected_message, &[]);
        assert_eq!(sign_params(token, url, params), expected);
        let raw: Vec<(&[u8], &[u8])> = params
            .iter()
            .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
            .collect();
        let v = RequestValidator::new(token);
        assert_eq!(v.validate_params(url, raw.clone(), &expected, None), Ok(()));
        // Dropping the empty value changes the signature: empty values count.
        let without_empty: Vec<(&[u8], &[u8])> = raw
            .iter()
            .copied()
            .filter(|(k, _)| *k != b"Empty")
            .collect();
        assert_eq!(
            v.validate_params(url, without_empty, &expected, None),
            Err(SignatureError::SignatureMismatch)
        );
    }

    #[test]
    fn non_default_ports_and_http() {
        let token = "t";
        let url = "http://127.0.0.1:8080/hook?x=1";
        let sig = sign_params(token, url, [("A", "1")]);
        let v = RequestValidator::new(token);
        assert_eq!(
            v.validate_params(url, [(&b"A"[..], &b"1"[..])], &sig, None),
            Ok(())
        );
        // Received without a port, only the default one is tried: the :8080 signature does not match.
        assert_eq!(
            v.validate_params(
                "http://127.0.0.1/hook?x=1",
                [(&b"A"[..], &b"1"[..])],
                &sig,
                None
            ),
            Err(SignatureError::SignatureMismatch)
        );
        let plain = "http://example.com/hook";
        let sig80 = sign_params(token, "http://example.com:80/hook", [("A", "1")]);
        assert_eq!(
            v.validate_params(plain, [(&b"A"[..], &b"1"[..])], &sig80, None),
            Ok(())
        );
    }

    #[test]
    fn userinfo_is_not_mistaken_for_a_port() {
        let token = "t";
        let params = [(&b"A"[..], &b"1"[..])];
        let with_port = sign_params(token, "https://u:p@example.com:443/hook", [("A", "1")]);
        let v = RequestValidator::new(token);
        assert_eq!(
            v.validate_params("https://u:p@example.com/hook", params, &with_port, None),
            Ok(())
        );
    }

    #[test]
    fn hmac_sha256_with_a_shared_key_when_the_settings_header_says_so() {
        let url = "https://example.com/hook";
        let suffix = b"Aone";
        let sig = compute_signature(b"shared-secret", Algorithm::HmacSha256, url, suffix);
        let settings = "key=KSxxxxxxxx,algorithm=HMAC_SHA256";
        let params = [(&b"A"[..], &b"one"[..])];
        let v = RequestValidator::new("auth-token");
        assert_eq!(
            v.validate_params(url, params, &sig, Some(settings)),
            Err(SignatureError::MissingSharedKey)
        );
        let v = v.with_shared_key("shared-secret");
        assert_eq!(v.validate_params(url, params, &sig, Some(settings)), Ok(()));
        assert_eq!(
            v.validate_params(url, params, &sig, None),
            Err(SignatureError::SignatureMismatch),
            "without the header, the auth token and HMAC-SHA1 apply"
        );
        assert_eq!(
            v.validate_params(url, params, &sig, Some("algorithm=HMAC_MD5")),
            Err(SignatureError::UnsupportedAlgorithm("HMAC_MD5".into()))
        );
        assert!(!format!("{v:?}").contains("shared-secret"));
        assert!(!format!("{v:?}").contains("auth-token"));
    }

    #[test]
    fn malformed_input_never_panics() {
        let v = RequestValidator::new("12345");
        let huge = vec![b'a'; 5 * 1024 * 1024];
        let garbage: &[&[u8]] = &[b"%", b"%Z", b"a=%", b"=&=&&==", b"\xff\xfe=\xc3\x28", &huge];
        for body in garbage {
            let r = WebhookRequest {
                url: "https://x.example/\u{1F600}?bodySHA256=zz",
                content_type: Some("application/x-www-form-urlencoded"),
                body,
                signature: Some("\u{0}\u{1}=="),
                signature_settings: Some(",,=,algorithm"),
            };
            let _ = v.validate(&r);
            let json = WebhookRequest {
                content_type: Some("application/json; charset=utf-8"),
                ..r
            };
            let _ = v.validate(&json);
        }
        for url in [
            "",
            "://",
            "https://",
            "https://[::1",
            "https://:443",
            "ftp://x/",
        ] {
            let _ = v.validate(&request(url, b"", "x"));
        }
        assert_eq!(
            parse_form(b"a=%zz&b=%4"),
            vec![
                (b"a".to_vec(), b"%zz".to_vec()),
                (b"b".to_vec(), b"%4".to_vec())
            ]
        );
    }
}
