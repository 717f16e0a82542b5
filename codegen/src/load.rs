//! Stage 1: parse the spec text (JSON or YAML) into the typed OpenAPI document, keeping the raw
//! JSON value beside it (`openapiv3` drops the siblings of a `$ref`, such as `nullable` and
//! `description`). A YAML spec is turned into the same JSON value, and remembers the line of each
//! node so that diagnostics can name it.

use indexmap::IndexMap;

use openapiv3::OpenAPI;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::Value;

use crate::diagnostics::{Diagnostics, escape_token, pointer};

/// A parsed spec: the typed document and the raw JSON it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The raw JSON, for `$ref` siblings and vendor extensions.
    pub raw: Value,
    /// The typed document.
    pub doc: OpenAPI,
    /// JSON pointer → 1-based line in the spec file, for YAML specs (empty for JSON).
    pub lines: IndexMap<String, usize>,
}

/// The text format of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON (`.json`).
    Json,
    /// YAML (`.yaml`, `.yml`), as Twilio also publishes its specs.
    Yaml,
}

impl Format {
    /// The format a file name says (`.yaml`/`.yml`, `.json`), else what the text looks like: JSON
    /// starts with `{`.
    pub fn detect(file_name: Option<&str>, text: &str) -> Self {
        let extension = file_name
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase());
        match extension.as_deref() {
            Some("yaml" | "yml") => Format::Yaml,
            Some("json") => Format::Json,
            _ if text.trim_start().starts_with('{') => Format::Json,
            _ => Format::Yaml,
        }
    }
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

/// Parses spec text, JSON or YAML as [`Format::detect`] says without a file name.
pub fn load(text: &str) -> Result<Spec, Diagnostics> {
    load_as(text, Format::detect(None, text))
}

/// Parses spec text in `format`. Syntax errors (with line and column) and documents that are not
/// OpenAPI 3.0 become diagnostics pointing at the offending place.
pub fn load_as(text: &str, format: Format) -> Result<Spec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let (raw, lines) = match format {
        Format::Json => match serde_json::from_str(text) {
            Ok(raw) => (raw, IndexMap::new()),
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
        },
        Format::Yaml => match parse_yaml(text, &mut diags) {
            Some(parsed) => parsed,
            None => return Err(diags),
        },
    };
    let result = check_document(raw, lines.clone(), &mut diags);
    diags.annotate_lines(&lines);
    result.ok_or(diags)
}

/// The typed document, once the version is one this generator reads.
fn check_document(
    raw: Value,
    lines: IndexMap<String, usize>,
    diags: &mut Diagnostics,
) -> Option<Spec> {
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            diags.error(
                "/openapi",
                None,
                format!("OpenAPI version {v:?} is not supported; expected 3.0.x"),
            );
            return None;
        }
        None if raw.get("swagger").is_some() => {
            diags.error(
                "/swagger",
                None,
                "this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported (convert it first)",
            );
            return None;
        }
        None => {
            diags.error(
                "/openapi",
                None,
                "the spec has no `openapi` version field; expected 3.0.x",
            );
            return None;
        }
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&raw) {
        Ok(doc) => Some(Spec { raw, doc, lines }),
        Err(e) => {
            let pointer = path_to_pointer(e.path());
            diags.error(
                pointer,
                None,
                format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
            );
            None
        }
    }
}

/// Parses YAML into the JSON value it stands for, with the line of every node.
fn parse_yaml(text: &str, diags: &mut Diagnostics) -> Option<(Value, IndexMap<String, usize>)> {
    let documents = match MarkedYaml::load_from_str(text) {
        Ok(documents) => documents,
        Err(e) => {
            diags.error(
                "",
                None,
                format!(
                    "the spec is not valid YAML (line {}, column {}): {}",
                    e.marker().line(),
                    e.marker().col() + 1,
                    e.info()
                ),
            );
            return None;
        }
    };
    let Some(document) = documents.first() else {
        diags.error("", None, "the YAML file holds no document");
        return None;
    };
    let mut lines = IndexMap::new();
    let value = yaml_to_json(document, String::new(), 0, &mut lines, diags)?;
    Some((value, lines))
}

/// How deep YAML may nest: far beyond any real spec (Twilio's nest about 12 levels), and shallow
/// enough that converting it can never exhaust the stack.
const MAX_YAML_DEPTH: usize = 256;

/// One YAML node as JSON. Mapping keys that are not strings (`200:` in `responses`) become their
/// text; aliases and non-finite numbers have no JSON form and are errors.
fn yaml_to_json(
    node: &MarkedYaml<'_>,
    at: String,
    depth: usize,
    lines: &mut IndexMap<String, usize>,
    diags: &mut Diagnostics,
) -> Option<Value> {
    if depth > MAX_YAML_DEPTH {
        diags.error(
            &at,
            None,
            format!("the YAML nests deeper than {MAX_YAML_DEPTH} levels"),
        );
        return None;
    }
    lines.insert(at.clone(), node.span.start.line());
    let value = match &node.data {
        YamlData::Value(scalar) => match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::from(*i),
            Scalar::FloatingPoint(f) => match serde_json::Number::from_f64(f.into_inner()) {
                Some(n) => Value::Number(n),
                None => {
                    diags.error(&at, None, format!("{f} has no JSON form"));
                    return None;
                }
            },
            Scalar::String(s) => Value::String(s.to_string()),
        },
        YamlData::Representation(text, ..) => Value::String(text.to_string()),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(yaml_to_json(
                    item,
                    pointer(&at, &[&i.to_string()]),
                    depth + 1,
                    lines,
                    diags,
                )?);
            }
            Value::Array(out)
        }
        YamlData::Mapping(entries) => {
            let mut out = serde_json::Map::with_capacity(entries.len());
            for (key, item) in entries {
                let key = match &key.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(Scalar::Integer(i)) => i.to_string(),
                    YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
                    YamlData::Value(Scalar::FloatingPoint(f)) => f.to_string(),
                    YamlData::Value(Scalar::Null) => "null".to_owned(),
                    YamlData::Representation(text, ..) => text.to_string(),
                    _ => {
                        diags.error(
                            &at,
                            None,
                            "a mapping key that is not a scalar has no JSON form",
                        );
                        return None;
                    }
                };
                let value = yaml_to_json(item, pointer(&at, &[&key]), depth + 1, lines, diags)?;
                out.insert(key, value);
            }
            Value::Object(out)
        }
        YamlData::Tagged(_, inner) => yaml_to_json(inner, at, depth + 1, lines, diags)?,
        YamlData::Alias(_) => {
            diags.error(
                &at,
                None,
                "YAML aliases (`*name`) are not supported; expand them",
            );
            return None;
        }
        YamlData::BadValue => {
            diags.error(&at, None, "a YAML value that could not be read");
            return None;
        }
    };
    Some(value)
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
