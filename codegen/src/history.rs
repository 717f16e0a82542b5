//! The release history of a generated crate: one entry per spec version the crate was generated from,
//! newest first, kept in `spec/history.json` next to the spec. The crate's version and its
//! `CHANGELOG.md` are derived from it (`cargo xtask update` appends; `cargo xtask codegen --check`
//! verifies), never edited by hand. docs/decisions/017 says why it lives there.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::diff::{ApiDiff, Impact};

/// `spec/history.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The spec file (in `spec/`) the releases were generated from.
    pub spec: String,
    /// The releases, newest first.
    pub releases: Vec<Release>,
}

/// One release of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The crate version (semver).
    pub version: String,
    /// The release date, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The spec's `info.version`.
    pub spec_version: String,
    /// SHA-256 of the spec file's bytes, lowercase hex: which spec this release was generated from.
    pub spec_sha256: String,
    /// Changes that can break code written against the previous release.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaking: Vec<String>,
    /// New API.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// API that still works but is now deprecated (Twilio's spec marks it): it compiles with a
    /// warning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deprecated: Vec<String>,
    /// Changes to the generated code that are not API changes (documentation, wire details).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// How to move code from the previous release to this one: Markdown with before/after code for
    /// each breaking change (required for a release of generator changes that breaks code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<String>,
    /// SHA-256 of the generated crate's `src/` files as released: a generator change that moves
    /// them is caught by `cargo xtask codegen --check` until it is released (`cargo xtask release`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_sha256: Option<String>,
}

impl History {
    /// Reads `spec/history.json`, with the field that is wrong named.
    pub fn parse(text: &str) -> Result<Self, String> {
        let history: History = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if history.releases.is_empty() {
            return Err("`releases` is empty: the history needs at least the first release".into());
        }
        for (i, release) in history.releases.iter().enumerate() {
            if parse_version(&release.version).is_none() {
                return Err(format!(
                    "releases[{i}].version {:?} is not MAJOR.MINOR.PATCH",
                    release.version
                ));
            }
        }
        Ok(history)
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The newest release.
    pub fn latest(&self) -> &Release {
        &self.releases[0]
    }

    /// `CHANGELOG.md` in the Keep a Changelog style, newest release first.
    pub fn changelog(&self, crate_name: &str) -> String {
        let mut out = format!(
            "# Changelog\n\n\
             All notable changes to `{crate_name}`. Each release is generated from one version of Twilio's \
             OpenAPI spec (`{spec}`); this file is generated from `spec/history.json`, which `cargo xtask update` \
             (spec bumps) and `cargo xtask release` (generator changes) write, so do not edit it by hand.\n\n\
             The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow \
             [Semantic Versioning](https://semver.org/spec/v2.0.0.html): before 1.0, a breaking change bumps \
             the minor version and anything else the patch version.\n",
            spec = self.spec,
        );
        for release in &self.releases {
            let _ = write!(
                out,
                "\n## [{}] - {}\n\nGenerated from `{}`, API version {}.\n",
                release.version, release.date, self.spec, release.spec_version
            );
            for (title, items) in [
                ("Breaking", &release.breaking),
                ("Added", &release.added),
                ("Deprecated", &release.deprecated),
                ("Changed", &release.changed),
            ] {
                if items.is_empty() {
                    continue;
                }
                let _ = write!(out, "\n### {title}\n\n");
                for item in items {
                    let _ = writeln!(out, "- {item}");
                }
            }
            if let Some(migration) = &release.migration {
                let _ = write!(out, "\n### Migrating\n\n{}\n", migration.trim());
            }
        }
        out
    }
}

/// The version after `current` for changes with this impact, by the semver rules for generated
/// crates: before 1.0, breaking → minor and anything else → patch; from 1.0, breaking → major,
/// additions → minor, other changes → patch.
pub fn next_version(current: &str, breaking: bool, added: bool) -> Option<String> {
    let (major, minor, patch) = parse_version(current)?;
    Some(match (major, breaking, added) {
        (0, true, _) => format!("0.{}.0", minor + 1),
        (0, false, _) => format!("0.{minor}.{}", patch + 1),
        (_, true, _) => format!("{}.0.0", major + 1),
        (_, false, true) => format!("{major}.{}.0", minor + 1),
        (_, false, false) => format!("{major}.{minor}.{}", patch + 1),
    })
}

fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(|p| {
        (!p.is_empty() && (p == "0" || !p.starts_with('0')))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    });
    let version = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(version)
}

/// The changelog lists of a diff: breaking changes, and additions. Changes that are not API
/// changes are the caller's to add (it alone knows whether the generated code moved otherwise).
/// A report's changelog entries: breaking, added and deprecated.
pub fn entries(diff: &ApiDiff) -> (Vec<String>, Vec<String>, Vec<String>) {
    let pick = |impact| {
        diff.changes
            .iter()
            .filter(|c| c.impact == impact)
            .map(|c| c.what.clone())
            .collect()
    };
    (
        pick(Impact::Breaking),
        pick(Impact::Additive),
        pick(Impact::Deprecated),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_the_semver_rules_for_generated_crates() {
        let cases = [
            ("0.1.0", true, true, "0.2.0"),
            ("0.1.3", true, false, "0.2.0"),
            ("0.1.0", false, true, "0.1.1"),
            ("0.1.0", false, false, "0.1.1"),
            ("1.2.3", true, false, "2.0.0"),
            ("1.2.3", false, true, "1.3.0"),
            ("1.2.3", false, false, "1.2.4"),
        ];
        for (current, breaking, added, want) in cases {
            assert_eq!(
                next_version(current, breaking, added).as_deref(),
                Some(want),
                "{current} {breaking} {added}"
            );
        }
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.x.3", "", "1.2.3-beta"] {
            assert_eq!(next_version(bad, true, true), None, "{bad}");
        }
    }

    #[test]
    fn a_history_needs_a_release_with_a_valid_version() {
        assert!(History::parse(r#"{"spec": "a.json", "releases": []}"#).is_err());
        let bad = r#"{"spec": "a.json", "releases": [{"version": "1", "date": "2026-01-01",
            "spec_version": "1", "spec_sha256": "00"}]}"#;
        assert!(
            History::parse(bad)
                .unwrap_err()
                .contains("releases[0].version")
        );
        let unknown = r#"{"spec": "a.json", "releases": [], "extra": 1}"#;
        assert!(History::parse(unknown).unwrap_err().contains("extra"));
    }
}
