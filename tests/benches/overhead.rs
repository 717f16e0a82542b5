//! Request overhead of the generated client against a raw reqwest + serde client in the same binary
//! (issue 11's baseline) and against raw hyper + serde (the engine the generated client sends with), all
//! fetching and decoding the same Service record from one loopback keep-alive server (release
//! build): sequentially over one connection, and from 64 concurrent tasks through one client. The
//! clients take turns in rounds, each round starting with the next client, so that drift in the
//! machine's speed affects all alike and none always follows the same one; a ratio is the median
//! over the rounds of the two clients' times in the same round.
//!
//! `cargo bench -p twilio-proxy-tests --bench overhead` measures; under `cargo test` each case runs a
//! few requests as a smoke test. `--only ours|bare|hyper|reqwest [REQUESTS [TASKS]]` sends that many
//! requests (default 200,000) through one client alone (`bare`: ours without timeout and retries),
//! from that many concurrent tasks (default 64), and prints only its time: the mode to run under a
//! profiler (`valgrind --tool=callgrind`, `perf`), so that every sample belongs to that client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use twilio_proxy::service::Service;
use twilio_proxy::{Client, Credentials, RetryPolicy};
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN, BASIC_AUTH, SERVICE_SID, service};

/// Answers every request on every connection with the same Service record, keeping connections open.
async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let body = service().to_string();
    let answer: Arc<[u8]> = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
    .into();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let mut pending = Vec::with_capacity(4096);
                let mut buf = [0u8; 4096];
                loop {
                    // Requests are GETs without a body: each ends with an empty line.
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if stream.write_all(&answer).await.is_err() {
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
    url
}

/// The baseline: what a hand-written client does for the same call.
async fn raw_fetch(http: &reqwest::Client, url: &str) -> Service {
    let bytes = http
        .get(url)
        .header("authorization", BASIC_AUTH)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

type HyperClient =
    hyper_util::client::legacy::Client<HttpConnector, http_body_util::Full<bytes::Bytes>>;

/// The engine underneath, used by hand: hyper-util's pooled client, the same headers, serde.
async fn hyper_fetch(http: &HyperClient, url: &http::Uri) -> Service {
    let request = http::Request::get(url.clone())
        .header("authorization", BASIC_AUTH)
        .header("accept", "application/json")
        .body(http_body_util::Full::default())
        .unwrap();
    let response = http.request(request).await.unwrap();
    assert!(response.status().is_success());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

async fn ours_fetch(client: &Client) -> Service {
    client.service(SERVICE_SID).fetch().await.unwrap()
}

/// `requests` calls split over `tasks` concurrent tasks; returns the wall time.
async fn run<F, Fut>(requests: usize, tasks: usize, call: F) -> Duration
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Service> + Send,
{
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let call = call.clone();
        handles.push(tokio::spawn(async move {
            for _ in 0..requests / tasks {
                let record = call().await;
                assert_eq!(record.sid.as_deref(), Some(SERVICE_SID));
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    started.elapsed()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let measuring = args.iter().any(|a| a == "--bench");
    let only = args.iter().position(|a| a == "--only").map(|i| {
        let name = args.get(i + 1).map(String::as_str).unwrap_or_default();
        let number = |at: usize, default: usize| {
            args.get(i + at).map_or(default, |n| {
                n.parse::<usize>()
                    .expect("--only NAME [REQUESTS [TASKS]] takes counts")
            })
        };
        (name.to_owned(), number(2, 200_000), number(3, 64))
    });
    let (rounds, requests) = if measuring { (9, 4096) } else { (1, 64) };
    let url = serve().await;
    let raw_url = format!("{url}/v1/Services/{SERVICE_SID}");
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let hyper_raw: HyperClient =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(HttpConnector::new());
    let hyper_url: http::Uri = raw_url.parse().unwrap();
    let ours = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(&url)
        .build()
        .unwrap();
    // The same client without the timeout and retries, to see what they cost.
    let bare = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(&url)
        .timeout(None)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    // The clients' calls, for `--only` and for the rounds below.
    let raw_call = {
        let (raw, raw_url) = (raw.clone(), raw_url.clone());
        move || {
            let (raw, raw_url) = (raw.clone(), raw_url.clone());
            async move { raw_fetch(&raw, &raw_url).await }
        }
    };
    let hyper_call = {
        let (http, url) = (hyper_raw.clone(), hyper_url.clone());
        move || {
            let (http, url) = (http.clone(), url.clone());
            async move { hyper_fetch(&http, &url).await }
        }
    };
    let client_call = |client: &Client| {
        let client = client.clone();
        move || {
            let client = client.clone();
            async move { ours_fetch(&client).await }
        }
    };
    if let Some((name, count, tasks)) = only {
        let took = match name.as_str() {
            "ours" => run(count, tasks, client_call(&ours)).await,
            "bare" => run(count, tasks, client_call(&bare)).await,
            "hyper" => run(count, tasks, hyper_call).await,
            "reqwest" => run(count, tasks, raw_call).await,
            other => panic!("--only takes ours, bare, hyper or reqwest, not {other:?}"),
        };
        eprintln!("{name}: {count} requests from {tasks} tasks in {took:.2?}");
        return;
    }
    println!(
        "| case | raw reqwest + serde | raw hyper + serde | generated client | ratio to reqwest (raw time / ours) | no timeout, no retries | ratio to hyper | rounds × requests |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, tasks, requests) in [
        ("sequential, one connection", 1, requests),
        // A 4,096-request round of 64 tasks lasted about 40 ms: too short to be steady.
        ("64 concurrent tasks", 64, requests * 4),
    ] {
        let mut times: [Vec<Duration>; 4] = Default::default();
        // Warm up connections and caches.
        run(requests / 4, tasks, raw_call.clone()).await;
        run(requests / 4, tasks, hyper_call.clone()).await;
        run(requests / 4, tasks, client_call(&ours)).await;
        run(requests / 4, tasks, client_call(&bare)).await;
        for round in 0..rounds {
            // Each round starts with the next client, so that no client always follows the same one.
            for at in 0..4 {
                let client = (round + at) % 4;
                let took = match client {
                    0 => run(requests, tasks, raw_call.clone()).await,
                    1 => run(requests, tasks, client_call(&ours)).await,
                    2 => run(requests, tasks, client_call(&bare)).await,
                    _ => run(requests, tasks, hyper_call.clone()).await,
                };
                times[client].push(took);
            }
        }
        // A ratio is the median over rounds of the baseline's time over ours in the same round.
        let ratio = |baseline: &[Duration], ours: &[Duration]| {
            let mut ratios: Vec<f64> = baseline
                .iter()
                .zip(ours)
                .map(|(b, o)| b.as_secs_f64() / o.as_secs_f64())
                .collect();
            ratios.sort_by(f64::total_cmp);
            ratios[ratios.len() / 2]
        };
        let (to_reqwest, bare_to_reqwest, to_hyper) = (
            ratio(&times[0], &times[1]),
            ratio(&times[0], &times[2]),
            ratio(&times[3], &times[1]),
        );
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v[v.len() / 2]
        };
        let [mut raw_t, mut ours_t, _, mut hyper_t] = times;
        let (raw_m, ours_m, hyper_m) = (
            median(&mut raw_t),
            median(&mut ours_t),
            median(&mut hyper_t),
        );
        let per = |d: Duration| d / requests as u32;
        println!(
            "| {name} | {:.1?}/req | {:.1?}/req | {:.1?}/req | {:.3}× | {:.3}× | {:.3}× | {rounds} × {requests} |",
            per(raw_m),
            per(hyper_m),
            per(ours_m),
            to_reqwest,
            bare_to_reqwest,
            to_hyper,
        );
    }
}
