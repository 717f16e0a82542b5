//! Copies of the runtime's package sources for tests that build it outside the workspace.

use std::path::Path;

/// Copies the runtime crate's package sources (no `target/`) into `to`.
pub fn copy_runtime(root: &Path, to: &Path) {
    let from = root.join("codegen/runtime");
    std::fs::create_dir_all(to.join("src")).unwrap();
    for file in ["Cargo.toml", "README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(from.join(file), to.join(file)).unwrap();
    }
    copy_dir(&from.join("src"), &to.join("src"));
}

/// Copies a directory tree of sources.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
