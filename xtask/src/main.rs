//! `cargo xtask`: `codegen` generates the client crate; `test` runs every test.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use xtask::{CodegenArgs, Failure, codegen, workspace_root};

/// glibc's allocator slows down on the many small, interleaved allocations of a large spec (syn and
/// prettyplease churn while the rendered files pile up): generation grew faster than the spec. With
/// mimalloc it stays linear (BENCHMARKS.md, docs/decisions/014).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask codegen [--spec PATH] [--out DIR] [--crate-name NAME] [--crate-version X.Y.Z]
                      [--base-url URL] [--repository URL] [--documentation URL] [--check]
  cargo xtask diff OLD.json NEW.json
  cargo xtask update NEW_SPEC [--dry-run] [--date YYYY-MM-DD]
  cargo xtask update --from-git REV PATH [--git-repo DIR] [--dry-run] [--date YYYY-MM-DD]
  cargo xtask release [--notes MIGRATION.md] [--changed TEXT]... [--dry-run] [--date YYYY-MM-DD]
  cargo xtask footprint [--spec PATH] [--release] [--runs N] [--features LIST]... [--peer LABEL=CRATE_DIR]...
  cargo xtask test [-- ARGS FOR cargo test, replacing the default: the whole workspace]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => run_codegen(&args[1..]),
        Some("footprint") => run_footprint(&args[1..]),
        Some("update") => run_update(&args[1..]),
        Some("release") => run_release(&args[1..]),
        Some("test") => run_tests(&args[1..]).map_err(Failure::from),
        Some("diff") => match &args[1..] {
            [old, new] => xtask::diff(old.as_ref(), new.as_ref())
                .map(|report| println!("{report}"))
                .map_err(Failure::from),
            _ => Err(Failure::Message(format!("diff takes two specs\n{USAGE}"))),
        },
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Failure::Message(format!(
            "unknown command {other:?}\n{USAGE}"
        ))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask update`: the spec bump in one command.
fn run_update(args: &[String]) -> Result<(), Failure> {
    let mut path = None;
    let mut git: Option<(String, String)> = None;
    let mut repo = PathBuf::from(".");
    let mut dry_run = false;
    let mut date = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| flag_value(&mut it, flag);
        match arg.as_str() {
            "--dry-run" => dry_run = true,
            "--date" => date = Some(value("--date")?),
            "--git-repo" => repo = PathBuf::from(value("--git-repo")?),
            "--from-git" => {
                let rev = value("--from-git")?;
                let spec = value("--from-git REV")?;
                git = Some((rev, spec));
            }
            other if !other.starts_with("--") && path.is_none() => {
                path = Some(PathBuf::from(other));
            }
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}").into()),
        }
    }
    let source = match (path, git) {
        (Some(path), None) => xtask::update::Source::Path(path),
        (None, Some((rev, path))) => xtask::update::Source::Git { repo, rev, path },
        _ => {
            return Err(Failure::Message(format!(
                "update takes a spec path, or --from-git REV PATH\n{USAGE}"
            )));
        }
    };
    check_date(date.as_deref())?;
    let updated = xtask::update::update(&xtask::update::UpdateArgs {
        root: workspace_root(),
        source,
        dry_run,
        date,
    })?;
    println!("{}", updated.report);
    Ok(())
}

/// `--date` must be `YYYY-MM-DD`.
fn check_date(date: Option<&str>) -> Result<(), Failure> {
    let Some(date) = date else {
        return Ok(());
    };
    let valid = date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if valid {
        Ok(())
    } else {
        Err(Failure::Message(format!(
            "--date {date:?} is not YYYY-MM-DD"
        )))
    }
}

/// `cargo xtask release`: a release of the generated crate for a generator change.
fn run_release(args: &[String]) -> Result<(), Failure> {
    let mut release = xtask::release::ReleaseArgs {
        root: workspace_root(),
        notes: None,
        changed: Vec::new(),
        date: None,
        dry_run: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| flag_value(&mut it, flag);
        match arg.as_str() {
            "--notes" => release.notes = Some(PathBuf::from(value("--notes")?)),
            "--changed" => release.changed.push(value("--changed")?),
            "--date" => release.date = Some(value("--date")?),
            "--dry-run" => release.dry_run = true,
            other => return Err(format!("unexpected argument {other:?}\n{USAGE}").into()),
        }
    }
    check_date(release.date.as_deref())?;
    let released = xtask::release::release(&release)?;
    println!("{}", released.report);
    Ok(())
}

/// Generates the crate into a scratch directory and measures it (and any peers' crates) with
/// `xtask::footprint`, printing a Markdown table for BENCHMARKS.md.
fn run_footprint(args: &[String]) -> Result<(), Failure> {
    let root = workspace_root();
    let scratch = std::env::temp_dir().join("twilio-footprint");
    let mut runs = 3;
    let mut peers = Vec::new();
    let mut spec = None;
    let mut feature_sets = Vec::new();
    let mut profile = xtask::footprint::Profile::Debug;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--release" {
            profile = xtask::footprint::Profile::Release;
            continue;
        }
        let value = flag_value(&mut it, arg)?;
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value)),
            // The generated crate once more, with default features off and these on.
            "--features" => feature_sets.push(value),
            "--runs" => {
                runs = value
                    .parse()
                    .map_err(|_| format!("--runs takes a number, not {value:?}"))?;
            }
            "--peer" => {
                let (label, dir) = value
                    .split_once('=')
                    .ok_or_else(|| format!("--peer takes LABEL=CRATE_DIR, not {value:?}"))?;
                peers.push(xtask::footprint::Subject {
                    label: label.to_owned(),
                    dir: PathBuf::from(dir),
                    features: None,
                });
            }
            other => return Err(format!("unknown option {other:?}\n{USAGE}").into()),
        }
    }
    let mut opts = CodegenArgs::defaults(&root);
    if let Some(spec) = spec {
        // Any spec: a crate named after its file (`twilio_api_v2010.json` -> `twilio-api-v2010`).
        opts.crate_name = xtask::crate_name_for(&spec)?;
        opts.crate_version = Some("0.1.0".into());
        opts.spec = spec;
    }
    opts.out = scratch.join(&opts.crate_name);
    codegen(&opts)?;
    let mut subjects = vec![xtask::footprint::Subject {
        label: format!("{} (generated)", opts.crate_name),
        dir: opts.out.clone(),
        features: None,
    }];
    subjects.extend(
        feature_sets
            .into_iter()
            .map(|features| xtask::footprint::Subject {
                label: format!("{} (generated, features {features})", opts.crate_name),
                dir: opts.out.clone(),
                features: Some(features),
            }),
    );
    subjects.extend(peers);
    let table = xtask::footprint::footprint(&subjects, runs, profile, &scratch)?;
    println!("{table}");
    Ok(())
}

/// The value after a flag, or an error naming the flag.
fn flag_value(args: &mut std::slice::Iter<'_, String>, flag: &str) -> Result<String, String> {
    args.next()
        .cloned()
        .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
}

fn run_codegen(args: &[String]) -> Result<(), Failure> {
    let root = workspace_root();
    let mut opts = CodegenArgs::defaults(&root);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| flag_value(&mut it, flag);
        match arg.as_str() {
            "--spec" => opts.spec = PathBuf::from(value("--spec")?),
            "--out" => opts.out = PathBuf::from(value("--out")?),
            "--crate-name" => opts.crate_name = value("--crate-name")?,
            "--crate-version" => opts.crate_version = Some(value("--crate-version")?),
            "--base-url" => opts.base_url = Some(value("--base-url")?),
            "--repository" => opts.repository = Some(value("--repository")?),
            "--documentation" => opts.documentation = Some(value("--documentation")?),
            "--check" => opts.check = true,
            other => return Err(format!("unknown option {other:?}\n{USAGE}").into()),
        }
    }
    let outcome = codegen(&opts)?;
    for warning in &outcome.warnings {
        eprintln!("{warning}");
    }
    if !outcome.left_out.is_empty() {
        eprintln!(
            "\n{} operation(s) of the spec are left out of the crate (constructs the generator cannot express):",
            outcome.left_out.len()
        );
        for line in &outcome.left_out {
            eprintln!("  - {line}");
        }
    }
    if let Some(version) = &outcome.unreleased {
        eprintln!(
            "note: the generated src/ is no longer release {version}'s: release it with \
             `cargo xtask release` before committing (`--check` fails until then)"
        );
    }
    if opts.check {
        println!(
            "{} is up to date ({} files)",
            opts.out.display(),
            outcome.unchanged
        );
    } else {
        println!(
            "{}: {} written, {} unchanged, {} stale removed",
            opts.out.display(),
            outcome.changed.len(),
            outcome.unchanged,
            outcome.stale.len()
        );
    }
    Ok(())
}

/// Runs every test of the workspace (unit, integration, snapshot, conformance against Prism, doc
/// tests), installing the pinned Prism first.
fn run_tests(extra: &[String]) -> Result<(), String> {
    let root = workspace_root();
    xtask::ensure_prism(&root)?;
    let cargo = || Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    let extra = match extra.first().map(String::as_str) {
        Some("--") => &extra[1..],
        _ => extra,
    };
    if !extra.is_empty() {
        // A subset, e.g. `cargo xtask test -- -p twilio-proxy-tests --test conformance`.
        let status = cargo()
            .current_dir(&root)
            .arg("test")
            .args(extra)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        return if status.success() {
            Ok(())
        } else {
            Err(format!("cargo test failed ({status})"))
        };
    }
    for (what, args) in [
        ("cargo test", &["test", "--workspace", "--all-targets"][..]),
        ("doc tests", &["test", "--workspace", "--doc"][..]),
    ] {
        let status = cargo()
            .current_dir(&root)
            .args(args)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("{what} failed ({status})"));
        }
    }
    Ok(())
}
