//! A generated crate publishes as it is: `cargo package` succeeds offline, the package holds exactly the
//! generated sources, manifest, README and licenses (no test data, no `target/`), and the manifest
//! carries the metadata crates.io and docs.rs expect.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use xtask::{CodegenArgs, codegen, workspace_root};

#[path = "support/files.rs"]
mod files;

use files::copy_runtime;

fn cargo(args: &[&str], dir: &Path, target: &Path) -> String {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// What `cargo package --list` lists for the package `name` of the workspace at `dir`.
fn listed(name: &str, dir: &Path, target: &Path) -> BTreeSet<String> {
    cargo(
        &[
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "-p",
            name,
        ],
        dir,
        target,
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

/// The files a package holds besides its sources.
fn package_files(sources: Vec<String>) -> BTreeSet<String> {
    let mut expected: BTreeSet<String> = [
        "Cargo.lock",
        "Cargo.toml",
        "Cargo.toml.orig",
        "LICENSE-APACHE",
        "LICENSE-MIT",
        "README.md",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    expected.extend(sources);
    expected
}

/// Generates `spec` into a fresh workspace next to a copy of the runtime crate (as a user's
/// checkout of this repository has them), adds files that must stay out of the package, and
/// packages both, the way they are published together.
fn package(spec: &str, crate_name: &str, version: &str) {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"twilio-runtime\", \"{crate_name}\"]\n"
        ),
    )
    .unwrap();
    let runtime = dir.path().join("twilio-runtime");
    copy_runtime(&root, &runtime);
    let out = dir.path().join(crate_name);
    let mut args = CodegenArgs::defaults(&root);
    args.runtime = runtime.clone();
    args.spec = root.join(spec);
    args.out = out.clone();
    args.crate_name = crate_name.to_owned();
    args.crate_version = Some(version.to_owned());
    args.history = None;
    args.repository = Some("https://example.com/acme/twilio-sdk".to_owned());
    codegen(&args).unwrap_or_else(|e| panic!("{e}"));

    // Things a user's checkout may hold that must never be published.
    std::fs::create_dir_all(out.join("target/debug")).unwrap();
    std::fs::write(out.join("target/debug/junk"), "x").unwrap();
    std::fs::create_dir_all(out.join("tests/data")).unwrap();
    std::fs::write(out.join("tests/data/recorded.json"), "{}").unwrap();

    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    for line in [
        format!("name = \"{crate_name}\""),
        format!("version = \"{version}\""),
        "license = \"MIT OR Apache-2.0\"".to_owned(),
        "readme = \"README.md\"".to_owned(),
        "rust-version = \"1.88\"".to_owned(),
        "repository = \"https://example.com/acme/twilio-sdk\"".to_owned(),
        format!("documentation = \"https://docs.rs/{crate_name}\""),
        "categories = [\"api-bindings\", \"web-programming::http-client\"]".to_owned(),
    ] {
        assert!(
            manifest.lines().any(|l| l == line),
            "{line} missing:\n{manifest}"
        );
    }
    assert!(
        manifest.contains("\nkeywords = [\"twilio\", "),
        "{manifest}"
    );
    assert!(manifest.contains("\ndescription = \"Async Rust client for Twilio - "));

    assert!(
        manifest.contains(&format!(
            "\ntwilio-runtime = {{ version = \"{}\", path = \"../twilio-runtime\" }}\n",
            twilio_codegen::RUNTIME_VERSION
        )),
        "{manifest}"
    );

    let target = dir.path().join("target");
    let mut sources = Vec::new();
    collect_sources(&out.join("src"), &out, &mut sources);
    assert!(sources.len() > 5, "{sources:?}");
    assert_eq!(
        listed(crate_name, dir.path(), &target),
        package_files(sources)
    );
    let mut runtime_sources = Vec::new();
    collect_sources(&runtime.join("src"), &runtime, &mut runtime_sources);
    assert_eq!(
        listed("twilio-runtime", dir.path(), &target),
        package_files(runtime_sources)
    );

    // Both at once: the generated crate's dependency on the unpublished runtime resolves to the
    // runtime packaged alongside it.
    cargo(
        &[
            "package",
            "--workspace",
            "--no-verify",
            "--allow-dirty",
            "--offline",
        ],
        dir.path(),
        &target,
    );
    for file in [
        format!("{crate_name}-{version}.crate"),
        format!("twilio-runtime-{}.crate", twilio_codegen::RUNTIME_VERSION),
    ] {
        let crate_file = target.join("package").join(&file);
        assert!(crate_file.is_file(), "{} missing", crate_file.display());
    }
}

fn collect_sources(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_sources(&path, root, out);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn the_proxy_crate_packages_with_exactly_its_sources_readme_and_licenses() {
    package("spec/twilio_proxy_v1.json", "twilio-proxy", "0.3.1");
}

#[test]
fn another_spec_packages_too() {
    package(
        "spec/extra/twilio-oai-2026-04-14/twilio_verify_v2.json",
        "twilio-verify",
        "1.0.0-rc.1",
    );
}

#[test]
fn invalid_package_settings_are_refused_before_anything_is_written() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    for (field, value, needle) in [
        ("version", "1.0", "not a semantic version"),
        ("version", "01.0.0", "not a semantic version"),
        ("name", "9lives", "not a valid package name"),
        ("repository", "ftp://x", "not an http(s) URL"),
    ] {
        let mut args = CodegenArgs::defaults(&root);
        args.out = dir.path().join("out");
        match field {
            "version" => args.crate_version = Some(value.into()),
            "name" => args.crate_name = value.into(),
            _ => args.repository = Some(value.into()),
        }
        let err = codegen(&args).unwrap_err().to_string();
        assert!(err.contains(needle), "{field}={value}: {err}");
        assert!(!args.out.exists(), "nothing may be written");
    }
}

/// Issue 11's budget: with https working out of the box, the generated crate (default features) has at
/// most 70 distinct dependencies, and none of reqwest's URL and IDNA stack. Issue 25: no derive
/// macros either, so no proc-macro crate (serde_derive, syn) is built for it: 56 dependencies.
#[test]
fn the_generated_crate_stays_within_its_dependency_budget() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let mut args = CodegenArgs::defaults(&root);
    args.out = dir.path().join("twilio-proxy");
    codegen(&args).unwrap_or_else(|e| panic!("{e}"));
    xtask::footprint::standalone(&args.out, Some(&root.join("Cargo.lock")))
        .unwrap_or_else(|e| panic!("{e}"));
    let names = xtask::footprint::dependency_names(&args.out).unwrap_or_else(|e| panic!("{e}"));
    assert!(names.len() <= 56, "{} dependencies: {names:?}", names.len());
    for heavy in [
        "reqwest",
        "url",
        "idna",
        "aws-lc-rs",
        "openssl",
        "tower",
        "hmac",
        "serde_derive",
        "syn",
        "proc-macro2",
    ] {
        assert!(!names.iter().any(|n| n == heavy), "{heavy} is in the tree");
    }
    for needed in ["hyper", "rustls", "ring", "rustls-platform-verifier"] {
        assert!(names.iter().any(|n| n == needed), "{needed} is missing");
    }
    // Issue 14: the `testing` fake turns on features of crates already there; the one crate it
    // adds is httpdate (no dependencies), with which hyper's server writes `Date` headers.
    let with_fake = xtask::footprint::dependency_names_with(&args.out, &["testing"])
        .unwrap_or_else(|e| panic!("{e}"));
    let added: Vec<&String> = with_fake.iter().filter(|n| !names.contains(n)).collect();
    assert_eq!(
        added,
        ["httpdate"],
        "the testing feature adds only httpdate"
    );
    assert!(names.iter().all(|n| with_fake.contains(n)));
}
