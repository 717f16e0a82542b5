//! Test support: a scripted HTTP/1.1 server on loopback that records every request byte for byte and
//! answers from a queue of scripted replies (including broken ones: hangs, truncated bodies, resets).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub mod fixtures;
pub mod flood;
pub mod prism;
pub mod trace;

/// A client with the fixture credentials, pointed at `server`.
pub fn client_for(server: &MockServer) -> twilio_proxy::Client {
    client_decoding(server, false)
}

/// [`client_for`] with strict decoding: a record field that does not fit its type fails the call.
pub fn strict_client_for(server: &MockServer) -> twilio_proxy::Client {
    client_decoding(server, true)
}

fn client_decoding(server: &MockServer, strict: bool) -> twilio_proxy::Client {
    twilio_proxy::Client::builder()
        .credentials(twilio_proxy::Credentials::auth_token(
            fixtures::ACCOUNT_SID,
            fixtures::AUTH_TOKEN,
        ))
        .base_url(server.url())
        .strict_decoding(strict)
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// A listener on a free loopback port, and its address.
pub async fn bind_loopback() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("cannot bind a loopback port: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("no local address: {e}"));
    (listener, addr)
}

/// Peak resident set size of this process in KiB (`VmHWM`, Linux; `None` elsewhere), for the memory
/// figures of the benches and examples.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A loopback URL where nothing listens: connecting to it is refused.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap_or_else(|e| panic!("cannot bind a loopback port: {e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("no local address: {e}"))
        .port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// The generated crate's version, as its manifest states it (it names itself in the `User-Agent`).
pub fn proxy_version() -> &'static str {
    include_str!("../../generated/Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or("unknown")
}

/// Asserts what every request carries: method, exact target, Basic auth, Accept, User-Agent, and
/// for POST the form content type (for other methods: no body at all).
pub fn assert_common(req: &Recorded, method: &str, target: &str) {
    assert_eq!(req.method, method);
    assert_eq!(req.target, target);
    assert_eq!(req.header("authorization"), Some(fixtures::BASIC_AUTH));
    assert_eq!(req.header("accept"), Some("application/json"));
    let ua = req.header("user-agent").unwrap_or_default();
    assert!(
        ua.starts_with(&format!("twilio-proxy/{} (", proxy_version())),
        "user agent {ua:?}"
    );
    if method == "POST" {
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            req.header("content-length"),
            Some(req.body.len().to_string().as_str())
        );
    } else {
        assert_eq!(req.header("content-type"), None);
        assert!(req.body.is_empty());
    }
}

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target: path and query, exactly as sent.
    pub target: String,
    /// Header names (lower-cased) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// When the whole request had arrived.
    pub received_at: Instant,
    /// Which of the server's connections it came on: 0 for the first accepted, and so on.
    pub connection: usize,
}

impl Recorded {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query part of the target (without `?`), or `""`.
    pub fn query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
    }
}

/// What the server does with the next request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer.
    Full {
        /// Status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body.
        body: Vec<u8>,
    },
    /// Announces `declared` bytes of body, sends `body`, then closes the connection.
    Truncated {
        /// Status code.
        status: u16,
        /// The Content-Length sent.
        declared: usize,
        /// The bytes actually sent.
        body: Vec<u8>,
    },
    /// Announces `declared` bytes of body, sends `body`, then resets the connection (TCP RST).
    ResetMidBody {
        /// The Content-Length sent.
        declared: usize,
        /// The bytes actually sent.
        body: Vec<u8>,
    },
    /// Closes the connection without answering.
    Close,
    /// Answers as the reply given does, then closes the connection without saying so in a
    /// `Connection: close` header (as a server timing out an idle keep-alive connection does).
    ThenClose(Box<Reply>),
    /// Never answers; notes when the client gives up and closes the connection.
    Hang,
    /// Announces `declared` bytes of body, sends `body`, then sends nothing more; notes when the
    /// client gives up and closes the connection.
    Stall {
        /// The Content-Length sent.
        declared: usize,
        /// The bytes actually sent.
        body: Vec<u8>,
    },
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Reply::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// An answer with a given content type and body.
    pub fn text(status: u16, content_type: &str, body: &str) -> Self {
        Reply::Full {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// An answer with no body (`204`).
    pub fn empty(status: u16) -> Self {
        Reply::Full {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// This answer, after which the server closes the connection unannounced.
    pub fn then_close(self) -> Self {
        Reply::ThenClose(Box::new(self))
    }

    /// Adds a header to a full answer.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.to_ascii_lowercase(), value.into()));
        }
        self
    }
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    replies: VecDeque<Reply>,
}

#[derive(Default)]
struct Counters {
    /// Hanging requests whose client closed the connection.
    abandoned: AtomicUsize,
    /// Connections accepted.
    connections: AtomicUsize,
}

/// A scripted HTTP server on `127.0.0.1`, stopped when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    counters: Arc<Counters>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MockServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        let (listener, addr) = bind_loopback().await;
        let state = Arc::new(Mutex::new(State::default()));
        let counters = Arc::new(Counters::default());
        let accept_state = Arc::clone(&state);
        let accept_counters = Arc::clone(&counters);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let connection = accept_counters.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(
                    stream,
                    connection,
                    Arc::clone(&accept_state),
                    Arc::clone(&accept_counters),
                ));
            }
        });
        Self {
            addr,
            state,
            counters,
            task,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a reply for the next request.
    pub fn enqueue(&self, reply: Reply) {
        lock(&self.state).replies.push_back(reply);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state).requests.clone()
    }

    /// How many hanging requests the client abandoned (closed the connection of).
    pub fn abandoned(&self) -> usize {
        self.counters.abandoned.load(Ordering::SeqCst)
    }

    /// How many connections the server accepted.
    pub fn connections(&self) -> usize {
        self.counters.connections.load(Ordering::SeqCst)
    }

    /// Which connection each request so far came on, in order.
    pub fn connections_used(&self) -> Vec<usize> {
        self.requests().iter().map(|r| r.connection).collect()
    }

    /// Waits up to 2 s for the client to have abandoned `count` hanging requests; whether it had.
    pub async fn abandoned_soon(&self, count: usize) -> bool {
        for _ in 0..100 {
            if self.abandoned() == count {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    /// The time between consecutive requests' arrivals.
    pub fn gaps(&self) -> Vec<Duration> {
        self.requests()
            .windows(2)
            .map(|w| w[1].received_at.duration_since(w[0].received_at))
            .collect()
    }

    /// The only request received; panics when there were none or several.
    pub fn single_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!())
    }
}

async fn serve(
    mut stream: TcpStream,
    connection: usize,
    state: Arc<Mutex<State>>,
    counters: Arc<Counters>,
) {
    let mut buf = Vec::new();
    loop {
        let Some(mut request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        request.connection = connection;
        let reply = {
            let mut st = lock(&state);
            st.requests.push(request);
            st.replies.pop_front()
        };
        let reply = reply.unwrap_or_else(|| {
            Reply::json(
                500,
                &serde_json::json!({"code": 0, "message": "the test scripted no reply for this request", "status": 500}),
            )
        });
        let (reply, close) = match reply {
            Reply::ThenClose(reply) => (*reply, true),
            reply => (reply, false),
        };
        match reply {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
                if stream.write_all(head.as_bytes()).await.is_err()
                    || stream.write_all(&body).await.is_err()
                {
                    return;
                }
            }
            Reply::Truncated {
                status,
                declared,
                body,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n",
                    reason(status)
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.flush().await;
                return;
            }
            Reply::ResetMidBody { declared, body } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.flush().await;
                // Give the client a moment to read the head, then reset instead of closing.
                tokio::time::sleep(Duration::from_millis(20)).await;
                let _ = stream.set_zero_linger();
                return;
            }
            Reply::Close | Reply::ThenClose(_) => return,
            Reply::Hang | Reply::Stall { .. } => {
                if let Reply::Stall { declared, body } = &reply {
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
                    );
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(body).await;
                    let _ = stream.flush().await;
                }
                let mut sink = [0u8; 1024];
                let deadline = tokio::time::sleep(Duration::from_secs(600));
                tokio::pin!(deadline);
                loop {
                    tokio::select! {
                        read = stream.read(&mut sink) => {
                            if matches!(read, Ok(0) | Err(_)) {
                                counters.abandoned.fetch_add(1, Ordering::SeqCst);
                                return;
                            }
                        }
                        () = &mut deadline => return,
                    }
                }
            }
        }
        if close {
            let _ = stream.flush().await;
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buf.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + length].to_vec();
    buf.drain(..body_start + length);
    Some(Recorded {
        connection: 0,
        method,
        target,
        headers,
        body,
        received_at: Instant::now(),
    })
}

/// The README's Rust examples, compiled as doc tests so the quick start cannot rot.
#[doc = include_str!("../../README.md")]
mod readme {}
