//! Stage 3: lower the validated spec into the IR. Every spec decision is made here: which paths form
//! a resource, the resource tree, names, parameter roles, response shapes, schema types.
//!
//! One file per concern: `types` (schemas to models, enums and unions), `resources` (paths to the
//! resource tree and handles), `operations` (parameters and request bodies), `responses` (what a
//! success answer holds), `pagination` (list envelopes and paging roles) and `modules` (which
//! Rust module each type lives in).

mod examples;
mod modules;
mod operations;
mod pagination;
mod resources;
mod responses;
mod sids;
mod types;

use modules::assign_modules;
use pagination::example_list;
use resources::PathEntry;

use indexmap::{IndexMap, IndexSet};
use openapiv3::{Parameter, PathItem, ReferenceOr};
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, pointer};
use crate::ir::*;
use crate::load::Spec;
use crate::naming;
use crate::validate::Validated;
use crate::vendor::PathType;

/// Verbs Twilio puts in front of the resource name in operationIds.
const VERBS: &[&str] = &["List", "Create", "Fetch", "Update", "Delete"];

/// The property of a list answer that holds paging data.
const PAGE_META: &str = "meta";

/// Module for models and enums no resource claims.
const SHARED_MODULE: &str = "types";

/// What lowering needs besides the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The API's base URL, overriding the spec's `servers` (`--base-url`).
    pub base_url: Option<String>,
    /// The spec's file name (`twilio_proxy_v1.json`): for a spec without `servers`, it names the
    /// product and so Twilio's host for it (`https://proxy.twilio.com`).
    pub spec_name: Option<String>,
}

/// Lowers a validated spec. Problems go to `diags`; the IR is still returned for what could be lowered.
pub fn lower(
    spec: &Spec,
    validated: &Validated,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Api {
    let base_url = base_url(spec, settings, diags);
    let product = base_url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(&base_url)
        .split(['.', '/', ':'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut cx = Lowering {
        spec,
        diags,
        product: product.clone(),
        requests: Vec::new(),
        overrides_seen: Vec::new(),
        sids: Vec::new(),
        named: IndexMap::new(),
        models: Vec::new(),
        enums: Vec::new(),
        unions: Vec::new(),
        type_names: reserved_type_names(spec),
        pending_models: Vec::new(),
        base_url: base_url.clone(),
        left_out: Vec::new(),
    };
    cx.register_sids();
    cx.require_extension_sids();
    cx.register_components();
    let (mut resources, default_account) = cx.lower_resources(validated);
    cx.finish_models();
    sids::assign_records(&mut resources, &cx.unions);
    sids::assign_param_fields(&mut resources, &cx.models);
    sids::unify_sids(&mut resources, &mut cx.models);
    types::box_recursive_types(&mut cx.models, &mut cx.unions);
    let (models, enums, unions) = assign_modules(&mut resources, cx.models, cx.enums, cx.unions);
    let info = &spec.doc.info;
    for missing in
        crate::overrides::for_product(&product).filter(|o| !cx.overrides_seen.contains(&o.pointer))
    {
        cx.diags.warning(
            missing.pointer,
            None,
            format!(
                "the override `{}` (codegen/src/overrides.rs) names a location this spec does not have; \
                 review it: {}",
                missing.object.name, missing.reason
            ),
        );
    }
    let requests = place_requests(cx.requests, &resources);
    let example = example_list(&resources);
    let maturity = maturity_levels(spec, &resources);
    Api {
        maturity,
        example,
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        base_url,
        product,
        resources,
        default_account,
        left_out: cx.left_out,
        models,
        enums,
        unions,
        requests,
        sids: cx.sids,
    }
}

/// The `x-maturity` levels the operations carry, in order of first use, with the meaning the
/// spec's top-level `x-maturity` list gives each (`{"name": "Beta", "description": "…"}`).
fn maturity_levels(spec: &Spec, resources: &[Resource]) -> Vec<Maturity> {
    let defined = spec
        .raw
        .get("x-maturity")
        .and_then(serde_json::Value::as_array);
    let description = |name: &str| {
        defined?
            .iter()
            .find(|level| level.get("name").and_then(serde_json::Value::as_str) == Some(name))?
            .get("description")?
            .as_str()
            .map(str::to_owned)
    };
    let mut levels: Vec<Maturity> = Vec::new();
    let operations = resources
        .iter()
        .flat_map(|r| r.list.iter().chain(r.instance.iter()))
        .flat_map(|e| &e.operations);
    for op in operations {
        for name in &op.maturity {
            match levels.iter_mut().find(|l| l.name == *name) {
                Some(level) => level.operations += 1,
                None => levels.push(Maturity {
                    name: name.clone(),
                    description: description(name),
                    operations: 1,
                }),
            }
        }
    }
    levels
}

/// Puts each request object in the module of the first resource whose operations use it.
fn place_requests(mut requests: Vec<RequestType>, resources: &[Resource]) -> Vec<RequestType> {
    for request in &mut requests {
        let wanted = TypeRef::Request(request.name.clone());
        let uses = |p: &Param| p.ty == wanted || p.ty == TypeRef::Array(Box::new(wanted.clone()));
        let owner = resources.iter().find(|r| {
            r.list.iter().chain(r.instance.iter()).any(|e| {
                e.operations.iter().any(|op| {
                    op.query.iter().any(uses)
                        || op.body.as_ref().is_some_and(|b| b.fields.iter().any(uses))
                })
            })
        });
        request.module = owner.map_or_else(|| SHARED_MODULE.to_owned(), |r| r.module.clone());
    }
    requests
}

/// The API's base URL: `--base-url`, else the spec's first server, else the first server a path or
/// an operation names, else the host Twilio uses for the product the file name names (with a
/// warning), else an error.
fn base_url(spec: &Spec, settings: &Settings, diags: &mut Diagnostics) -> String {
    let trim = |url: &str| url.trim_end_matches('/').to_owned();
    if let Some(url) = &settings.base_url {
        return trim(url);
    }
    if let Some(server) = spec.doc.servers.first() {
        return trim(&server.url);
    }
    let nested = spec.doc.paths.paths.values().find_map(|item| match item {
        ReferenceOr::Item(item) => item
            .servers
            .first()
            .or_else(|| item.iter().find_map(|(_, op)| op.servers.first())),
        ReferenceOr::Reference { .. } => None,
    });
    if let Some(server) = nested {
        return trim(&server.url);
    }
    // `twilio_proxy_v1.json`, `twilio_proxy_v1.2021-06.json` → `proxy`.
    let product = settings.spec_name.as_deref().and_then(|name| {
        let mut parts = name.strip_prefix("twilio_")?.split('_');
        let product = parts.next()?;
        let is_name = !product.is_empty() && product.chars().all(|c| c.is_ascii_alphanumeric());
        (is_name && parts.next().is_some()).then(|| product.to_ascii_lowercase())
    });
    match product {
        Some(product) => {
            let url = format!("https://{product}.twilio.com");
            diags.warning(
                "/servers",
                None,
                format!(
                    "the spec names no server URL; using {url}, the host Twilio uses for `{product}` \
                     (pass --base-url to choose another)"
                ),
            );
            url
        }
        None => {
            diags.error(
                "/servers",
                None,
                "the spec names no server URL, so the client would not know the API's host; pass \
                 --base-url",
            );
            String::new()
        }
    }
}

/// Names the crate reserves ([`crate::reserved::TYPES`]) and those of its request builders
/// (`{operationId}Request`), which models, enums and unions must not take.
fn reserved_type_names(spec: &Spec) -> IndexSet<String> {
    let mut names: IndexSet<String> = crate::reserved::TYPES
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for item in spec.doc.paths.paths.values() {
        if let ReferenceOr::Item(item) = item {
            for (_, op) in item.iter() {
                if let Some(id) = &op.operation_id {
                    names.insert(naming::type_ident(&format!("{id}Request")));
                }
            }
        }
    }
    names
}

/// A component schema that becomes a named type.
#[derive(Clone)]
enum Named {
    Model(String),
    Enum(String),
}

struct Lowering<'a> {
    spec: &'a Spec,
    diags: &'a mut Diagnostics,
    /// Component pointer → named type.
    named: IndexMap<String, Named>,
    models: Vec<Model>,
    enums: Vec<EnumType>,
    unions: Vec<UnionType>,
    /// Every type name taken so far (models, enums), for collision avoidance.
    type_names: IndexSet<String>,
    /// Models registered but whose fields are not lowered yet: (index, pointer, schema).
    pending_models: Vec<(usize, String, Value)>,
    /// The API's base URL; an operation whose server differs keeps its own.
    base_url: String,
    /// Operations the generator could not express, with why.
    left_out: Vec<LeftOut>,
    /// The product (`proxy`), for the overrides that apply.
    product: String,
    /// Request objects of the overrides applied so far.
    requests: Vec<RequestType>,
    /// Pointers of the overrides whose location the spec has (applied or not).
    overrides_seen: Vec<&'static str>,
    /// SID types by prefix.
    sids: Vec<SidType>,
}

fn description(v: &Value) -> Option<String> {
    v.get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.starts_with("TODO"))
        .map(str::to_owned)
}

impl Lowering<'_> {
    /// An example value for a string (or a list of strings) whose pattern or format constrains it
    /// (see [`examples`]), `$ref`s followed.
    fn example(&self, schema: &Value) -> Option<String> {
        let mut schema = schema;
        for _ in 0..32 {
            if let Some(target) = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.spec.resolve(r))
            {
                schema = target.1;
            } else if let Some(items) = schema.get("items") {
                schema = items;
            } else {
                break;
            }
        }
        examples::example(schema)
    }
}

fn is_object_with_properties(v: &Value) -> bool {
    v.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

fn is_enum(v: &Value) -> bool {
    v.get("enum").is_some_and(Value::is_array)
}
