//! How long the generator takes, from spec text to rendered files (release build): per real spec,
//! and against spec size (API v2010 repeated 1, 4 and 16 times in one document) to show that
//! generation stays linear.
//!
//! `cargo bench -p twilio-codegen --bench generate` measures; under `cargo test` (no `--bench`
//! argument) each spec is generated once and the scaling run stops at 4 copies, as a smoke test.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use twilio_codegen::{Options, generate};

/// The allocator `cargo xtask codegen` uses, so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates `text` `runs` times: (median, min, files, bytes of output).
fn measure(name: &str, text: &str, runs: usize) -> (Duration, Duration, usize, usize) {
    let options = Options {
        spec_name: name.to_owned(),
        ..Options::default()
    };
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut files = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        match generate(text, &options) {
            Ok(generated) => {
                times.push(started.elapsed());
                files = generated.files.len();
                bytes = generated.files.values().map(String::len).sum::<usize>();
            }
            Err(diags) => {
                eprintln!("{name}: {diags}");
                std::process::exit(1);
            }
        }
    }
    times.sort();
    (times[times.len() / 2], times[0], files, bytes)
}

/// `n` copies of a spec's paths and schemas in one document: copy `k` has its paths under `/K{k}`,
/// its operationIds suffixed `V{k}` and its schemas prefixed `k{k}.`, so every copy is a distinct
/// set of resources, operations and models, as in a spec `n` times the size.
fn scaled(spec: &Value, n: usize) -> Value {
    let mut out = spec.clone();
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for k in 0..n {
        let mut copy = spec.clone();
        rewrite_refs(&mut copy, &format!("k{k}."));
        for (path, item) in copy["paths"].as_object().cloned().unwrap_or_default() {
            let mut item = item;
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                        op["operationId"] = Value::from(format!("{id}V{k}"));
                    }
                }
                if let Some(parent) = item
                    .get_mut("x-twilio")
                    .and_then(|x| x.get_mut("parent"))
                    .and_then(|p| p.as_str().map(str::to_owned))
                {
                    item["x-twilio"]["parent"] = Value::from(format!("/K{k}{parent}"));
                }
            }
            let (version, rest) = path[1..].split_once('/').unwrap_or(("", &path[1..]));
            paths.insert(format!("/{version}/K{k}/{rest}"), item);
        }
        for (name, schema) in copy["components"]["schemas"]
            .as_object()
            .cloned()
            .unwrap_or_default()
        {
            schemas.insert(format!("k{k}.{name}"), schema);
        }
    }
    out["paths"] = Value::Object(paths);
    out["components"]["schemas"] = Value::Object(schemas);
    out
}

/// Points every schema `$ref` at the renamed copy.
fn rewrite_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child.as_str()) {
                    ("$ref", Some(r)) if r.starts_with("#/components/schemas/") => {
                        let name = &r["#/components/schemas/".len()..];
                        *child = Value::from(format!("#/components/schemas/{prefix}{name}"));
                    }
                    _ => rewrite_refs(child, prefix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, prefix)),
        _ => {}
    }
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{}: {e}", path.display());
        std::process::exit(1);
    })
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let specs = [
        root.join("../spec/twilio_proxy_v1.json"),
        root.join("../spec/extra/twilio-oai-2026-04-14/twilio_verify_v2.json"),
        root.join("../spec/extra/twilio-oai-2026-04-14/twilio_conversations_v1.json"),
        root.join("../spec/extra/twilio-oai-2026-04-14/twilio_api_v2010.json"),
    ];
    println!("| spec | size | output | median | min | runs |");
    println!("|---|---|---|---|---|---|");
    for spec in &specs {
        let text = read(spec);
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let runs = if measuring { 20 } else { 1 };
        let (median, min, files, bytes) = measure(&name, &text, runs);
        println!(
            "| `{name}` | {} KiB | {files} files, {} KiB | {median:.1?} | {min:.1?} | {runs} |",
            text.len() / 1024,
            bytes / 1024,
        );
    }

    let v2010: Value = match serde_json::from_str(&read(&specs[3])) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("v2010: {e}");
            std::process::exit(1);
        }
    };
    let operations = |spec: &Value| {
        spec["paths"]
            .as_object()
            .map(|p| {
                p.values()
                    .filter_map(Value::as_object)
                    .map(|i| {
                        i.values()
                            .filter(|o| o.get("operationId").is_some())
                            .count()
                    })
                    .sum::<usize>()
            })
            .unwrap_or(0)
    };
    println!();
    println!("| copies of API v2010 | spec size | operations | median | per operation | runs |");
    println!("|---|---|---|---|---|---|");
    let copies: &[usize] = if measuring { &[1, 4, 16] } else { &[1, 4] };
    for &n in copies {
        let spec = scaled(&v2010, n);
        let text = spec.to_string();
        let ops = operations(&spec);
        let runs = if measuring { 5 } else { 1 };
        let (median, _, _, _) = measure("twilio_api_v2010.json", &text, runs);
        println!(
            "| {n}x | {:.1} MiB | {ops} | {median:.2?} | {:.1?} | {runs} |",
            text.len() as f64 / (1 << 20) as f64,
            median / ops.max(1) as u32,
        );
    }
}
