//! `cargo xtask`: `codegen` generates the client crate; `test` runs every test.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use xtask::{CodegenArgs, codegen, workspace_root};

const USAGE: &str = "usage:
  cargo xtask codegen [--spec PATH] [--out DIR] [--crate-name NAME] [--check]
  cargo xtask test [-- ARGS FOR cargo test]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => run_codegen(&args[1..]),
        Some("test") => run_tests(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_codegen(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut opts = CodegenArgs::defaults(&root);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--spec" => opts.spec = PathBuf::from(value("--spec")?),
            "--out" => opts.out = PathBuf::from(value("--out")?),
            "--crate-name" => opts.crate_name = value("--crate-name")?,
            "--check" => opts.check = true,
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let outcome = codegen(&opts)?;
    for warning in &outcome.warnings {
        eprintln!("{warning}");
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

/// Runs every test of the workspace (unit, integration, snapshot, doc tests).
fn run_tests(extra: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let extra = match extra.first().map(String::as_str) {
        Some("--") => &extra[1..],
        _ => extra,
    };
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["test", "--workspace", "--all-targets"])
        .args(extra)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo test failed ({status})"));
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["test", "--workspace", "--doc"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("doc tests failed ({status})"));
    }
    Ok(())
}
