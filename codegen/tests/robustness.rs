//! Property test: mutated and truncated versions of the real specs never make the generator panic;
//! it returns either generated files or diagnostics.
//!
//! Bounded for CI (`FUZZ_CASES`, default 200, and a 60 s budget). Run it longer with, for example:
//! `FUZZ_CASES=20000 FUZZ_SEED=7 cargo test --release -p twilio-codegen --test robustness -- --nocapture`

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use twilio_codegen::{Options, generate};

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn specs() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![
        root.join("../spec/twilio_proxy_v1.json"),
        root.join("../spec/extra/twilio_proxy_v1.2021-06.json"),
        root.join("../spec/extra/twilio_proxy_v1.2026-02.json"),
        root.join("tests/fixtures/kitchen_sink.json"),
    ];
    // The large specs are mutated less often (they take longer per case).
    if env_number("FUZZ_LARGE", 1) == 1 {
        paths.push(root.join("../spec/extra/twilio-oai-2026-04-14/twilio_verify_v2.json"));
    }
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), text)
        })
        .collect()
}

/// Every JSON pointer in a document.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        10 => json!(["m²", "٣", "😀", "", "Self", "Request", "in-progress"][rng.below(7)]),
        11 => json!({"type": "string", "enum": ["m²", "٣", "😀", "", "Self", "type"]}),
        0 => Value::Null,
        1 => json!(0),
        2 => json!(-1),
        3 => json!(""),
        4 => json!([]),
        5 => json!({}),
        6 => json!(true),
        7 => json!("#/components/schemas/nowhere"),
        8 => json!({"$ref": "#/paths"}),
        _ => json!("x".repeat(rng.below(5000))),
    }
}

/// One random mutation; returns the mutated text and what was done.
fn mutate(text: &str, doc: &Value, rng: &mut Rng) -> (String, String) {
    if rng.below(6) == 0 {
        let mut cut = rng.below(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        return (text[..cut].to_owned(), format!("truncated at byte {cut}"));
    }
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let mut doc = doc.clone();
    let mut log = Vec::new();
    for _ in 0..=rng.below(3) {
        let target = all[rng.below(all.len())].clone();
        let (parent, key) = target.rsplit_once('/').unwrap_or(("", &target));
        match rng.below(4) {
            0 => {
                if let Some(parent) = doc.pointer_mut(parent) {
                    match parent {
                        Value::Object(map) => {
                            map.remove(&key.replace("~1", "/").replace("~0", "~"));
                        }
                        Value::Array(items) => {
                            if let Ok(i) = key.parse::<usize>()
                                && i < items.len()
                            {
                                items.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
                log.push(format!("removed {target}"));
            }
            1 => {
                let value = odd_value(rng);
                if let Some(slot) = doc.pointer_mut(&target) {
                    *slot = value.clone();
                }
                log.push(format!(
                    "set {target} to {}",
                    value.to_string().chars().take(60).collect::<String>()
                ));
            }
            2 => {
                // Self-references and cycles.
                if let Some(slot) = doc.pointer_mut(&target) {
                    *slot = json!({"$ref": format!("#{target}")});
                }
                log.push(format!("made {target} refer to itself"));
            }
            _ => {
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    let key = key.replace("~1", "/").replace("~0", "~");
                    if let Some(v) = map.remove(&key) {
                        let suffix = ["_renamed", "²", "😀", " Request", "<", "-1"][rng.below(6)];
                        map.insert(format!("{key}{suffix}"), v);
                    }
                }
                log.push(format!("renamed {target}"));
            }
        }
    }
    (doc.to_string(), log.join("; "))
}

#[test]
fn mutated_specs_never_panic_the_generator() {
    let cases = env_number("FUZZ_CASES", 200);
    let seed = env_number("FUZZ_SEED", 0x5eed_1234_abcd_0001);
    let budget = Duration::from_secs(env_number("FUZZ_SECONDS", 60));
    let specs = specs();
    let docs: Vec<Value> = specs
        .iter()
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .collect();
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let (mut generated, mut rejected, mut run) = (0, 0, 0);
    // Silence the default panic message; a panic is reported below with how to reproduce it.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failure = None;
    for case in 0..cases {
        if started.elapsed() > budget {
            break;
        }
        let which = rng.below(specs.len());
        let (text, what) = mutate(&specs[which].1, &docs[which], &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| generate(&text, &Options::default())));
        run += 1;
        match outcome {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(diags)) => {
                assert!(diags.has_errors(), "an Err must carry an error diagnostic");
                rejected += 1;
            }
            Err(_) => {
                failure = Some(format!(
                    "case {case} (FUZZ_SEED={seed}) panicked on {}: {what}",
                    specs[which].0
                ));
                break;
            }
        }
    }
    std::panic::set_hook(hook);
    if let Some(failure) = failure {
        panic!("{failure}");
    }
    println!(
        "{run} mutated specs: {generated} generated, {rejected} rejected with diagnostics, 0 panics"
    );
    assert!(
        run >= cases.min(20),
        "too few cases ran within the budget: {run}"
    );
}
