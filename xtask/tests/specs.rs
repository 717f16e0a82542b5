//! Every spec this project knows generates a crate that builds on its own outside this workspace,
//! passes `clippy -D warnings` and `cargo doc` with warnings denied, runs its doc tests, and whose
//! `testing` fake serves every resource it has: the Proxy spec, all 55 current Twilio product specs
//! (`spec/extra/twilio-oai-2026-04-14/`), the other Proxy versions in `spec/extra/`, and the
//! generator's fixture specs. A file with the same bytes as one already taken is generated once.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::{CodegenArgs, codegen, spec_sha256, workspace_root};

#[path = "support/schema.rs"]
mod schema;

/// The directory of Twilio's 55 product specs, as of one twilio-oai commit.
const TWILIO_OAI: &str = "spec/extra/twilio-oai-2026-04-14";

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Every spec, each once (by content), with its crate's directory name.
fn specs(root: &Path) -> Vec<(String, PathBuf)> {
    let oai = json_files(&root.join(TWILIO_OAI));
    assert_eq!(oai.len(), 55, "expected Twilio's 55 product specs: {oai:?}");
    let mut candidates = vec![root.join("spec/twilio_proxy_v1.json")];
    candidates.extend(json_files(&root.join("spec/extra")));
    candidates.extend(oai);
    for fixture in [
        "kitchen_sink.json",
        "models.json",
        "resources.json",
        "broken_unsupported.json",
        "sid_tree.json",
        "reserved_names.json",
    ] {
        candidates.push(root.join("codegen/tests/fixtures").join(fixture));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut specs: Vec<(String, PathBuf)> = Vec::new();
    for spec in candidates {
        let text = std::fs::read_to_string(&spec).unwrap();
        if !seen.insert(spec_sha256(&text)) {
            continue;
        }
        let stem = spec
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace(['.', '-'], "_");
        assert!(
            specs.iter().all(|(other, _)| *other != stem),
            "two specs would share the crate directory {stem}"
        );
        specs.push((stem, spec));
    }
    specs
}

/// Removes every `pattern` from a spec.
fn strip_patterns(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("pattern");
            map.values_mut().for_each(strip_patterns);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_patterns),
        _ => {}
    }
}

/// `cargo clippy --quiet ARGS -- -D warnings`.
fn clippy(cargo: &str, args: &[&str], dir: &Path, target: &Path) {
    let args = [&["clippy", "--quiet"], args, &["--", "-D", "warnings"]].concat();
    run(cargo, &args, dir, target, false);
}

fn run(cargo: &str, args: &[&str], dir: &Path, target: &Path, rustdocflags: bool) {
    run_with(cargo, args, dir, target, rustdocflags, &[]);
}

fn run_with(
    cargo: &str,
    args: &[&str],
    dir: &Path,
    target: &Path,
    rustdocflags: bool,
    env: &[(&str, &Path)],
) {
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        // Its own target directory: the workspace's is locked by the running `cargo test`.
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS");
    for (name, value) in env {
        command.env(name, value);
    }
    if rustdocflags {
        command.env("RUSTDOCFLAGS", "-D warnings");
    }
    let started = std::time::Instant::now();
    let output = command.output().unwrap();
    // What each step costs (BENCHMARKS.md records it); shown with `--nocapture`.
    println!(
        "cargo {}: {:.1} s",
        args[0],
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
}

/// A generated crate's resource features (those `full` lists), each with how many features it turns
/// on in all (itself, its parents, …).
fn resource_features(manifest: &Path) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let list = |line: &str| -> Vec<String> {
        line.split_once(" = [")
            .map(|(_, rest)| rest.trim_end_matches(']'))
            .unwrap_or_default()
            .split(", ")
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_matches('"').to_owned())
            .collect()
    };
    let enables: std::collections::BTreeMap<String, Vec<String>> = text
        .lines()
        .filter_map(|line| Some((line.split_once(" = [")?.0.to_owned(), list(line))))
        .collect();
    let full = enables.get("full").cloned().unwrap_or_default();
    full.into_iter()
        .map(|feature| {
            let mut on = std::collections::BTreeSet::new();
            let mut todo = vec![feature.clone()];
            while let Some(next) = todo.pop() {
                if on.insert(next.clone()) {
                    todo.extend(enables.get(&next).into_iter().flatten().cloned());
                }
            }
            (feature, on.len())
        })
        .collect()
}

#[test]
fn every_spec_generates_a_crate_that_builds_alone_and_passes_clippy_and_doc() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    let mut wire_tests = Vec::new();
    let mut specs = specs(&root);
    // Proxy as it was before Twilio's specs had SID patterns (1.10.0, twilio-oai 2021-02): derived
    // from 1.17.0 with every `pattern` removed. The hand-written webhooks extension must compile
    // against it too.
    let unpatterned = dir.path().join("twilio_proxy_v1_unpatterned.json");
    let mut proxy: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("spec/extra/twilio_proxy_v1.2021-06.json")).unwrap(),
    )
    .unwrap();
    strip_patterns(&mut proxy);
    std::fs::write(&unpatterned, proxy.to_string()).unwrap();
    specs.push(("twilio_proxy_v1_unpatterned".to_owned(), unpatterned));
    for (stem, spec) in &specs {
        let crate_name = format!("gen-{}", stem.replace('_', "-"));
        let out = dir.path().join(stem);
        let mut args = CodegenArgs::defaults(&root);
        args.spec = spec.clone();
        args.out = out.clone();
        args.crate_name = crate_name.clone();
        let outcome = codegen(&args).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        // Every operation of the real Twilio specs is generated; only fixtures leave some out.
        if !spec.starts_with(root.join("codegen/tests/fixtures")) {
            assert!(
                outcome.left_out.is_empty(),
                "{}: operations left out: {:?}",
                spec.display(),
                outcome.left_out
            );
        }
        // Wire tests written for one spec's crate run inside that crate.
        let wire = root
            .join("xtask/tests/wire")
            .join(format!("{}.rs", stem.trim_start_matches("twilio_")));
        if wire.is_file() {
            std::fs::create_dir_all(out.join("tests")).unwrap();
            std::fs::copy(&wire, out.join("tests/wire.rs")).unwrap();
            wire_tests.push(crate_name.clone());
        }
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        // crates.io, and the runtime crate of this repository (published alongside).
        for line in manifest.lines().filter(|l| l.contains("path =")) {
            assert!(
                line.starts_with(&format!(
                    "twilio-runtime = {{ version = \"{}\", path = \"",
                    twilio_codegen::RUNTIME_VERSION
                )),
                "the crate must depend only on crates.io and the runtime: {line}"
            );
        }
        members.push(format!("\"{stem}\""));
    }
    // Two product crates in one program share the runtime: one `Error`, one `RetryPolicy`, one `Page`.
    // This crate compiles only if the two crates' types are the same types.
    let together = dir.path().join("together");
    std::fs::create_dir_all(together.join("src")).unwrap();
    std::fs::write(
        together.join("Cargo.toml"),
        "[package]\nname = \"together\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ngen-twilio-api-v2010 = { path = \"../twilio_api_v2010\" }\n\
         gen-twilio-proxy-v1 = { path = \"../twilio_proxy_v1\" }\n",
    )
    .unwrap();
    std::fs::write(
        together.join("src/lib.rs"),
        "//! Two generated crates, one runtime.\n\n\
         /// The same error type.\n\
         pub fn error(e: gen_twilio_api_v2010::Error) -> gen_twilio_proxy_v1::Error { e }\n\n\
         /// The same retry policy.\n\
         pub fn policy(p: gen_twilio_api_v2010::RetryPolicy) -> gen_twilio_proxy_v1::RetryPolicy { p }\n\n\
         /// The same page type.\n\
         pub fn page<T>(p: gen_twilio_api_v2010::Page<T>) -> gen_twilio_proxy_v1::Page<T> { p }\n",
    )
    .unwrap();
    members.push("\"together\"".to_owned());
    // One throwaway workspace (outside this one) so the crates share a lock file and a target dir;
    // without debug info, which nothing here reads and which makes every link slower.
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Beside the workspace's own build, wherever CARGO_TARGET_DIR puts it.
    let target = match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
    .join("specs-check");
    // Type-checks every target with every feature: no separate `cargo build`, since the test runs
    // below build every library.
    clippy(
        &cargo,
        &["--workspace", "--all-targets", "--all-features"],
        dir.path(),
        &target,
    );
    // Resource features (decision 026): every crate with none of them, then rounds that each turn
    // one feature on alone in the Proxy crate (all of its features) and in the API v2010 crate (the
    // features that turn on the most others). `codegen/tests/features.rs` reads every feature of
    // every crate; these compiles keep that reading honest.
    clippy(
        &cargo,
        &["--workspace", "--lib", "--no-default-features"],
        dir.path(),
        &target,
    );
    let proxy = resource_features(&dir.path().join("twilio_proxy_v1/Cargo.toml"));
    let mut v2010 = resource_features(&dir.path().join("twilio_api_v2010/Cargo.toml"));
    assert!(proxy.len() >= 7 && v2010.len() >= 70, "{proxy:?} {v2010:?}");
    v2010.sort_by_key(|(name, chain)| (std::cmp::Reverse(*chain), name.clone()));
    for (round, (feature, _)) in proxy.iter().enumerate() {
        let proxy_feature = format!("gen-twilio-proxy-v1/{feature}");
        let v2010_feature = format!("gen-twilio-api-v2010/{}", v2010[round].0);
        clippy(
            &cargo,
            &[
                "--lib",
                "--no-default-features",
                "-p",
                "gen-twilio-proxy-v1",
                "-p",
                "gen-twilio-api-v2010",
                "--features",
                &proxy_feature,
                "--features",
                &v2010_feature,
            ],
            dir.path(),
            &target,
        );
    }
    // The crate's doc tests (the quick start, the fake's example, the README) with no resource on.
    run(
        &cargo,
        &[
            "test",
            "--quiet",
            "--doc",
            "-p",
            "gen-twilio-proxy-v1",
            "--no-default-features",
            "--features",
            "gen-twilio-proxy-v1/testing",
        ],
        dir.path(),
        &target,
        false,
    );
    assert!(
        wire_tests.iter().any(|c| c == "gen-twilio-api-v2010"),
        "the API v2010 wire test did not run: {wire_tests:?}"
    );
    // The `testing` feature's fake serves every resource of every spec: each crate's generated
    // `tests/fake.rs` creates, fetches, lists, updates and deletes each one through it, writing
    // every answer down. The wire tests run beside them. Integration tests link the same library
    // build as the doc tests.
    let answers = dir.path().join("answers");
    std::fs::create_dir_all(&answers).unwrap();
    run_with(
        &cargo,
        &[
            "test",
            "--quiet",
            "--workspace",
            "--all-features",
            "--test",
            "fake",
            "--test",
            "wire",
        ],
        dir.path(),
        &target,
        false,
        &[("TWILIO_FAKE_ANSWERS", &answers)],
    );
    // Every answer the fake gave is valid against its operation's response schema in the spec:
    // types, nullability, enums, patterns and formats.
    let mut checked = 0;
    let mut problems = Vec::new();
    for (stem, spec) in &specs {
        let Ok(lines) = std::fs::read_to_string(answers.join(format!("{stem}.jsonl"))) else {
            continue;
        };
        let validator = schema::Validator::new(
            serde_json::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap(),
        );
        for line in lines.lines() {
            let answer: serde_json::Value = serde_json::from_str(line).unwrap();
            let operation = answer["operation"].as_str().unwrap();
            let status = answer["status"]
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .unwrap();
            let Some((pointer, schema)) = validator.response_schema(operation, status) else {
                problems.push(format!(
                    "{stem}: {operation} answered {status}, which the spec does not describe"
                ));
                continue;
            };
            let mut errors = Vec::new();
            validator.check(schema, &answer["body"], &pointer, &mut errors);
            problems.extend(
                errors
                    .into_iter()
                    .map(|e| format!("{stem} {operation}: {e}")),
            );
            checked += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} of the fake's answers break their spec:\n{}",
        problems.len(),
        problems.join("\n")
    );
    println!("the fake's answers checked against their response schemas: {checked}");
    assert!(checked > 1000, "only {checked} answers were checked");
    // The crate docs' examples (the quick start, the fake's example, run) must compile too.
    run(
        &cargo,
        &["test", "--quiet", "--workspace", "--doc", "--all-features"],
        dir.path(),
        &target,
        false,
    );
    // Documentation left from an earlier run (other crates, other names) would be merged into every
    // crate's search index again; start from none.
    let _ = std::fs::remove_dir_all(target.join("doc"));
    run(
        &cargo,
        &[
            "doc",
            "--quiet",
            "--workspace",
            "--no-deps",
            "--all-features",
        ],
        dir.path(),
        &target,
        true,
    );
}
