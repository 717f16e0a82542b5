//! Fetching and decoding list pages over loopback HTTP: a 1000-record page of Sessions, a stream
//! across 10 pages of 100, and (in a child process, for its peak memory) `stream()` over 100 pages of
//! 1,000 Sessions, 100,000 records, with the server building each page as it is asked for (release build).
//!
//! `cargo bench -p twilio-proxy-tests --bench pages` measures; under `cargo test` each case runs once
//! (the long stream over 3 pages).

use std::process::Command;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID, page, session};
use twilio_proxy_tests::{MockServer, Reply, bind_loopback, client_for, peak_rss_kib};

/// Argument that makes the bench binary run the long stream alone and report its peak memory.
const STREAM_CHILD: &str = "--long-stream-child";

/// Serves page N of `pages` (1,000 Sessions each) for `...?Page=N`, built when asked, each naming the
/// next until the last. Returns the base URL.
async fn page_server(pages: usize) -> String {
    let (listener, addr) = bind_loopback().await;
    let base = format!("http://{addr}");
    let records = Value::Array(sessions(1000)).to_string();
    let url = base.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (records, url) = (records.clone(), url.clone());
            tokio::spawn(async move {
                let mut pending = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&pending[..end]).into_owned();
                        pending.drain(..end + 4);
                        let number: usize = head
                            .split(['?', '&', ' '])
                            .find_map(|p| p.strip_prefix("Page="))
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(0);
                        let path = format!("/v1/Services/{SERVICE_SID}/Sessions");
                        let next = if number + 1 < pages {
                            format!("\"{url}{path}?PageSize=1000&Page={}\"", number + 1)
                        } else {
                            "null".to_owned()
                        };
                        let body = format!(
                            "{{\"sessions\":{records},\"meta\":{{\"page\":{number},\"page_size\":1000,\"key\":\"sessions\",\"url\":\"{url}{path}?PageSize=1000&Page={number}\",\"next_page_url\":{next}}}}}"
                        );
                        let answer = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if stream.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending.extend_from_slice(&buf[..n]),
                    }
                }
            });
        }
    });
    base
}

/// The long stream: every record is looked at and dropped, as a consumer that processes records one by
/// one does. Prints `records seconds peak_kib`.
async fn long_stream(pages: usize) {
    let url = page_server(pages).await;
    let client = twilio_proxy::Client::builder()
        .credentials(twilio_proxy::Credentials::auth_token(
            ACCOUNT_SID,
            AUTH_TOKEN,
        ))
        .base_url(url)
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    let started = Instant::now();
    let mut stream = client
        .service(SERVICE_SID)
        .sessions()
        .list()
        .page_size(1000)
        .stream();
    let mut records = 0usize;
    while let Some(record) = stream.next().await {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        assert!(record.unique_name.is_some());
        records += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(records, pages * 1000);
    println!("{records} {seconds} {}", peak_rss_kib().unwrap_or(0));
}

fn sessions(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut s = session();
            s["unique_name"] = json!(format!("order-{i}"));
            s
        })
        .collect()
}

fn report(name: &str, records: usize, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let per_second = records as f64 / median.as_secs_f64();
    println!(
        "{name:<44} median {median:?}, min {:?} over {} runs ({per_second:.0} records/s)",
        times[0],
        times.len()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == STREAM_CHILD) {
        let pages = args.get(at + 1).and_then(|p| p.parse().ok()).unwrap_or(3);
        long_stream(pages).await;
        return;
    }
    let measuring = args.iter().any(|a| a == "--bench");
    let runs = if measuring { 30 } else { 1 };

    let server = MockServer::start().await;
    let body = page("sessions", "/Services/KS/Sessions", sessions(1000), None);
    println!(
        "1000-record page: {} KiB of JSON",
        body.to_string().len() / 1024
    );
    let client = client_for(&server);
    let mut times = Vec::new();
    for _ in 0..runs {
        server.enqueue(Reply::json(200, &body));
        let started = Instant::now();
        let page = client
            .service(SERVICE_SID)
            .sessions()
            .list()
            .page_size(1000)
            .page()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        times.push(started.elapsed());
        assert_eq!(page.records().len(), 1000);
    }
    report("one page of 1000 sessions", 1000, times);

    let mut times = Vec::new();
    for _ in 0..runs {
        for p in 0..10 {
            let next = (p < 9).then(|| {
                format!(
                    "{}/v1/Services/{SERVICE_SID}/Sessions?PageSize=100&Page={}",
                    server.url(),
                    p + 1
                )
            });
            server.enqueue(Reply::json(
                200,
                &page(
                    "sessions",
                    "/Services/KS/Sessions",
                    sessions(100),
                    next.as_deref(),
                ),
            ));
        }
        let started = Instant::now();
        let all = client
            .service(SERVICE_SID)
            .sessions()
            .list()
            .page_size(100)
            .all()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        times.push(started.elapsed());
        assert_eq!(all.len(), 1000);
    }
    report("stream of 10 pages x 100 sessions", 1000, times);

    // Each run in a fresh process, so its peak memory is the stream's alone.
    let (pages, stream_runs) = if measuring { (100, 5) } else { (3, 1) };
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..stream_runs {
        let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current exe: {e}"));
        let output = Command::new(exe)
            .args([STREAM_CHILD, &pages.to_string()])
            .output()
            .unwrap_or_else(|e| panic!("child: {e}"));
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<f64> = text
            .split_whitespace()
            .map(|f| f.parse().unwrap_or_else(|e| panic!("{f}: {e}")))
            .collect();
        times.push(Duration::from_secs_f64(fields[1]));
        peaks.push(fields[2] / 1024.0);
    }
    peaks.sort_by(f64::total_cmp);
    let records = pages * 1000;
    let mut sorted = times.clone();
    sorted.sort();
    println!(
        "stream() of {pages} pages x 1000 sessions        {:.1} µs/record (median of {}), peak RSS {:.1}–{:.1} MiB",
        sorted[sorted.len() / 2].as_secs_f64() * 1e6 / records as f64,
        sorted.len(),
        peaks[0],
        peaks[peaks.len() - 1],
    );
    report(
        &format!("stream of {pages} pages x 1000 sessions"),
        records,
        times,
    );
}
