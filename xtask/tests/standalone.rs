//! A crate written with `--out` to a directory outside this workspace builds there on its own.

use std::process::Command;

use xtask::{CodegenArgs, codegen, workspace_root};

#[test]
fn generated_crate_builds_outside_the_workspace() {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("my-proxy-client");
    let mut args = CodegenArgs::defaults(&root);
    args.out = out.clone();
    args.crate_name = "my-proxy-client".into();
    codegen(&args).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        // Its own target directory: the workspace's is locked by the running `cargo test`.
        .env("CARGO_TARGET_DIR", root.join("target/standalone"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "standalone build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-proxy-client\""));
    assert!(
        !manifest.contains("path ="),
        "the crate must depend only on crates.io"
    );
}
