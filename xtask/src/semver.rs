//! The API change report checked against an independent tool: `cargo-semver-checks` (pinned, installed
//! into `target/tools` by the project itself) compares the crates generated from two spec versions, and
//! every item it calls a breaking change must be a breaking change in `cargo xtask diff`'s report.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{CodegenArgs, codegen};

/// The pinned `cargo-semver-checks`.
pub const VERSION: &str = "0.51.0";

/// Installs the pinned `cargo-semver-checks` under `target/tools` unless it is already there, and
/// returns the binary. A failure says what was tried; it is never skipped.
pub fn ensure_installed(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join(format!("target/tools/cargo-semver-checks-{VERSION}"));
    let binary = tools.join("bin/cargo-semver-checks");
    let pinned = |binary: &Path| {
        Command::new(binary)
            .args(["semver-checks", "--version"])
            .output()
            .is_ok_and(|o| {
                o.status.success()
                    && String::from_utf8_lossy(&o.stdout)
                        .split_whitespace()
                        .any(|w| w == VERSION)
            })
    };
    // The project's own copy, or the same version already on PATH.
    for candidate in [binary.clone(), PathBuf::from("cargo-semver-checks")] {
        if pinned(&candidate) {
            return Ok(candidate);
        }
    }
    eprintln!(
        "installing cargo-semver-checks {VERSION} into {} (once)",
        tools.display()
    );
    // Its release profile asks for fat LTO in one codegen unit, which is most of a fresh CI run's
    // build time for no gain that matters here: the checks run on two small crates.
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .args([
            "install",
            "cargo-semver-checks",
            "--locked",
            "--version",
            VERSION,
            "--root",
        ])
        .arg(&tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() {
        return Err(format!(
            "could not install cargo-semver-checks {VERSION} (`cargo install` needs crates.io); the \
             semver cross-check cannot run without it"
        ));
    }
    Ok(binary)
}

/// One item `cargo-semver-checks` reports as breaking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The lint (`enum_missing`, `inherent_method_missing`, …).
    pub lint: String,
    /// The item, as the tool names it (`enum twilio_proxy::short_code::ShortCode`).
    pub item: String,
}

/// The two verdicts on one pair of specs.
#[derive(Debug, Clone)]
pub struct CrossCheck {
    /// Breaking changes in our report.
    pub ours: Vec<String>,
    /// Every item cargo-semver-checks calls breaking.
    pub theirs: Vec<Finding>,
    /// Items cargo-semver-checks calls breaking that no breaking change of ours names.
    pub missed: Vec<Finding>,
}

/// Generates the crates for `old` and `new` under `scratch` and compares the verdicts.
pub fn cross_check(
    root: &Path,
    binary: &Path,
    old: &Path,
    new: &Path,
    scratch: &Path,
) -> Result<CrossCheck, String> {
    let mut dirs = Vec::new();
    for (label, spec) in [("old", old), ("new", new)] {
        let out = scratch.join(label).join("twilio-proxy");
        let mut args = CodegenArgs::defaults(root);
        args.spec = spec.to_path_buf();
        args.out = out.clone();
        args.history = None;
        // The same version on both sides: every breaking change is then a failure of `check-release`.
        args.crate_version = Some("0.1.0".into());
        codegen(&args).map_err(|e| e.to_string())?;
        crate::footprint::standalone(&out, Some(&root.join("Cargo.lock")))?;
        dirs.push(out);
    }
    let theirs = check_release(binary, &dirs[1], &dirs[0], &scratch.join("target"), false)?;
    let report = crate::diff(old, new).map_err(|e| e.to_string())?;
    let (ours, _, _) = twilio_codegen::history::entries(&report);
    let normalized: Vec<String> = ours.iter().flat_map(|c| tokens(c)).collect();
    let missed = theirs
        .iter()
        .filter(|f| !covered(f, &normalized, &ours))
        .cloned()
        .collect();
    Ok(CrossCheck {
        ours,
        theirs,
        missed,
    })
}

/// Runs `cargo-semver-checks check-release` on the crate at `new` against the crate at `baseline`
/// (with every feature, or the default ones) and returns every breaking item it reports; a failure
/// without findings is an error.
pub fn check_release(
    binary: &Path,
    new: &Path,
    baseline: &Path,
    target: &Path,
    all_features: bool,
) -> Result<Vec<Finding>, String> {
    let features: &[&str] = if all_features {
        &["--all-features"]
    } else {
        &[]
    };
    let output = Command::new(binary)
        .args(["semver-checks", "check-release"])
        .args(features)
        .arg("--manifest-path")
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("cannot run cargo-semver-checks: {e}"))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let found = findings(&text);
    if !output.status.success() && found.is_empty() {
        return Err(format!(
            "cargo-semver-checks failed without findings:\n{text}"
        ));
    }
    Ok(found)
}

/// The findings in cargo-semver-checks' output: after each `--- failure LINT: … ---` header, the lines
/// under `Failed in:`.
pub fn findings(output: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut lint = None;
    let mut listing = false;
    for line in output.lines() {
        if let Some(rest) = line.trim().strip_prefix("--- failure ") {
            lint = rest.split(':').next().map(str::to_owned);
            listing = false;
        } else if line.trim() == "Failed in:" {
            listing = true;
        } else if listing && line.starts_with("  ") && !line.trim().is_empty() {
            if let Some(lint) = &lint {
                let item = line
                    .trim()
                    .split(", previously in file")
                    .next()
                    .unwrap_or_default()
                    .split(" in file ")
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                out.push(Finding {
                    lint: lint.clone(),
                    item,
                });
            }
        } else if !line.starts_with("  ") {
            listing = false;
        }
    }
    out
}

/// The identifiers of a change's text, each [`normalize`]d.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|t| !t.is_empty())
        .map(normalize)
        .collect()
}

/// Lowercase letters and digits only: `FailOnParticipantConflict` and `fail_on_participant_conflict`
/// meet as `failonparticipantconflict`.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a breaking change of ours names the item: its last path segment (the type, variant, field or
/// method), read through the generator's naming: an operation's builder is `{OperationId}Request` (its
/// required-parameters struct `…Required`), a resource's handles are `{Resource}List` and
/// `{Resource}Context`, and the navigation method to a resource is its plural in snake case
/// (`short_codes` for ShortCode). `ours`: the identifiers of our breaking changes, normalized;
/// `lines`: the changes themselves.
///
/// A missing feature is a resource's module (decision 026): `feature short_code in the package's
/// Cargo.toml` is named only by `resource ShortCode removed`.
fn covered(finding: &Finding, ours: &[String], lines: &[String]) -> bool {
    if finding.lint == "feature_missing" {
        let Some(feature) = finding
            .item
            .strip_prefix("feature ")
            .and_then(|rest| rest.split_whitespace().next())
        else {
            return false;
        };
        let module = normalize(feature.strip_suffix("_resource").unwrap_or(feature));
        return lines.iter().any(|line| {
            line.strip_prefix("resource ")
                .and_then(|rest| rest.split_whitespace().next())
                .is_some_and(|resource| normalize(resource) == module)
        });
    }
    let path = finding
        .item
        .split_whitespace()
        .find(|w| w.contains("::"))
        .unwrap_or(&finding.item);
    let segments: Vec<&str> = path
        .split("::")
        .map(|s| s.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
        .filter(|s| !s.is_empty())
        .collect();
    let Some(last) = segments.last() else {
        return false;
    };
    let mut names = vec![normalize(last)];
    for suffix in ["Request", "Required", "List", "Context"] {
        if let Some(stem) = last.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            names.push(normalize(stem));
        }
    }
    if last.starts_with(|c: char| c.is_ascii_lowercase()) {
        let name = normalize(last);
        if let Some(singular) = name.strip_suffix('s') {
            names.push(singular.to_owned());
        }
    }
    names.iter().any(|needle| ours.iter().any(|o| o == needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "     Checking twilio-proxy v0.1.0 -> v0.1.0 (no change)
--- failure enum_missing: pub enum removed or renamed ---

Description:
A publicly-visible enum cannot be imported by its prior path.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove

Failed in:
  enum twilio_proxy::session::CreateSessionMode, previously in file /tmp/old/src/session.rs:10

--- failure inherent_method_missing: pub method removed or renamed ---

Failed in:
  CreateSessionRequest::fail_on_participant_conflict, previously in file /tmp/old/src/session.rs:99
  ServiceContext::short_codes, previously in file /tmp/old/src/service.rs:40

     Summary semver requires new major version: 2 major and 0 minor checks failed
";

    #[test]
    fn findings_are_read_from_the_failed_in_lists() {
        let found = findings(OUTPUT);
        let items: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.lint.as_str(), f.item.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (
                    "enum_missing",
                    "enum twilio_proxy::session::CreateSessionMode"
                ),
                (
                    "inherent_method_missing",
                    "CreateSessionRequest::fail_on_participant_conflict"
                ),
                ("inherent_method_missing", "ServiceContext::short_codes"),
            ]
        );
    }

    #[test]
    fn a_finding_is_covered_only_when_a_breaking_change_names_its_item() {
        let lines: Vec<String> = [
            "enum CreateSessionMode removed",
            "operation CreateSession: parameter FailOnParticipantConflict removed",
            "resource ShortCode removed",
            "operation CreateCall: parameter Recording removed",
        ]
        .map(str::to_owned)
        .to_vec();
        let ours: Vec<String> = lines.iter().flat_map(|c| tokens(c)).collect();
        for finding in findings(OUTPUT) {
            assert!(covered(&finding, &ours, &lines), "{finding:?}");
        }
        let unrelated = Finding {
            lint: "struct_missing".into(),
            item: "struct twilio_proxy::session::SessionContext".into(),
        };
        assert!(!covered(&unrelated, &ours, &lines));
        assert!(!covered(&unrelated, &[], &[]));
        let feature = |name: &str| Finding {
            lint: "feature_missing".into(),
            item: format!("feature {name} in the package's Cargo.toml"),
        };
        assert!(covered(&feature("short_code"), &ours, &lines));
        // A parameter of the same name does not stand for a resource.
        assert!(!covered(&feature("recording"), &ours, &lines));
        assert!(!covered(&feature("session"), &ours, &lines));
    }
}
