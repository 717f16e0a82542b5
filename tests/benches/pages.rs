//! Fetching and decoding list pages over loopback HTTP: a 1000-record page of Sessions, and a stream
//! across 10 pages of 100 (release build).
//!
//! `cargo bench -p twilio-proxy-tests --bench pages` measures; under `cargo test` each case runs once.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use twilio_proxy_tests::fixtures::{SERVICE_SID, page, session};
use twilio_proxy_tests::{MockServer, Reply, client_for};

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
    let measuring = std::env::args().any(|a| a == "--bench");
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
}
