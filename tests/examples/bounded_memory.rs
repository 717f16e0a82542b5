//! Peak memory of the client against answers of 1 GiB, one scenario per process so that each peak
//! is its own: `cargo run --release -p twilio-proxy-tests --example bounded_memory` runs them all
//! (each in a child process) and prints a table of peak RSS (VmHWM, Linux) and bytes the server sent.

use std::process::{Command, ExitCode};

use twilio_proxy::{Client, Credentials, RetryPolicy};
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID};
use twilio_proxy_tests::flood::{Flood, Framing, GIB};
use twilio_proxy_tests::peak_rss_kib;

const SCENARIOS: &[(&str, u16, Framing)] = &[
    ("error 502, 1 GiB declared", 502, Framing::Declared),
    ("error 502, 1 GiB chunked", 502, Framing::Chunked),
    ("success 200, 1 GiB declared", 200, Framing::Declared),
    ("success 200, 1 GiB chunked", 200, Framing::Chunked),
];

fn run_one(index: usize) -> ExitCode {
    let (name, status, framing) = SCENARIOS[index];
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    runtime.block_on(async {
        let flood = Flood::start(status, framing, GIB).await;
        let client = Client::builder()
            .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
            .base_url(flood.url())
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        let outcome = client.service(SERVICE_SID).fetch().await;
        let kind = match &outcome {
            Ok(_) => "Ok".to_owned(),
            Err(e) => format!("{e}").chars().take(60).collect(),
        };
        let sent = flood.settled_sent().await;
        let rss = peak_rss_kib().map_or("n/a".to_owned(), |k| {
            format!("{:.1} MiB", k as f64 / 1024.0)
        });
        println!(
            "| {name} | {rss} | {:.1} MiB of 1024 | {kind} |",
            sent as f64 / (1 << 20) as f64
        );
    });
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(index) = args.get(1).and_then(|a| a.parse::<usize>().ok()) {
        return run_one(index);
    }
    println!("| scenario | client peak RSS | body sent by the server | outcome |");
    println!("|---|---|---|---|");
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("cannot find this executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    for index in 0..SCENARIOS.len() {
        let status = Command::new(&exe).arg(index.to_string()).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("scenario {index} failed");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
