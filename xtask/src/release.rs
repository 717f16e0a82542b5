//! `cargo xtask release`: a release of the generated crate for a change of the generator (the spec
//! is the same). `cargo xtask update` releases spec bumps; this releases what the generator writes
//! differently, through the same history (`spec/history.json`), so that every change users see has a
//! version and a changelog entry.
//!
//! The API change is measured on the Rust API itself, against the latest release's package in
//! `xtask/released/`: cargo-semver-checks (pinned) on the two crates at the same version lists every
//! breaking item, and the same check the other way round lists every item added. A breaking release
//! needs migration notes (`--notes FILE`, Markdown) that name each breaking item and show code; they
//! go into the changelog. The release records the SHA-256 of the generated `src/`, which
//! `cargo xtask codegen --check` compares with what the generator writes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use twilio_codegen::GeneratedFiles;
use twilio_codegen::history::{History, Release, next_version};

use crate::semver::{check_release, ensure_installed};
use crate::{CodegenArgs, Failure, codegen, history_for};

/// Where the released packages are kept.
pub const RELEASED: &str = "xtask/released";

/// Options of `cargo xtask release`.
#[derive(Debug, Clone)]
pub struct ReleaseArgs {
    /// The workspace root.
    pub root: PathBuf,
    /// Migration notes (Markdown), required when the release breaks code.
    pub notes: Option<PathBuf>,
    /// What changed besides the API (the changelog's "Changed" lines): required when the API did
    /// not change, so that every release says what it is for.
    pub changed: Vec<String>,
    /// The release date (`YYYY-MM-DD`, UTC); today by default.
    pub date: Option<String>,
    /// Report only: write nothing.
    pub dry_run: bool,
}

/// What a release did.
#[derive(Debug, Clone)]
pub struct Released {
    /// The release recorded (or, in a dry run, that would be).
    pub release: Release,
    /// The version before.
    pub previous_version: String,
    /// The text to print.
    pub report: String,
}

/// Releases the generator's current output.
pub fn release(args: &ReleaseArgs) -> Result<Released, Failure> {
    let codegen_args = CodegenArgs::defaults(&args.root);
    let history_path = codegen_args
        .history
        .clone()
        .unwrap_or_else(|| args.root.join(crate::HISTORY));
    let spec_text = fs::read_to_string(&codegen_args.spec)
        .map_err(|e| format!("cannot read {}: {e}", codegen_args.spec.display()))?;
    // The tree must be consistent: the spec is the latest release's.
    let history = history_for(&history_path, &codegen_args.spec, &spec_text)?.ok_or_else(|| {
        format!(
            "{} does not record {}",
            history_path.display(),
            codegen_args.spec.display()
        )
    })?;
    let latest = history.latest().clone();
    let name = codegen_args.crate_name.clone();

    let scratch = args.root.join("target/xtask-release");
    let _ = fs::remove_dir_all(&scratch);
    let baseline = unpack(
        &args
            .root
            .join(RELEASED)
            .join(format!("{name}-{}.crate", latest.version)),
        &scratch.join("baseline"),
    )?;
    let current = scratch.join("current").join(&name);
    let mut current_args = codegen_args.clone();
    current_args.out = current.clone();
    current_args.history = None;
    current_args.pinned_out = None;
    // The same version on both sides, so that every breaking item is a finding.
    current_args.crate_version = Some(latest.version.clone());
    codegen(&current_args)?;

    let (baseline_sources, current_sources) = (read_sources(&baseline)?, read_sources(&current)?);
    let source_sha256 = crate::sources_sha256(&current_sources);
    let released_sha256 = latest
        .source_sha256
        .clone()
        .unwrap_or_else(|| crate::sources_sha256(&baseline_sources));
    // A newer runtime alone is a release too: the package's requirement is the runtime the crate
    // was tested with, and users get the newer runtime's fixes by updating the crate.
    let required = runtime_requirement(&baseline)?;
    let runtime = twilio_codegen::RUNTIME_VERSION;
    let lost = lost_features(&baseline, &current)?;
    let gated = newly_gated(&baseline_sources, &current_sources);
    if source_sha256 == released_sha256 && required == runtime && lost.is_empty() {
        return Err(Failure::Message(format!(
            "the generator writes the src/ of release {} of {name}: there is nothing to release",
            latest.version
        )));
    }

    // The API report, item by item; the notes are checked against it before the slower second
    // opinion, cargo-semver-checks, whose breaking items the report does not name are added.
    let ident = format!("`{}::", name.replace('-', "_"));
    let mut change = crate::api::diff(
        &crate::api::public_api(&baseline_sources)?,
        &crate::api::public_api(&current_sources)?,
    );
    // Paths read as users write them.
    for line in change.breaking.iter_mut().chain(change.added.iter_mut()) {
        *line = line.replacen("`crate::", &ident, 1);
    }
    // A re-exported dependency with fewer features: code that used them through the crate no
    // longer compiles.
    for (dependency, removed) in &lost {
        let removed = removed
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        change.breaking.push(format!(
            "`{dependency}` no longer has {removed} enabled: code that uses them through this crate \
             enables them in its own Cargo.toml"
        ));
        change.subjects.push(dependency.clone());
    }
    // A module that was always compiled and is now behind a feature (decision 026): code that
    // turns default features off no longer sees it.
    for (module, feature) in &gated {
        change.breaking.push(format!(
            "module `{module}` is now behind the feature `{feature}` (on by default, through `full`): \
             code that turns default features off must enable it"
        ));
        change.subjects.push(feature.clone());
    }
    // A runtime of another semver line: the runtime items the crate re-exports are other types.
    if !caret_accepts(&required, runtime) {
        change.breaking.push(format!(
            "`twilio_runtime` {required} → {runtime}: the runtime items the crate re-exports \
             (`Credentials`, `Error`, `AccountSid`, …) are the new runtime's"
        ));
        change.subjects.push("twilio_runtime".to_owned());
    }
    let migration = match &args.notes {
        Some(path) => Some(
            fs::read_to_string(path)
                .map_err(|e| format!("cannot read the notes {}: {e}", path.display()))?,
        ),
        None => None,
    };
    check_notes(&change, migration.as_deref())?;
    let baseline_runtime = runtime_for(
        &args.root,
        &baseline,
        &codegen_args.runtime,
        &scratch.join("baseline-runtime"),
    )?;
    standalone(&args.root, &baseline, Some(&baseline_runtime))?;
    standalone(&args.root, &current, None)?;
    // The project's pinned copy (installed once, into this checkout's target/).
    let binary = ensure_installed(&crate::workspace_root())?;
    // Kept between runs: the dependencies' documentation is built once.
    let target = args.root.join("target/xtask-release-target");
    for finding in check_release(&binary, &current, &baseline, &target, false)? {
        let subject = crate::api::subject(&finding.item).to_owned();
        if !change.subjects.contains(&subject) {
            change.breaking.push(format!(
                "`{}` ({}, cargo-semver-checks)",
                finding.item,
                finding.lint.replace('_', " ")
            ));
            change.subjects.push(subject);
        }
    }
    check_notes(&change, migration.as_deref())?;
    let version = next_version(
        &latest.version,
        !change.breaking.is_empty(),
        !change.added.is_empty() || !change.deprecated.is_empty(),
    )
    .ok_or_else(|| {
        format!(
            "the recorded version {:?} is not MAJOR.MINOR.PATCH",
            latest.version
        )
    })?;
    // Generated code that changed says what changed; the runtime line below speaks only for itself.
    if source_sha256 != released_sha256
        && change.breaking.is_empty()
        && change.added.is_empty()
        && change.deprecated.is_empty()
        && args.changed.is_empty()
    {
        return Err(Failure::Message(
            "the generated code changed without an API change: say what changed for the \
             changelog with --changed TEXT (once per line)"
                .into(),
        ));
    }
    let mut changed = args.changed.clone();
    if required != runtime && caret_accepts(&required, runtime) {
        changed.push(format!(
            "Requires `twilio-runtime` {runtime} (was {required})"
        ));
    }
    let release = Release {
        version,
        date: args.date.clone().unwrap_or_else(crate::update::today),
        spec_version: latest.spec_version.clone(),
        spec_sha256: latest.spec_sha256.clone(),
        breaking: change.breaking,
        added: change.added,
        deprecated: change.deprecated,
        changed,
        migration,
        source_sha256: Some(source_sha256),
    };
    let mut next = history.clone();
    next.releases.insert(0, release.clone());
    let entry = History {
        spec: next.spec.clone(),
        releases: vec![release.clone()],
    }
    .changelog(&name);
    let mut report = format!(
        "{name} {} → {} (generator change; the spec is still {} {})\n",
        latest.version, release.version, next.spec, latest.spec_version
    );
    let _ = writeln!(
        report,
        "API against {RELEASED}/{name}-{}.crate (and cargo-semver-checks): {} breaking, {} added\n",
        latest.version,
        release.breaking.len(),
        release.added.len()
    );
    if let Some((_, body)) = entry.split_once("\n## ") {
        let _ = writeln!(report, "Changelog entry:\n\n## {body}");
    }
    if args.dry_run {
        report.push_str("\nDry run: nothing was written.\n");
    } else {
        write(args, &codegen_args, &history_path, &next, &release)?;
        let _ = write!(
            report,
            "\nWritten: {history} (release {version}), generated/ (version {version}, CHANGELOG.md) \
             and {RELEASED}/{name}-{version}.crate.\nReview and commit:\n  cargo xtask test\n  \
             git add spec/history.json generated {RELEASED} && git commit -m \"Release {name} {version}\"\n",
            history = crate::HISTORY,
            version = release.version,
        );
    }
    Ok(Released {
        release,
        previous_version: latest.version,
        report,
    })
}

/// A breaking release needs notes that show code and name every breaking item.
pub fn check_notes(change: &crate::api::Change, notes: Option<&str>) -> Result<(), String> {
    if change.breaking.is_empty() {
        return Ok(());
    }
    let Some(notes) = notes else {
        return Err(format!(
            "this release breaks code written against the previous one:\n  - {}\n\
             Write migration notes (Markdown, before/after code for each) and pass them with --notes FILE.",
            change.breaking.join("\n  - ")
        ));
    };
    if !notes.contains("```") {
        return Err(
            "the migration notes show no code: give before/after code in ``` blocks".into(),
        );
    }
    let missing: Vec<String> = change
        .breaking
        .iter()
        .zip(&change.subjects)
        .filter(|(_, subject)| !notes.contains(subject.as_str()))
        .map(|(line, subject)| format!("  - {line} (mention `{subject}`)"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the migration notes do not name these breaking changes:\n{}",
            missing.join("\n")
        ))
    }
}

/// Writes the history, regenerates and packages the release; on a failure, puts the history back.
fn write(
    args: &ReleaseArgs,
    codegen_args: &CodegenArgs,
    history_path: &Path,
    history: &History,
    release: &Release,
) -> Result<(), Failure> {
    let old_history = fs::read(history_path).map_err(|e| e.to_string())?;
    let result = fs::write(history_path, history.to_text())
        .map_err(|e| Failure::Message(format!("cannot write {}: {e}", history_path.display())))
        .and_then(|()| codegen(codegen_args).map(|_| ()))
        .and_then(|()| package(&args.root, &codegen_args.crate_name, &release.version));
    if let Err(failure) = result {
        let _ = fs::write(history_path, old_history);
        let _ = codegen(codegen_args);
        return Err(Failure::Message(format!(
            "{failure}\n{} was put back and generated/ regenerated from it.",
            history_path.display()
        )));
    }
    Ok(())
}

/// `cargo package` of the generated crate (with the runtime, which is not on a registry), copied
/// into `xtask/released/`.
fn package(root: &Path, name: &str, version: &str) -> Result<(), Failure> {
    let target = root.join("target/xtask-release/package");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["package", "--no-verify", "--offline", "--allow-dirty"])
        .args(["-p", "twilio-runtime", "-p", name])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .map_err(|e| format!("cannot run cargo package: {e}"))?;
    if !output.status.success() {
        return Err(Failure::Message(format!(
            "cargo package failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    // The runtime's package too, the first time a release is made against its version: later
    // releases of the runtime are checked against it, and packages generated for it build with it.
    let runtime = format!("twilio-runtime-{}.crate", twilio_codegen::RUNTIME_VERSION);
    let file = format!("{name}-{version}.crate");
    for file in [file.as_str(), runtime.as_str()] {
        let to = root.join(RELEASED).join(file);
        if file == runtime && to.exists() {
            continue;
        }
        fs::copy(target.join("package").join(file), &to)
            .map_err(|e| format!("cannot copy {file} into {RELEASED}: {e}"))?;
    }
    Ok(())
}

/// The runtime a released package of a generated crate builds against: the current runtime
/// (`current`, at [`twilio_codegen::RUNTIME_VERSION`]) when the package's requirement accepts it,
/// else the released runtime package of the version it requires, unpacked under `scratch` (a
/// package generated before the runtime's last breaking release).
pub fn runtime_for(
    root: &Path,
    package: &Path,
    current: &Path,
    scratch: &Path,
) -> Result<PathBuf, String> {
    let required = runtime_requirement(package)?;
    if caret_accepts(&required, twilio_codegen::RUNTIME_VERSION) {
        return Ok(current.to_path_buf());
    }
    unpack(
        &root
            .join(RELEASED)
            .join(format!("twilio-runtime-{required}.crate")),
        scratch,
    )
}

/// The `twilio-runtime` version a packaged crate requires.
pub fn runtime_requirement(package: &Path) -> Result<String, String> {
    let manifest_path = package.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    manifest
        .split_once("[dependencies.twilio-runtime]\n")
        .and_then(|(_, rest)| rest.lines().next())
        .and_then(|line| line.strip_prefix("version = \""))
        .and_then(|line| line.strip_suffix('"'))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "{} names no twilio-runtime version",
                manifest_path.display()
            )
        })
}

/// The features each dependency the crate re-exports (`pub use time;` in its `lib.rs`) had enabled
/// in `baseline` and no longer has in `current`.
fn lost_features(baseline: &Path, current: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
    let lib = current.join("src/lib.rs");
    let lib = fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let (before, after) = (read_manifest(baseline)?, read_manifest(current)?);
    Ok(dependency_names(&before)
        .into_iter()
        .filter(|name| lib.contains(&format!("\npub use {};", name.replace('-', "_"))))
        .filter_map(|name| {
            let now = dependency_features(&after, &name);
            let removed: Vec<String> = dependency_features(&before, &name)
                .into_iter()
                .filter(|feature| !now.contains(feature))
                .collect();
            (!removed.is_empty()).then_some((name, removed))
        })
        .collect())
}

/// The public modules of `lib.rs` behind a `#[cfg(…)]` naming features, as the generator writes them,
/// each with the first feature its predicate names (`#[cfg(all(feature = "a", feature = "b"))]`
/// gives `a`).
fn gated_modules(lib: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut feature = None;
    for line in lib.lines().map(str::trim) {
        if let Some(predicate) = line.strip_prefix("#[cfg(") {
            feature = predicate
                .split("feature = \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .map(str::to_owned);
        } else if let Some(module) = line
            .strip_prefix("pub mod ")
            .and_then(|m| m.strip_suffix(';'))
        {
            if let Some(feature) = feature.take() {
                out.push((module.to_owned(), feature));
            }
        } else if !line.starts_with("#[") {
            feature = None;
        }
    }
    out
}

/// The modules `current` puts behind a feature that `baseline` compiled always (each with its
/// feature); `sources` are a package's files by path.
pub fn newly_gated(baseline: &GeneratedFiles, current: &GeneratedFiles) -> Vec<(String, String)> {
    let lib = |sources: &GeneratedFiles| sources.get("src/lib.rs").cloned().unwrap_or_default();
    let (before, after) = (lib(baseline), lib(current));
    let was_gated: Vec<String> = gated_modules(&before).into_iter().map(|(m, _)| m).collect();
    gated_modules(&after)
        .into_iter()
        .filter(|(module, feature)| {
            feature != "testing"
                && !was_gated.contains(module)
                && before.contains(&format!("pub mod {module};"))
        })
        .collect()
}

fn read_manifest(package: &Path) -> Result<String, String> {
    let path = package.join("Cargo.toml");
    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The names of a manifest's `[dependencies]`, as the generator writes them (`name = { ... }` lines
/// under `[dependencies]`) or `cargo package` does (`[dependencies.name]` sections): the two
/// machine-written forms a release compares, not every way a person may write a manifest.
pub fn dependency_names(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
    {
        if let Some(name) = line
            .strip_prefix("[dependencies.")
            .and_then(|l| l.strip_suffix(']'))
        {
            names.push(name.to_owned());
            in_dependencies = false;
        } else if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && let Some((name, _)) = line.split_once('=') {
            names.push(name.trim().to_owned());
        }
    }
    names
}

/// The features a manifest enables on its dependency `name`, in either form
/// [`dependency_names`] reads.
pub fn dependency_features(manifest: &str, name: &str) -> Vec<String> {
    let section = format!("[dependencies.{name}]");
    let framed = format!("\n{manifest}");
    let text = if let Some((_, rest)) = manifest.split_once(&section) {
        // Up to the next section.
        rest.split("\n[").next().unwrap_or_default()
    } else if let Some(line) = framed
        .split_once("\n[dependencies]\n")
        .and_then(|(_, rest)| rest.split("\n[").next())
        .and_then(|table| {
            table.lines().find(|line| {
                line.split_once('=').is_some_and(|(key, value)| {
                    key.trim() == name && value.trim_start().starts_with('{')
                })
            })
        })
    {
        line
    } else {
        return Vec::new();
    };
    let Some((_, list)) = text.split_once("features = [") else {
        return Vec::new();
    };
    let list = list.split(']').next().unwrap_or_default();
    list.split(',')
        .map(|item| item.trim().trim_matches('"'))
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether Cargo's default (caret) requirement `required` accepts `version`: same leftmost
/// non-zero component, and not older.
pub fn caret_accepts(required: &str, version: &str) -> bool {
    let parse = |v: &str| -> Option<Vec<u64>> { v.split('.').map(|n| n.parse().ok()).collect() };
    let (Some(required), Some(version)) = (parse(required), parse(version)) else {
        return false;
    };
    let leading = required
        .iter()
        .position(|&n| n != 0)
        .unwrap_or(required.len().saturating_sub(1));
    required.len() == version.len()
        && required[..=leading] == version[..=leading]
        && version >= required
}

/// Unpacks a `.crate` file into `into`; returns the crate's directory.
pub fn unpack(file: &Path, into: &Path) -> Result<PathBuf, String> {
    if !file.is_file() {
        return Err(format!(
            "{} is missing: the latest release's package is what a generator change is compared with",
            file.display()
        ));
    }
    fs::create_dir_all(into).map_err(|e| format!("{}: {e}", into.display()))?;
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(file)
        .arg("-C")
        .arg(into)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err(format!("cannot unpack {}", file.display()));
    }
    let stem = file
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".crate"))
        .ok_or_else(|| format!("{} is not a .crate file", file.display()))?;
    Ok(into.join(stem))
}

/// A workspace of its own, resolved offline with the project's lock file. `runtime` gives a
/// packaged crate's `twilio-runtime` dependency (by version only in a package) that directory as
/// its path, since the runtime is not on a registry here.
pub fn standalone(root: &Path, dir: &Path, runtime: Option<&Path>) -> Result<(), String> {
    crate::footprint::standalone(dir, Some(&root.join("Cargo.lock")))?;
    if let Some(runtime) = runtime {
        let manifest = dir.join("Cargo.toml");
        let text =
            fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
        let header = "[dependencies.twilio-runtime]\n";
        if !text.contains(header) {
            return Err(format!(
                "{} names no twilio-runtime dependency",
                manifest.display()
            ));
        }
        let path = format!("{header}path = {:?}\n", runtime.display().to_string());
        fs::write(&manifest, text.replacen(header, &path, 1))
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    Ok(())
}

/// The `src/` files of a crate directory, keyed as the generator keys them (`src/lib.rs`).
pub fn read_sources(dir: &Path) -> Result<GeneratedFiles, String> {
    fn walk(dir: &Path, root: &Path, out: &mut GeneratedFiles) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(&path, root, out)?;
            } else {
                let key = path
                    .strip_prefix(root)
                    .map_err(|e| e.to_string())?
                    .to_string_lossy()
                    .replace('\\', "/");
                let text =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                out.insert(key, text);
            }
        }
        Ok(())
    }
    let mut out = GeneratedFiles::new();
    walk(&dir.join("src"), dir, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Change;

    #[test]
    fn caret_requirements_accept_what_cargo_accepts() {
        assert!(caret_accepts("0.1.1", "0.1.1"));
        assert!(caret_accepts("0.1.1", "0.1.7"));
        assert!(!caret_accepts("0.1.1", "0.1.0"));
        assert!(!caret_accepts("0.1.1", "0.2.0"));
        assert!(caret_accepts("1.2.0", "1.9.3"));
        assert!(!caret_accepts("1.2.0", "2.0.0"));
        assert!(!caret_accepts("0.0.3", "0.0.4"));
        assert!(!caret_accepts("0.1", "0.1.1"));
        assert!(!caret_accepts("x", "0.1.1"));
    }

    #[test]
    fn modules_put_behind_a_feature_are_found() {
        let lib = |text: &str| GeneratedFiles::from([("src/lib.rs".to_owned(), text.to_owned())]);
        let before = lib(
            "pub mod service;\n#[rustfmt::skip]\npub mod session;\npub mod types;\n\
                          #[cfg(feature = \"testing\")]\n#[rustfmt::skip]\npub mod testing;\n",
        );
        let after = lib(
            "#[cfg(feature = \"service\")]\n#[rustfmt::skip]\npub mod service;\n\
                         #[cfg(feature = \"session\")]\n#[rustfmt::skip]\npub mod session;\n\
                         #[cfg(feature = \"room\")]\npub mod room;\n\
                         #[cfg(all(feature = \"room\", feature = \"call\"))]\npub mod types;\n\
                         #[cfg(feature = \"testing\")]\n#[rustfmt::skip]\npub mod testing;\npub mod sid;\n",
        );
        // `room` is new, not moved; `testing` was gated before; `sid` is not gated.
        assert_eq!(
            newly_gated(&before, &after),
            [
                ("service".to_owned(), "service".to_owned()),
                ("session".to_owned(), "session".to_owned()),
                ("types".to_owned(), "room".to_owned())
            ]
        );
        assert!(newly_gated(&after, &after).is_empty());
    }

    #[test]
    fn dependency_features_are_read_as_generated_and_as_packaged() {
        let generated = "[package]\nname = \"x\"\n\n[dependencies]\n\
            twilio-runtime = { version = \"0.2.2\", path = \"../codegen/runtime\" }\n\
            serde = \"1\"\ntime = { version = \"0.3\", features = [\"serde\"] }\n\n\
            [features]\ndefault = []\n";
        let packaged = "[package]\nname = \"x\"\n\n[dependencies.serde]\nversion = \"1\"\n\n\
            [dependencies.time]\nversion = \"0.3\"\nfeatures = [\n    \"serde\",\n    \
            \"formatting\",\n    \"parsing\",\n]\n\n[dependencies.twilio-runtime]\n\
            version = \"0.2.1\"\n\n[features]\ntesting = [\"twilio-runtime/testing\"]\n";
        assert_eq!(
            dependency_names(generated),
            ["twilio-runtime", "serde", "time"]
        );
        assert_eq!(
            dependency_names(packaged),
            ["serde", "time", "twilio-runtime"]
        );
        assert_eq!(dependency_features(generated, "time"), ["serde"]);
        assert_eq!(
            dependency_features(packaged, "time"),
            ["serde", "formatting", "parsing"]
        );
        assert!(dependency_features(packaged, "twilio-runtime").is_empty());
        assert!(dependency_features(generated, "serde").is_empty());
        assert!(dependency_features(generated, "tokio").is_empty());
        // Only `[dependencies]` counts, comments are not names, and spacing around `=` is free.
        let other = "[dependencies]\n# time = { features = [\"x\"] }\ntime={ version = \"0.3\", \
            features = [\"serde\"] }\n\n[dev-dependencies]\ntime = { version = \"0.3\", \
            features = [\"parsing\"] }\n";
        assert_eq!(dependency_names(other), ["time"]);
        assert_eq!(dependency_features(other, "time"), ["serde"]);
    }

    #[test]
    fn breaking_releases_need_notes_with_code_naming_each_item() {
        let change = Change {
            breaking: vec![
                "`crate::session::NewParticipant.identifier` removed".into(),
                "`crate::service::ServiceContext::short_codes()` removed".into(),
            ],
            added: Vec::new(),
            subjects: vec!["NewParticipant".into(), "short_codes".into()],
            deprecated: Vec::new(),
        };
        assert!(check_notes(&Change::default(), None).is_ok());
        let none = check_notes(&change, None).unwrap_err();
        assert!(
            none.contains("--notes") && none.contains("short_codes()` removed"),
            "{none}"
        );
        let no_code =
            check_notes(&change, Some("NewParticipant and short_codes changed")).unwrap_err();
        assert!(no_code.contains("no code"), "{no_code}");
        let partial = "`NewParticipant` fields are gone:\n```rust\np.get(\"Identifier\")\n```";
        let missing = check_notes(&change, Some(partial)).unwrap_err();
        assert!(missing.contains("mention `short_codes`"), "{missing}");
        assert!(!missing.contains("NewParticipant.identifier"), "{missing}");
        let whole = format!("{partial}\n`short_codes` is gone:\n```rust\n```");
        assert!(check_notes(&change, Some(&whole)).is_ok());
    }
}
