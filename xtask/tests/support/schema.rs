//! Checks JSON answers against an operation's response schema in the spec itself (OpenAPI 3.0: types,
//! `nullable`, `enum`, `pattern`, the formats Twilio's specs use, `properties`, `items`,
//! `additionalProperties`, `oneOf`/`anyOf`/`allOf`, `$ref` with Twilio's sibling keys). The spec is
//! read as plain JSON, not through the generator, so the check does not share the generator's
//! reading of it.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::Value;

/// A spec, ready to check answers against.
pub struct Validator {
    spec: Value,
    patterns: std::cell::RefCell<BTreeMap<String, Option<Regex>>>,
}

impl Validator {
    pub fn new(spec: Value) -> Self {
        Self {
            spec,
            patterns: Default::default(),
        }
    }

    /// The response schema of `operation_id` for `status` (or its `2XX`/`default` entry), with its
    /// JSON pointer.
    pub fn response_schema(&self, operation_id: &str, status: u16) -> Option<(String, &Value)> {
        let paths = self.spec.get("paths")?.as_object()?;
        for (path, item) in paths {
            for (method, op) in item.as_object()? {
                if op.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                    continue;
                }
                let responses = op.get("responses")?.as_object()?;
                let code = status.to_string();
                let range = format!("{}XX", status / 100);
                let (key, response) = [code.as_str(), range.as_str(), "default"]
                    .into_iter()
                    .find_map(|k| responses.get(k).map(|r| (k, r)))?;
                let (_, response) = self.resolve(response);
                let content = response.get("content")?.as_object()?;
                let (media, body) = content.iter().next()?;
                let schema = body.get("schema")?;
                let pointer = format!(
                    "#/paths/{}/{method}/responses/{key}/content/{}/schema",
                    escape(path),
                    escape(media)
                );
                return Some((pointer, schema));
            }
        }
        None
    }

    /// Follows `$ref`s; the result is the target, and `nullable` written beside a `$ref` (as Twilio
    /// does) is kept apart.
    fn resolve<'a>(&'a self, mut schema: &'a Value) -> (bool, &'a Value) {
        let mut nullable = false;
        for _ in 0..64 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            nullable |= schema.get("nullable").and_then(Value::as_bool) == Some(true);
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|p| self.spec.pointer(p))
            else {
                break;
            };
            schema = target;
        }
        (nullable, schema)
    }

    /// Appends to `errors` every way `value` (at JSON pointer `at`) breaks `schema`.
    pub fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let (ref_nullable, schema) = self.resolve(schema);
        let nullable =
            ref_nullable || schema.get("nullable").and_then(Value::as_bool) == Some(true);
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for part in all {
                self.check(part, value, at, errors);
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
                if value.is_null() && nullable {
                    return;
                }
                let fits = alternatives.iter().any(|alternative| {
                    let mut found = Vec::new();
                    self.check(alternative, value, at, &mut found);
                    found.is_empty()
                });
                if !fits {
                    errors.push(format!(
                        "{at}: fits none of the {key} alternatives: {value}"
                    ));
                }
                return;
            }
        }
        let ty = schema.get("type").and_then(Value::as_str);
        if value.is_null() {
            if !nullable && ty.is_some() {
                errors.push(format!("{at}: null, and the schema is not nullable"));
            }
            return;
        }
        let fits_type = match ty {
            None => true,
            Some("string") => value.is_string(),
            Some("integer") => value.as_i64().is_some() || value.as_u64().is_some(),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            Some("array") => value.is_array(),
            Some("object") => value.is_object(),
            Some(_) => true,
        };
        if !fits_type {
            errors.push(format!(
                "{at}: expected {}, found {value}",
                ty.unwrap_or("?")
            ));
            return;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.contains(value)
        {
            errors.push(format!("{at}: {value} is not one of the enum's values"));
        }
        if let Some(text) = value.as_str() {
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
                && !self.matches(pattern, text)
            {
                errors.push(format!("{at}: {text:?} does not match {pattern:?}"));
            }
            if let Some(format) = schema.get("format").and_then(Value::as_str)
                && !format_fits(format, text)
            {
                errors.push(format!("{at}: {text:?} is not a valid {format}"));
            }
        }
        if let (Some(n), Some("int32")) =
            (value.as_i64(), schema.get("format").and_then(Value::as_str))
            && i32::try_from(n).is_err()
        {
            errors.push(format!("{at}: {n} does not fit int32"));
        }
        if let (Some(items), Some(item_schema)) = (value.as_array(), schema.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.check(item_schema, item, &format!("{at}/{i}"), errors);
            }
        }
        if let Some(object) = value.as_object() {
            let properties = schema.get("properties").and_then(Value::as_object);
            for required in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(required) {
                    errors.push(format!(
                        "{at}: the required property {required:?} is missing"
                    ));
                }
            }
            for (key, member) in object {
                let at = format!("{at}/{}", escape(key));
                match properties.and_then(|p| p.get(key)) {
                    Some(property) => self.check(property, member, &at, errors),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{at}: a property the schema does not allow"))
                        }
                        Some(extra @ Value::Object(_)) => self.check(extra, member, &at, errors),
                        _ => {}
                    },
                }
            }
        }
    }

    fn matches(&self, pattern: &str, text: &str) -> bool {
        let mut cache = self.patterns.borrow_mut();
        let regex = cache
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).ok());
        // A pattern this engine cannot read checks nothing (none of Twilio's is such).
        regex.as_ref().is_none_or(|r| r.is_match(text))
    }
}

/// Whether `text` is valid for the formats whose syntax is fixed; other formats are annotations.
fn format_fits(format: &str, text: &str) -> bool {
    fn re(pattern: &str) -> Regex {
        Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }
    match format {
        "date-time" => re(
            r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$",
        )
        .is_match(text),
        "date-time-rfc-2822" => re(
            r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$",
        )
        .is_match(text),
        "date" => re(r"^\d{4}-\d{2}-\d{2}$").is_match(text),
        // Twilio's `uri` properties hold absolute URLs or, in API v2010, absolute paths
        // (`"uri": "/2010-04-01/Accounts/AC….json"`), as its live answers do.
        "uri" => re(r"^([A-Za-z][A-Za-z0-9+.-]*:|/)[^\s]*$").is_match(text),
        _ => true,
    }
}

/// A JSON pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(schema: Value, value: Value) -> Vec<String> {
        let validator = Validator::new(json!({"components": {"schemas": {
            "e": {"type": "string", "enum": ["a", "b"]}
        }}}));
        let mut found = Vec::new();
        validator.check(&schema, &value, "#", &mut found);
        found
    }

    #[test]
    fn the_validator_catches_what_the_issue_names() {
        let record = json!({"type": "object", "properties": {
            "n": {"type": "integer"},
            "s": {"type": "string", "nullable": true, "pattern": "^KS[0-9a-fA-F]{32}$"},
            "e": {"$ref": "#/components/schemas/e", "nullable": false},
            "d": {"type": "string", "format": "date-time", "nullable": true},
            "l": {"type": "array", "items": {"type": "boolean"}}
        }});
        assert!(
            errors(
                record.clone(),
                json!({"n": 0, "s": null, "e": "a", "l": [true]})
            )
            .is_empty()
        );
        for (bad, what) in [
            (json!({"n": null}), "not nullable"),
            (json!({"n": "0"}), "expected integer"),
            (json!({"s": "KS1"}), "does not match"),
            (json!({"e": "c"}), "not one of"),
            (json!({"e": null}), "not nullable"),
            (json!({"d": "yesterday"}), "not a valid date-time"),
            (json!({"l": [1]}), "expected boolean"),
        ] {
            let found = errors(record.clone(), bad.clone());
            assert!(found.iter().any(|e| e.contains(what)), "{bad}: {found:?}");
        }
    }
}
