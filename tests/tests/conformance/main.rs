//! Spec conformance against a server nobody on this project wrote: every operation of the generated
//! client is driven through Stoplight Prism mocking `spec/twilio_proxy_v1.json`.
//!
//! 1. Requests: each operation is called with only its required parameters and with every optional
//!    parameter set; Prism's request validation must accept both (a 422 fails, with Prism's message).
//! 2. A call Prism must reject surfaces as the client's typed error.
//! 3. Responses: with `-d --errors` and 20 different seeds, every operation's random, spec-valid answer
//!    must decode into the generated models.
//!
//! A plain binary (`harness = false`) so that it prints what it covered; run it alone with
//! `cargo test -p twilio-proxy-tests --test conformance`.

mod cases;

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde_json::Value;
use twilio_proxy::{Client, Credentials, Error};
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN};
use twilio_proxy_tests::prism::{Prism, PrismOptions, workspace_root};

/// Seeds for the response phase.
const RESPONSE_SEEDS: std::ops::RangeInclusive<u64> = 101..=120;
/// Prism instances started at once in the response phase.
const PARALLEL_PRISMS: usize = 4;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("conformance: cannot start a tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("conformance: cannot run: {message}");
            ExitCode::FAILURE
        }
    }
}

fn client_for(url: &str) -> Result<Client, String> {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(url)
        .build()
        .map_err(|e| e.to_string())
}

/// An error with everything a reader needs: Prism's validation list for a 422, the body for a decode error.
fn describe(err: &Error) -> String {
    match err {
        Error::Api(api) => format!(
            "{err}; details: {}",
            api.details
                .as_ref()
                .map(Value::to_string)
                .unwrap_or_default()
        ),
        Error::Decode { body, .. } => format!("{err}; body: {body}"),
        other => other.to_string(),
    }
}

fn spec_operation_ids(spec: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                ids.push(id.to_owned());
            }
        }
    }
    ids.sort();
    ids
}

async fn run() -> Result<bool, String> {
    let spec_path = workspace_root().join("spec/twilio_proxy_v1.json");
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(&spec_path)
            .map_err(|e| format!("{}: {e}", spec_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let spec_ids = spec_operation_ids(&spec);
    let cases = cases::cases();
    let mut failures: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for id in &spec_ids {
        if !cases.iter().any(|c| c.id == id) {
            println!("MISSING {id}: the spec has this operation but the suite does not call it");
        }
    }
    for case in &cases {
        if !spec_ids.iter().any(|id| id == case.id) {
            failures
                .entry(case.id)
                .or_default()
                .push("not an operation of the spec".into());
        }
    }

    // 1. Requests.
    let prism = tokio::task::spawn_blocking({
        let spec = spec.clone();
        move || Prism::start(&spec, PrismOptions { seed: 1 })
    })
    .await
    .map_err(|e| e.to_string())??;
    println!(
        "prism: listening at {} (request validation on)",
        prism.url()
    );
    let client = client_for(&prism.url())?;
    for case in &cases {
        for (kind, call) in [
            ("required-only", case.required),
            ("all-optional", case.full),
        ] {
            if let Err(err) = call(client.clone()).await {
                failures
                    .entry(case.id)
                    .or_default()
                    .push(format!("{kind} request: {}", describe(&err)));
            }
        }
    }

    // 2. A call Prism must reject: a ServiceSid that breaks `^KS[0-9a-fA-F]{32}$`.
    let negative = client
        .service("KS-not-a-service")
        .sessions()
        .list()
        .page()
        .await;
    let negative_ok = match &negative {
        Err(err @ Error::Api(api))
            if api.status == 422
                && api
                    .details
                    .as_ref()
                    .is_some_and(|d| d.to_string().to_lowercase().contains("servicesid")) =>
        {
            println!("ok   negative: bad ServiceSid rejected as a typed API error: {err}");
            true
        }
        other => {
            println!(
                "FAIL negative: bad ServiceSid should be a 422 API error naming ServiceSid, got {other:?}"
            );
            false
        }
    };
    drop(prism);

    // 3. Responses across seeds.
    let seeds: Vec<u64> = RESPONSE_SEEDS.collect();
    let mut decoded: BTreeMap<&str, usize> = BTreeMap::new();
    for batch in seeds.chunks(PARALLEL_PRISMS) {
        let mut starts = Vec::new();
        for &seed in batch {
            let spec = spec.clone();
            starts.push((
                seed,
                tokio::task::spawn_blocking(move || Prism::start(&spec, PrismOptions { seed })),
            ));
        }
        for (seed, start) in starts {
            let prism = start.await.map_err(|e| e.to_string())??;
            let client = client_for(&prism.url())?;
            for case in &cases {
                match (case.full)(client.clone()).await {
                    Ok(()) => *decoded.entry(case.id).or_default() += 1,
                    Err(err) => failures
                        .entry(case.id)
                        .or_default()
                        .push(format!("seed {seed} response: {}", describe(&err))),
                }
            }
        }
    }

    let mut passed = 0;
    for case in &cases {
        let seeds_ok = decoded.get(case.id).copied().unwrap_or(0);
        match failures.get(case.id) {
            None => {
                passed += 1;
                println!(
                    "ok   {:<26} requests accepted (required-only, all-optional); responses decoded for {seeds_ok}/{} seeds",
                    case.id,
                    seeds.len()
                );
            }
            Some(problems) => {
                println!("FAIL {}", case.id);
                for problem in problems {
                    println!("       {problem}");
                }
            }
        }
    }
    let covered = spec_ids
        .iter()
        .filter(|id| cases.iter().any(|c| c.id == id.as_str()))
        .count();
    let failed = cases.len() - passed + usize::from(!negative_ok) + (spec_ids.len() - covered);
    println!("operations covered: {covered}/{}", spec_ids.len());
    println!("conformance: {passed} passed, {failed} failed");
    Ok(failed == 0)
}
