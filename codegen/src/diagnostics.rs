//! Spec problems as values that point into the spec: a JSON pointer, the operationId when there is
//! one, and a message. The generator collects them all instead of stopping at the first.

use std::fmt;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// Generation continues; the output is still correct.
    Warning,
    /// Generation fails; nothing is written.
    Error,
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// JSON pointer into the spec (`/paths/~1v1~1Services/get`).
    pub pointer: String,
    /// The operationId of the operation it concerns, if any.
    pub operation_id: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The line in the spec file, when the parser gave positions (YAML specs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}\n  --> #{}", self.message, self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        if let Some(id) = &self.operation_id {
            write!(f, " (operation `{id}`)")?;
        }
        Ok(())
    }
}

/// A list of problems; failing when any of them is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records an error.
    pub fn error(
        &mut self,
        pointer: impl Into<String>,
        op: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, pointer.into(), op, message.into());
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        pointer: impl Into<String>,
        op: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, pointer.into(), op, message.into());
    }

    fn push(&mut self, severity: Severity, pointer: String, op: Option<&str>, message: String) {
        self.0.push(Diagnostic {
            severity,
            pointer,
            operation_id: op.map(str::to_owned),
            message,
            line: None,
        });
    }

    /// Gives each diagnostic the line of its pointer, or of the nearest enclosing pointer that has
    /// one, from `lines` (pointer → 1-based line, as a YAML parse records them).
    pub fn annotate_lines(&mut self, lines: &indexmap::IndexMap<String, usize>) {
        for d in &mut self.0 {
            let mut pointer = d.pointer.as_str();
            d.line = loop {
                if let Some(line) = lines.get(pointer) {
                    break Some(*line);
                }
                match pointer.rfind('/') {
                    Some(cut) => pointer = &pointer[..cut],
                    None => break None,
                }
            };
        }
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON pointer token (`/` → `~1`, `~` → `~0`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends tokens to a pointer.
pub fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&escape_token(token));
    }
    out
}
