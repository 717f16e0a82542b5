//! What the spec says, read mechanically from its JSON so that the suite's expectations cannot drift
//! from it: the shape of each operation's success answer (record, list page or empty), the properties
//! its schema defines, and each operation's optional parameters.

use std::collections::BTreeSet;

use serde_json::Value;

/// An operation of the spec.
pub struct Operation<'s> {
    /// `get`, `post`, …
    pub method: &'s str,
    /// The path template.
    pub path: &'s str,
    /// Its object in the spec.
    pub op: &'s Value,
    /// Parameters declared on the path item.
    pub path_params: &'s [Value],
}

/// Finds an operation by its operationId.
pub fn operation<'s>(spec: &'s Value, id: &str) -> Option<Operation<'s>> {
    for (path, item) in spec["paths"].as_object()? {
        let path_params = item["parameters"].as_array().map_or(&[][..], Vec::as_slice);
        for (method, op) in item.as_object()? {
            if op.get("operationId").and_then(Value::as_str) == Some(id) {
                return Some(Operation {
                    method,
                    path,
                    op,
                    path_params,
                });
            }
        }
    }
    None
}

/// Follows a local `$ref` (`#/components/...`), any number of times.
pub fn resolve<'s>(spec: &'s Value, mut schema: &'s Value) -> &'s Value {
    for _ in 0..32 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference
                .strip_prefix('#')
                .and_then(|pointer| spec.pointer(pointer))
            {
                Some(target) => schema = target,
                None => return schema,
            },
            None => return schema,
        }
    }
    schema
}

/// The success answer of an operation, as the spec describes it.
pub enum Shape<'s> {
    /// One record of this schema.
    Record(&'s Value),
    /// A list page: records of `item` under `key`.
    Page { key: &'s str, item: &'s Value },
    /// No body (`204`).
    Empty,
}

/// The shape of `operation`'s first 2xx answer.
pub fn shape<'s>(spec: &'s Value, operation: &Operation<'s>) -> Result<Shape<'s>, String> {
    let responses = operation.op["responses"]
        .as_object()
        .ok_or("operation without responses")?;
    let (_, response) = responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))
        .ok_or("no 2xx response")?;
    let Some(schema) = response.pointer("/content/application~1json/schema") else {
        return Ok(Shape::Empty);
    };
    let schema = resolve(spec, schema);
    let properties = schema["properties"].as_object();
    if let Some(properties) = properties.filter(|p| p.contains_key("meta")) {
        let (key, list) = properties
            .iter()
            .find(|(name, p)| *name != "meta" && p["type"] == "array")
            .ok_or("a list envelope without its array")?;
        return Ok(Shape::Page {
            key,
            item: resolve(spec, &list["items"]),
        });
    }
    Ok(Shape::Record(schema))
}

/// Walks every property `schema` defines (recursively, into object properties that define their own)
/// and records its path (`record.capabilities.sms`) in `defined`, and also in `present` when `value`
/// holds a non-null value for it.
pub fn properties(
    spec: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    defined: &mut BTreeSet<String>,
    present: &mut BTreeSet<String>,
) {
    let schema = resolve(spec, schema);
    let Some(schema_properties) = schema["properties"].as_object() else {
        return;
    };
    for (name, property) in schema_properties {
        let here = format!("{path}.{name}");
        defined.insert(here.clone());
        match value.get(name) {
            None | Some(Value::Null) => {}
            Some(inner) => {
                present.insert(here.clone());
                properties(spec, property, inner, &here, defined, present);
            }
        }
    }
}

/// Where an optional parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// The form body.
    Form,
}

/// Every optional parameter of an operation: query and header parameters (the operation's and the
/// path item's) and form body properties that are not required.
pub fn optional_parameters(spec: &Value, operation: &Operation<'_>) -> Vec<(Location, String)> {
    let mut out = Vec::new();
    let op_params = operation.op["parameters"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    for parameter in operation.path_params.iter().chain(op_params) {
        let parameter = resolve(spec, parameter);
        if parameter["required"] == true {
            continue;
        }
        let location = match parameter["in"].as_str() {
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            _ => continue,
        };
        if let Some(name) = parameter["name"].as_str() {
            out.push((location, name.to_owned()));
        }
    }
    if let Some(schema) = operation
        .op
        .pointer("/requestBody/content/application~1x-www-form-urlencoded/schema")
    {
        let schema = resolve(spec, schema);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for name in schema["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys())
        {
            if !required.contains(&name.as_str()) {
                out.push((Location::Form, name.clone()));
            }
        }
    }
    out
}

/// The decoded keys of a form or query string (`a=1&b=2&b=3` → `a`, `b`, `b`).
pub fn form_keys(text: &str) -> Vec<String> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| percent_decode(pair.split('=').next().unwrap_or_default()))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
