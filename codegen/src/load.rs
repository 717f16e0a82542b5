//! Stage 1: parse the spec text into the typed OpenAPI document, keeping the raw JSON beside it
//! (`openapiv3` drops the siblings of a `$ref`, such as `nullable` and `description`).

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token};

/// A parsed spec: the typed document and the raw JSON it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The raw JSON, for `$ref` siblings and vendor extensions.
    pub raw: Value,
    /// The typed document.
    pub doc: OpenAPI,
}

impl Spec {
    /// The value at a JSON pointer.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.raw.pointer(pointer)
    }

    /// Resolves a local `$ref` (`#/components/schemas/x`) to its pointer and value.
    pub fn resolve<'a>(&'a self, reference: &'a str) -> Option<(&'a str, &'a Value)> {
        let pointer = reference.strip_prefix('#')?;
        self.raw.pointer(pointer).map(|v| (pointer, v))
    }
}

/// Parses spec text. JSON syntax errors and documents that are not OpenAPI 3.0 become diagnostics
/// pointing at the offending place.
pub fn load(text: &str) -> Result<Spec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let raw: Value = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.error(
                "",
                None,
                format!(
                    "the spec is not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            );
            return Err(diags);
        }
    };
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            diags.error(
                "/openapi",
                None,
                format!("OpenAPI version {v:?} is not supported; expected 3.0.x"),
            );
            return Err(diags);
        }
        None if raw.get("swagger").is_some() => {
            diags.error(
                "/swagger",
                None,
                "this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported (convert it first)",
            );
            return Err(diags);
        }
        None => {
            diags.error(
                "/openapi",
                None,
                "the spec has no `openapi` version field; expected 3.0.x",
            );
            return Err(diags);
        }
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
        Ok(doc) => Ok(Spec { raw, doc }),
        Err(e) => {
            let pointer = path_to_pointer(e.path());
            diags.error(
                pointer,
                None,
                format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
            );
            Err(diags)
        }
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&escape_token(variant));
            }
            Segment::Unknown => {}
        }
    }
    out
}
