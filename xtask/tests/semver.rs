//! Our API change report against `cargo-semver-checks` (pinned; installed by the project when missing) on
//! the crates generated from consecutive real Proxy versions: every item it calls a breaking change must
//! be named by a breaking change of ours. Where the two disagree is recorded in docs/decisions/017.

use xtask::semver::{cross_check, ensure_installed};
use xtask::workspace_root;

#[test]
fn every_breaking_change_cargo_semver_checks_finds_is_breaking_in_our_report() {
    let root = workspace_root();
    let binary = ensure_installed(&root).unwrap_or_else(|e| panic!("{e}"));
    let extra = root.join("spec/extra");
    let pairs = [
        (
            extra.join("twilio_proxy_v1.2021-06.json"),
            root.join("spec/twilio_proxy_v1.json"),
        ),
        (
            root.join("spec/twilio_proxy_v1.json"),
            extra.join("twilio_proxy_v1.2026-02.json"),
        ),
    ];
    let scratch = tempfile::tempdir().unwrap();
    for (i, (old, new)) in pairs.iter().enumerate() {
        let result = cross_check(
            &root,
            &binary,
            old,
            new,
            &scratch.path().join(i.to_string()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        println!(
            "{} -> {}: ours {} breaking, cargo-semver-checks {} findings",
            old.display(),
            new.display(),
            result.ours.len(),
            result.theirs.len()
        );
        for finding in &result.theirs {
            println!("  {}: {}", finding.lint, finding.item);
        }
        assert!(
            !result.theirs.is_empty(),
            "cargo-semver-checks found nothing: the check would pass vacuously"
        );
        assert!(
            result.missed.is_empty(),
            "breaking for cargo-semver-checks, not in our report: {:#?}\nours: {:#?}",
            result.missed,
            result.ours
        );
    }
}
