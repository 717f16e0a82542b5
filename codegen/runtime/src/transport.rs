//! The HTTP transport: hyper's HTTP/1.1 client over TCP, rustls (*ring*) for https, and HTTP
//! `CONNECT` tunnels through the proxies the environment names. With the `reqwest` feature, a
//! caller's own `reqwest::Client` can carry the requests instead.
//!
//! Built on hyper directly rather than on reqwest: reqwest's URL, IDNA and tower layers are a third of
//! the dependency tree and of the cold build, and this crate only ever sends fully built requests to
//! one API host (docs/decisions/016).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HOST, PROXY_AUTHORIZATION};
use http::uri::{Authority, Scheme};
use http::{HeaderMap, HeaderValue, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tower_service::Service as _;

type BoxError = Box<dyn StdError + Send + Sync>;

/// A failure below HTTP: connecting, the TLS handshake, a proxy refusing the tunnel, the connection
/// closing mid-answer, a timeout. [`source`](StdError::source) walks down to the underlying I/O or
/// TLS error. Never contains credentials.
pub struct TransportError {
    kind: Kind,
    inner: BoxError,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// Nothing reached the server: safe to retry whatever the method.
    Connect,
    /// The connection phase (DNS, TCP, a proxy's tunnel, the TLS handshake) outlasted the connect
    /// timeout: a timeout, and nothing reached the server.
    ConnectTimeout,
    /// A timeout elapsed.
    Timeout,
    /// Anything else.
    Other,
}

impl TransportError {
    pub(crate) fn new(kind: Kind, inner: impl Into<BoxError>) -> Self {
        Self {
            kind,
            inner: inner.into(),
        }
    }

    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether the failure came before the request's first byte was written: the connection could
    /// not be made, whatever the cause (refused, reset, a stalled handshake, the connect timeout).
    pub(crate) fn not_sent(&self) -> bool {
        matches!(self.kind, Kind::Connect | Kind::ConnectTimeout)
    }

    /// The error for a whole-request timeout of `after`.
    pub(crate) fn timed_out(after: Duration) -> Self {
        Self::new(
            Kind::Timeout,
            format!("no complete answer within {} ms", after.as_millis()),
        )
    }

    /// Classifies a failure of hyper's client: connect errors (and connect timeouts) are told apart.
    fn from_hyper(error: hyper_util::client::legacy::Error) -> Self {
        let kind = if error.is_connect() {
            if chain_has_timeout(&error) {
                Kind::ConnectTimeout
            } else {
                Kind::Connect
            }
        } else {
            Kind::Other
        };
        Self::new(kind, error)
    }

    #[cfg(feature = "reqwest")]
    fn from_reqwest(error: reqwest::Error) -> Self {
        let kind = if error.is_connect() && error.is_timeout() {
            Kind::ConnectTimeout
        } else if error.is_timeout() {
            Kind::Timeout
        } else if error.is_connect() {
            Kind::Connect
        } else {
            Kind::Other
        };
        Self::new(kind, error)
    }
}

/// Whether an error or any of its sources is an I/O timeout.
fn chain_has_timeout(error: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if error
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        next = error.source();
    }
    false
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("inner", &self.inner)
            .finish()
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner.source()
    }
}

/// What carries requests: the built-in hyper client, or the caller's reqwest client.
#[derive(Clone)]
pub(crate) enum Transport {
    Hyper {
        client: hyper_util::client::legacy::Client<Connector, Full<Bytes>>,
        proxies: Arc<Matcher>,
        origin: Arc<Origin>,
    },
    #[cfg(feature = "reqwest")]
    Reqwest(reqwest::Client),
}

/// The settings of the built-in transport.
pub(crate) struct Settings {
    pub connect_timeout: Duration,
    pub tls: rustls::ClientConfig,
    pub proxies: Matcher,
    /// The client's base URL: the origin nearly every request goes to.
    pub base: Uri,
}

/// What every request to the base URL's origin carries, worked out once when the client is built
/// instead of on every request: the `Host` header (written for each request otherwise, as
/// hyper-util would: the host parsed out of the URL and formatted anew) and, for plain http, the
/// proxy's credentials.
pub(crate) struct Origin {
    scheme: Option<Scheme>,
    authority: Option<Authority>,
    host: Option<HeaderValue>,
    proxy_authorization: Option<HeaderValue>,
}

impl Origin {
    fn new(base: &Uri, proxies: &Matcher) -> Self {
        Self {
            scheme: base.scheme().cloned(),
            authority: base.authority().cloned(),
            host: host_header(base),
            proxy_authorization: plain_http_proxy_authorization(proxies, base),
        }
    }

    /// Whether `uri` is on this origin, its authority written the same (the `Host` header repeats
    /// it as written).
    fn serves(&self, uri: &Uri) -> bool {
        self.authority.is_some()
            && uri.authority().map(Authority::as_str)
                == self.authority.as_ref().map(Authority::as_str)
            && uri.scheme() == self.scheme.as_ref()
    }
}

/// The `Host` header hyper-util would write for `uri` (HTTP/1.1): the host, and the port unless it is
/// the scheme's default.
fn host_header(uri: &Uri) -> Option<HeaderValue> {
    let host = uri.host()?;
    let default_port = if uri.scheme() == Some(&Scheme::HTTPS) {
        443
    } else {
        80
    };
    match uri.port_u16() {
        Some(port) if port != default_port => HeaderValue::try_from(format!("{host}:{port}")).ok(),
        _ => HeaderValue::from_str(host).ok(),
    }
}

/// A plain-http request through a proxy goes to the proxy itself (absolute-form), so the proxy's
/// credentials travel with the request rather than in a CONNECT: these, if the proxy has any.
fn plain_http_proxy_authorization(proxies: &Matcher, uri: &Uri) -> Option<HeaderValue> {
    if uri.scheme() != Some(&Scheme::HTTP) {
        return None;
    }
    proxies
        .intercept(uri)
        .and_then(|proxy| proxy.basic_auth().cloned())
}

/// How long an idle pooled connection is kept (Twilio's load balancers close idle connections after
/// about as long).
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

impl Transport {
    pub(crate) fn hyper(settings: Settings) -> Self {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(settings.connect_timeout));
        let origin = Arc::new(Origin::new(&settings.base, &settings.proxies));
        let proxies = Arc::new(settings.proxies);
        let connector = Connector {
            tcp,
            tls: tokio_rustls::TlsConnector::from(Arc::new(settings.tls)),
            proxies: proxies.clone(),
            timeout: settings.connect_timeout,
        };
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .set_host(false)
            .build(connector);
        Transport::Hyper {
            client,
            proxies,
            origin,
        }
    }

    /// Sends a request and returns the answer's head, its body still to be read.
    pub(crate) async fn send(
        &self,
        mut request: http::Request<Bytes>,
    ) -> Result<Answered, TransportError> {
        match self {
            Transport::Hyper {
                client,
                proxies,
                origin,
            } => {
                let (proxy_authorization, host) = if origin.serves(request.uri()) {
                    (origin.proxy_authorization.clone(), origin.host.clone())
                } else {
                    (
                        plain_http_proxy_authorization(proxies, request.uri()),
                        host_header(request.uri()),
                    )
                };
                let headers = request.headers_mut();
                if let Some(auth) = proxy_authorization {
                    headers.insert(PROXY_AUTHORIZATION, auth);
                }
                // Last, where hyper-util would add it (its own `set_host` is off: it would copy the
                // URL and look the header up again on every request).
                if let Some(host) = host {
                    headers.entry(HOST).or_insert(host);
                }
                let response = client
                    .request(request.map(Full::new))
                    .await
                    .map_err(TransportError::from_hyper)?;
                let (head, body) = response.into_parts();
                Ok(Answered {
                    status: head.status,
                    headers: head.headers,
                    body: Body::Hyper(body),
                })
            }
            #[cfg(feature = "reqwest")]
            Transport::Reqwest(client) => {
                let request = reqwest::Request::try_from(request)
                    .map_err(|e| TransportError::new(Kind::Other, e))?;
                let mut response = client
                    .execute(request)
                    .await
                    .map_err(TransportError::from_reqwest)?;
                Ok(Answered {
                    status: response.status(),
                    headers: std::mem::take(response.headers_mut()),
                    body: Body::Reqwest(response),
                })
            }
        }
    }
}

/// An answer's status and headers, with its body still on the connection.
pub(crate) struct Answered {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Body,
}

/// An answer's body, read chunk by chunk. Dropped before its end, it closes the connection.
pub(crate) enum Body {
    Hyper(hyper::body::Incoming),
    #[cfg(feature = "reqwest")]
    Reqwest(reqwest::Response),
}

impl Body {
    /// The next chunk of data, or `None` at the end.
    pub(crate) async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        match self {
            Body::Hyper(body) => loop {
                let Some(frame) = body.frame().await else {
                    return Ok(None);
                };
                let frame = frame.map_err(|e| TransportError::new(Kind::Other, e))?;
                // Trailers carry no data; skip them.
                if let Ok(data) = frame.into_data() {
                    return Ok(Some(data));
                }
            },
            #[cfg(feature = "reqwest")]
            Body::Reqwest(response) => response.chunk().await.map_err(TransportError::from_reqwest),
        }
    }
}

/// Anything a connection can run over: TCP, TLS over TCP, TLS through a proxy tunnel.
trait Io: AsyncRead + AsyncWrite + Send + Unpin + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> Io for T {}

/// Connects to a request's host: directly or through the proxy the environment names for it, then
/// TLS for https.
#[derive(Clone)]
pub(crate) struct Connector {
    tcp: HttpConnector,
    tls: tokio_rustls::TlsConnector,
    proxies: Arc<Matcher>,
    /// Bounds the whole connection phase: DNS, TCP, the proxy's answer to `CONNECT`, TLS. (The TCP
    /// connector's own timeout covers one `connect()` only.)
    timeout: Duration,
}

type Connecting = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

impl tower_service::Service<Uri> for Connector {
    type Response = Conn;
    type Error = BoxError;
    type Future = Connecting;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let connector = self.clone();
        let limit = self.timeout;
        // Also bounds a connect hyper-util goes on with in the background after a pooled
        // connection freed up first.
        Box::pin(async move {
            match tokio::time::timeout(limit, connector.connect(destination)).await {
                Ok(connected) => connected,
                Err(_) => Err(Box::new(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "no connection within the connect timeout ({} ms: DNS, TCP, proxy tunnel \
                         and TLS handshake)",
                        limit.as_millis()
                    ),
                )) as BoxError),
            }
        })
    }
}

impl Connector {
    async fn connect(self, destination: Uri) -> Result<Conn, BoxError> {
        let https = destination.scheme() == Some(&Scheme::HTTPS);
        let Some(proxy) = self.proxies.intercept(&destination) else {
            let io = self.direct(destination).await?;
            return Ok(Conn::new(io, false));
        };
        let proxy_scheme = proxy.uri().scheme();
        if proxy_scheme != Some(&Scheme::HTTP) && proxy_scheme != Some(&Scheme::HTTPS) {
            return Err(
                "only http:// and https:// proxies are supported (not SOCKS); set NO_PROXY \
                        for this host or use ClientBuilder::proxy"
                    .into(),
            );
        }
        if !https {
            // The proxy forwards plain-http requests itself; hyper sends them in absolute form.
            let io = self.direct(proxy.uri().clone()).await?;
            return Ok(Conn::new(io, true));
        }
        let mut tunnel = Tunnel::new(proxy.uri().clone(), Direct(self.clone()));
        if let Some(auth) = proxy.basic_auth() {
            tunnel = tunnel.with_auth(auth.clone());
        }
        let tunneled = tunnel.call(destination.clone()).await?.into_inner();
        let io = self.tls(tunneled, &destination).await?;
        Ok(Conn::new(io, false))
    }

    /// A TCP connection to `uri`'s host, with TLS when its scheme is https.
    async fn direct(&self, uri: Uri) -> Result<Box<dyn Io>, BoxError> {
        let https = uri.scheme() == Some(&Scheme::HTTPS);
        let tcp = self.tcp.clone().call(uri.clone()).await?.into_inner();
        if https {
            self.tls(Box::new(tcp), &uri).await
        } else {
            Ok(Box::new(tcp))
        }
    }

    async fn tls(&self, io: Box<dyn Io>, uri: &Uri) -> Result<Box<dyn Io>, BoxError> {
        let host = uri.host().ok_or("the URL has no host")?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let name = rustls::pki_types::ServerName::try_from(host.to_owned())?;
        Ok(Box::new(self.tls.connect(name, io).await?))
    }
}

/// The connector a proxy tunnel is dug through: to the proxy itself.
#[derive(Clone)]
struct Direct(Connector);

impl tower_service::Service<Uri> for Direct {
    type Response = TokioIo<Box<dyn Io>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, proxy: Uri) -> Self::Future {
        let connector = self.0.clone();
        Box::pin(async move { Ok(TokioIo::new(connector.direct(proxy).await?)) })
    }
}

/// One connection, as hyper's pool holds it.
pub(crate) struct Conn {
    io: TokioIo<Box<dyn Io>>,
    proxied: bool,
}

impl Conn {
    fn new(io: Box<dyn Io>, proxied: bool) -> Self {
        Self {
            io: TokioIo::new(io),
            proxied,
        }
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        Connected::new().proxy(self.proxied)
    }
}

impl hyper::rt::Read for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(base: &str) -> Origin {
        Origin::new(&base.parse().unwrap(), &Matcher::builder().build())
    }

    #[test]
    fn the_host_header_is_the_one_hyper_util_writes() {
        for (url, host) in [
            ("https://proxy.twilio.com/", "proxy.twilio.com"),
            ("https://proxy.twilio.com:443/", "proxy.twilio.com"),
            ("http://127.0.0.1:80/", "127.0.0.1"),
            ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
            ("https://proxy.twilio.com:80/", "proxy.twilio.com:80"),
            ("http://[::1]:3000/", "[::1]:3000"),
            ("https://[::1]/", "[::1]"),
        ] {
            let uri: Uri = url.parse().unwrap();
            assert_eq!(host_header(&uri).unwrap(), host, "{url}");
        }
    }

    #[test]
    fn an_origin_serves_only_its_scheme_and_its_authority_as_written() {
        let base = origin("https://proxy.twilio.com/");
        let serves = |url: &str| base.serves(&url.parse().unwrap());
        assert!(serves("https://proxy.twilio.com/v1/Services?PageSize=5"));
        assert!(!serves("http://proxy.twilio.com/v1/Services"));
        assert!(!serves("https://proxy.twilio.com:443/v1/Services"));
        assert!(!serves("https://Proxy.Twilio.com/v1/Services"));
        assert!(!serves("https://media.twilio.com/v1/Services"));
        assert!(!serves("/v1/Services"));
    }

    #[test]
    fn a_plain_http_origin_carries_its_proxy_credentials_and_https_none() {
        let proxies = Matcher::builder()
            .all("http://agent:secret@127.0.0.1:3128")
            .build();
        let plain = Origin::new(&"http://api.example/".parse().unwrap(), &proxies);
        assert_eq!(plain.proxy_authorization.unwrap(), "Basic YWdlbnQ6c2VjcmV0");
        let secure = Origin::new(&"https://api.example/".parse().unwrap(), &proxies);
        assert!(secure.proxy_authorization.is_none());
    }
}
