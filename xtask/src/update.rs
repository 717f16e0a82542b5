//! `cargo xtask update NEW_SPEC`: a spec bump in one command. It reports the API change, bumps the
//! crate's version by the semver rule the change calls for, records the release in `spec/history.json`
//! (from which `generated/CHANGELOG.md` is rendered), copies the spec in, regenerates, and says which
//! tests and snapshots are tied to what changed. `--dry-run` writes nothing; a spec that is not valid
//! or changes nothing is refused with nothing written.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use heck::ToSnakeCase as _;
use twilio_codegen::diff::ApiDiff;
use twilio_codegen::history::{History, Release, entries, next_version};
use twilio_codegen::{GeneratedFiles, Options, Severity};

use crate::{CodegenArgs, Failure, codegen, read_history, spec_sha256};

/// Where the new spec comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file.
    Path(PathBuf),
    /// A file at a revision of a git repository (`git -C repo show rev:path`).
    Git {
        /// The repository (a directory inside its work tree).
        repo: PathBuf,
        /// The revision: a tag, branch or commit.
        rev: String,
        /// The spec's path inside the repository.
        path: String,
    },
}

impl Source {
    fn describe(&self) -> String {
        match self {
            Source::Path(path) => path.display().to_string(),
            Source::Git { repo, rev, path } => format!("{rev}:{path} in {}", repo.display()),
        }
    }

    fn read(&self) -> Result<String, Failure> {
        let bytes = match self {
            Source::Path(path) => fs::read(path)
                .map_err(|e| format!("cannot read the new spec {}: {e}", path.display()))?,
            Source::Git { repo, rev, path } => {
                let output = Command::new("git")
                    .arg("-C")
                    .arg(repo)
                    .arg("show")
                    .arg(format!("{rev}:{path}"))
                    .output()
                    .map_err(|e| format!("cannot run git: {e}"))?;
                if !output.status.success() {
                    return Err(Failure::Message(format!(
                        "git could not read {}: {}",
                        self.describe(),
                        String::from_utf8_lossy(&output.stderr).trim()
                    )));
                }
                output.stdout
            }
        };
        String::from_utf8(bytes)
            .map_err(|_| Failure::Message(format!("the new spec {} is not UTF-8", self.describe())))
    }
}

/// Options of `cargo xtask update`.
#[derive(Debug, Clone)]
pub struct UpdateArgs {
    /// The workspace root: its `spec/`, `spec/history.json` and `generated/` are updated.
    pub root: PathBuf,
    /// The new spec.
    pub source: Source,
    /// Report only; write nothing.
    pub dry_run: bool,
    /// The release date (`YYYY-MM-DD`); today (UTC) by default.
    pub date: Option<String>,
}

/// What an update did (or, dry, would do).
#[derive(Debug, Clone)]
pub struct Updated {
    /// The API change.
    pub diff: ApiDiff,
    /// The release recorded.
    pub release: Release,
    /// The version before.
    pub previous_version: String,
    /// The text to print: the report, the version, the changelog entry, what to review.
    pub report: String,
}

/// Runs the update.
pub fn update(args: &UpdateArgs) -> Result<Updated, Failure> {
    let codegen_args = CodegenArgs::defaults(&args.root);
    let history_path = codegen_args
        .history
        .clone()
        .unwrap_or_else(|| args.root.join(crate::HISTORY));
    let spec_path = codegen_args.spec.clone();
    let history = read_history(&history_path)?;
    let current_text = fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let spec_name = file_name(&spec_path);
    if history.spec != spec_name {
        return Err(Failure::Message(format!(
            "{} records the releases of {}, not of {spec_name}",
            history_path.display(),
            history.spec
        )));
    }
    // The tree must be consistent before it is changed: the spec is the latest release's.
    crate::history_for(&history_path, &spec_path, &current_text)?;

    let new_text = args.source.read()?;
    if spec_sha256(&new_text) == spec_sha256(&current_text) {
        return Err(Failure::Message(format!(
            "{} is the spec already in {}: nothing to update",
            args.source.describe(),
            spec_path.display()
        )));
    }
    let latest = history.latest().clone();
    let options = Options {
        crate_name: codegen_args.crate_name.clone(),
        crate_version: latest.version.clone(),
        spec_name: spec_name.clone(),
        ..Options::default()
    };
    let old = generate(&current_text, &options, &spec_path.display().to_string())?;
    let new = generate(&new_text, &options, &args.source.describe())?;
    let mut diff = twilio_codegen::diff::diff(&old.0, &new.0);
    diff.old = format!("{spec_name} ({})", diff.old);
    diff.new = format!("{} ({})", args.source.describe(), diff.new);
    let (breaking, added, deprecated) = entries(&diff);
    // Files other than the manifest and README (which name the spec version) that the new spec changes.
    let moved: Vec<&String> = new
        .1
        .iter()
        .filter(|(path, _)| path.starts_with("src/"))
        .filter(|(path, text)| old.1.get(*path) != Some(text))
        .map(|(path, _)| path)
        .chain(
            old.1
                .keys()
                .filter(|path| path.starts_with("src/") && !new.1.contains_key(*path)),
        )
        .collect();
    if breaking.is_empty() && added.is_empty() && deprecated.is_empty() && moved.is_empty() {
        return Err(Failure::Message(format!(
            "{} is the same API as {} (API version {} → {}): the generated crate's code would not \
             change, so there is no release to make. Nothing was written.",
            args.source.describe(),
            spec_path.display(),
            old.0.version,
            new.0.version
        )));
    }
    let changed = if breaking.is_empty() && added.is_empty() && deprecated.is_empty() {
        vec![format!(
            "Documentation and generated code updated without an API change ({})",
            moved
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )]
    } else {
        Vec::new()
    };
    // A deprecation is a minor change, like an addition (semver 2.0.0, item 7).
    let version = next_version(
        &latest.version,
        !breaking.is_empty(),
        !added.is_empty() || !deprecated.is_empty(),
    )
    .ok_or_else(|| {
        format!(
            "the recorded version {:?} is not MAJOR.MINOR.PATCH",
            latest.version
        )
    })?;
    let release = Release {
        version,
        date: args.date.clone().unwrap_or_else(today),
        spec_version: new.0.version.clone(),
        spec_sha256: spec_sha256(&new_text),
        breaking,
        added,
        deprecated,
        changed,
        migration: None,
        source_sha256: Some(crate::sources_sha256(&new.1)),
    };
    let mut next_history = history.clone();
    next_history.releases.insert(0, release.clone());

    let mut report = format!("{diff}\n\n");
    let _ = writeln!(
        report,
        "Version: {} → {} ({})",
        latest.version,
        release.version,
        match (
            release.breaking.is_empty(),
            release.added.is_empty() && release.deprecated.is_empty()
        ) {
            (false, _) => "breaking changes",
            (true, false) => "additions or deprecations only",
            (true, true) => "no API change",
        }
    );
    let entry = History {
        spec: next_history.spec.clone(),
        releases: vec![release.clone()],
    }
    .changelog(&codegen_args.crate_name);
    let entry = entry
        .split_once("\n## ")
        .map(|(_, e)| format!("## {e}"))
        .unwrap_or_default();
    let _ = writeln!(report, "\nChangelog entry:\n\n{entry}");
    report.push_str(&tied_to_changes(&args.root, &release));

    if args.dry_run {
        report.push_str("\nDry run: nothing was written.\n");
    } else {
        write_release(args, &codegen_args, &history_path, &next_history, &new_text)?;
        let _ = write!(
            report,
            "\nWritten: {spec} (the new spec), {history} (release {version}), and generated/ \
             (version {version}, CHANGELOG.md).\n\
             Review and commit:\n  git diff --stat\n  cargo xtask test\n  \
             git add {spec} {history} generated && git commit -m \"Spec bump: {name} {version}\"\n",
            spec = rel(&args.root, &spec_path),
            history = rel(&args.root, &history_path),
            version = release.version,
            name = codegen_args.crate_name,
        );
    }
    Ok(Updated {
        diff,
        release,
        previous_version: latest.version,
        report,
    })
}

/// Writes the spec and the history, then regenerates; on a failure, puts the spec and history back.
fn write_release(
    args: &UpdateArgs,
    codegen_args: &CodegenArgs,
    history_path: &Path,
    history: &History,
    new_text: &str,
) -> Result<(), Failure> {
    let spec_path = &codegen_args.spec;
    let old_spec = fs::read(spec_path).map_err(|e| e.to_string())?;
    let old_history = fs::read(history_path).map_err(|e| e.to_string())?;
    let result = fs::write(spec_path, new_text)
        .and_then(|()| fs::write(history_path, history.to_text()))
        .map_err(|e| Failure::Message(format!("cannot write the new spec or history: {e}")))
        .and_then(|()| codegen(codegen_args).map(|_| ()));
    if let Err(failure) = result {
        let _ = fs::write(spec_path, old_spec);
        let _ = fs::write(history_path, old_history);
        return Err(Failure::Message(format!(
            "{failure}\nThe spec and {} were put back; generated/ is unchanged ({}).",
            rel(&args.root, history_path),
            "the generator swaps files in only when every file is written"
        )));
    }
    Ok(())
}

/// Lowers and generates a spec in memory.
fn generate(
    text: &str,
    options: &Options,
    name: &str,
) -> Result<(twilio_codegen::ir::Api, GeneratedFiles), Failure> {
    let spec_failure = |diags: twilio_codegen::diagnostics::Diagnostics| {
        let errors = diags
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Failure::Spec {
            diagnostics: diags.to_string(),
            summary: format!(
                "{name} is not a valid spec: {errors} error(s) above; nothing was written"
            ),
        }
    };
    // One lowering: the API compared is the one the files were generated from.
    let generated = twilio_codegen::generate(text, options).map_err(spec_failure)?;
    Ok((generated.api, generated.files))
}

/// Which hand-written tests, examples and snapshots name something a breaking change touches, so the
/// user knows what to fix or re-record.
fn tied_to_changes(root: &Path, release: &Release) -> String {
    let mut out = String::new();
    if release.breaking.is_empty() {
        out.push_str(
            "\nNo breaking change: hand-written tests keep compiling. Snapshots of the generated API \
             may still move.\n",
        );
    }
    let mut terms: Vec<(String, String)> = Vec::new();
    for change in &release.breaking {
        for word in change.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
            let is_name = word.len() > 2
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.chars().any(|c| c.is_ascii_lowercase());
            if is_name && !terms.iter().any(|(w, _)| w == word) {
                terms.push((word.to_owned(), word.to_snake_case()));
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["tests", "xtask/tests", "codegen/tests", "README.md"] {
        collect_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut tied = String::new();
    for (name, snake) in &terms {
        let mut hits = Vec::new();
        for file in &files {
            let Ok(text) = fs::read_to_string(file) else {
                continue;
            };
            let lines: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, line)| {
                    contains_word(line, name)
                        || contains_word(line, snake)
                        || contains_word(line, &format!("{snake}s"))
                })
                .map(|(i, _)| i + 1)
                .collect();
            if !lines.is_empty() {
                let shown: Vec<String> = lines.iter().take(8).map(ToString::to_string).collect();
                let more = if lines.len() > 8 { ", …" } else { "" };
                hits.push(format!(
                    "    {} (lines {}{more})",
                    rel(root, file),
                    shown.join(", ")
                ));
            }
        }
        if !hits.is_empty() {
            let _ = writeln!(tied, "  {name} / {snake}:");
            for hit in hits {
                let _ = writeln!(tied, "{hit}");
            }
        }
    }
    if !tied.is_empty() {
        let _ = write!(
            out,
            "\nTied to the breaking changes (hand-written code that names what changed; fix or remove \
             it, `cargo xtask test` will not compile until then):\n{tied}"
        );
    }
    out.push_str(
        "\nSnapshots: re-record and review what moved with\n  \
         INSTA_UPDATE=always cargo test -p twilio-codegen\n  \
         git diff codegen/tests/snapshots\n",
    );
    out
}

/// Whether `line` holds `word` as a whole identifier.
fn contains_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        if name == "node_modules" || name == "target" {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "snap" || e == "md")
        {
            out.push(path);
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Today's date in UTC, `YYYY-MM-DD` (days since the epoch to a civil date, proleptic Gregorian).
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The date `days` after 1970-01-01.
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
