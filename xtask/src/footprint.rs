//! `cargo xtask footprint`: what the generated crate costs a user to build, measured the way issue 11
//! states its goals, optionally side by side with peers' generated crates in one interleaved run.
//!
//! For each crate: cold builds with every dependency fetched but none built (a fresh target
//! directory each run), the crate alone rebuilt after an edit with its dependencies built (as many
//! runs, at least 2), its rlib's size, and its distinct dependencies (`cargo tree -e normal,build`,
//! default features). Debug builds unless [`Profile::Release`] is asked for.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One crate to measure.
pub struct Subject {
    /// The name shown in the table.
    pub label: String,
    /// The crate's directory (with its `Cargo.toml`).
    pub dir: PathBuf,
    /// Build with default features off and these on (`message,call`) instead of the defaults.
    pub features: Option<String>,
}

/// The cargo profile builds use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `cargo build` (the dev profile): what users wait for while they work.
    Debug,
    /// `cargo build --release`: what a deployment builds.
    Release,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// What was measured for one crate.
struct Measured {
    label: String,
    cold: Vec<f64>,
    alone: Vec<f64>,
    rlib_bytes: u64,
    dependencies: usize,
}

/// Measures every subject, interleaving the cold builds (`runs` of each), and returns a Markdown table.
pub fn footprint(
    subjects: &[Subject],
    runs: usize,
    profile: Profile,
    scratch: &Path,
) -> Result<String, String> {
    let mut measured: Vec<Measured> = Vec::new();
    for subject in subjects {
        standalone(&subject.dir, None)?;
        measured.push(Measured {
            label: subject.label.clone(),
            cold: Vec::new(),
            alone: Vec::new(),
            rlib_bytes: 0,
            dependencies: dependencies(subject)?,
        });
    }
    for run in 0..runs {
        for (subject, m) in subjects.iter().zip(&mut measured) {
            let target = target_dir(scratch, &subject.label);
            if target.exists() {
                std::fs::remove_dir_all(&target)
                    .map_err(|e| format!("{}: {e}", target.display()))?;
            }
            let seconds = timed_build(subject, &target, profile, false)?;
            eprintln!(
                "footprint: {} cold {} build {}: {seconds:.1} s",
                m.label,
                profile.name(),
                run + 1
            );
            m.cold.push(seconds);
        }
    }
    for (subject, m) in subjects.iter().zip(&mut measured) {
        let target = target_dir(scratch, &subject.label);
        // The cold builds ran with cargo's default incremental setting for local packages; turning
        // it off changes their fingerprints, so the first build without it recompiles local path
        // dependencies (`twilio-runtime`) as well. One untimed build first: what is timed is then
        // the crate alone.
        timed_build(subject, &target, profile, true)?;
        for _ in 0..runs.max(2) {
            let lib = subject.dir.join("src/lib.rs");
            let text =
                std::fs::read_to_string(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
            // An edit, then the same text back: the next build recompiles the crate alone.
            std::fs::write(&lib, format!("{text}\n"))
                .and_then(|()| std::fs::write(&lib, &text))
                .map_err(|e| format!("{}: {e}", lib.display()))?;
            m.alone.push(timed_build(subject, &target, profile, true)?);
        }
        m.rlib_bytes = rlib_size(&target, &subject.dir, profile)?;
    }
    let p = profile.name();
    let mut table = format!(
        "| crate | cold {p} build (median, range) | crate alone | {p} rlib | distinct dependencies |\n\
         |---|---|---|---|---|\n",
    );
    for m in &measured {
        table.push_str(&format!(
            "| {} | {:.1} s ({:.1}–{:.1}) | {:.1}–{:.1} s | {:.1} MiB | {} |\n",
            m.label,
            median(&m.cold),
            min(&m.cold),
            max(&m.cold),
            min(&m.alone),
            max(&m.alone),
            m.rlib_bytes as f64 / (1024.0 * 1024.0),
            m.dependencies,
        ));
    }
    Ok(table)
}

/// Makes the crate in `dir` a workspace of its own (so an enclosing workspace does not claim it) and,
/// given a lock file, pins its dependencies to it for offline builds.
pub fn standalone(dir: &Path, lock: Option<&Path>) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    if let Some(lock) = lock {
        std::fs::copy(lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("{}: {e}", lock.display()))?;
    }
    Ok(())
}

fn target_dir(scratch: &Path, label: &str) -> PathBuf {
    let safe: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    scratch.join(format!("target-{safe}"))
}

/// `cargo build --offline` of the subject's crate (with its features), timed (wall clock).
fn timed_build(
    subject: &Subject,
    target: &Path,
    profile: Profile,
    alone: bool,
) -> Result<f64, String> {
    let dir = &subject.dir;
    let mut command = Command::new(env_cargo());
    command.args(["build", "--offline", "--quiet"]);
    if profile == Profile::Release {
        command.arg("--release");
    }
    if let Some(features) = &subject.features {
        command.args(["--no-default-features", "--features", features]);
    }
    command.current_dir(dir).env("CARGO_TARGET_DIR", target);
    if alone {
        command.env("CARGO_INCREMENTAL", "0");
    }
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("cargo build failed in {}", dir.display()));
    }
    Ok(seconds)
}

/// Distinct crates in the normal and build dependency graph with the subject's features, the crate
/// itself not counted.
fn dependencies(subject: &Subject) -> Result<usize, String> {
    match &subject.features {
        Some(features) => dependency_names_of(
            &subject.dir,
            &["--no-default-features", "--features", features],
        ),
        None => dependency_names(&subject.dir),
    }
    .map(|names| names.len())
}

/// The distinct crates in the normal and build dependency graph of the crate in `dir` (default
/// features, the crate itself not counted), sorted.
pub fn dependency_names(dir: &Path) -> Result<Vec<String>, String> {
    dependency_names_with(dir, &[])
}

/// [`dependency_names`] with these features of the crate turned on as well.
pub fn dependency_names_with(dir: &Path, features: &[&str]) -> Result<Vec<String>, String> {
    let features = features.join(",");
    if features.is_empty() {
        dependency_names_of(dir, &[])
    } else {
        dependency_names_of(dir, &["--features", features.as_str()])
    }
}

/// [`dependency_names`] with these feature flags of `cargo tree`.
fn dependency_names_of(dir: &Path, flags: &[&str]) -> Result<Vec<String>, String> {
    let mut args = vec![
        "tree",
        "--offline",
        "-e",
        "normal,build",
        "--prefix",
        "none",
    ];
    args.extend(flags);
    let output = Command::new(env_cargo())
        .args(&args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo tree failed in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let own = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_default();
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != own)
        .map(str::to_owned)
        .collect();
    names.sort_unstable();
    names.dedup();
    Ok(names)
}

/// The size of the crate's rlib.
fn rlib_size(target: &Path, dir: &Path, profile: Profile) -> Result<u64, String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let name = manifest
        .lines()
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "name").then(|| value.trim().trim_matches('"').replace('-', "_"))
        })
        .ok_or_else(|| format!("no package name in {}", dir.display()))?;
    let deps = target.join(profile.name()).join("deps");
    let prefix = format!("lib{name}-");
    let entries = std::fs::read_dir(&deps).map_err(|e| format!("{}: {e}", deps.display()))?;
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let file = e.file_name();
            let file = file.to_string_lossy();
            file.starts_with(&prefix) && file.ends_with(".rlib")
        })
        .filter_map(|e| e.metadata().ok())
        .max_by_key(|m| m.modified().ok())
        .map(|m| m.len())
        .ok_or_else(|| format!("no {prefix}*.rlib in {}", deps.display()))
}

fn env_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}
