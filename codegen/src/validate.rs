//! Stage 2: document-wide checks before lowering: every `$ref` resolves, operationIds exist and are
//! unique, `x-twilio` parses.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, pointer};
use crate::ir::HttpMethod;
use crate::load::Spec;
use crate::vendor::XTwilio;

/// The document's path items with their parsed `x-twilio`, in spec order.
pub struct Validated {
    /// Path → `x-twilio` (paths without one, or with a broken one, are absent).
    pub x_twilio: IndexMap<String, XTwilio>,
}

/// Runs every document-wide check.
pub fn validate(spec: &Spec, diags: &mut Diagnostics) -> Validated {
    check_refs(spec, &spec.raw, String::new(), None, diags);

    let mut seen: IndexMap<String, String> = IndexMap::new();
    let mut x_twilio = IndexMap::new();
    for (path, item) in &spec.doc.paths.paths {
        let item_ptr = pointer("/paths", &[path]);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                diags.error(item_ptr, None, "path item references are not supported");
                continue;
            }
        };
        match item.extensions.get("x-twilio") {
            Some(value) => {
                x_twilio.insert(path.clone(), XTwilio::read(value, path, &item_ptr, diags));
            }
            None => diags.warning(
                &item_ptr,
                None,
                "path has no x-twilio metadata; its resource role is guessed from the path",
            ),
        }
        for (method, op) in item.iter() {
            let op_ptr = pointer(&item_ptr, &[method]);
            if HttpMethod::from_spec_key(method).is_none() {
                diags.error(
                    &op_ptr,
                    op.operation_id.as_deref(),
                    format!("HTTP method {method} is not supported"),
                );
                continue;
            }
            match &op.operation_id {
                None => diags.error(&op_ptr, None, "operation has no operationId"),
                Some(id) => {
                    if let Some(first) = seen.get(id) {
                        diags.error(
                            &op_ptr,
                            Some(id),
                            format!("duplicate operationId `{id}` (first used at #{first})"),
                        );
                    } else {
                        seen.insert(id.clone(), op_ptr.clone());
                    }
                }
            }
        }
    }
    Validated { x_twilio }
}

/// Every `$ref` must be local (`#/...`) and resolve.
fn check_refs(spec: &Spec, value: &Value, at: String, op: Option<&str>, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            let op = if at.starts_with("/paths/") {
                map.get("operationId").and_then(Value::as_str).or(op)
            } else {
                op
            };
            if let Some(reference) = map.get("$ref") {
                let ptr = pointer(&at, &["$ref"]);
                match reference.as_str() {
                    Some(r) if spec.resolve(r).is_some() => {}
                    Some(r) if !r.starts_with('#') => diags.error(
                        ptr,
                        op,
                        format!("external reference {r:?} is not supported"),
                    ),
                    Some(r) => diags.error(
                        ptr,
                        op,
                        format!("dangling reference {r:?}: nothing at that pointer"),
                    ),
                    None => diags.error(ptr, op, "$ref must be a string"),
                }
            }
            for (key, child) in map {
                check_refs(spec, child, pointer(&at, &[key]), op, diags);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_refs(spec, child, pointer(&at, &[&i.to_string()]), op, diags);
            }
        }
        _ => {}
    }
}
