//! Project automation behind `cargo xtask`: running the generator and writing (or checking) its
//! output. This is the only place that touches the disk for generated code.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod api;
pub mod footprint;
pub mod release;
pub mod semver;
pub mod update;

use std::fs;
use std::path::{Path, PathBuf};

use std::fmt;

use twilio_codegen::{GeneratedFiles, MARKER, Options, Severity};

/// Options of `cargo xtask codegen`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodegenArgs {
    /// The spec to read.
    pub spec: PathBuf,
    /// The directory to write the crate to.
    pub out: PathBuf,
    /// The generated package's name.
    pub crate_name: String,
    /// The generated package's version; `None`: the latest release in the spec's history, else 0.1.0.
    pub crate_version: Option<String>,
    /// The API's base URL, overriding the spec's `servers`.
    pub base_url: Option<String>,
    /// `package.repository` of the generated crate.
    pub repository: Option<String>,
    /// `package.documentation` of the generated crate.
    pub documentation: Option<String>,
    /// The release history (`spec/history.json`). It applies when the spec being generated is the
    /// file it records (`spec/twilio_proxy_v1.json` beside it, not any file of that name): the crate's
    /// version and `CHANGELOG.md` come from it, and the spec must be its latest release's.
    pub history: Option<PathBuf>,
    /// The directory generated from the history's spec only (the checkout's `generated/`): another
    /// spec is refused there, so that a stray `--spec` cannot overwrite the released crate.
    pub pinned_out: Option<PathBuf>,
    /// Compare instead of writing.
    pub check: bool,
    /// The `twilio-runtime` crate the generated crate depends on by path (`codegen/runtime`).
    pub runtime: PathBuf,
}

impl CodegenArgs {
    /// The defaults, relative to the workspace root.
    pub fn defaults(root: &Path) -> Self {
        Self {
            spec: root.join("spec/twilio_proxy_v1.json"),
            out: root.join("generated"),
            crate_name: "twilio-proxy".into(),
            crate_version: None,
            base_url: None,
            repository: None,
            documentation: None,
            history: Some(root.join(HISTORY)),
            pinned_out: Some(root.join("generated")),
            check: false,
            runtime: root.join("codegen/runtime"),
        }
    }
}

/// A package name for the crate generated from `spec`, from its file name: `twilio_api_v2010.json`
/// gives `twilio-api-v2010`.
pub fn crate_name_for(spec: &Path) -> Result<String, String> {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{}: not a spec file name", spec.display()))?;
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    match name.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => Ok(name),
        _ => Ok(format!("twilio-{name}")),
    }
}

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// What a run did (or, with `--check`, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Files written (or, checking, that differ or are missing).
    pub changed: Vec<String>,
    /// Generated files no longer produced, removed (or, checking, still present).
    pub stale: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Spec warnings, rendered.
    pub warnings: Vec<String>,
    /// Operations of the spec the crate does not have: `` `Id`: why (at #pointer) ``.
    pub left_out: Vec<String>,
    /// The latest release, when the generated `src/` is no longer what it recorded (a generator
    /// change to release with `cargo xtask release`).
    pub unreleased: Option<String>,
}

impl Outcome {
    /// Whether the directory already matched the generator's output.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }
}

/// Why a command failed, ready to print: [`fmt::Display`] gives the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// One problem, in a sentence (printed after `error: `).
    Message(String),
    /// The spec's diagnostics, rendered with their own `error:` and `warning:` prefixes, and a
    /// closing summary.
    Spec {
        /// Every diagnostic, rendered.
        diagnostics: String,
        /// The closing line (printed after `error: `).
        summary: String,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Message(message) => write!(f, "error: {message}"),
            Failure::Spec {
                diagnostics,
                summary,
            } => write!(f, "{diagnostics}\n\nerror: {summary}"),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

/// The release history of the default spec, relative to the workspace root (docs/decisions/017).
pub const HISTORY: &str = "spec/history.json";

/// SHA-256 of a spec's text, lowercase hex, with CRLF line ends read as LF so that a checkout with
/// converted line ends is the same spec.
pub fn spec_sha256(text: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a generated crate's `src/` files (paths and contents, in path order): what a release
/// records, so that generated code that moves without a release is caught.
pub fn sources_sha256(files: &GeneratedFiles) -> String {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    for (path, text) in files.iter().filter(|(path, _)| path.starts_with("src/")) {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the history at `path` when `spec_path` is the spec it records (the file of its `spec`
/// name beside it, compared as the file system sees them), and checks that the spec is its latest
/// release's. `None` for any other spec, whatever its name.
pub fn history_for(
    path: &Path,
    spec_path: &Path,
    spec_text: &str,
) -> Result<Option<twilio_codegen::history::History>, Failure> {
    let history = read_history(path)?;
    if !same_file(spec_path, &history_spec(path, &history)) {
        return Ok(None);
    }
    let latest = history.latest();
    if spec_sha256(spec_text) != latest.spec_sha256 {
        return Err(Failure::Message(format!(
            "{} is not the spec of release {} recorded in {} (its SHA-256 differs).\n\
             A new spec goes in with `cargo xtask update NEW_SPEC`, which records the release and bumps \
             the version; to undo a manual copy, `git checkout {}`.",
            spec_path.display(),
            latest.version,
            path.display(),
            spec_path.display(),
        )));
    }
    Ok(Some(history))
}

/// The spec file a history records: its `spec` name, in the history's directory.
pub fn history_spec(history_path: &Path, history: &twilio_codegen::history::History) -> PathBuf {
    history_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(&history.spec)
}

/// Whether two paths name the same existing file or directory (symbolic links and `..` resolved).
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// Reads and checks a history file.
pub fn read_history(path: &Path) -> Result<twilio_codegen::history::History, Failure> {
    let text = fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e}. It records the generated crate's releases (docs/decisions/017); \
             restore it from git",
            path.display()
        )
    })?;
    twilio_codegen::history::History::parse(&text)
        .map_err(|e| Failure::Message(format!("{} is not a valid history: {e}", path.display())))
}

/// The path from a crate generated into `out` to the runtime crate at `runtime`, with `/`
/// separators: relative when both are under one file system root (for the repository's own
/// `generated/` it is `../codegen/runtime` on every machine), else absolute. The parts of each path
/// that exist are resolved as the file system sees them (symbolic links, `..`), as Cargo resolves a
/// path dependency from the manifest's real directory; `out` need not exist yet.
pub fn runtime_path_from(out: &Path, runtime: &Path) -> Result<String, Failure> {
    use std::path::Component;
    fn resolved(path: &Path) -> std::io::Result<PathBuf> {
        let absolute = std::path::absolute(path)?;
        let components: Vec<Component<'_>> = absolute.components().collect();
        for split in (1..=components.len()).rev() {
            let prefix: PathBuf = components[..split].iter().collect();
            if let Ok(mut real) = fs::canonicalize(&prefix) {
                for component in &components[split..] {
                    match component {
                        Component::Normal(part) => real.push(part),
                        Component::ParentDir => {
                            real.pop();
                        }
                        _ => {}
                    }
                }
                return Ok(real);
            }
        }
        Ok(absolute)
    }
    let resolve = |path: &Path| {
        resolved(path).map_err(|e| format!("cannot resolve the path {}: {e}", path.display()))
    };
    let from = resolve(out)?;
    let to = resolve(runtime)?;
    let from: Vec<Component<'_>> = from.components().collect();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    let same_root = from.first() == to_parts.first();
    if !same_root {
        return Ok(to.to_string_lossy().replace('\\', "/"));
    }
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.join("/"))
}

/// Runs the generator and writes its files, or with `check` compares them.
pub fn codegen(args: &CodegenArgs) -> Result<Outcome, Failure> {
    check_package_args(args)?;
    let bytes = fs::read(&args.spec)
        .map_err(|e| format!("cannot read spec {}: {e}", args.spec.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("spec {} is not UTF-8", args.spec.display()))?;
    let spec_name = args
        .spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    let history = match &args.history {
        Some(path) => history_for(path, &args.spec, &text)?,
        None => None,
    };
    if let (None, Some(pinned)) = (&history, &args.pinned_out)
        && same_file(&args.out, pinned)
    {
        let own = args
            .history
            .as_deref()
            .map(|path| read_history(path).map(|h| history_spec(path, &h)))
            .transpose()?;
        return Err(Failure::Message(format!(
            "{} is generated from {} only, and {} is another spec.\n\
             To generate it elsewhere, add `--out DIR`; to make it the new release, \
             `cargo xtask update {}`.",
            args.out.display(),
            own.as_deref().unwrap_or(&args.spec).display(),
            args.spec.display(),
            args.spec.display(),
        )));
    }
    let crate_version = match (&args.crate_version, &history) {
        (Some(_), Some(_)) => {
            return Err(Failure::Message(format!(
                "--crate-version conflicts with {}: the version of a crate generated from {spec_name} \
                 comes from its release history (`cargo xtask update` bumps it)",
                args.history
                    .as_deref()
                    .unwrap_or(Path::new(HISTORY))
                    .display()
            )));
        }
        (Some(version), None) => version.clone(),
        (None, Some(history)) => history.latest().version.clone(),
        (None, None) => Options::default().crate_version,
    };
    let options = Options {
        crate_name: args.crate_name.clone(),
        crate_version,
        changelog: history
            .as_ref()
            .map(|history| history.changelog(&args.crate_name)),
        spec_name,
        base_url: args.base_url.clone(),
        repository: args.repository.clone(),
        documentation: args.documentation.clone(),
        runtime_path: Some(runtime_path_from(&args.out, &args.runtime)?),
    };
    let generated = twilio_codegen::generate(&text, &options).map_err(|diags| {
        let errors = diags
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags.0.len() - errors;
        Failure::Spec {
            diagnostics: diags.to_string(),
            summary: format!(
                "cannot generate from {}: {errors} error(s){} above; nothing was written",
                args.spec.display(),
                if warnings > 0 {
                    format!(" and {warnings} warning(s)")
                } else {
                    String::new()
                }
            ),
        }
    })?;
    let unreleased = history.as_ref().and_then(|history| {
        let latest = history.latest();
        let recorded = latest.source_sha256.as_deref()?;
        (recorded != sources_sha256(&generated.files)).then(|| latest.version.clone())
    });
    if let (true, Some(version)) = (args.check, &unreleased) {
        return Err(Failure::Message(format!(
            "the generator now writes different code than release {version} of {} recorded \
             (the SHA-256 of src/ differs): a generator change is released like a spec bump.\n\
             Run `cargo xtask release --notes MIGRATION.md` (it reports the API change against release \
             {version}, bumps the version and writes the changelog), then commit.",
            args.crate_name
        )));
    }
    let mut outcome = ensure_files(&args.out, &generated.files, args.check)?;
    outcome.unreleased = unreleased;
    outcome.warnings = generated
        .warnings
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    outcome.left_out = generated
        .api
        .left_out
        .iter()
        .map(|l| format!("`{}`: {} (at #{})", l.operation_id, l.reason, l.pointer))
        .collect();
    if args.check && !outcome.is_fresh() {
        let mut list: Vec<String> = outcome.changed.clone();
        list.extend(outcome.stale.iter().map(|s| format!("{s} (stale)")));
        return Err(Failure::Message(format!(
            "{} is out of date with the generator: {}.\nRun `cargo xtask codegen` and commit the result.",
            args.out.display(),
            list.join(", ")
        )));
    }
    Ok(outcome)
}

/// Refuses package settings that would give a `Cargo.toml` cargo or a registry rejects.
fn check_package_args(args: &CodegenArgs) -> Result<(), String> {
    let name = &args.crate_name;
    let name_ok = name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        return Err(format!(
            "--crate-name {name:?} is not a valid package name: ASCII letters, digits, `-` and `_`, \
             starting with a letter, at most 64 characters"
        ));
    }
    if let Some(version) = args.crate_version.as_ref().filter(|v| !is_semver(v)) {
        return Err(format!(
            "--crate-version {version:?} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 0.2.0 or 1.0.0-rc.1)"
        ));
    }
    for (flag, url) in [
        ("--base-url", &args.base_url),
        ("--repository", &args.repository),
        ("--documentation", &args.documentation),
    ] {
        if let Some(url) = url {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && !url.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\');
            if !ok {
                return Err(format!("{flag} {url:?} is not an http(s) URL"));
            }
        }
    }
    Ok(())
}

/// `MAJOR.MINOR.PATCH`, optionally `-pre.release` and `+build`, numbers without leading zeros.
pub fn is_semver(version: &str) -> bool {
    let (version, build) = match version.split_once('+') {
        Some((v, b)) => (v, Some(b)),
        None => (version, None),
    };
    let (core, pre) = match version.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (version, None),
    };
    let number = |n: &str| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let identifiers = |s: &str| {
        s.split('.')
            .all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(identifiers)
        && build.is_none_or(identifiers)
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Where changed files are written before they replace the crate's, inside `out` (same file
/// system, so the final renames cannot fail for lack of space); hidden, so listing skips it.
const STAGING_DIR: &str = ".codegen-staging";
/// Where replaced and stale files wait until every change is in, to be put back on failure.
const BACKUP_DIR: &str = ".codegen-backup";

/// Makes `out` hold exactly `files` among generated files: writes only what differs, removes
/// generated files that are no longer produced (files without the marker are never touched).
/// With `check`, changes nothing and reports what differs.
///
/// Writing is all or nothing: every changed file is first written to a staging directory (an I/O
/// error there leaves `out` untouched), then each one replaces its old version by a rename, the old
/// version kept aside; if a rename fails, what was already replaced is put back.
pub fn ensure_files(out: &Path, files: &GeneratedFiles, check: bool) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    for (rel, text) in files {
        let current = fs::read_to_string(out.join(rel))
            .ok()
            .map(|t| normalize_newlines(&t));
        if current.as_deref() == Some(text.as_str()) {
            outcome.unchanged += 1;
        } else {
            outcome.changed.push(rel.clone());
        }
    }
    let mut existing = Vec::new();
    list_files(out, out, &mut existing)?;
    for rel in existing {
        if files.contains_key(&rel) {
            continue;
        }
        let is_generated = fs::read_to_string(out.join(&rel))
            .map(|t| t.lines().next().is_some_and(|l| l.contains(MARKER)))
            .unwrap_or(false);
        if is_generated {
            outcome.stale.push(rel);
        }
    }
    if check || outcome.is_fresh() {
        return Ok(outcome);
    }
    let staging = out.join(STAGING_DIR);
    let backup = out.join(BACKUP_DIR);
    for dir in [&staging, &backup] {
        remove_dir_if_present(dir)?;
    }
    let staged = stage(&staging, files, &outcome.changed);
    let committed = staged.and_then(|()| commit(out, &staging, &backup, &outcome));
    let cleaned = remove_dir_if_present(&staging).and(remove_dir_if_present(&backup));
    committed.and(cleaned).map(|()| outcome)
}

fn remove_dir_if_present(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Writes the changed files below `staging`.
fn stage(staging: &Path, files: &GeneratedFiles, changed: &[String]) -> Result<(), String> {
    for rel in changed {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        fs::write(&path, &files[rel])
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Moves the staged files into `out` and the stale ones out of it, keeping what they replace in
/// `backup`; on the first failure, undoes every move made so far.
fn commit(out: &Path, staging: &Path, backup: &Path, outcome: &Outcome) -> Result<(), String> {
    // (path in out, where its old version went, if it had one)
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let moved = |from: &Path, to: &Path| -> Result<(), String> {
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        fs::rename(from, to)
            .map_err(|e| format!("cannot move {} to {}: {e}", from.display(), to.display()))
    };
    let mut result = Ok(());
    for rel in &outcome.changed {
        let target = out.join(rel);
        let kept = backup.join(rel);
        let old = if target.exists() {
            if let Err(e) = moved(&target, &kept) {
                result = Err(e);
                break;
            }
            Some(kept)
        } else {
            None
        };
        let step = moved(&staging.join(rel), &target);
        done.push((target, old));
        if let Err(e) = step {
            result = Err(e);
            break;
        }
    }
    if result.is_ok() {
        for rel in &outcome.stale {
            let (target, kept) = (out.join(rel), backup.join(rel));
            if let Err(e) = moved(&target, &kept) {
                result = Err(e);
                break;
            }
            done.push((target, Some(kept)));
        }
    }
    if let Err(e) = result {
        for (target, old) in done.into_iter().rev() {
            let _ = fs::remove_file(&target);
            if let Some(old) = old {
                let _ = fs::rename(&old, &target);
            }
        }
        return Err(format!("{e}; {} is left as it was", out.display()));
    }
    Ok(())
}

/// Every file below `dir` as a `/`-separated path relative to `root`, skipping `target` and hidden
/// directories.
fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if name == "target" || name.starts_with('.') {
                continue;
            }
            list_files(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
    Ok(())
}

/// The API change report between two specs (`cargo xtask diff OLD NEW`).
pub fn diff(old: &Path, new: &Path) -> Result<twilio_codegen::diff::ApiDiff, String> {
    let lower = |path: &Path| {
        let text = fs::read_to_string(path)
            .map_err(|e| format!("cannot read spec {}: {e}", path.display()))?;
        let settings = twilio_codegen::lower::Settings {
            base_url: None,
            spec_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        };
        twilio_codegen::lower_spec_with(&text, &settings)
            .map(|(api, _)| api)
            .map_err(|diags| format!("{diags}\n\ncannot read {}", path.display()))
    };
    let (old_api, new_api) = (lower(old)?, lower(new)?);
    let mut report = twilio_codegen::diff::diff(&old_api, &new_api);
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    report.old = format!("{} ({})", name(old), report.old);
    report.new = format!("{} ({})", name(new), report.new);
    Ok(report)
}

/// Installs the pinned Prism (`tests/prism/package-lock.json`) with `npm ci` unless the installed
/// copy is already at least as new as the lock file. A missing npm is an error saying what to install.
pub fn ensure_prism(root: &Path) -> Result<(), String> {
    let dir = root.join("tests/prism");
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let up_to_date = dir.join("node_modules/.bin/prism").exists()
        && matches!((modified(&installed), modified(&lock)), (Some(i), Some(l)) if i >= l);
    if up_to_date {
        return Ok(());
    }
    let npm_works = std::process::Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !npm_works {
        return Err(
            "npm is not installed: the conformance tests run Stoplight Prism, which needs Node.js (20 or \
             newer) and npm on PATH (e.g. `apt-get install nodejs npm`)"
                .into(),
        );
    }
    println!(
        "installing the pinned Prism mock server: npm ci in {}",
        dir.display()
    );
    let status = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`npm ci` in {} failed ({status})", dir.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_file_names_its_crate() {
        let name = |path: &str| crate_name_for(Path::new(path)).unwrap();
        assert_eq!(
            name("spec/extra/twilio-oai-2026-04-14/twilio_api_v2010.json"),
            "twilio-api-v2010"
        );
        assert_eq!(name("/tmp/Proxy.V1.yaml"), "proxy-v1");
        assert_eq!(name("2010_api.json"), "twilio-2010-api");
        assert!(crate_name_for(Path::new("/")).is_err());
    }
}
