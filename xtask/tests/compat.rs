//! Decision 021's promise, tested: a crate generated against runtime 0.x.y keeps building with any
//! later 0.x.z, because the runtime's public API and its `__private` items (what generated code calls)
//! only grow within a minor version.
//!
//! The previous releases are in `xtask/released/` as the `.crate` files `cargo package` made (see the
//! README there). Two checks against them:
//! 1. cargo-semver-checks (pinned) compares the current runtime with the released one, with
//!    `#[doc(hidden)]` taken off both copies so that `__private`, the macros and the fake's tables are
//!    checked like public API; a copy with one `__private` item removed must fail, so the check
//!    cannot pass vacuously.
//! 2. The oldest released Proxy crate made for the current runtime's line is built (checked, all
//!    features) against the current runtime.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::release::{self, RELEASED};
use xtask::semver::{Finding, check_release, ensure_installed};
use xtask::workspace_root;

#[path = "support/files.rs"]
mod files;

use files::copy_runtime;

/// The released packages named `{prefix}-{version}.crate` whose version `accept` takes, oldest
/// first (as `{prefix}-{version}`).
fn released(root: &Path, prefix: &str, accept: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found: Vec<(Vec<u64>, String)> = std::fs::read_dir(root.join(RELEASED))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().ok()?;
            let stem = name.strip_suffix(".crate")?;
            let version = stem.strip_prefix(prefix)?.strip_prefix('-')?;
            let key = version
                .split('.')
                .map(|n| n.parse().ok())
                .collect::<Option<_>>()?;
            accept(version).then(|| (key, stem.to_owned()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, stem)| stem).collect()
}

/// The oldest released runtime of the current runtime's semver line: every generated crate of this
/// line may have been made against it.
fn line_runtime(root: &Path) -> String {
    let current = twilio_codegen::RUNTIME_VERSION;
    released(root, "twilio-runtime", |v| {
        release::caret_accepts(v, current)
    })
    .into_iter()
    .next()
    .unwrap_or_else(|| {
        panic!(
            "no package of the runtime's {current} line is in xtask/released/: the first \
                 `cargo xtask release` made against it writes it (see the README there)"
        )
    })
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Takes `#[doc(hidden)]` off every source file under `dir`, so that cargo-semver-checks treats the
/// hidden items as public API. Returns how many it took off.
fn unhide(dir: &Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            count += unhide(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|line| line.trim() != "#[doc(hidden)]")
                .collect();
            count += text.lines().count() - kept.len();
            std::fs::write(&path, kept.join("\n") + "\n").unwrap();
        }
    }
    count
}

/// Unpacks `xtask/released/{name}.crate` under `into`; returns the crate's directory.
fn unpack(root: &Path, name: &str, into: &Path) -> PathBuf {
    release::unpack(&root.join(format!("{RELEASED}/{name}.crate")), into)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn standalone(root: &Path, dir: &Path, runtime: Option<&Path>) {
    release::standalone(root, dir, runtime).unwrap_or_else(|e| panic!("{e}"));
}

/// cargo-semver-checks (all features) on `current` against `baseline`: the breaking items.
fn semver_checks(binary: &Path, current: &Path, baseline: &Path, target: &Path) -> Vec<Finding> {
    check_release(binary, current, baseline, target, true).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_runtime_only_grows_within_its_minor_version() {
    let root = workspace_root();
    let binary = ensure_installed(&root).unwrap_or_else(|e| panic!("{e}"));
    let scratch = tempfile::tempdir().unwrap();
    let target = scratch.path().join("target");

    let baseline = unpack(
        &root,
        &line_runtime(&root),
        &scratch.path().join("baseline"),
    );
    let current = scratch.path().join("current/twilio-runtime");
    copy_runtime(&root, &current);
    let manifest = std::fs::read_to_string(current.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!(
            "\nversion = \"{}\"",
            twilio_codegen::RUNTIME_VERSION
        )),
        "the generator's RUNTIME_VERSION is not the runtime's version"
    );
    // The macros, `__private`, the adapters and the fake's tables are hidden in both.
    assert!(unhide(&baseline.join("src")) >= 10);
    assert!(unhide(&current.join("src")) >= 10);
    standalone(&root, &baseline, None);
    standalone(&root, &current, None);
    let findings = semver_checks(&binary, &current, &baseline, &target);
    assert!(
        findings.is_empty(),
        "the runtime broke its API or __private: {findings:#?}"
    );

    // The same check must fail when an item generated code calls is removed.
    let broken = scratch.path().join("broken/twilio-runtime");
    copy_runtime(&root, &broken);
    unhide(&broken.join("src"));
    standalone(&root, &broken, None);
    let lib = broken.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    let removed = text.replace("call_empty, call_empty_response, ", "call_empty_response, ");
    assert_ne!(removed, text, "the __private re-export of call_empty moved");
    std::fs::write(&lib, removed).unwrap();
    let findings = semver_checks(&binary, &broken, &baseline, &target);
    assert!(
        findings.iter().any(|f| f.item.contains("call_empty")),
        "removing __private::call_empty was not caught: {findings:#?}"
    );
}

#[test]
fn the_oldest_release_of_the_proxy_crate_on_this_runtime_line_builds_against_the_current_runtime() {
    let root = workspace_root();
    let scratch = tempfile::tempdir().unwrap();
    // The oldest Proxy release whose runtime requirement the current runtime meets.
    let current = twilio_codegen::RUNTIME_VERSION;
    let proxy = released(&root, "twilio-proxy", |_| true)
        .into_iter()
        .find(|stem| {
            let dir = unpack(&root, stem, &scratch.path().join("look").join(stem));
            let required = release::runtime_requirement(&dir).unwrap_or_else(|e| panic!("{e}"));
            release::caret_accepts(&required, current)
        })
        .unwrap_or_else(|| panic!("no released Proxy package requires runtime {current}"));
    let old = unpack(&root, &proxy, &scratch.path().join("old"));
    standalone(&root, &old, Some(&root.join("codegen/runtime")));
    let output = cargo()
        .args(["check", "--offline", "--all-features", "--all-targets"])
        .current_dir(&old)
        .env("CARGO_TARGET_DIR", scratch.path().join("target"))
        .env("RUSTFLAGS", "--cap-lints=warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{proxy} does not build against the current runtime:\n{stderr}"
    );
    // The current runtime, not a registry copy, was built.
    assert!(
        stderr.contains(&format!(
            "twilio-runtime v{}",
            twilio_codegen::RUNTIME_VERSION
        )),
        "{stderr}"
    );
}
