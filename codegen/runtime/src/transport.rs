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
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HOST, PROXY_AUTHORIZATION};
use http::uri::{Authority, Scheme};
use http::{HeaderMap, HeaderValue, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
// Tokio's clock, which reads the system's unless a test pauses it.
use tokio::time::{Instant, Sleep};
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
    Hyper(Arc<Hyper>),
    #[cfg(feature = "reqwest")]
    Reqwest(reqwest::Client),
}

/// The built-in transport: hyper's HTTP/1.1 connections, kept in this crate's own pool.
pub(crate) struct Hyper {
    connector: Connector,
    proxies: Arc<Matcher>,
    origin: Origin,
    pool: Arc<Pool>,
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
    key: Option<Key>,
    scheme: Option<Scheme>,
    authority: Option<Authority>,
    host: Option<HeaderValue>,
    proxy_authorization: Option<HeaderValue>,
}

impl Origin {
    fn new(base: &Uri, proxies: &Matcher) -> Self {
        Self {
            key: Key::of(base),
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
        let origin = Origin::new(&settings.base, &settings.proxies);
        let proxies = Arc::new(settings.proxies);
        let connector = Connector {
            tcp,
            tls: tokio_rustls::TlsConnector::from(Arc::new(settings.tls)),
            proxies: proxies.clone(),
            timeout: settings.connect_timeout,
        };
        Transport::Hyper(Arc::new(Hyper {
            connector,
            proxies,
            origin,
            pool: Arc::default(),
        }))
    }

    /// Sends a request and returns the answer's head, its body still to be read; sending and
    /// reading the body both end with a timeout error at `deadline`.
    pub(crate) async fn send(
        &self,
        request: http::Request<Bytes>,
        deadline: Option<Deadline>,
    ) -> Result<Answered, TransportError> {
        match self {
            Transport::Hyper(hyper) => hyper.send(request, deadline).await,
            #[cfg(feature = "reqwest")]
            Transport::Reqwest(client) => {
                let request = reqwest::Request::try_from(request)
                    .map_err(|e| TransportError::new(Kind::Other, e))?;
                let mut response = within(deadline, client.execute(request))
                    .await?
                    .map_err(TransportError::from_reqwest)?;
                Ok(Answered {
                    status: response.status(),
                    headers: std::mem::take(response.headers_mut()),
                    body: Body::Reqwest { response, deadline },
                })
            }
        }
    }
}

/// When an attempt must have ended, and the timeout it was set from (which its error names).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    at: Instant,
    after: Duration,
}

impl Deadline {
    /// `after` from now.
    pub(crate) fn after(after: Duration) -> Self {
        Self {
            at: Instant::now() + after,
            after,
        }
    }

    fn elapsed(self) -> TransportError {
        TransportError::timed_out(self.after)
    }
}

/// `future`, bounded by `deadline` when there is one (a timer entry of its own: for the paths that
/// are not the pooled connections' own timers).
async fn within<F: Future>(
    deadline: Option<Deadline>,
    future: F,
) -> Result<F::Output, TransportError> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline.at, future)
            .await
            .map_err(|_| deadline.elapsed()),
        None => Ok(future.await),
    }
}

/// `future`, ended with a timeout error at `deadline` by a connection's `timer` (see [`arm`]).
async fn bounded<F: Future>(
    future: F,
    timer: &mut Option<Pin<Box<Sleep>>>,
    deadline: Option<Deadline>,
) -> Result<F::Output, TransportError> {
    let mut future = pin!(future);
    let Some(deadline) = deadline else {
        return Ok(future.await);
    };
    let mut timer = arm(timer, deadline.at);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        timer.as_mut().poll(cx).map(|()| Err(deadline.elapsed()))
    })
    .await
}

/// A connection's timer, set to `at`. One timer serves all of a connection's requests: moving its
/// deadline later is a compare-and-swap, where a timer entry of each request's own is registered
/// with tokio's time driver and removed again under the driver's lock, which the runtime's worker
/// threads contend for.
fn arm(timer: &mut Option<Pin<Box<Sleep>>>, at: Instant) -> Pin<&mut Sleep> {
    let timer = timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(at)));
    if timer.deadline() != at {
        timer.as_mut().reset(at);
    }
    timer.as_mut()
}

impl Hyper {
    async fn send(
        &self,
        mut request: http::Request<Bytes>,
        deadline: Option<Deadline>,
    ) -> Result<Answered, TransportError> {
        let on_origin = self.origin.serves(request.uri());
        let (proxy_authorization, host) = if on_origin {
            (
                self.origin.proxy_authorization.clone(),
                self.origin.host.clone(),
            )
        } else {
            (
                plain_http_proxy_authorization(&self.proxies, request.uri()),
                host_header(request.uri()),
            )
        };
        let headers = request.headers_mut();
        if let Some(auth) = proxy_authorization {
            headers.insert(PROXY_AUTHORIZATION, auth);
        }
        // Last, where hyper-util's client would add it.
        if let Some(host) = host {
            headers.entry(HOST).or_insert(host);
        }
        let key = if on_origin {
            self.origin.key.clone()
        } else {
            Key::of(request.uri())
        };
        let Some(key) = key else {
            return Err(TransportError::new(
                Kind::Other,
                format!("{} is not an absolute http(s) URL", request.uri()),
            ));
        };
        let url = request.uri().clone();
        let mut request = request.map(Full::new);
        loop {
            let (mut connection, reused) = match self.pool.checkout(&key) {
                Some(idle) => (idle, true),
                None => (self.connect(&key, &url, deadline).await?, false),
            };
            if reused && !connection.sender.is_ready() {
                // Its last answer was read to the end, and its dispatcher has yet to say it is idle:
                // it will, or it closes.
                let ready =
                    bounded(connection.sender.ready(), &mut connection.timer, deadline).await?;
                if ready.is_err() {
                    continue;
                }
            }
            // A proxy forwarding plain http is sent the whole URL; a server, its path and query.
            if connection.proxied {
                *request.uri_mut() = url.clone();
            } else {
                origin_form(request.uri_mut());
            }
            let sending = connection.sender.try_send_request(request);
            match bounded(sending, &mut connection.timer, deadline).await? {
                Ok(response) => {
                    let (head, body) = response.into_parts();
                    return Ok(Answered {
                        status: head.status,
                        headers: head.headers,
                        body: Body::Hyper {
                            body,
                            lease: Some(Lease {
                                pool: self.pool.clone(),
                                connection,
                            }),
                            deadline,
                        },
                    });
                }
                Err(mut error) => match error.take_message() {
                    // A pooled connection closed before the request was written to it (the
                    // server timed it out as it was taken): nothing was sent, so it goes out on
                    // a fresh connection.
                    Some(unsent) if reused => request = unsent,
                    _ => return Err(TransportError::new(Kind::Other, error.into_error())),
                },
            }
        }
    }

    /// A new connection to `url`'s origin (through the proxy the environment names for it), its
    /// HTTP/1.1 dispatcher running as a task of its own; a timeout error at `deadline`. Boxed: the
    /// connection phase's future is large, and in line it would make every request's future as
    /// large (and every request move it) for what most requests do not do.
    fn connect<'a>(
        &'a self,
        key: &'a Key,
        url: &'a Uri,
        deadline: Option<Deadline>,
    ) -> Pin<Box<dyn Future<Output = Result<Connection, TransportError>> + Send + 'a>> {
        Box::pin(async move { within(deadline, self.open(key, url)).await? })
    }

    async fn open(&self, key: &Key, url: &Uri) -> Result<Connection, TransportError> {
        let io = self
            .connector
            .connect_within_timeout(url.clone())
            .await
            .map_err(|error| {
                let kind = if chain_has_timeout(&*error) {
                    Kind::ConnectTimeout
                } else {
                    Kind::Connect
                };
                TransportError::new(kind, error)
            })?;
        let proxied = io.proxied;
        let (sender, dispatcher) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| TransportError::new(Kind::Connect, e))?;
        tokio::spawn(async move {
            if let Err(error) = dispatcher.await {
                tracing::debug!(%error, "connection closed");
            }
        });
        Ok(Connection {
            key: key.clone(),
            sender,
            proxied,
            timer: None,
        })
    }
}

/// Rewrites an absolute URL to its path and query, the request target a server is sent.
fn origin_form(url: &mut Uri) {
    let target = match url.path_and_query() {
        Some(path) if path.as_str() != "/" => {
            let mut parts = http::uri::Parts::default();
            parts.path_and_query = Some(path.clone());
            Uri::from_parts(parts).unwrap_or_default()
        }
        _ => Uri::default(),
    };
    *url = target;
}

/// Which connections a request may go out on: its scheme and its authority as written (compared
/// byte for byte, as [`Origin::serves`] does).
#[derive(Clone, Debug)]
pub(crate) struct Key {
    https: bool,
    authority: Authority,
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.https == other.https && self.authority.as_str() == other.authority.as_str()
    }
}

impl Eq for Key {}

impl Key {
    fn of(url: &Uri) -> Option<Self> {
        let https = match url.scheme() {
            Some(scheme) if *scheme == Scheme::HTTPS => true,
            Some(scheme) if *scheme == Scheme::HTTP => false,
            _ => return None,
        };
        Some(Self {
            https,
            authority: url.authority()?.clone(),
        })
    }
}

/// One HTTP/1.1 connection: its request sender, and whether it goes to a proxy that forwards
/// plain-http requests.
pub(crate) struct Connection {
    key: Key,
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    proxied: bool,
    /// The deadline of the request it carries (see [`arm`]).
    timer: Option<Pin<Box<Sleep>>>,
}

/// An idle connection and since when it has been idle.
struct Idle {
    connection: Connection,
    since: Instant,
}

/// What the pool's lock guards.
#[derive(Default)]
struct Idling {
    /// The idle connections, the most recently used last.
    connections: Vec<Idle>,
    /// Whether a [`Reaper`] is running.
    reaping: bool,
}

/// The idle keep-alive connections. A request takes the newest idle connection to its origin and
/// gives it back once its answer is read to the end; connections the server closed, and those idle
/// for the pool's timeout, are dropped.
pub(crate) struct Pool {
    idling: Mutex<Idling>,
    idle_timeout: Duration,
}

impl Default for Pool {
    fn default() -> Self {
        Self::new(POOL_IDLE_TIMEOUT)
    }
}

impl Pool {
    fn new(idle_timeout: Duration) -> Self {
        Self {
            idling: Mutex::default(),
            idle_timeout,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Idling> {
        self.idling.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The newest idle connection to `key`'s origin that the server has not closed. It may not be
    /// ready yet: its last answer was read to the end, and its dispatcher has yet to say so.
    fn checkout(&self, key: &Key) -> Option<Connection> {
        let now = Instant::now();
        // Dropped after the lock is released (a connection's timer takes tokio's timer lock).
        let mut dropped = Vec::new();
        let mut idling = self.lock();
        let idle = &mut idling.connections;
        let mut lent = None;
        let mut at = idle.len();
        while at > 0 {
            at -= 1;
            let entry = &idle[at];
            if entry.connection.sender.is_closed()
                || now.duration_since(entry.since) >= self.idle_timeout
            {
                dropped.push(idle.remove(at));
            } else if entry.connection.key == *key {
                lent = Some(idle.remove(at).connection);
                break;
            }
        }
        drop(idling);
        drop(dropped);
        lent
    }

    /// Takes `connection` back once its answer was read to the end.
    fn checkin(self: &Arc<Self>, connection: Connection) {
        if !connection.sender.is_closed() {
            self.put_at(connection, Instant::now());
        }
    }

    /// Pools `connection`, idle since `now`, dropping the connections idle for the timeout ahead of
    /// it, and starts a reaper if none is running.
    fn put_at(self: &Arc<Self>, connection: Connection, now: Instant) {
        let mut idling = self.lock();
        let expired = idling
            .connections
            .iter()
            .take_while(|entry| now.duration_since(entry.since) >= self.idle_timeout)
            .count();
        let dropped: Vec<Idle> = idling.connections.drain(..expired).collect();
        idling.connections.push(Idle {
            connection,
            since: now,
        });
        let start = !idling.reaping;
        idling.reaping = true;
        drop(idling);
        drop(dropped);
        if start {
            Reaper::start(self);
        }
    }
}

/// Drops the pool's expired and closed connections while it has any, so that a client left unused
/// does not hold sockets open; it ends when the pool is empty or gone.
struct Reaper {
    pool: Weak<Pool>,
    /// Whether it ended on its own (with the pool's `reaping` cleared under the lock), rather than
    /// being dropped with the runtime it ran on.
    finished: bool,
}

impl Reaper {
    fn start(pool: &Arc<Pool>) {
        let mut reaper = Reaper {
            pool: Arc::downgrade(pool),
            finished: false,
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let round = pool.idle_timeout / 3;
        runtime.spawn(async move {
            loop {
                tokio::time::sleep(round).await;
                let Some(pool) = reaper.pool.upgrade() else {
                    return;
                };
                let now = Instant::now();
                let mut idling = pool.lock();
                let (kept, dropped): (Vec<Idle>, Vec<Idle>) =
                    std::mem::take(&mut idling.connections)
                        .into_iter()
                        .partition(|entry| {
                            !entry.connection.sender.is_closed()
                                && now.duration_since(entry.since) < pool.idle_timeout
                        });
                idling.connections = kept;
                let done = idling.connections.is_empty();
                if done {
                    idling.reaping = false;
                    reaper.finished = true;
                }
                drop(idling);
                drop(dropped);
                if done {
                    return;
                }
            }
        });
    }
}

impl Drop for Reaper {
    fn drop(&mut self) {
        // Dropped unfinished (with no runtime to run on, or with the runtime it ran on): the next
        // connection pooled starts another.
        if !self.finished
            && let Some(pool) = self.pool.upgrade()
        {
            pool.lock().reaping = false;
        }
    }
}

/// A connection lent to one exchange: back to the pool when the answer's body has been read to
/// the end, closed if the body is dropped before.
pub(crate) struct Lease {
    pool: Arc<Pool>,
    connection: Connection,
}

/// An answer's status and headers, with its body still on the connection.
pub(crate) struct Answered {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Body,
}

/// An answer's body, read chunk by chunk. Dropped before its end, it closes the connection.
pub(crate) enum Body {
    Hyper {
        body: hyper::body::Incoming,
        lease: Option<Lease>,
        deadline: Option<Deadline>,
    },
    #[cfg(feature = "reqwest")]
    Reqwest {
        response: reqwest::Response,
        deadline: Option<Deadline>,
    },
}

impl Body {
    /// The next chunk of data, or `None` at the end.
    pub(crate) async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        match self {
            Body::Hyper {
                body,
                lease,
                deadline,
            } => loop {
                let next = match lease.as_mut() {
                    Some(lease) => {
                        bounded(body.frame(), &mut lease.connection.timer, *deadline).await?
                    }
                    None => body.frame().await,
                };
                let Some(frame) = next else {
                    if let Some(Lease { pool, connection }) = lease.take() {
                        pool.checkin(connection);
                    }
                    return Ok(None);
                };
                let frame = frame.map_err(|e| TransportError::new(Kind::Other, e))?;
                // Trailers carry no data; skip them.
                if let Ok(data) = frame.into_data() {
                    return Ok(Some(data));
                }
            },
            #[cfg(feature = "reqwest")]
            Body::Reqwest { response, deadline } => within(*deadline, response.chunk())
                .await?
                .map_err(TransportError::from_reqwest),
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

impl Connector {
    /// Connects to `destination`, the whole connection phase bounded by the connect timeout.
    async fn connect_within_timeout(&self, destination: Uri) -> Result<Conn, BoxError> {
        let limit = self.timeout;
        match tokio::time::timeout(limit, self.clone().connect(destination)).await {
            Ok(connected) => connected,
            Err(_) => Err(Box::new(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "no connection within the connect timeout ({} ms: DNS, TCP, proxy tunnel \
                     and TLS handshake)",
                    limit.as_millis()
                ),
            ))),
        }
    }

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

/// One connection's byte stream: TCP, TLS over TCP, or TLS through a proxy tunnel.
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

    /// A connection to `key` over an in-memory pipe, ready for a request, and the server's end.
    async fn connection(key: &Key) -> (Connection, tokio::io::DuplexStream) {
        let (mut connection, theirs) = unready_connection(key).await;
        connection.sender.ready().await.unwrap();
        (connection, theirs)
    }

    /// [`connection`] before its dispatcher has run: not ready yet.
    async fn unready_connection(key: &Key) -> (Connection, tokio::io::DuplexStream) {
        let (ours, theirs) = tokio::io::duplex(4096);
        let (sender, dispatcher) = hyper::client::conn::http1::handshake(TokioIo::new(ours))
            .await
            .unwrap();
        tokio::spawn(dispatcher);
        let connection = Connection {
            key: key.clone(),
            sender,
            proxied: false,
            timer: None,
        };
        (connection, theirs)
    }

    /// Answers each request on `stream` with `200` and `{}`, until the client closes it.
    async fn answer(stream: impl AsyncRead + AsyncWrite + Unpin) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let mut stream = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            match stream.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" => {
                    let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                    if stream.get_mut().write_all(answer).await.is_err() {
                        return;
                    }
                }
                Ok(_) => {}
            }
        }
    }

    /// A loopback server answering as [`answer`] does, and how many connections it accepted.
    async fn server() -> (Uri, Arc<std::sync::atomic::AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counting = accepted.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counting.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::spawn(answer(stream));
            }
        });
        (url.parse().unwrap(), accepted)
    }

    fn transport(base: &str) -> Transport {
        Transport::hyper(Settings {
            connect_timeout: Duration::from_secs(5),
            tls: rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth(),
            proxies: Matcher::builder().build(),
            base: base.parse().unwrap(),
        })
    }

    fn built_in(transport: &Transport) -> &Hyper {
        match transport {
            Transport::Hyper(hyper) => hyper,
            #[cfg(feature = "reqwest")]
            Transport::Reqwest(_) => unreachable!("the built-in transport"),
        }
    }

    /// Sends a GET to `url` and reads the answer to its end; the status.
    async fn get(transport: &Transport, url: &Uri) -> Result<StatusCode, TransportError> {
        let mut request = http::Request::new(Bytes::new());
        *request.uri_mut() = url.clone();
        let mut answered = transport.send(request, None).await?;
        while answered.body.chunk().await?.is_some() {}
        Ok(answered.status)
    }

    #[tokio::test]
    async fn a_request_a_pooled_connection_hands_back_unsent_goes_out_once_on_a_new_one() {
        let (url, accepted) = server().await;
        let transport = transport(&url.to_string());
        let hyper = built_in(&transport);
        let (stale, server_end) = connection(&Key::of(&url).unwrap()).await;
        hyper.pool.checkin(stale);
        // The server closes the pooled connection; its dispatcher has not run since (this is a
        // current-thread runtime), so the pool still lends it, and it hands the request back.
        drop(server_end);
        assert_eq!(get(&transport, &url).await.unwrap(), StatusCode::OK);
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_pooled_connection_not_yet_ready_is_waited_for_not_replaced() {
        let (url, accepted) = server().await;
        let transport = transport(&url.to_string());
        let hyper = built_in(&transport);
        let (pending, server_end) = unready_connection(&Key::of(&url).unwrap()).await;
        assert!(!pending.sender.is_ready());
        tokio::spawn(answer(server_end));
        hyper.pool.checkin(pending);
        assert_eq!(get(&transport, &url).await.unwrap(), StatusCode::OK);
        // Answered on the pooled connection: the server never saw one.
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert_eq!(hyper.pool.lock().connections.len(), 1);
    }

    #[test]
    fn a_requests_future_does_not_carry_the_connection_phase_in_line() {
        let transport = transport("http://127.0.0.1:9/");
        let hyper = built_in(&transport);
        let (key, url) = (
            key("http://127.0.0.1:9/"),
            "http://127.0.0.1:9/".parse().unwrap(),
        );
        let sending = hyper.send(http::Request::new(Bytes::new()), None);
        let opening = hyper.open(&key, &url);
        // Every request's future is moved into a box; the connection phase, which few requests
        // go through, is boxed on its own instead of making that future larger than itself.
        assert!(
            size_of_val(&sending) < size_of_val(&opening),
            "{} bytes to send, {} to connect",
            size_of_val(&sending),
            size_of_val(&opening)
        );
    }

    fn key(url: &str) -> Key {
        Key::of(&url.parse().unwrap()).unwrap()
    }

    #[test]
    fn keys_are_the_scheme_and_the_authority_as_written() {
        assert_ne!(key("https://api.example/"), key("https://API.example/"));
        assert_eq!(
            key("https://api.example/a"),
            key("https://api.example/b?c=d")
        );
        assert_ne!(key("https://api.example/"), key("http://api.example/"));
        assert_ne!(key("https://api.example/"), key("https://api.example:443/"));
        assert_ne!(key("https://api.example/"), key("https://media.example/"));
        assert!(Key::of(&"/v1/Services".parse().unwrap()).is_none());
        assert!(Key::of(&"ftp://api.example/".parse().unwrap()).is_none());
    }

    #[tokio::test]
    async fn the_pool_lends_a_connection_only_to_its_own_origin_newest_first() {
        let pool = Arc::new(Pool::default());
        let (api, media) = (key("https://api.example/"), key("https://media.example/"));
        let (older, _a) = connection(&api).await;
        // Marked, to tell the two apart.
        let (mut newer, _b) = connection(&api).await;
        newer.proxied = true;
        let (other, _c) = connection(&media).await;
        pool.checkin(older);
        pool.checkin(newer);
        pool.checkin(other);
        let first = pool.checkout(&api).unwrap();
        assert!(
            first.proxied,
            "the newest connection to the origin goes first"
        );
        assert!(pool.checkout(&key("https://nowhere.example/")).is_none());
        let second = pool.checkout(&api).unwrap();
        assert!(!second.proxied);
        assert!(pool.checkout(&api).is_none());
        assert_eq!(pool.checkout(&media).unwrap().key, media);
        assert!(pool.lock().connections.is_empty());
    }

    #[tokio::test]
    async fn connections_idle_for_the_timeout_are_dropped() {
        let pool = Arc::new(Pool::new(Duration::from_millis(50)));
        let api = key("https://api.example/");
        let long_ago = Instant::now() - Duration::from_millis(100);
        // (No await between pooling and taking: on this current-thread runtime the reaper does
        // not run in between.)
        let (stale, _a) = connection(&api).await;
        pool.put_at(stale, long_ago);
        assert!(
            pool.checkout(&api).is_none(),
            "an expired connection was lent"
        );
        assert!(pool.lock().connections.is_empty());
        // Pooling a connection drops the expired ones ahead of it.
        let (stale, _b) = connection(&api).await;
        let (fresh, _c) = connection(&api).await;
        pool.put_at(stale, long_ago);
        pool.checkin(fresh);
        assert_eq!(pool.lock().connections.len(), 1);
        assert!(pool.checkout(&api).is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn an_unused_pool_is_emptied_in_the_background_and_its_reaper_ends() {
        let pool = Arc::new(Pool::default());
        let api = key("https://api.example/");
        for _ in 0..2 {
            let (connection, _a) = connection(&api).await;
            pool.checkin(connection);
            assert!(pool.lock().reaping);
            // The paused clock jumps from one of the reaper's rounds to the next.
            tokio::time::sleep(POOL_IDLE_TIMEOUT - Duration::from_secs(1)).await;
            assert_eq!(pool.lock().connections.len(), 1, "a connection went early");
            tokio::time::sleep(POOL_IDLE_TIMEOUT / 3).await;
            assert!(pool.lock().connections.is_empty(), "an expired one stayed");
            // Ended, it says so, and the next connection pooled (round two) starts another.
            assert!(!pool.lock().reaping, "the reaper goes on");
        }
    }

    #[tokio::test]
    async fn a_connection_the_server_closed_is_never_lent() {
        let pool = Arc::new(Pool::default());
        let api = key("https://api.example/");
        let (open, _a) = connection(&api).await;
        let (closing, server_end) = connection(&api).await;
        pool.checkin(open);
        pool.checkin(closing);
        drop(server_end);
        let seen = async {
            while !pool.lock().connections[1].connection.sender.is_closed() {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(Duration::from_secs(10), seen)
            .await
            .expect("the dispatcher saw the server close");
        let lent = pool.checkout(&api).unwrap();
        assert!(!lent.sender.is_closed());
        assert!(
            pool.lock().connections.is_empty(),
            "the closed connection stayed"
        );
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
