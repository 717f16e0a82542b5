//! Spec conformance against a server nobody on this project wrote: every operation of the generated
//! client is driven through Stoplight Prism mocking `spec/twilio_proxy_v1.json`.
//!
//! 0. Coverage, checked mechanically: each operation's all-optional call, sent to a recording loopback
//!    server, must carry every optional parameter the spec defines for it (query, header, form).
//! 1. Requests: each operation is called with only its required parameters and with every optional
//!    parameter set; Prism's request validation must accept both (a 422 fails, with Prism's message).
//! 2. Calls Prism must reject (a path parameter off its pattern, `PageSize=0`, an enum value the spec
//!    does not allow) surface as the client's typed 4xx error naming the parameter.
//! 3. Responses: with `-d --errors` and 20 different seeds, every operation's random, spec-valid answer
//!    must decode into the generated models, with every property the spec's response schema defines
//!    present (`Some`) after decoding, and list pages non-empty. Prism fills every optional property, so
//!    a model field whose name does not match the spec (it decodes as `None`) fails here.
//!
//! A plain binary (`harness = false`) so that it prints what it covered; run it alone with
//! `cargo test -p twilio-proxy-tests --test conformance`.

mod cases;
mod expect;

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use cases::{Case, Decoded};
use expect::{Location, Shape};
use serde_json::Value;
use twilio_proxy::service::ServiceGeoMatchLevel;
use twilio_proxy::{Client, Credentials, Error};
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID};
use twilio_proxy_tests::prism::{Prism, PrismOptions, workspace_root};
use twilio_proxy_tests::{MockServer, Reply};

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
        // Prism's answers are what the spec allows: every field must fit its type.
        .strict_decoding(true)
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

    // 0. Every optional parameter of the spec is set by the all-optional call.
    for case in &cases {
        if let Err(problem) = optional_parameters_covered(&spec, case).await {
            failures
                .entry(case.id)
                .or_default()
                .push(format!("all-optional call: {problem}"));
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

    // 2. Calls Prism must reject, each surfacing as a typed 4xx API error that names the parameter.
    let negatives = [
        (
            "a ServiceSid off its pattern",
            "servicesid",
            client
                .service("KS-not-a-service")
                .sessions()
                .list()
                .page()
                .await
                .map(drop),
        ),
        (
            "PageSize=0 (the spec's minimum is 1)",
            "pagesize",
            client.services().list().page_size(0).page().await.map(drop),
        ),
        (
            "GeoMatchLevel=planet (not one of the spec's enum values)",
            "geomatchlevel",
            client
                .service(SERVICE_SID)
                .update()
                .geo_match_level(ServiceGeoMatchLevel::Unknown("planet".into()))
                .await
                .map(drop),
        ),
    ];
    let mut negative_failures = 0;
    for (what, parameter, outcome) in &negatives {
        match outcome {
            Err(err @ Error::Api(api))
                if (400..500).contains(&api.status)
                    && api
                        .details
                        .as_ref()
                        .is_some_and(|d| d.to_string().to_lowercase().contains(parameter)) =>
            {
                println!("ok   negative: {what} rejected as a typed API error: {err}");
            }
            other => {
                negative_failures += 1;
                println!(
                    "FAIL negative: {what} should be a 4xx API error naming {parameter}, got {other:?}"
                );
            }
        }
    }
    drop(prism);

    // 3. Responses across seeds.
    let seeds: Vec<u64> = RESPONSE_SEEDS.collect();
    let mut decoded: BTreeMap<&str, usize> = BTreeMap::new();
    let mut properties: BTreeMap<&str, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
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
                let (defined, present) = properties.entry(case.id).or_default();
                let problem = match (case.full)(client.clone()).await {
                    Ok(decoded) => check_answer(&spec, case.id, &decoded, defined, present).err(),
                    Err(err) => Some(describe(&err)),
                };
                match problem {
                    None => *decoded.entry(case.id).or_default() += 1,
                    Some(problem) => failures
                        .entry(case.id)
                        .or_default()
                        .push(format!("seed {seed} response: {problem}")),
                }
            }
        }
    }

    for (id, (defined, present)) in &properties {
        let never: Vec<&String> = defined.difference(present).collect();
        if !never.is_empty() {
            failures.entry(id).or_default().push(format!(
                "properties of the spec's response schema never present after decoding, in any of {} answers: {}",
                seeds.len(),
                never.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }

    let mut passed = 0;
    for case in &cases {
        let seeds_ok = decoded.get(case.id).copied().unwrap_or(0);
        let (defined, present) = properties.get(case.id).cloned().unwrap_or_default();
        match failures.get(case.id) {
            None => {
                passed += 1;
                println!(
                    "ok   {:<26} all optional parameters sent; requests accepted; responses decoded for {seeds_ok}/{} seeds with {}/{} spec properties present",
                    case.id,
                    seeds.len(),
                    present.len(),
                    defined.len()
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
    let failed = cases.len() - passed + negative_failures + (spec_ids.len() - covered);
    println!("operations covered: {covered}/{}", spec_ids.len());
    println!("conformance: {passed} passed, {failed} failed");
    Ok(failed == 0)
}

/// Sends `case`'s all-optional call to a recording loopback server and checks that the request carries
/// every optional parameter the spec defines for the operation.
async fn optional_parameters_covered(spec: &Value, case: &Case) -> Result<(), String> {
    let operation = expect::operation(spec, case.id).ok_or("not an operation of the spec")?;
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &serde_json::json!({})));
    let client = client_for(&server.url())?;
    // The answer does not matter here, only the request.
    let _ = (case.full)(client).await;
    let requests = server.requests();
    let [request] = requests.as_slice() else {
        return Err(format!("expected one request, got {}", requests.len()));
    };
    if !request.method.eq_ignore_ascii_case(operation.method) {
        return Err(format!(
            "sent {} instead of {} {}",
            request.method, operation.method, operation.path
        ));
    }
    let query = expect::form_keys(request.query());
    let form = expect::form_keys(&request.body_text());
    let missing: Vec<String> = expect::optional_parameters(spec, &operation)
        .into_iter()
        .filter(|(location, name)| match location {
            Location::Query => !query.contains(name),
            Location::Form => !form.contains(name),
            Location::Header => request.header(name).is_none(),
        })
        .map(|(location, name)| format!("{name} ({location:?})"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "optional parameters the spec defines but the call does not set: {}",
            missing.join(", ")
        ))
    }
}

/// Checks a decoded answer against the spec: the right shape and non-empty pages. Records every
/// property path the response schema defines in `defined`, and those that came back `Some` in
/// `present` (nullable properties are null in some of Prism's answers, so presence is judged across
/// all seeds: a property never present after decoding is one the model does not read).
fn check_answer(
    spec: &Value,
    id: &str,
    decoded: &Decoded,
    defined: &mut BTreeSet<String>,
    present: &mut BTreeSet<String>,
) -> Result<(), String> {
    let operation = expect::operation(spec, id).ok_or("not an operation of the spec")?;
    match (expect::shape(spec, &operation)?, decoded) {
        (Shape::Empty, Decoded::Empty) => {}
        (Shape::Record(schema), Decoded::Record(value)) => {
            expect::properties(spec, schema, value, "record", defined, present);
        }
        (Shape::Page { key, item }, Decoded::Page(records)) => {
            if records.is_empty() {
                return Err(format!("the page's `{key}` list decoded empty"));
            }
            for record in records {
                expect::properties(spec, item, record, &format!("{key}[]"), defined, present);
            }
        }
        (_, decoded) => return Err(format!("the spec's answer shape differs from {decoded:?}")),
    }
    Ok(())
}
