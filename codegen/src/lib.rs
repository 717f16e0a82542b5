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

pub use emit::RUNTIME_VERSION;
pub mod history;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod overrides;
pub mod render;
pub mod reserved;
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
    /// The API's base URL, overriding the spec's `servers` (needed when a spec has none and its file
    /// name does not name a Twilio product).
    pub base_url: Option<String>,
    /// `package.repository` of the generated crate, when set.
    pub repository: Option<String>,
    /// `package.documentation` of the generated crate (default: its docs.rs page).
    pub documentation: Option<String>,
    /// `CHANGELOG.md` of the generated crate, rendered from the spec history when there is one.
    pub changelog: Option<String>,
    /// Path from the generated crate to the `twilio-runtime` crate (`../codegen/runtime`), for its
    /// dependency; without it, the crate depends on the published runtime only.
    pub runtime_path: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            crate_name: "twilio-proxy".into(),
            crate_version: "0.1.0".into(),
            spec_name: "twilio_proxy_v1.json".into(),
            base_url: None,
            repository: None,
            documentation: None,
            changelog: None,
            runtime_path: None,
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
    /// The API the files were generated from (its `left_out` lists the operations of the spec
    /// the crate does not have, with why; they are also among the warnings). Callers that compare
    /// APIs (`cargo xtask update`) use it instead of lowering the spec again.
    pub api: ir::Api,
}

/// Loads, validates and lowers a spec into the IR.
pub fn lower_spec(spec_text: &str) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    lower_spec_with(spec_text, &lower::Settings::default())
}

/// [`lower_spec`] with settings (a base URL, the spec's file name).
pub fn lower_spec_with(
    spec_text: &str,
    settings: &lower::Settings,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let format = load::Format::detect(settings.spec_name.as_deref(), spec_text);
    let mut spec = load::load_as(spec_text, format)?;
    let mut diags = Diagnostics::default();
    let validated = validate::validate(&mut spec, &mut diags);
    let api = lower::lower(&spec, &validated, settings, &mut diags);
    diags.annotate_lines(&spec.lines);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((api, diags))
    }
}

/// Generates the client crate for a spec. Every problem in the spec is reported as a diagnostic
/// pointing into it; the function never panics on spec input.
pub fn generate(spec_text: &str, options: &Options) -> Result<Generated, Diagnostics> {
    let settings = lower::Settings {
        base_url: options.base_url.clone(),
        spec_name: Some(options.spec_name.clone()),
    };
    let (api, warnings) = lower_spec_with(spec_text, &settings)?;
    match emit::emit(&api, options) {
        Ok(files) => Ok(Generated {
            files,
            warnings,
            api,
        }),
        Err(e) => {
            let mut diags = warnings;
            diags.error("", None, e.to_string());
            Err(diags)
        }
    }
}
