//! Releases of generator changes: `cargo xtask codegen --check` fails while the generated `src/` is not
//! what the latest release recorded, and `cargo xtask release` measures the API change against the
//! latest release's package, refuses a breaking release without migration notes naming each change,
//! and bumps the version by what it found.

use std::path::Path;

use xtask::release::{ReleaseArgs, release};
use xtask::{CodegenArgs, Failure, codegen, spec_sha256, workspace_root};

/// A temporary root with the current spec at release 0.1.0 (`source_sha256` as given), the package
/// of that release and of the runtime it was made for in `xtask/released/`, and the workspace's
/// runtime and lock file.
fn root_at_release(source_sha256: Option<&str>) -> tempfile::TempDir {
    let real = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["spec", "xtask/released", "codegen"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let text = std::fs::read_to_string(real.join("spec/twilio_proxy_v1.json")).unwrap();
    std::fs::write(root.join("spec/twilio_proxy_v1.json"), &text).unwrap();
    let mut first = serde_json::json!({
        "version": "0.1.0",
        "date": "2026-12-04",
        "spec_version": "1.42.0",
        "spec_sha256": spec_sha256(&text),
        "added": ["First release"]
    });
    if let Some(sha) = source_sha256 {
        first["source_sha256"] = sha.into();
    }
    let history = serde_json::json!({"spec": "twilio_proxy_v1.json", "releases": [first]});
    std::fs::write(
        root.join("spec/history.json"),
        serde_json::to_string_pretty(&history).unwrap(),
    )
    .unwrap();
    // The runtime 0.1.0 package is what that release builds against.
    for file in ["twilio-proxy-0.1.0.crate", "twilio-runtime-0.1.0.crate"] {
        std::fs::copy(
            real.join("xtask/released").join(file),
            root.join("xtask/released").join(file),
        )
        .unwrap();
    }
    std::fs::copy(real.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    std::os::unix::fs::symlink(real.join("codegen/runtime"), root.join("codegen/runtime")).unwrap();
    codegen(&CodegenArgs::defaults(root)).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn args(root: &Path, notes: Option<&Path>) -> ReleaseArgs {
    ReleaseArgs {
        root: root.to_path_buf(),
        notes: notes.map(Path::to_path_buf),
        changed: Vec::new(),
        date: Some("2026-12-05".into()),
        dry_run: true,
    }
}

#[test]
fn check_fails_while_the_generated_code_is_not_the_latest_releases() {
    let dir = root_at_release(Some(&"0".repeat(64)));
    let root = dir.path();
    let mut check = CodegenArgs::defaults(root);
    check.check = true;
    let failure = codegen(&check).unwrap_err().to_string();
    assert!(
        failure.contains("release 0.1.0") && failure.contains("cargo xtask release"),
        "{failure}"
    );
    // Writing still works, and says so.
    let outcome = codegen(&CodegenArgs::defaults(root)).unwrap();
    assert_eq!(outcome.unreleased.as_deref(), Some("0.1.0"));
}

#[test]
fn the_repository_is_its_latest_release() {
    let root = workspace_root();
    let mut check = CodegenArgs::defaults(&root);
    check.check = true;
    assert_eq!(codegen(&check).unwrap().unreleased, None);
    let failure = release(&args(&root, None)).unwrap_err().to_string();
    assert!(failure.contains("nothing to release"), "{failure}");
}

#[test]
fn a_generator_change_is_released_by_its_api_change_with_migration_notes() {
    // Release 0.1.0's package was generated before `NewParticipant` took extra members.
    let dir = root_at_release(None);
    let root = dir.path();

    let refused = release(&args(root, None)).unwrap_err().to_string();
    assert!(
        refused.contains("`twilio_proxy::session::NewParticipant.identifier` removed"),
        "{refused}"
    );
    assert!(refused.contains("--notes"), "{refused}");
    // 0.1.0 was made for runtime 0.1.0; the crate now needs another semver line of the runtime.
    let runtime_change = format!(
        "`twilio_runtime` 0.1.0 → {}",
        twilio_codegen::RUNTIME_VERSION
    );
    assert!(refused.contains(&runtime_change), "{refused}");
    // 0.1.0 compiled every resource module always; now each is behind a feature (decision 026).
    assert!(
        refused.contains("module `session` is now behind the feature `session`"),
        "{refused}"
    );

    let notes = root.join("notes.md");
    std::fs::write(
        &notes,
        "`NewParticipant` fields are private:\n```rust\np.get(\"Identifier\")\n```\n",
    )
    .unwrap();
    let Failure::Message(missing) = release(&args(root, Some(&notes))).unwrap_err() else {
        panic!("not a message");
    };
    assert!(missing.contains("mention `AccountSid`"), "{missing}");

    std::fs::write(
        &notes,
        "`NewParticipant` fields are private:\n```rust\np.get(\"Identifier\")\n```\n\
         `AccountSid` is the runtime's:\n```rust\ntwilio_runtime::AccountSid::from(\"AC1\");\n```\n\
         `twilio_runtime` is 0.2 and `new` takes a typed account SID.\n\
         With default features off, enable `full` or some of `service`, `phone_number`, `short_code`, \
         `session`, `participant`, `interaction`, `message_interaction`.\n",
    )
    .unwrap();
    let released = release(&args(root, Some(&notes))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(released.previous_version, "0.1.0");
    assert_eq!(released.release.version, "0.2.0");
    assert!(
        released
            .release
            .breaking
            .contains(&"`twilio_proxy::session::NewParticipant.identifier` removed".to_owned()),
        "{:#?}",
        released.release.breaking
    );
    assert!(
        released
            .release
            .added
            .contains(&"`twilio_proxy::session::NewParticipant::member()`".to_owned()),
        "{:#?}",
        released.release.added
    );
    assert!(
        released.report.contains("### Migrating"),
        "{}",
        released.report
    );
    assert_eq!(released.release.spec_version, "1.42.0");
    assert!(released.release.source_sha256.is_some());
    // A dry run writes nothing.
    assert!(
        !root
            .join("xtask/released/twilio-proxy-0.2.0.crate")
            .exists()
    );
}

/// Replaces the temp root's 0.1.0 package with the generator's current output, one doc line
/// changed: the same API, other code.
fn package_current_output_with_other_docs(root: &Path) {
    package_current_output(root, true, None, |m| m);
}

/// Replaces the temp root's 0.1.0 package with the generator's current output: with one doc line
/// changed if `other_docs`, and requiring `runtime` instead of the current runtime if given.
fn package_current_output(
    root: &Path,
    other_docs: bool,
    runtime: Option<&str>,
    manifest_edit: fn(String) -> String,
) {
    let scratch = root.join("pack");
    let crate_dir = scratch.join("twilio-proxy-0.1.0");
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    for entry in std::fs::read_dir(root.join("generated/src")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if other_docs && path.ends_with("lib.rs") {
            text = text.replacen("//! # twilio-proxy", "//! # twilio-proxy (older docs)", 1);
        }
        std::fs::write(crate_dir.join("src").join(path.file_name().unwrap()), text).unwrap();
    }
    // As `cargo package` writes it: the runtime by version only.
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.starts_with("twilio-runtime = "))
        .unwrap();
    let version = runtime.unwrap_or_else(|| line.split('"').nth(1).unwrap());
    let manifest = manifest.replace(&format!("{line}\n"), "")
        + &format!("\n[dependencies.twilio-runtime]\nversion = \"{version}\"\n");
    std::fs::write(crate_dir.join("Cargo.toml"), manifest_edit(manifest)).unwrap();
    let status = std::process::Command::new("tar")
        .arg("-czf")
        .arg(root.join("xtask/released/twilio-proxy-0.1.0.crate"))
        .arg("-C")
        .arg(&scratch)
        .arg("twilio-proxy-0.1.0")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_release_without_an_api_change_must_say_what_changed() {
    let dir = root_at_release(None);
    let root = dir.path();
    package_current_output_with_other_docs(root);
    let Failure::Message(refused) = release(&args(root, None)).unwrap_err() else {
        panic!("not a message");
    };
    assert!(refused.contains("--changed TEXT"), "{refused}");
    let mut with_text = args(root, None);
    with_text.changed = vec!["The crate docs name the crate only".into()];
    let released = release(&with_text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(released.release.version, "0.1.1");
    assert!(released.release.breaking.is_empty() && released.release.added.is_empty());
    assert_eq!(
        released.release.changed,
        ["The crate docs name the crate only"]
    );
    assert!(
        released
            .report
            .contains("### Changed\n\n- The crate docs name the crate only"),
        "{}",
        released.report
    );
}

#[test]
fn a_newer_runtime_alone_is_a_patch_release_that_says_so() {
    let dir = root_at_release(None);
    let root = dir.path();
    // The same src/ as the generator writes, made for an earlier runtime of the same line.
    package_current_output(root, false, Some("0.2.0"), |m| m);
    let released = release(&args(root, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(released.release.version, "0.1.1");
    assert!(released.release.breaking.is_empty() && released.release.added.is_empty());
    let requires = format!(
        "Requires `twilio-runtime` {} (was 0.2.0)",
        twilio_codegen::RUNTIME_VERSION
    );
    assert_eq!(released.release.changed, std::slice::from_ref(&requires));
    assert!(released.report.contains(&requires), "{}", released.report);
    // Made for the current runtime, the same src/ is nothing to release.
    package_current_output(root, false, None, |m| m);
    let failure = release(&args(root, None)).unwrap_err().to_string();
    assert!(failure.contains("nothing to release"), "{failure}");
}

#[test]
fn a_dependency_feature_taken_away_is_a_breaking_change() {
    let dir = root_at_release(None);
    let root = dir.path();
    // The same src/ as the generator writes, but its release enabled one more feature of `time`.
    package_current_output(root, false, None, |manifest| {
        manifest.replace(
            "features = [\"serde\"]",
            "features = [\"serde\", \"formatting\"]",
        )
    });
    let refused = release(&args(root, None)).unwrap_err().to_string();
    assert!(
        refused.contains("`time` no longer has `formatting` enabled")
            && refused.contains("--notes"),
        "{refused}"
    );
    let notes = root.join("notes.md");
    std::fs::write(
        &notes,
        "Enable `time`'s `formatting` yourself:\n```toml\ntime = { version = \"0.3\", features = [\"formatting\"] }\n```\n",
    )
    .unwrap();
    let released = release(&args(root, Some(&notes))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(released.release.version, "0.2.0");
}

#[test]
fn a_newer_runtime_does_not_speak_for_changed_code() {
    let dir = root_at_release(None);
    let root = dir.path();
    // Other code (a doc line) and an earlier runtime: the runtime line is not enough.
    package_current_output(root, true, Some("0.2.0"), |m| m);
    let Failure::Message(refused) = release(&args(root, None)).unwrap_err() else {
        panic!("not a message");
    };
    assert!(refused.contains("--changed TEXT"), "{refused}");
    let mut with_text = args(root, None);
    with_text.changed = vec!["The crate docs name the crate only".into()];
    let released = release(&with_text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(released.release.changed.len(), 2);
}
