//! `cargo xtask update` on the real Proxy spec versions in the repository, in a temporary copy of the
//! layout it works on (`spec/`, `spec/history.json`, `generated/`): the version follows the API change,
//! the changelog is rendered from the recorded history, `codegen --check` guards both, a dry run writes
//! nothing, and a refused spec leaves the tree as it was (`git status` clean).

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::update::{Source, UpdateArgs, update};
use xtask::{CodegenArgs, codegen, spec_sha256, workspace_root};

fn extra(name: &str) -> PathBuf {
    workspace_root().join("spec/extra").join(name)
}

/// A temporary root whose spec is `spec` at release 0.1.0, with `generated/` generated from it.
fn root_at(spec: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("spec")).unwrap();
    let text = std::fs::read_to_string(spec).unwrap();
    std::fs::write(root.join("spec/twilio_proxy_v1.json"), &text).unwrap();
    let version: serde_json::Value = serde_json::from_str(&text).unwrap();
    let history = serde_json::json!({
        "spec": "twilio_proxy_v1.json",
        "releases": [{
            "version": "0.1.0",
            "date": "2026-01-05",
            "spec_version": version["info"]["version"],
            "spec_sha256": spec_sha256(&text),
            "added": ["First release"]
        }]
    });
    std::fs::write(
        root.join("spec/history.json"),
        serde_json::to_string_pretty(&history).unwrap(),
    )
    .unwrap();
    codegen(&CodegenArgs::defaults(root)).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn args(root: &Path, source: Source, dry_run: bool) -> UpdateArgs {
    UpdateArgs {
        root: root.to_path_buf(),
        source,
        dry_run,
        date: Some("2026-11-28".into()),
    }
}

fn manifest_version(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap()
        .to_owned()
}

/// Every file under `root` with its bytes, for before/after comparisons.
fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

fn git(root: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_real_proxy_versions_bump_the_version_and_write_the_changelog() {
    let dir = root_at(&extra("twilio_proxy_v1.2021-06.json"));
    let root = dir.path();

    // 2021-06 → the current spec: request enums merged into shared ones, `FailOnParticipantConflict`
    // removed (breaking), paging parameters added → minor, as a 0.x crate's breaking bump.
    let seed = workspace_root().join("spec/twilio_proxy_v1.json");
    let first = update(&args(root, Source::Path(seed), false)).unwrap_or_else(|e| panic!("{e}"));
    // The release records its generated src/, which `codegen --check` compares from now on.
    assert!(first.release.source_sha256.is_some());
    assert!(
        first.release.breaking.contains(
            &"operation CreateSession: parameter FailOnParticipantConflict removed".into()
        )
    );
    assert!(
        first
            .release
            .added
            .contains(&"operation ListSession: optional parameter PageToken added".into())
    );
    assert_eq!(first.release.version, "0.2.0");
    assert_eq!(manifest_version(root), "0.2.0");

    // → 2026-02: ShortCodes removed → breaking → minor.
    let second = update(&args(
        root,
        Source::Path(extra("twilio_proxy_v1.2026-02.json")),
        false,
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.previous_version, "0.2.0");
    assert_eq!(second.release.version, "0.3.0");
    assert_eq!(manifest_version(root), "0.3.0");
    assert!(
        second
            .report
            .contains("Version: 0.2.0 → 0.3.0 (breaking changes)")
    );

    // The generated crate is fresh, and its changelog is the history, newest first.
    codegen(&CodegenArgs {
        check: true,
        ..CodegenArgs::defaults(root)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let changelog = std::fs::read_to_string(root.join("generated/CHANGELOG.md")).unwrap();
    insta::assert_snapshot!("changelog_2021_06_to_seed_to_2026_02", changelog);
}

#[test]
fn check_refuses_a_spec_or_version_that_skipped_update() {
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    // A spec copied in by hand: the generator refuses it and says how to bump.
    std::fs::copy(
        extra("twilio_proxy_v1.2026-02.json"),
        root.join("spec/twilio_proxy_v1.json"),
    )
    .unwrap();
    let err = codegen(&CodegenArgs {
        check: true,
        ..CodegenArgs::defaults(root)
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("cargo xtask update"), "{err}");

    // A version or changelog edited by hand in generated/ is out of date.
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    for (file, from, to) in [
        (
            "generated/Cargo.toml",
            "version = \"0.1.0\"",
            "version = \"0.3.0\"",
        ),
        ("generated/CHANGELOG.md", "First release", "First release!"),
    ] {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(from, to)).unwrap();
        let err = codegen(&CodegenArgs {
            check: true,
            ..CodegenArgs::defaults(root)
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains(file.trim_start_matches("generated/")), "{err}");
        std::fs::write(&path, text).unwrap();
    }
}

#[test]
fn a_spec_elsewhere_named_like_ours_generates_with_out_and_never_into_generated() {
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    let before = tree(root);
    // Another spec under the same file name, outside `spec/` (a download, say).
    let downloads = tempfile::tempdir().unwrap();
    let spec = downloads.path().join("twilio_proxy_v1.json");
    std::fs::copy(extra("twilio_proxy_v1.2026-02.json"), &spec).unwrap();
    let out = downloads.path().join("try");
    let outcome = codegen(&CodegenArgs {
        spec: spec.clone(),
        out: out.clone(),
        ..CodegenArgs::defaults(root)
    })
    .unwrap_or_else(|e| panic!("a spec outside spec/ is not judged by the history: {e}"));
    assert!(outcome.changed.iter().any(|f| f == "src/lib.rs"));
    // Not the release history's crate: the default version, no changelog from the history.
    assert!(
        std::fs::read_to_string(out.join("Cargo.toml"))
            .unwrap()
            .contains("version = \"0.1.0\"")
    );
    assert!(!out.join("CHANGELOG.md").exists());

    // Into the checkout's `generated/` it is refused, with what to do instead; nothing changes.
    let err = codegen(&CodegenArgs {
        spec,
        ..CodegenArgs::defaults(root)
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("--out DIR"), "{err}");
    assert!(err.contains("cargo xtask update"), "{err}");
    assert!(!err.contains("SHA-256"), "{err}");
    assert_eq!(tree(root), before);
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    let before = tree(root);
    let updated = update(&args(
        root,
        Source::Path(extra("twilio_proxy_v1.2026-02.json")),
        true,
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.release.version, "0.2.0");
    assert!(updated.report.contains("Dry run: nothing was written."));
    assert!(tree(root) == before, "the dry run changed files");
}

#[test]
fn refused_specs_leave_the_tree_untouched() {
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    let current = std::fs::read_to_string(root.join("spec/twilio_proxy_v1.json")).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = scratch.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let reformatted =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&current).unwrap())
            .unwrap();
    let cases = [
        (write("broken.json", "{\"openapi\": "), "not a valid spec"),
        (
            write(
                "dangling.json",
                &current.replacen(
                    "#/components/schemas/proxy.v1.service",
                    "#/components/schemas/nowhere",
                    1,
                ),
            ),
            "not a valid spec",
        ),
        (write("same.json", &current), "nothing to update"),
        (write("reformatted.json", &reformatted), "same API"),
    ];
    for (path, needle) in cases {
        let err = update(&args(root, Source::Path(path.clone()), false))
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{}: {err}", path.display());
        assert_eq!(
            git(root, &["status", "--porcelain"]),
            "",
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_spec_can_come_from_a_git_revision() {
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    let specs = tempfile::tempdir().unwrap();
    git(specs.path(), &["init", "-q"]);
    std::fs::create_dir_all(specs.path().join("json")).unwrap();
    std::fs::copy(
        extra("twilio_proxy_v1.2026-02.json"),
        specs.path().join("json/twilio_proxy_v1.json"),
    )
    .unwrap();
    git(specs.path(), &["add", "-A"]);
    git(specs.path(), &["commit", "-qm", "2026-02"]);
    git(specs.path(), &["tag", "v2026.02"]);
    let updated = update(&args(
        root,
        Source::Git {
            repo: specs.path().to_path_buf(),
            rev: "v2026.02".into(),
            path: "json/twilio_proxy_v1.json".into(),
        },
        false,
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.release.version, "0.2.0");
    assert_eq!(
        std::fs::read(root.join("spec/twilio_proxy_v1.json")).unwrap(),
        std::fs::read(extra("twilio_proxy_v1.2026-02.json")).unwrap()
    );
    let missing = update(&args(
        root,
        Source::Git {
            repo: specs.path().to_path_buf(),
            rev: "v9".into(),
            path: "json/twilio_proxy_v1.json".into(),
        },
        false,
    ))
    .unwrap_err()
    .to_string();
    assert!(missing.contains("git could not read"), "{missing}");
}

#[test]
fn a_documentation_only_change_is_a_patch_release_under_changed() {
    let dir = root_at(&workspace_root().join("spec/twilio_proxy_v1.json"));
    let root = dir.path();
    let current = std::fs::read_to_string(root.join("spec/twilio_proxy_v1.json")).unwrap();
    let edited = current.replacen(
        "\"description\": \"The unique string",
        "\"description\": \"Reworded: the unique string",
        1,
    );
    assert_ne!(edited, current, "the spec has no such description");
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("docs.json");
    std::fs::write(&path, edited).unwrap();
    let updated = update(&args(root, Source::Path(path), false)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.release.version, "0.1.1");
    assert!(updated.release.breaking.is_empty() && updated.release.added.is_empty());
    assert_eq!(updated.release.changed.len(), 1, "{:?}", updated.release);
    assert!(
        updated.release.changed[0].starts_with("Documentation and generated code updated"),
        "{:?}",
        updated.release.changed
    );
    assert!(updated.report.contains("(no API change)"));
}
