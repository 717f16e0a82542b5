//! Stage 2: document-wide checks before lowering: every `$ref` resolves, operationIds exist and are
//! unique, `x-twilio` parses.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;
use serde_json::Value;

use crate::diagnostics::{Diagnostics, pointer};
use crate::ir::HttpMethod;
use crate::load::Spec;
use crate::naming;
use crate::vendor::{PathType, XTwilio};

/// The document's path items with their parsed `x-twilio`, in spec order.
pub struct Validated {
    /// Path → `x-twilio` (paths without one, or with a broken one, are absent).
    pub x_twilio: IndexMap<String, XTwilio>,
}

/// Runs every document-wide check. Operations without an operationId get one derived the way
/// Twilio's tooling names them (see [`derive_operation_ids`]), with a warning.
pub fn validate(spec: &mut Spec, diags: &mut Diagnostics) -> Validated {
    let mut x_twilio = IndexMap::new();
    for (path, item) in &spec.doc.paths.paths {
        let item_ptr = pointer("/paths", &[path]);
        let ReferenceOr::Item(item) = item else {
            diags.error(item_ptr, None, "path item references are not supported");
            continue;
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
    }
    derive_operation_ids(spec, &x_twilio, diags);
    // After the ids are derived, so that a broken `$ref` names its operation either way.
    check_refs(spec, &spec.raw, String::new(), None, diags);

    // operationId → where it is first used; the Rust name it gives → that operationId.
    let mut seen: IndexMap<String, String> = IndexMap::new();
    let mut rust_names: IndexMap<String, String> = IndexMap::new();
    for (path, item) in &spec.doc.paths.paths {
        let item_ptr = pointer("/paths", &[path]);
        let ReferenceOr::Item(item) = item else {
            continue;
        };
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
            let Some(id) = &op.operation_id else {
                continue; // derived above
            };
            if let Some(first) = seen.get(id) {
                diags.error(
                    &op_ptr,
                    Some(id),
                    format!("duplicate operationId `{id}` (first used at #{first})"),
                );
                continue;
            }
            seen.insert(id.clone(), op_ptr.clone());
            // `fetchService`, `FetchService` and `fetch_service` would give the same Rust items.
            let rust = naming::type_ident(id);
            match rust_names.get(&rust) {
                Some(other) => diags.error(
                    &op_ptr,
                    Some(id),
                    format!(
                        "operationId `{id}` differs from `{other}` (at #{}) only in case or separators: \
                         both would be named `{rust}` in Rust",
                        seen[other]
                    ),
                ),
                None => {
                    rust_names.insert(rust, id.clone());
                }
            }
        }
    }
    Validated { x_twilio }
}

/// Gives every operation without an operationId the one Twilio's tooling would: the verb its method
/// and path role imply (`List`, `Create`, `Fetch`, `Update`, `Delete`) and the resource, the singular
/// of the path's last literal segment (`ListService`, `FetchSession`), prefixed with the parent's
/// when that name is taken (`ListCallRecording`). Each is reported as a warning, and written into
/// both views of the spec (the typed document and the raw JSON), so every later stage sees it.
pub fn derive_operation_ids(
    spec: &mut Spec,
    x_twilio: &IndexMap<String, XTwilio>,
    diags: &mut Diagnostics,
) {
    let mut taken: indexmap::IndexSet<String> = spec
        .doc
        .paths
        .paths
        .values()
        .filter_map(|item| match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        })
        .flat_map(|item| item.iter().filter_map(|(_, op)| op.operation_id.clone()))
        .collect();
    for (path, item) in spec.doc.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_type = x_twilio
            .get(path)
            .map_or_else(|| PathType::guess(path), |x| x.path_type);
        let literals: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty() && !s.contains('{') && !naming::is_version_segment(s))
            .map(|s| naming::type_ident(&naming::singular(s.trim_end_matches(".json"))))
            .collect();
        let resource = literals
            .last()
            .cloned()
            .unwrap_or_else(|| "Resource".into());
        let parent = literals.iter().rev().nth(1).cloned().unwrap_or_default();
        for method in HttpMethod::ALL {
            let op = match method {
                HttpMethod::Get => &mut item.get,
                HttpMethod::Post => &mut item.post,
                HttpMethod::Put => &mut item.put,
                HttpMethod::Patch => &mut item.patch,
                HttpMethod::Delete => &mut item.delete,
            };
            let Some(op) = op.as_mut().filter(|op| op.operation_id.is_none()) else {
                continue;
            };
            let verb = match (method, path_type) {
                (HttpMethod::Get, PathType::List) => "List",
                (HttpMethod::Get, PathType::Instance) => "Fetch",
                (HttpMethod::Post, PathType::List) => "Create",
                (HttpMethod::Delete, _) => "Delete",
                _ => "Update",
            };
            let mut id = format!("{verb}{resource}");
            if taken.contains(&id) {
                id = format!("{verb}{parent}{resource}");
            }
            let id = naming::dedupe(id, &mut taken);
            let op_ptr = pointer("/paths", &[path, method.spec_key()]);
            diags.warning(
                &op_ptr,
                Some(&id),
                format!("operation has no operationId; named `{id}` as Twilio's tooling would"),
            );
            if let Some(raw) = spec.raw.pointer_mut(&op_ptr).and_then(Value::as_object_mut) {
                raw.insert("operationId".into(), Value::String(id.clone()));
            }
            op.operation_id = Some(id);
        }
    }
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
