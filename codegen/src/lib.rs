//! Generates an async Rust client crate from a Twilio OpenAPI spec.
//!
//! The pipeline is a chain of pure functions with typed boundaries:
//! [`load`](load::load) (spec text → typed document + raw JSON) → [`validate`](validate::validate)
//! → [`lower`](lower::lower) (→ [`ir::Api`]) → `emit` (IR → tokens) → `render` (tokens → text).
//! Nothing here touches the disk: [`generate`] returns the files, and `xtask` writes them.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod diagnostics;
pub mod diff;
mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod render;
pub mod validate;
pub mod vendor;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use render::{GeneratedFiles, MARKER};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Package name of the generated crate (`twilio-proxy`).
    pub crate_name: String,
    /// Package version of the generated crate.
    pub crate_version: String,
    /// The spec's file name, for the generated-file header.
    pub spec_name: String,
    /// `package.repository` of the generated crate, when set.
    pub repository: Option<String>,
    /// `package.documentation` of the generated crate (default: its docs.rs page).
    pub documentation: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            crate_name: "twilio-proxy".into(),
            crate_version: "0.1.0".into(),
            spec_name: "twilio_proxy_v1.json".into(),
            repository: None,
            documentation: None,
        }
    }
}

/// The generated files, with any warnings the spec produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path → text.
    pub files: GeneratedFiles,
    /// Warnings (no errors: those fail generation).
    pub warnings: Diagnostics,
}

/// Loads, validates and lowers a spec into the IR.
pub fn lower_spec(spec_text: &str) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let spec = load::load(spec_text)?;
    let mut diags = Diagnostics::default();
    let validated = validate::validate(&spec, &mut diags);
    let api = lower::lower(&spec, &validated, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((api, diags))
    }
}

/// Generates the client crate for a spec. Every problem in the spec is reported as a diagnostic
/// pointing into it; the function never panics on spec input.
pub fn generate(spec_text: &str, options: &Options) -> Result<Generated, Diagnostics> {
    let (api, warnings) = lower_spec(spec_text)?;
    match emit::emit(&api, options) {
        Ok(files) => Ok(Generated { files, warnings }),
        Err(e) => {
            let mut diags = warnings;
            diags.error("", None, e.to_string());
            Err(diags)
        }
    }
}
