//! A loopback server that answers every request with a huge body (1 GiB by default), declared with
//! `Content-Length` or streamed with chunked encoding, and counts the body bytes it managed to send
//! before the client went away. For the bounded-memory tests and the peak-RSS example.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One GiB.
pub const GIB: u64 = 1 << 30;

/// How the body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length: <len>`.
    Declared,
    /// `Transfer-Encoding: chunked`, no length announced.
    Chunked,
}

/// The server; stopped when dropped.
pub struct Flood {
    addr: SocketAddr,
    sent: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Flood {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Flood {
    /// Serves `status` with a body of `len` bytes of `x`, framed as `framing`.
    pub async fn start(status: u16, framing: Framing, len: u64) -> Self {
        let (listener, addr) = crate::bind_loopback().await;
        let sent = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&sent);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(answer(stream, status, framing, len, Arc::clone(&counter)));
            }
        });
        Self { addr, sent, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Body bytes written to the socket so far, over every connection.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }

    /// Waits until the sending side has given up (the client closed the connection) or `len` was
    /// sent, then returns [`Flood::sent`].
    pub async fn settled_sent(&self) -> u64 {
        let mut last = self.sent();
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let now = self.sent();
            if now == last {
                return now;
            }
            last = now;
        }
    }
}

async fn answer(
    mut stream: TcpStream,
    status: u16,
    framing: Framing,
    len: u64,
    sent: Arc<AtomicU64>,
) {
    // Read the request head (requests here have no body worth reading).
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let framing_header = match framing {
        Framing::Declared => format!("content-length: {len}"),
        Framing::Chunked => "transfer-encoding: chunked".to_owned(),
    };
    let head = format!(
        "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n{framing_header}\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    const CHUNK: usize = 64 * 1024;
    let block = vec![b'x'; CHUNK];
    let mut left = len;
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        let written = match framing {
            Framing::Declared => stream.write_all(&block[..n]).await,
            Framing::Chunked => {
                let mut frame = format!("{n:x}\r\n").into_bytes();
                frame.extend_from_slice(&block[..n]);
                frame.extend_from_slice(b"\r\n");
                stream.write_all(&frame).await
            }
        };
        if written.is_err() {
            return;
        }
        sent.fetch_add(n as u64, Ordering::SeqCst);
        left -= n as u64;
    }
    if framing == Framing::Chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
}
