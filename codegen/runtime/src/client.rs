//! The API client: credentials, base URL with Twilio region/edge routing, timeouts, User-Agent.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::uri::{Parts, PathAndQuery};
use http::{HeaderValue, Uri};
use hyper_util::client::proxy::matcher::Matcher;

use super::error::{Error, Result};
use super::retry::RetryPolicy;
use super::sid::{AccountSid, ApiKeySid};
use super::transport::{self, Transport};

/// Default whole-request timeout when the client builds its own HTTP client.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default TCP/TLS connect timeout when the client builds its own HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a success answer's body: 32 MiB. Twilio's largest page is 1,000 records; at a
/// pessimistic 16 KiB a record (Conversations allows 16 KiB of `attributes`) that is 16 MiB, and a
/// typical 1,000-record page is 1 to 3 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 32 * 1024 * 1024;

/// A secret string (auth token or API key secret). Its `Debug` output is redacted.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// How the client authenticates: HTTP Basic auth with either the account's auth token or an API key.
///
/// A key SID and an account SID cannot trade places unnoticed. The account SID is an
/// [`AccountSid`] and the key SID an [`ApiKeySid`], and each also takes text. Typed SIDs in the
/// wrong places do not compile. Text is checked when the client is built: the account SID must
/// start with `AC` and the key SID with `SK`, or `build()` fails with [`Error::Config`] saying
/// which (a swap of the two is named as one).
///
/// `Debug` never shows the auth token or the API key secret.
///
/// ```
/// use twilio_runtime::{AccountSid, ApiKeySid, Credentials};
///
/// let account: AccountSid = "AC0123456789abcdef0123456789abcdef".parse()?;
/// let key: ApiKeySid = "SK0123456789abcdef0123456789abcdef".parse()?;
/// let credentials = Credentials::api_key(account, key, "the key's secret");
/// assert_eq!(credentials.account_sid(), "AC0123456789abcdef0123456789abcdef");
/// // Text is taken too, and checked when the client is built.
/// let from_text = Credentials::api_key(
///     "AC0123456789abcdef0123456789abcdef",
///     String::from("SK0123456789abcdef0123456789abcdef"),
///     "the key's secret",
/// );
/// # Ok::<(), twilio_runtime::SidError>(())
/// ```
///
/// The same call with the typed SIDs swapped does not compile (`ApiKeySid` is not an
/// `AccountSid`):
///
/// ```compile_fail
/// use twilio_runtime::{AccountSid, ApiKeySid, Credentials};
///
/// let account: AccountSid = "AC0123456789abcdef0123456789abcdef".parse()?;
/// let key: ApiKeySid = "SK0123456789abcdef0123456789abcdef".parse()?;
/// let credentials = Credentials::api_key(key, account, "the key's secret");
/// # Ok::<(), twilio_runtime::SidError>(())
/// ```
///
/// Nor does an API key SID given as the account of [`Credentials::auth_token`]:
///
/// ```compile_fail
/// use twilio_runtime::{ApiKeySid, Credentials};
///
/// let key: ApiKeySid = "SK0123456789abcdef0123456789abcdef".parse()?;
/// let credentials = Credentials::auth_token(key, "the auth token");
/// # Ok::<(), twilio_runtime::SidError>(())
/// ```
///
#[derive(Clone)]
pub struct Credentials {
    account_sid: String,
    kind: CredentialKind,
}

#[derive(Clone, Debug)]
enum CredentialKind {
    AuthToken { auth_token: Secret },
    ApiKey { key_sid: String, secret: Secret },
}

impl Credentials {
    /// Authenticate as the account itself: `AccountSid:AuthToken`.
    pub fn auth_token(account_sid: impl Into<AccountSid>, auth_token: impl Into<String>) -> Self {
        Self {
            account_sid: account_sid.into().into(),
            kind: CredentialKind::AuthToken {
                auth_token: Secret(auth_token.into()),
            },
        }
    }

    /// Authenticate with an API key (`SK…`) and its secret, acting for the account `account_sid`
    /// (`AC…`).
    pub fn api_key(
        account_sid: impl Into<AccountSid>,
        api_key_sid: impl Into<ApiKeySid>,
        api_key_secret: impl Into<String>,
    ) -> Self {
        Self {
            account_sid: account_sid.into().into(),
            kind: CredentialKind::ApiKey {
                key_sid: api_key_sid.into().into(),
                secret: Secret(api_key_secret.into()),
            },
        }
    }

    /// The account SID these credentials act for.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// The SIDs' prefixes: `AC` for the account, `SK` for an API key. Text is taken unchecked, so
    /// this is where a swap of the two is caught.
    fn check(&self) -> Result<()> {
        let prefix = |sid: &str| sid.get(..2).unwrap_or(sid).to_owned();
        // What is there instead is not shown: it may be the secret, put in the wrong place.
        let problem = |what: &str, expected: &str| Error::Config {
            message: format!("the {what} does not start with {expected}"),
        };
        let account = prefix(&self.account_sid);
        if let CredentialKind::ApiKey { key_sid, .. } = &self.kind {
            let key = prefix(key_sid);
            if account == ApiKeySid::PREFIX && key == AccountSid::PREFIX {
                return Err(Error::Config {
                    message: "the account SID (AC…) and the API key SID (SK…) are swapped: \
                              Credentials::api_key takes the account first, then the key"
                        .to_owned(),
                });
            }
            if key != ApiKeySid::PREFIX {
                return Err(problem("API key SID", "SK"));
            }
        }
        if account != AccountSid::PREFIX {
            return Err(problem("account SID", "AC"));
        }
        Ok(())
    }

    fn basic_auth_header(&self) -> Result<HeaderValue> {
        let (user, password) = match &self.kind {
            CredentialKind::AuthToken { auth_token } => (self.account_sid.as_str(), &auth_token.0),
            CredentialKind::ApiKey { key_sid, secret } => (key_sid.as_str(), &secret.0),
        };
        let mut value = HeaderValue::try_from(format!(
            "Basic {}",
            base64_encode(format!("{user}:{password}").as_bytes())
        ))
        .map_err(|_| Error::Config {
            message: "credentials contain characters that cannot appear in an HTTP header".into(),
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Credentials");
        d.field("account_sid", &self.account_sid);
        match &self.kind {
            CredentialKind::AuthToken { auth_token } => d.field("auth_token", auth_token),
            CredentialKind::ApiKey { key_sid, secret } => d
                .field("api_key_sid", key_sid)
                .field("api_key_secret", secret),
        };
        d.finish()
    }
}

/// Standard Base64 with padding (RFC 4648), for the Basic auth header.
pub(crate) fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The connection to one Twilio product: transport, credentials, base URL and request settings.
/// Cheap to clone: clones share one connection pool and configuration.
///
/// Each generated crate wraps it in its own `Client`, which builds it (with a [`ClientBuilder`])
/// and navigates the product's resources; its settings are readable through that client.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    http: Transport,
    /// `scheme://authority[/path]`, without a trailing slash.
    base_url: String,
    /// `base_url` with a trailing slash, parsed once: a request parses only its path and query.
    base: Uri,
    credentials: Credentials,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_body: usize,
    /// Whether a record field that does not fit its type fails the call (see `strict_decoding`).
    strict_decoding: bool,
    /// Whether `ClientBuilder::base_url` chose the base URL (a test server, an egress proxy): then
    /// every request goes there, operations with their own server included.
    base_url_overridden: bool,
    region: Option<String>,
    edge: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("region", &self.inner.region)
            .field("edge", &self.inner.edge)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("max_response_body", &self.inner.max_response_body)
            .field("strict_decoding", &self.inner.strict_decoding)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for tests of the runtime itself (generated crates have their own `Client`).
    #[cfg(test)]
    pub(crate) fn builder() -> ClientBuilder<Client> {
        ClientBuilder::new()
    }

    /// The account SID this client acts for.
    pub fn account_sid(&self) -> &str {
        self.inner.credentials.account_sid()
    }

    /// The base URL requests go to, after region/edge routing, without a trailing slash
    /// (`https://proxy.dublin.ie1.twilio.com`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn http(&self) -> &Transport {
        &self.inner.http
    }

    pub(crate) fn authorization(&self) -> &HeaderValue {
        &self.inner.authorization
    }

    pub(crate) fn user_agent(&self) -> &HeaderValue {
        &self.inner.user_agent
    }

    /// The whole-request timeout each attempt gets, unless a request overrides it.
    pub fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    /// The retry policy requests use, unless a request overrides it.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The largest success body, in bytes, the client reads (see [`ClientBuilder::max_response_body`]).
    pub fn max_response_body(&self) -> usize {
        self.inner.max_response_body
    }

    /// Whether a record field whose value does not fit its type fails the call instead of decoding
    /// as `None` (see [`ClientBuilder::strict_decoding`]).
    pub fn strict_decoding(&self) -> bool {
        self.inner.strict_decoding
    }

    /// Joins an absolute API path (`/v1/...`, already percent-encoded) and an encoded query onto the base URL.
    pub(crate) fn url_for(&self, path_and_query: &str) -> Result<Uri> {
        self.url_with(path_and_query.len(), |buffer| {
            buffer.push_str(path_and_query)
        })
    }

    /// [`url_for`](Self::url_for) with the path and query written by `write` into the buffer that
    /// becomes the URL's (after the base URL's path): one allocation, no copy. `len` is how much
    /// `write` writes, or a guess; when exact, the buffer becomes the URL's without reallocating.
    pub(crate) fn url_with(&self, len: usize, write: impl FnOnce(&mut String)) -> Result<Uri> {
        let inner = &*self.inner;
        let invalid = |e: &dyn fmt::Display| Error::InvalidParameter {
            name: "path",
            reason: format!("the request URL is not valid: {e}"),
        };
        let base_path = inner.base.path().trim_end_matches('/');
        let mut buffer = String::with_capacity(base_path.len() + len);
        buffer.push_str(base_path);
        write(&mut buffer);
        let path_and_query =
            PathAndQuery::from_maybe_shared(bytes::Bytes::from(buffer)).map_err(|e| invalid(&e))?;
        let mut parts = Parts::default();
        parts.scheme = inner.base.scheme().cloned();
        parts.authority = inner.base.authority().cloned();
        parts.path_and_query = Some(path_and_query);
        Uri::from_parts(parts).map_err(|e| invalid(&e))
    }

    /// The URL of a request on an operation's own server, routed for the region and edge like the
    /// base URL; with a base URL set on the builder, the request goes there instead.
    pub(crate) fn url_on_server(&self, server: &str, path_and_query: &str) -> Result<Uri> {
        if self.inner.base_url_overridden {
            return self.url_for(path_and_query);
        }
        let invalid = |reason: String| Error::InvalidParameter {
            name: "server",
            reason: format!("the operation's server URL is not valid: {reason}"),
        };
        let (scheme, authority, path) =
            split_url(server).ok_or_else(|| invalid("no scheme://host".into()))?;
        let authority = route_authority(
            authority,
            self.inner.region.as_deref(),
            self.inner.edge.as_deref(),
        );
        Uri::try_from(format!(
            "{scheme}://{authority}{}{path_and_query}",
            path.trim_end_matches('/')
        ))
        .map_err(|e| invalid(e.to_string()))
    }

    /// The URL for a `next_page_url` that Twilio returned: its path and query on this client's base URL
    /// (or on the operation's own `server`, as its first page was), so region/edge routing and
    /// base-URL overrides also apply to later pages and credentials are never sent to a host named
    /// by a response.
    pub(crate) fn url_for_next_page(
        &self,
        next_page_url: &str,
        server: Option<&str>,
    ) -> Result<Uri> {
        let path_and_query = match split_url(next_page_url) {
            Some((_, _, path_and_query)) => path_and_query,
            None if next_page_url.starts_with('/') => next_page_url,
            None => {
                return Err(Error::InvalidParameter {
                    name: "next_page_url",
                    reason:
                        "the server's next_page_url is neither an absolute URL nor an absolute path"
                            .into(),
                });
            }
        };
        // Without any fragment, and with bytes a URI cannot hold (spaces, `|`, non-ASCII)
        // percent-encoded, as browsers and the official libraries do.
        let path_and_query = path_and_query
            .split_once('#')
            .map_or(path_and_query, |(before, _)| before);
        let mut encoded = String::with_capacity(path_and_query.len());
        for byte in path_and_query.bytes() {
            if byte.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&byte) {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        let path_and_query = if encoded.is_empty() { "/" } else { &encoded };
        match server {
            Some(server) => self.url_on_server(server, path_and_query),
            None => self.url_for(path_and_query),
        }
    }
}

/// Splits `scheme://authority/rest` into its three parts (`rest` may be empty); `None` for anything
/// that is not an absolute http(s) URL.
pub(crate) fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    (!authority.is_empty()).then_some((scheme, authority, rest))
}

/// [`route_host`] on an authority (`host[:port]`), keeping the port.
pub(crate) fn route_authority(authority: &str, region: Option<&str>, edge: Option<&str>) -> String {
    if authority.starts_with('[') {
        return authority.to_owned(); // an IPv6 literal is never a twilio.com host
    }
    match authority.split_once(':') {
        Some((host, port)) => format!("{}:{port}", route_host(host, region, edge)),
        None => route_host(authority, region, edge),
    }
}

/// What a generated crate's `Client` tells the runtime about its product.
#[doc(hidden)]
pub trait Api: Sized {
    /// The spec's base URL (`https://proxy.twilio.com`).
    const DEFAULT_BASE_URL: &'static str;
    /// `name/version` of the generated crate, which starts the `User-Agent` header.
    const PRODUCT: &'static str;
    /// Wraps a built client.
    fn from_client(client: Client) -> Self;
    /// The client a request is sent with.
    fn into_client(self) -> Client;
}

/// Lets the runtime's own tests build a bare client.
#[cfg(test)]
impl Api for Client {
    const DEFAULT_BASE_URL: &'static str = "https://proxy.twilio.com";
    const PRODUCT: &'static str = "twilio-proxy/0.1.0";
    fn from_client(client: Client) -> Self {
        client
    }
    fn into_client(self) -> Client {
        self
    }
}

/// Builder for a generated crate's `Client` (`A`): credentials, routing, timeouts, retries,
/// limits, TLS and proxy settings. Get one from that crate's `Client::builder()`.
pub struct ClientBuilder<A> {
    config: Config,
    api: PhantomData<fn() -> A>,
}

/// The settings a [`ClientBuilder`] collects.
#[derive(Default)]
struct Config {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    timeout: Option<Option<Duration>>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_body: Option<usize>,
    strict_decoding: bool,
    user_agent_extensions: Vec<String>,
    root_certificates: Vec<Vec<u8>>,
    proxy: Option<ProxySetting>,
    #[cfg(feature = "reqwest")]
    http: Option<reqwest::Client>,
}

/// Where requests go through a proxy.
#[derive(Clone)]
enum ProxySetting {
    /// This proxy for every request.
    All(String),
    /// No proxy, whatever the environment says.
    None,
}

impl<A> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.config.fmt(f)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .field("strict_decoding", &self.strict_decoding)
            .field("user_agent_extensions", &self.user_agent_extensions)
            .field("extra_root_certificates", &self.root_certificates.len())
            .field(
                "proxy",
                &self.proxy.as_ref().map(|proxy| match proxy {
                    ProxySetting::All(url) => redact_userinfo(url),
                    ProxySetting::None => "none".to_owned(),
                }),
            )
            .field("custom_http_client", &self.custom_http_client())
            .finish()
    }
}

impl Config {
    #[cfg(feature = "reqwest")]
    fn custom_http_client(&self) -> bool {
        self.http.is_some()
    }

    #[cfg(not(feature = "reqwest"))]
    fn custom_http_client(&self) -> bool {
        false
    }
}

impl<A: Api> Default for ClientBuilder<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Api> ClientBuilder<A> {
    /// A builder with every setting at its default; credentials are still needed.
    pub fn new() -> Self {
        Self {
            config: Config::default(),
            api: PhantomData,
        }
    }

    /// The credentials to authenticate with (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(credentials);
        self
    }

    /// Replaces the base URL from the spec (`https://proxy.twilio.com` style), e.g. for a test server or an
    /// egress proxy. Region/edge routing only rewrites hosts under `twilio.com`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.config.base_url = Some(base_url.into());
        self
    }

    /// Twilio region (`ie1`, `au1`, …): the host becomes `product[.edge].region.twilio.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Twilio edge location (`dublin`, `sydney`, …). An edge without a region implies region `us1`.
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.config.edge = Some(edge.into());
        self
    }

    /// Whole-request timeout for each attempt (default 30 s); `None` disables it. Requests can
    /// override it.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.timeout = Some(timeout);
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`], 3 attempts); [`RetryPolicy::none`] disables
    /// retries. Requests can override it.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = Some(policy);
        self
    }

    /// The largest success body the client reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`](crate::DEFAULT_MAX_RESPONSE_BODY), 32 MiB). A larger answer is
    /// [`Error::BodyTooLarge`]: refused before reading when its `Content-Length` says so, else as soon as
    /// the limit is passed, so memory stays bounded whatever the server sends. Error answers are read
    /// only up to 64 KiB whatever this says.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.config.max_response_body = Some(bytes);
        self
    }

    /// Strict decoding (default off). Twilio's answers differ from its specs, so by default a record
    /// field whose value does not fit its type (an object where a number belongs, text that is not a
    /// date) decodes as `None`, with a `tracing` warning naming the operation and the field, and the
    /// rest of the record is kept; numbers sent as text and booleans sent as `"true"` are read in
    /// either mode. With `strict_decoding(true)` such a field fails the call with
    /// [`Error::Decode`] naming it: for tests that check answers against the spec. The `testing`
    /// fake's client decodes strictly.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.config.strict_decoding = strict;
        self
    }

    /// Appends a product token to the `User-Agent` header, as Twilio's official libraries'
    /// `user_agent_extensions` do: `.user_agent_extension("app/1.0").user_agent_extension("plugin/2")`
    /// sends `twilio-proxy/0.1.0 (linux x86_64) Rust app/1.0 plugin/2`. A token that cannot appear in
    /// a header (control characters, non-ASCII) makes [`ClientBuilder::build`] fail.
    pub fn user_agent_extension(mut self, product: impl Into<String>) -> Self {
        self.config.user_agent_extensions.push(product.into());
        self
    }

    /// Trusts this certificate authority (DER-encoded) besides the operating system's, for example a
    /// corporate TLS-inspecting proxy's. Ignored with [`ClientBuilder::http_client`], whose own TLS
    /// settings apply.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.config.root_certificates.push(der.into());
        self
    }

    /// Connect timeout for the HTTP client this builder creates (default 10 s): it bounds the whole
    /// connection phase, DNS, TCP, a proxy's answer to `CONNECT` and the TLS handshake, so a server
    /// or proxy that stalls there cannot hold a call whatever the request timeout. A connection that
    /// was not made within it is "not sent", so even a POST is retried. Ignored with
    /// [`ClientBuilder::http_client`], whose own settings apply.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = Some(timeout);
        self
    }

    /// Sends every request through this HTTP proxy (`http://[user:password@]host:port`, or `https://`
    /// for TLS to the proxy itself): https
    /// requests through a `CONNECT` tunnel, plain-http ones in absolute form. Without it, the
    /// environment decides, as curl and reqwest read it: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY` (upper or lower case), and the system's proxy settings on macOS and Windows.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.config.proxy = Some(ProxySetting::All(url.into()));
        self
    }

    /// Connects directly, ignoring any proxy the environment names.
    pub fn no_proxy(mut self) -> Self {
        self.config.proxy = Some(ProxySetting::None);
        self
    }

    /// Uses your own `reqwest::Client` (connection pool, proxy, TLS settings) instead of the built-in
    /// transport (feature `reqwest`). Its redirect policy is yours; the built-in transport follows no
    /// redirects. The client's timeout and retries still apply.
    #[cfg(feature = "reqwest")]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.config.http = Some(client);
        self
    }

    /// Reads credentials, region and edge from Twilio's standard environment variables:
    /// `TWILIO_ACCOUNT_SID` (required), then either `TWILIO_API_KEY` + `TWILIO_API_SECRET` or
    /// `TWILIO_AUTH_TOKEN`, and optionally `TWILIO_REGION` and `TWILIO_EDGE`. Settings made later
    /// on the builder win.
    pub fn with_env(self) -> Result<Self> {
        self.with_vars(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    fn with_vars(mut self, var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let account_sid = var("TWILIO_ACCOUNT_SID").ok_or_else(|| Error::Config {
            message: "environment variable TWILIO_ACCOUNT_SID is not set".into(),
        })?;
        let credentials = match (var("TWILIO_API_KEY"), var("TWILIO_API_SECRET")) {
            (Some(key), Some(secret)) => Credentials::api_key(account_sid, key, secret),
            (Some(_), None) => {
                return Err(Error::Config {
                    message: "TWILIO_API_KEY is set but TWILIO_API_SECRET is not".into(),
                });
            }
            _ => match var("TWILIO_AUTH_TOKEN") {
                Some(token) => Credentials::auth_token(account_sid, token),
                None => {
                    return Err(Error::Config {
                        message: "set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET"
                            .into(),
                    });
                }
            },
        };
        self.config.credentials = Some(credentials);
        if let Some(region) = var("TWILIO_REGION") {
            self.config.region = Some(region);
        }
        if let Some(edge) = var("TWILIO_EDGE") {
            self.config.edge = Some(edge);
        }
        Ok(self)
    }

    /// Builds the client.
    pub fn build(self) -> Result<A> {
        self.config
            .build(A::DEFAULT_BASE_URL, A::PRODUCT)
            .map(A::from_client)
    }
}

impl Config {
    fn build(mut self, default_base_url: &str, product: &str) -> Result<Client> {
        let credentials = self.credentials.take().ok_or_else(|| Error::Config {
            message: "no credentials: call ClientBuilder::credentials or use Client::from_env"
                .into(),
        })?;
        let base_url_overridden = self.base_url.is_some();
        let raw_base = self
            .base_url
            .as_deref()
            .unwrap_or(default_base_url)
            .trim_end_matches('/');
        // The URL is never echoed: it could carry credentials (checked just below).
        let (scheme, authority, path) = split_url(raw_base)
            .filter(|(_, _, path)| !path.contains(['?', '#']))
            .ok_or_else(|| Error::Config {
                message: "the base URL must be an http or https URL without query or fragment"
                    .to_owned(),
            })?;
        if authority.contains('@') {
            return Err(Error::Config {
                message: "base URL must not carry credentials; use ClientBuilder::credentials"
                    .into(),
            });
        }
        for (what, value) in [("region", &self.region), ("edge", &self.edge)] {
            // Empty means none, as in `TWILIO_REGION=`.
            if let Some(value) = value
                .as_deref()
                .filter(|v| !v.is_empty() && !is_dns_label(v))
            {
                return Err(Error::Config {
                    message: format!(
                        "the {what} {value:?} is not a DNS label (letters, digits and `-`, as in \
                         `ie1` or `dublin`); it goes into the API's host name"
                    ),
                });
            }
        }
        let authority = route_authority(authority, self.region.as_deref(), self.edge.as_deref());
        let base_url = format!("{}://{authority}{path}", scheme.to_ascii_lowercase());
        let base = Uri::try_from(format!("{base_url}/")).map_err(|_| Error::Config {
            message: "the base URL is not a valid URL (or region/edge make its host invalid)"
                .to_owned(),
        })?;
        let timeout = self.timeout.unwrap_or(Some(DEFAULT_TIMEOUT));
        let http = self.transport(&base)?;
        credentials.check()?;
        let authorization = credentials.basic_auth_header()?;
        let mut user_agent = user_agent(product);
        for extension in &self.user_agent_extensions {
            push_user_agent_extension(&mut user_agent, extension)?;
        }
        let user_agent = HeaderValue::try_from(user_agent)
            .or_else(|_| HeaderValue::try_from(product))
            .unwrap_or_else(|_| HeaderValue::from_static("twilio-runtime"));
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base,
                credentials,
                authorization,
                user_agent,
                timeout,
                retry: self.retry.unwrap_or_default(),
                max_response_body: self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY),
                strict_decoding: self.strict_decoding,
                base_url_overridden,
                region: self.region.take(),
                edge: self.edge.take(),
            }),
        })
    }
}

impl Config {
    /// The transport the client sends with: the caller's reqwest client, or the built-in one.
    fn transport(&mut self, base: &Uri) -> Result<Transport> {
        #[cfg(feature = "reqwest")]
        if let Some(http) = self.http.take() {
            return Ok(Transport::Reqwest(http));
        }
        let proxies = match self.proxy.take() {
            None => {
                check_proxy_env(|name| std::env::var(name).ok())?;
                Matcher::from_system()
            }
            Some(ProxySetting::None) => Matcher::builder().build(),
            Some(ProxySetting::All(url)) => {
                let url = proxy_url(&url).map_err(|problem| Error::Config {
                    message: format!("the proxy URL {:?} {problem}", redact_userinfo(&url)),
                })?;
                Matcher::builder().all(url).build()
            }
        };
        Ok(Transport::hyper(transport::Settings {
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            tls: tls_config(std::mem::take(&mut self.root_certificates))?,
            proxies,
            base: base.clone(),
        }))
    }
}

/// Appends a `User-Agent` product token, refusing one that cannot stand in a header.
fn push_user_agent_extension(user_agent: &mut String, extension: &str) -> Result<()> {
    let visible = |c: char| c.is_ascii_graphic() || c == ' ';
    if extension.trim().is_empty() || !extension.chars().all(visible) {
        return Err(Error::Config {
            message: format!(
                "User-Agent extension {extension:?} must be non-empty printable ASCII"
            ),
        });
    }
    user_agent.push(' ');
    user_agent.push_str(extension.trim());
    Ok(())
}

/// A client like `client`, sharing its connection pool and every setting, whose `User-Agent` ends
/// with one more product token (what a generated crate's `Client::with_user_agent_extension` calls).
pub fn with_user_agent_extension(client: &Client, extension: &str) -> Result<Client> {
    let mut user_agent = client
        .inner
        .user_agent
        .to_str()
        .unwrap_or_default()
        .to_owned();
    push_user_agent_extension(&mut user_agent, extension)?;
    let mut inner = Inner::clone(&client.inner);
    inner.user_agent = HeaderValue::try_from(user_agent).map_err(|_| Error::Config {
        message: format!("User-Agent extension {extension:?} does not fit in a header"),
    })?;
    Ok(Client {
        inner: Arc::new(inner),
    })
}

/// A proxy URL as the transport reads it: `http://` put in front when it names no scheme (as curl and
/// the proxy environment variables allow), and refused, with the problem in words and never the
/// URL, when it is not an http(s) URL or its user name or password holds an unencoded `/`, `?`, `#`
/// or `@`: such a URL names another host (`http://agent:hun/ter2@proxy:3128` reads as host `agent`),
/// which would get the credentials.
pub(crate) fn proxy_url(raw: &str) -> std::result::Result<String, &'static str> {
    let raw = raw.trim();
    let url = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("is not a URL");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err("is not an http:// or https:// URL (SOCKS proxies are not supported)");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if tail.contains('@') {
        return Err(
            "has a user name or password with an unencoded `/`, `?` or `#`, which makes it name \
             another host: percent-encode them (%2F, %3F, %23)",
        );
    }
    if authority.matches('@').count() > 1 {
        return Err("has a user name or password with an unencoded `@`: percent-encode it (%40)");
    }
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') {
        return Err("names no host");
    }
    if !matches!(tail, "" | "/") {
        return Err(
            "has a path, query or fragment; a proxy URL is scheme://[user:password@]host:port",
        );
    }
    url.parse::<Uri>()
        .map(|_| url.clone())
        .map_err(|_| "is not a valid URL")
}

/// The proxy environment variables the built-in transport reads, in the order it prefers them.
const PROXY_VARIABLES: [&str; 6] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Refuses a proxy environment variable [`proxy_url`] would refuse: read as it is, it would send the
/// proxy's credentials to another host, or be dropped and leave requests going direct. The error
/// names the variable, never its value.
fn check_proxy_env(var: impl Fn(&str) -> Option<String>) -> Result<()> {
    for name in PROXY_VARIABLES {
        let Some(value) = var(name).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        // Other schemes (SOCKS) are left to the transport, which refuses them per request with a
        // message saying so.
        let scheme = value
            .split_once("://")
            .map(|(s, _)| s.trim().to_ascii_lowercase());
        let http = scheme
            .as_deref()
            .is_none_or(|s| s == "http" || s == "https");
        if let (true, Err(problem)) = (http, proxy_url(&value)) {
            return Err(Error::Config {
                message: format!(
                    "the proxy in the environment variable {name} ({:?}) {problem}",
                    redact_userinfo(&value)
                ),
            });
        }
    }
    Ok(())
}

/// Whether `label` can stand in a host name as one label: letters, digits and `-`, not at either
/// end, at most 63 characters (what a Twilio region or edge is: `ie1`, `dublin`).
fn is_dns_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// Shows as `<redacted>` in `Debug`: what a record's credential field (an Account's `auth_token`)
/// prints instead of its value.
#[doc(hidden)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A URL for display, with any `user:password@` replaced by `<redacted>@`.
pub fn redact_userinfo(url: &str) -> String {
    // With or without a scheme (`agent:secret@proxy:3128` is how people write proxies).
    let (prefix, rest) = match url.find("://") {
        Some(at) => url.split_at(at + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    // A user name or password that parses: up to the authority's last `@`.
    if let Some(at) = rest[..authority_end].rfind('@') {
        return format!("{prefix}<redacted>{}", &rest[at..]);
    }
    // One that does not, with a `/`, `?` or `#` in it (`http://agent:hun/ter2@proxy`): whatever
    // before the first `@` looks like `user:password` is redacted too.
    match rest.find('@') {
        Some(at) if rest[..at].contains(':') => format!("{prefix}<redacted>{}", &rest[at..]),
        _ => url.to_owned(),
    }
}

/// The TLS configuration of the HTTP client the builder creates: rustls with the *ring* provider
/// (pure Rust and assembly, no C toolchain or OpenSSL; it builds in a fraction of aws-lc's time), the
/// operating system's certificate verifier, TLS 1.2 and 1.3, HTTP/1.1. Built per client, so nothing
/// process-wide (such as rustls' default provider) is touched. `extra_roots` (DER) are trusted too.
fn tls_config(extra_roots: Vec<Vec<u8>>) -> Result<rustls::ClientConfig> {
    // rustls 0.23.48 deprecates this for having no post-quantum key exchange, which only the
    // aws-lc provider (a C build several times ring's) offers in 0.23; rustls 0.24 moves ring's
    // provider into the `rustls-ring` crate. Kept until then: the same provider, not deprecated
    // in the 0.23.46 the lock file pins.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls_error = |e: rustls::Error| Error::Config {
        message: format!("could not set up TLS: {e}"),
    };
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider.clone())
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra_roots
                .into_iter()
                .map(rustls::pki_types::CertificateDer::from),
            provider.clone(),
        )
    }
    .map_err(tls_error)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// `name/version (os arch) Rust`, as Twilio's official libraries identify themselves; `product`
/// is the generated crate's `name/version`.
pub(crate) fn user_agent(product: &str) -> String {
    format!(
        "{product} ({} {}) Rust",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Rewrites a `twilio.com` host for a region and edge the way Twilio's official libraries do:
/// `product[.edge][.region].twilio.com`, where an edge alone implies region `us1` and values already in
/// the host are kept unless overridden. Other hosts are returned unchanged.
pub(crate) fn route_host(host: &str, region: Option<&str>, edge: Option<&str>) -> String {
    let region = region.filter(|r| !r.is_empty());
    let edge = edge.filter(|e| !e.is_empty());
    if region.is_none() && edge.is_none() {
        return host.to_owned();
    }
    let Some(prefix) = host.strip_suffix(".twilio.com") else {
        return host.to_owned();
    };
    let pieces: Vec<&str> = prefix.split('.').collect();
    let (product, host_edge, host_region) = match pieces.as_slice() {
        [product] => (*product, None, None),
        [product, region] => (*product, None, Some(*region)),
        [product, edge, region] => (*product, Some(*edge), Some(*region)),
        _ => return host.to_owned(),
    };
    let edge = edge.or(host_edge);
    let region = region.or(host_region).or(edge.map(|_| "us1"));
    let mut out = product.to_owned();
    for part in [edge, region].into_iter().flatten() {
        out.push('.');
        out.push_str(part);
    }
    out.push_str(".twilio.com");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_and_edge_routing_matches_the_official_libraries() {
        let cases = [
            (Some("ie1"), Some("dublin"), "proxy.dublin.ie1.twilio.com"),
            (Some("ie1"), None, "proxy.ie1.twilio.com"),
            (None, Some("dublin"), "proxy.dublin.us1.twilio.com"),
            (None, None, "proxy.twilio.com"),
        ];
        for (region, edge, want) in cases {
            assert_eq!(route_host("proxy.twilio.com", region, edge), want);
        }
        assert_eq!(
            route_host("proxy.sydney.au1.twilio.com", Some("ie1"), None),
            "proxy.sydney.ie1.twilio.com"
        );
        assert_eq!(
            route_host("127.0.0.1", Some("ie1"), Some("dublin")),
            "127.0.0.1"
        );
    }

    #[test]
    fn request_urls_join_the_parsed_base_and_refuse_what_a_uri_cannot_hold() {
        let client = |base: &str| {
            Client::builder()
                .credentials(Credentials::auth_token("AC1", "token"))
                .base_url(base)
                .build()
                .unwrap()
        };
        for (base, path, want) in [
            (
                "https://proxy.twilio.com",
                "/v1/Services/KS1?PageSize=5",
                "https://proxy.twilio.com/v1/Services/KS1?PageSize=5",
            ),
            (
                "HTTP://127.0.0.1:8080/prefix/",
                "/v1/Services",
                "http://127.0.0.1:8080/prefix/v1/Services",
            ),
            ("http://[::1]:9/", "/v1/A%2FB", "http://[::1]:9/v1/A%2FB"),
        ] {
            let url = client(base).url_for(path).unwrap();
            assert_eq!(url.to_string(), want, "{base} + {path}");
        }
        let err = client("http://127.0.0.1:8080")
            .url_for("/v1/A B")
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidParameter { name: "path", reason }
                if reason.starts_with("the request URL is not valid")),
            "{err:?}"
        );
    }

    #[test]
    fn next_page_urls_keep_path_and_query_on_the_base_url() {
        let client = Client::builder()
            .credentials(Credentials::auth_token("AC1", "token"))
            .base_url("http://127.0.0.1:8080/prefix/")
            .build()
            .unwrap();
        let cases = [
            (
                "https://proxy.twilio.com/v1/Services?PageSize=50&Page=1&PageToken=PAKS1",
                "http://127.0.0.1:8080/prefix/v1/Services?PageSize=50&Page=1&PageToken=PAKS1",
            ),
            (
                "/v1/Services?Page=2#frag",
                "http://127.0.0.1:8080/prefix/v1/Services?Page=2",
            ),
            // Bytes a URI cannot hold are percent-encoded; `%XX` already there is kept.
            (
                "https://evil.example/v1/A B?q=a|b&r=%2F&s=é",
                "http://127.0.0.1:8080/prefix/v1/A%20B?q=a%7Cb&r=%2F&s=%C3%A9",
            ),
        ];
        for (next, want) in cases {
            assert_eq!(
                client.url_for_next_page(next, None).unwrap().to_string(),
                want
            );
        }
        for bad in ["relative?Page=2", "ftp://host/v1"] {
            assert!(matches!(
                client.url_for_next_page(bad, None),
                Err(Error::InvalidParameter {
                    name: "next_page_url",
                    ..
                })
            ));
        }
    }

    #[test]
    fn base_urls_are_checked_and_routed_keeping_the_port() {
        let build = |url: &str, region: Option<&str>| {
            let mut builder = Client::builder()
                .credentials(Credentials::auth_token("AC1", "token"))
                .base_url(url);
            if let Some(region) = region {
                builder = builder.region(region);
            }
            builder.build().map(|c| c.base_url().to_owned())
        };
        assert_eq!(
            build("HTTPS://proxy.twilio.com:8443/", Some("ie1")).unwrap(),
            "https://proxy.ie1.twilio.com:8443"
        );
        assert_eq!(
            build("http://[::1]:9000", Some("ie1")).unwrap(),
            "http://[::1]:9000"
        );
        for bad in [
            "proxy.twilio.com",
            "ftp://proxy.twilio.com",
            "https://proxy.twilio.com/?q=1",
            "https://u:p@proxy.twilio.com",
            "https://bad host",
        ] {
            assert!(
                matches!(build(bad, None), Err(Error::Config { .. })),
                "{bad}"
            );
        }
    }

    /// Every text a user could see of a builder and of what building it gave.
    fn seen(builder: ClientBuilder<Client>) -> Vec<String> {
        let mut texts = vec![format!("{builder:?}"), format!("{builder:#?}")];
        match builder.build() {
            Ok(client) => texts.push(format!("{client:?}")),
            Err(e) => texts.extend([e.to_string(), format!("{e:?}")]),
        }
        texts
    }

    fn proxied(url: &str) -> ClientBuilder<Client> {
        Client::builder()
            .credentials(Credentials::auth_token("AC1", "token"))
            .proxy(url)
    }

    #[test]
    fn proxy_passwords_never_show_however_the_url_is_written() {
        for (url, secret, builds) in [
            // No scheme, as people write it: read as http://, as curl does.
            ("agent:hunter2@proxy.corp:3128", "hunter2", true),
            ("http://agent:hunter2@proxy.corp:3128", "hunter2", true),
            // Percent-encoded special characters: fine.
            (
                "http://agent:hun%2Fter2%23x@proxy.corp:3128",
                "hun%2Fter2",
                true,
            ),
            ("http://agent:hunter2@[::1]:3128", "hunter2", true),
            // Unencoded `/`, `#`, `?` or `@` in the password: the URL names another host.
            ("http://agent:hun/ter2@proxy:3128", "ter2", false),
            ("http://agent:a#b@proxy:3128", "a#b", false),
            ("http://agent:a?b@proxy:3128", "a?b", false),
            ("http://agent:a@b@proxy:3128", "a@b", false),
            ("agent:hun/ter2@proxy:3128", "ter2", false),
            ("socks5://agent:hunter2@proxy:1080", "hunter2", false),
        ] {
            let texts = seen(proxied(url));
            for text in &texts {
                assert!(!text.contains(secret), "{url}: {text}");
            }
            let built = proxied(url).build();
            assert_eq!(built.is_ok(), builds, "{url}: {texts:?}");
            if let Err(e) = built {
                assert!(matches!(e, Error::Config { .. }), "{url}: {e:?}");
            }
        }
        let refused = proxied("http://agent:hun/ter2@proxy:3128")
            .build()
            .unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("percent-encode them (%2F, %3F, %23)"),
            "{refused}"
        );
        assert!(
            refused.to_string().contains("<redacted>@proxy:3128"),
            "{refused}"
        );
    }

    #[test]
    fn proxy_urls_are_normalised_before_the_transport_reads_them() {
        assert_eq!(
            proxy_url("agent:pw@proxy:3128").as_deref(),
            Ok("http://agent:pw@proxy:3128")
        );
        assert_eq!(
            proxy_url(" proxy:3128 ").as_deref(),
            Ok("http://proxy:3128")
        );
        assert_eq!(
            proxy_url("HTTPS://proxy:3128/").as_deref(),
            Ok("HTTPS://proxy:3128/")
        );
        assert!(proxy_url("http://proxy:3128/path").is_err());
        assert!(proxy_url("http://:3128").is_err());
        assert!(proxy_url("http://agent:pw@").is_err());
    }

    #[test]
    fn a_proxy_environment_variable_that_would_misroute_is_refused_by_name() {
        let env = |name: &'static str, value: &'static str| {
            move |var: &str| (var == name).then(|| value.to_owned())
        };
        assert!(check_proxy_env(env("HTTPS_PROXY", "http://agent:pw@proxy:3128")).is_ok());
        assert!(check_proxy_env(env("https_proxy", "agent:pw@proxy:3128")).is_ok());
        assert!(check_proxy_env(env("ALL_PROXY", "socks5://proxy:1080")).is_ok());
        assert!(check_proxy_env(env("ALL_PROXY", "ftp://agent:a/b@proxy:21")).is_ok());
        assert!(check_proxy_env(|_: &str| None).is_ok());
        for (name, value) in [
            ("HTTPS_PROXY", "http://agent:hun/ter2@proxy:3128"),
            ("http_proxy", "http://agent:a#b@proxy:3128"),
            ("ALL_PROXY", "agent:sec/ret@proxy:3128"),
        ] {
            let err = check_proxy_env(env(name, value)).unwrap_err();
            let text = format!("{err} {err:?}");
            assert!(text.contains(name), "{text}");
            for secret in ["ter2", "a#b", "ret@"] {
                assert!(!text.contains(secret), "{text}");
            }
        }
    }

    #[test]
    fn region_and_edge_are_dns_labels_or_refused() {
        let build = |region: &str, edge: &str| {
            Client::builder()
                .credentials(Credentials::auth_token("AC1", "token"))
                .region(region)
                .edge(edge)
                .build()
        };
        let ok = build("ie1", "dublin").unwrap();
        assert_eq!(ok.base_url(), "https://proxy.dublin.ie1.twilio.com");
        assert_eq!(
            build("", "").unwrap().base_url(),
            "https://proxy.twilio.com"
        );
        for (region, edge) in [
            ("x.evil.example?", ""),
            ("", "evil.example/"),
            ("ie1", "dub lin"),
            ("-ie1", ""),
            ("ie1", "dublin."),
            ("us1@evil", ""),
        ] {
            match build(region, edge) {
                Err(Error::Config { message }) => {
                    assert!(message.contains("DNS label"), "{message}")
                }
                other => panic!("{region:?}/{edge:?}: {other:?}"),
            }
        }
        // The environment's TWILIO_REGION / TWILIO_EDGE go through the same check.
        let from_env = ClientBuilder::<Client>::new()
            .with_vars(|name| match name {
                "TWILIO_ACCOUNT_SID" => Some("AC1".to_owned()),
                "TWILIO_AUTH_TOKEN" => Some("token".to_owned()),
                "TWILIO_EDGE" => Some("evil.example/".to_owned()),
                _ => None,
            })
            .unwrap()
            .build();
        assert!(
            matches!(from_env, Err(Error::Config { .. })),
            "{from_env:?}"
        );
    }

    #[test]
    fn userinfo_is_redacted_for_display() {
        assert_eq!(
            redact_userinfo("https://user:secret@example.com:8443/p?q=a@b"),
            "https://<redacted>@example.com:8443/p?q=a@b"
        );
        assert_eq!(
            redact_userinfo("http://example.com/a@b"),
            "http://example.com/a@b"
        );
        assert_eq!(redact_userinfo("not a url"), "not a url");
        // What does not parse is redacted too.
        assert_eq!(
            redact_userinfo("agent:hunter2@proxy.corp:3128"),
            "<redacted>@proxy.corp:3128"
        );
        assert_eq!(
            redact_userinfo("http://agent:hun/ter2@proxy:3128"),
            "http://<redacted>@proxy:3128"
        );
        assert_eq!(
            redact_userinfo("http://agent:a#b@proxy:3128"),
            "http://<redacted>@proxy:3128"
        );
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in vectors {
            assert_eq!(base64_encode(input.as_bytes()), want);
        }
    }

    #[test]
    fn env_prefers_api_key_and_reads_region_edge() {
        let vars = |name: &str| {
            match name {
                "TWILIO_ACCOUNT_SID" => Some("AC123"),
                "TWILIO_AUTH_TOKEN" => Some("token"),
                "TWILIO_API_KEY" => Some("SK456"),
                "TWILIO_API_SECRET" => Some("secret"),
                "TWILIO_REGION" => Some("ie1"),
                "TWILIO_EDGE" => Some("dublin"),
                _ => None,
            }
            .map(str::to_owned)
        };
        let client = Client::builder()
            .with_vars(vars)
            .and_then(ClientBuilder::build)
            .unwrap();
        assert_eq!(client.account_sid(), "AC123");
        assert_eq!(client.base_url(), "https://proxy.dublin.ie1.twilio.com");
        // SK456:secret
        assert_eq!(client.authorization(), "Basic U0s0NTY6c2VjcmV0");
    }

    #[test]
    fn env_without_sid_or_secret_is_a_config_error() {
        let err = Client::builder()
            .with_vars(|_| None)
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        let only_sid = |name: &str| (name == "TWILIO_ACCOUNT_SID").then(|| "AC1".to_owned());
        let err = Client::builder()
            .with_vars(only_sid)
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("TWILIO_AUTH_TOKEN"), "{err}");
    }

    #[test]
    fn credential_sids_in_the_wrong_places_fail_the_build_saying_which() {
        let built = |credentials: Credentials| {
            Client::builder()
                .credentials(credentials)
                .base_url("http://127.0.0.1:8080")
                .build()
                .map(|_| ())
        };
        let message = |credentials| match built(credentials) {
            Err(Error::Config { message }) => message,
            other => panic!("{other:?}"),
        };
        assert!(built(Credentials::api_key("AC1", "SK1", "secret")).is_ok());
        assert!(built(Credentials::auth_token("AC1", "token")).is_ok());
        let swapped = message(Credentials::api_key("SK1", "AC1", "secret"));
        assert!(swapped.contains("swapped"), "{swapped}");
        assert!(!swapped.contains("secret"), "{swapped}");
        assert_eq!(
            message(Credentials::api_key("AC1", "the-secret", "SK1")),
            "the API key SID does not start with SK"
        );
        assert_eq!(
            message(Credentials::auth_token("token", "AC1")),
            "the account SID does not start with AC"
        );
        // The typed SIDs are taken too (swapped, they do not compile: see the type's docs), and
        // so is owned or borrowed text.
        let account = AccountSid::from("AC1");
        let key = ApiKeySid::from("SK1");
        assert!(built(Credentials::api_key(&account, &key, "s")).is_ok());
        assert!(built(Credentials::auth_token(account, "token")).is_ok());
        let (account_text, key_text) = (String::from("AC1"), String::from("SK1"));
        assert!(built(Credentials::api_key(&account_text, &key_text, "s")).is_ok());
        let swapped = message(Credentials::api_key(key_text, account_text, "secret"));
        assert!(swapped.contains("swapped"), "{swapped}");
    }
}
