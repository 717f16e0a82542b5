//! Stage 3: lower the validated spec into the IR. Every spec decision is made here: which paths form
//! a resource, the resource tree, names, parameter roles, response shapes, schema types.

use indexmap::IndexMap;
use openapiv3::{Parameter, PathItem, ReferenceOr};
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, pointer};
use crate::ir::*;
use crate::load::Spec;
use crate::naming;
use crate::validate::{METHODS, Validated};
use crate::vendor::PathType;

/// Verbs Twilio puts in front of the resource name in operationIds.
const VERBS: &[&str] = &["List", "Create", "Fetch", "Update", "Delete"];

/// The property of a list answer that holds paging data.
const PAGE_META: &str = "meta";

/// Module for models and enums no resource claims.
const SHARED_MODULE: &str = "types";

/// Lowers a validated spec. Problems go to `diags`; the IR is still returned for what could be lowered.
pub fn lower(spec: &Spec, validated: &Validated, diags: &mut Diagnostics) -> Api {
    let mut cx = Lowering {
        spec,
        diags,
        named: IndexMap::new(),
        models: Vec::new(),
        enums: Vec::new(),
        unions: Vec::new(),
        type_names: reserved_type_names(spec),
        pending_models: Vec::new(),
    };
    cx.register_components();
    let mut resources = cx.lower_resources(validated);
    cx.finish_models();
    let (models, enums, unions) = assign_modules(&mut resources, cx.models, cx.enums, cx.unions);
    let info = &spec.doc.info;
    let base_url = spec
        .doc
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .unwrap_or_default();
    if base_url.is_empty() {
        cx.diags.error(
            "/servers",
            None,
            "the spec names no server URL, so the client would not know the API's host",
        );
    }
    let product = base_url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(&base_url)
        .split(['.', '/', ':'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let example = example_list(&resources);
    Api {
        example,
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        base_url,
        product,
        resources,
        models,
        enums,
        unions,
    }
}

/// The first top-level list that can be called with no arguments and a page size, for the crate docs.
fn example_list(resources: &[Resource]) -> Option<ExampleList> {
    resources
        .iter()
        .filter(|r| r.parent.is_none())
        .find_map(|r| {
            let endpoint = r.list.as_ref()?;
            if endpoint.path.params().next().is_some() {
                return None;
            }
            endpoint
                .operations
                .iter()
                .find(|op| {
                    matches!(op.response, ResponseKind::Page { .. })
                        && op.params().all(|p| !p.required)
                        && op.query.iter().any(|p| {
                            p.paging == Some(PagingParam::PageSize) && p.rust == "page_size"
                        })
                })
                .map(|op| ExampleList {
                    accessor: endpoint.accessor.clone(),
                    method: op.method_name.clone(),
                })
        })
}

/// Names the crate uses for request builders (`{operationId}Request`) and the runtime, which models,
/// enums and unions must not take.
fn reserved_type_names(spec: &Spec) -> Vec<String> {
    let mut names: Vec<String> = [
        "Client",
        "ClientBuilder",
        "Credentials",
        "Error",
        "ApiError",
        "BodySnippet",
        "Page",
        "PageMeta",
        "RecordStream",
        "Response",
        "Result",
        "RetryPolicy",
        "Request",
        "RequestOptions",
        "Params",
        "BoxFuture",
        "Method",
        "Option",
        "String",
        "Vec",
        "Value",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for item in spec.doc.paths.paths.values() {
        if let ReferenceOr::Item(item) = item {
            for (_, op) in item.iter() {
                if let Some(id) = &op.operation_id {
                    names.push(naming::type_ident(&format!("{id}Request")));
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
    type_names: Vec<String>,
    /// Models registered but whose fields are not lowered yet: (index, pointer, schema).
    pending_models: Vec<(usize, String, Value)>,
}

fn description(v: &Value) -> Option<String> {
    v.get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.starts_with("TODO"))
        .map(str::to_owned)
}

fn is_object_with_properties(v: &Value) -> bool {
    v.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

fn is_enum(v: &Value) -> bool {
    v.get("enum").is_some_and(Value::is_array)
}

/// Whether `name` is an HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The body encodings the generator supports, by content type.
fn body_encoding(content_type: &str) -> Option<BodyEncoding> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence {
        "application/x-www-form-urlencoded" => Some(BodyEncoding::Form),
        "application/json" => Some(BodyEncoding::Json),
        _ => None,
    }
}

/// The variant name a union alternative of this type gets.
fn union_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::DateTime | TypeRef::DateTimeRfc2822 | TypeRef::Date => {
            "Text".into()
        }
        TypeRef::Integer { .. } => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Enum(n) | TypeRef::Model(n) | TypeRef::Union(n) => n.clone(),
        TypeRef::Array(_) => "List".into(),
        TypeRef::Map(_) => "Map".into(),
    }
}

/// Turns `{Name}` placeholders into `{}`: paths that differ only in placeholder names match.
fn normalize(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut depth = 0;
    for ch in template.chars() {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// A normalized path without its version segment (`/v1`), as `x-twilio.parent` writes it.
fn without_version(normalized: &str) -> &str {
    let rest = normalized.strip_prefix('/').unwrap_or(normalized);
    match rest.split_once('/') {
        Some((first, tail))
            if first.starts_with('v') && first[1..].chars().all(|c| c.is_ascii_digit()) =>
        {
            &normalized[normalized.len() - tail.len() - 1..]
        }
        _ => normalized,
    }
}

fn segments_of(normalized: &str) -> Vec<&str> {
    normalized.split('/').filter(|s| !s.is_empty()).collect()
}

fn is_segment_prefix(prefix: &str, path: &str) -> bool {
    let (p, q) = (segments_of(prefix), segments_of(path));
    p.len() < q.len() && q.starts_with(&p)
}

/// One path of a resource while resources are assembled.
struct PathEntry<'a> {
    template: String,
    item: &'a PathItem,
    path_type: PathType,
    parent: Option<String>,
    mount_name: Option<String>,
    class_name: Option<String>,
    default_output_properties: Vec<String>,
}

/// A resource while it is assembled.
struct Draft<'a> {
    list: Option<PathEntry<'a>>,
    instance: Option<PathEntry<'a>>,
}

impl Draft<'_> {
    fn entries(&self) -> impl Iterator<Item = &PathEntry<'_>> {
        self.list.iter().chain(self.instance.iter())
    }

    /// The path the resource hangs from: the list path, or for a singleton the instance path.
    fn base(&self) -> String {
        match (&self.list, &self.instance) {
            (Some(l), _) => normalize(&l.template),
            (None, Some(i)) => normalize(&i.template),
            (None, None) => String::new(),
        }
    }
}

impl<'a> Lowering<'a> {
    // ---------------------------------------------------------------- schemas

    /// Names every component schema that is an enum or an object model.
    fn register_components(&mut self) {
        let Some(schemas) = self
            .spec
            .raw
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        // `allOf` components are models too, with their parts' properties merged.
        let merged: IndexMap<&str, Value> = schemas
            .iter()
            .filter_map(|(k, v)| {
                let parts = v.get("allOf")?.as_array()?;
                self.merge_all_of(parts).ok().map(|m| (k.as_str(), m))
            })
            .collect();
        let model_keys: Vec<&str> = schemas
            .iter()
            .filter(|(k, v)| {
                (is_object_with_properties(v) && !is_enum(v)) || merged.contains_key(k.as_str())
            })
            .map(|(k, _)| k.as_str())
            .collect();
        let model_names = naming::model_names(&model_keys);
        let mut model_name_of: IndexMap<&str, String> = IndexMap::new();
        for (key, name) in model_keys.iter().zip(model_names) {
            model_name_of.insert(key, name);
        }
        for (key, schema) in schemas {
            let ptr = pointer("/components/schemas", &[key]);
            if is_enum(schema) {
                let name = naming::dedupe(naming::enum_component_name(key), &mut self.type_names);
                self.push_enum(name.clone(), &ptr, schema);
                self.named.insert(ptr, Named::Enum(name));
            } else if let Some(name) = model_name_of.get(key.as_str()) {
                let name = naming::dedupe(name.clone(), &mut self.type_names);
                let schema = merged.get(key.as_str()).unwrap_or(schema);
                self.push_model(name.clone(), &ptr, schema);
                self.named.insert(ptr, Named::Model(name));
            }
        }
    }

    fn push_enum(&mut self, name: String, ptr: &str, schema: &Value) {
        let mut variants = Vec::new();
        let mut values = Vec::new();
        for (i, value) in schema
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let wire = match value {
                Value::String(s) => s.clone(),
                Value::Null => continue,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    self.diags.warning(
                        pointer(ptr, &["enum", &i.to_string()]),
                        None,
                        "non-scalar enum value skipped",
                    );
                    continue;
                }
            };
            if values.iter().any(|v: &EnumValue| v.wire == wire) {
                continue;
            }
            let mut variant = naming::dedupe(naming::variant_name(&wire), &mut variants);
            if variant == "Unknown" {
                variant = naming::dedupe("UnknownValue".into(), &mut variants);
            }
            values.push(EnumValue { wire, variant });
        }
        if schema
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t != "string")
        {
            self.diags.warning(
                ptr,
                None,
                "non-string enum is treated as a string enum of its values' text",
            );
        }
        self.enums.push(EnumType {
            name,
            module: String::new(),
            source: format!("#{ptr}"),
            doc: description(schema),
            values,
        });
    }

    fn push_model(&mut self, name: String, ptr: &str, schema: &Value) {
        self.models.push(Model {
            name,
            module: String::new(),
            source: format!("#{ptr}"),
            doc: description(schema),
            fields: Vec::new(),
        });
        self.pending_models
            .push((self.models.len() - 1, ptr.to_owned(), schema.clone()));
    }

    /// Lowers the fields of every registered model (including inline ones found on the way).
    fn finish_models(&mut self) {
        while let Some((index, ptr, schema)) = self.pending_models.pop() {
            let model_name = self.models[index].name.clone();
            let mut fields = Vec::new();
            let mut taken = Vec::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (wire, prop) in props {
                    let prop_ptr = pointer(&ptr, &["properties", wire]);
                    let hint = format!("{model_name}{}", naming::type_ident(wire));
                    let ty = self.lower_type(prop, &prop_ptr, &hint, None);
                    fields.push(Field {
                        wire: wire.clone(),
                        rust: naming::dedupe(naming::field_name(wire), &mut taken),
                        ty,
                        doc: description(prop).or_else(|| self.ref_description(prop)),
                    });
                }
            }
            self.models[index].fields = fields;
        }
    }

    fn ref_description(&self, v: &Value) -> Option<String> {
        let reference = v.get("$ref")?.as_str()?;
        self.spec
            .resolve(reference)
            .and_then(|(_, t)| description(t))
    }

    /// The IR type of a schema. `hint` names inline enums and models.
    fn lower_type(&mut self, schema: &Value, ptr: &str, hint: &str, op: Option<&str>) -> TypeRef {
        self.lower_type_depth(schema, ptr, hint, op, 0)
    }

    fn lower_type_depth(
        &mut self,
        schema: &Value,
        ptr: &str,
        hint: &str,
        op: Option<&str>,
        depth: usize,
    ) -> TypeRef {
        if depth > 32 {
            self.diags
                .error(ptr, op, "schema references nest too deeply (a $ref cycle?)");
            return TypeRef::Json;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some((target_ptr, target)) = self.spec.resolve(reference) else {
                // Reported by validation.
                return TypeRef::Json;
            };
            return match self.named.get(target_ptr) {
                Some(Named::Model(name)) => TypeRef::Model(name.clone()),
                Some(Named::Enum(name)) => TypeRef::Enum(name.clone()),
                None => {
                    let target_ptr = target_ptr.to_owned();
                    let target = target.clone();
                    self.lower_type_depth(&target, &target_ptr, hint, op, depth + 1)
                }
            };
        }
        if is_enum(schema) {
            let name = naming::dedupe(naming::type_ident(hint), &mut self.type_names);
            self.push_enum(name.clone(), ptr, schema);
            return TypeRef::Enum(name);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(keyword).and_then(Value::as_array) {
                return self.lower_union(alternatives, keyword, ptr, hint, op, depth);
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            return self.lower_all_of(parts, ptr, hint, op, depth);
        }
        if schema.get("not").is_some() {
            self.diags.warning(
                pointer(ptr, &["not"]),
                op,
                "`not` cannot be expressed as a Rust type; the value is kept as JSON",
            );
            return TypeRef::Json;
        }
        let format = schema.get("format").and_then(Value::as_str);
        let ty = schema.get("type").and_then(Value::as_str);
        match ty {
            Some("string") => match format {
                Some("date-time") => TypeRef::DateTime,
                Some("date-time-rfc-2822") => TypeRef::DateTimeRfc2822,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            Some("integer") => TypeRef::Integer {
                bits: if format == Some("int32") { 32 } else { 64 },
            },
            Some("number") => TypeRef::Number,
            Some("boolean") => TypeRef::Boolean,
            Some("array") => match schema.get("items") {
                Some(items) => {
                    let item_hint = naming::singular(hint);
                    let item = self.lower_type_depth(
                        items,
                        &pointer(ptr, &["items"]),
                        &item_hint,
                        op,
                        depth + 1,
                    );
                    TypeRef::Array(Box::new(item))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            Some("object") | None if is_object_with_properties(schema) => {
                let name = naming::dedupe(naming::type_ident(hint), &mut self.type_names);
                self.push_model(name.clone(), ptr, schema);
                TypeRef::Model(name)
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(ap @ Value::Object(_)) if !ap.as_object().is_some_and(Map::is_empty) => {
                    let inner = self.lower_type_depth(
                        ap,
                        &pointer(ptr, &["additionalProperties"]),
                        &format!("{hint}Value"),
                        op,
                        depth + 1,
                    );
                    TypeRef::Map(Box::new(inner))
                }
                _ if format == Some("uri-map") => TypeRef::Map(Box::new(TypeRef::String)),
                _ => TypeRef::Json,
            },
            Some(other) => {
                self.diags.error(
                    ptr,
                    op,
                    format!("schema type {other:?} is not an OpenAPI 3.0 type"),
                );
                TypeRef::Json
            }
            None => TypeRef::Json,
        }
    }

    /// `oneOf`/`anyOf` becomes a union type; a single alternative is just that type; a nullable
    /// `oneOf: [X, null]` style is X.
    fn lower_union(
        &mut self,
        alternatives: &[Value],
        keyword: &str,
        ptr: &str,
        hint: &str,
        op: Option<&str>,
        depth: usize,
    ) -> TypeRef {
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut names = vec!["Other".to_owned()];
        for (i, alt) in alternatives.iter().enumerate() {
            if alt.get("type").and_then(Value::as_str) == Some("null") {
                continue;
            }
            let alt_ptr = pointer(ptr, &[keyword, &i.to_string()]);
            let ty =
                self.lower_type_depth(alt, &alt_ptr, &format!("{hint}{}", i + 1), op, depth + 1);
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let name = naming::dedupe(union_variant_name(&ty), &mut names);
            variants.push(UnionVariant { name, ty });
        }
        match variants.len() {
            0 => TypeRef::Json,
            1 => variants.remove(0).ty,
            _ => {
                let name = naming::dedupe(naming::type_ident(hint), &mut self.type_names);
                self.unions.push(UnionType {
                    name: name.clone(),
                    module: String::new(),
                    source: format!("#{ptr}"),
                    doc: None,
                    variants,
                });
                TypeRef::Union(name)
            }
        }
    }

    /// `allOf` of object schemas becomes one model with every part's properties; anything else
    /// cannot be merged and is kept as JSON, with a warning.
    fn lower_all_of(
        &mut self,
        parts: &[Value],
        ptr: &str,
        hint: &str,
        op: Option<&str>,
        depth: usize,
    ) -> TypeRef {
        match self.merge_all_of(parts) {
            Ok(object) => self.lower_type_depth(&object, ptr, hint, op, depth + 1),
            Err(i) => {
                self.diags.warning(
                    pointer(ptr, &["allOf", &i.to_string()]),
                    op,
                    "`allOf` with a part that is not an object with properties is kept as JSON",
                );
                TypeRef::Json
            }
        }
    }

    /// One object schema with the properties of every `allOf` part (`$ref`s followed), or the index
    /// of the first part that is not an object with properties.
    fn merge_all_of(&self, parts: &[Value]) -> Result<Value, usize> {
        let mut merged = serde_json::Map::new();
        let mut description = None;
        for (i, part) in parts.iter().enumerate() {
            let mut part = part;
            for _ in 0..32 {
                let Some(reference) = part.get("$ref").and_then(Value::as_str) else {
                    break;
                };
                part = self.spec.resolve(reference).map(|(_, t)| t).ok_or(i)?;
            }
            let props = part.get("properties").and_then(Value::as_object).ok_or(i)?;
            for (k, v) in props {
                merged.insert(k.clone(), v.clone());
            }
            description = description.or_else(|| part.get("description").cloned());
        }
        let mut object = serde_json::json!({"type": "object", "properties": merged});
        if let (Some(d), Some(obj)) = (description, object.as_object_mut()) {
            obj.insert("description".into(), d);
        }
        Ok(object)
    }

    // ---------------------------------------------------------------- resources

    fn lower_resources(&mut self, validated: &Validated) -> Vec<Resource> {
        let drafts = self.group_paths(validated);
        let bases: Vec<String> = drafts.iter().map(Draft::base).collect();
        let instances: Vec<Option<String>> = drafts
            .iter()
            .map(|d| d.instance.as_ref().map(|i| normalize(&i.template)))
            .collect();

        // Names first: a child's accessor is derived from its parent's name.
        let mut resource_names = Vec::new();
        let names: Vec<String> = drafts
            .iter()
            .map(|d| naming::dedupe(self.resource_name(d), &mut resource_names))
            .collect();
        let parents: Vec<Option<usize>> = drafts
            .iter()
            .enumerate()
            .map(|(i, d)| self.find_parent(d, &bases[i], &instances))
            .collect();

        let mut resources = Vec::new();
        let mut modules = vec![SHARED_MODULE.to_owned()];
        for (i, draft) in drafts.iter().enumerate() {
            let name = &names[i];
            let parent = parents[i];
            let parent_name = parent.map(|p| names[p].as_str());
            let inherited = parent
                .and_then(|p| drafts[p].instance.as_ref())
                .map(|e| normalize(&e.template).matches("{}").count())
                .unwrap_or(0);
            let list = draft.list.as_ref().map(|e| {
                let accessor = e.mount_name.clone().unwrap_or_else(|| {
                    segments_of(&normalize(&e.template))
                        .last()
                        .map(|s| (*s).to_owned())
                        .unwrap_or_default()
                });
                self.endpoint(e, name, format!("{name}List"), &accessor, inherited)
            });
            let instance = draft.instance.as_ref().map(|e| {
                let relative = parent_name
                    .and_then(|p| name.strip_prefix(p))
                    .filter(|rest| !rest.is_empty())
                    .unwrap_or(name);
                let accessor = if draft.list.is_none() {
                    e.mount_name.clone().unwrap_or_else(|| relative.to_owned())
                } else {
                    relative.to_owned()
                };
                self.endpoint(e, name, format!("{name}Context"), &accessor, inherited)
            });
            let first = draft.entries().next();
            resources.push(Resource {
                name: name.clone(),
                module: naming::dedupe(naming::module_name(name), &mut modules),
                doc: first
                    .and_then(|e| e.item.description.clone())
                    .filter(|d| !d.starts_with("TODO")),
                parent,
                list,
                instance,
                default_output_properties: first
                    .map(|e| e.default_output_properties.clone())
                    .unwrap_or_default(),
            });
        }
        let mut resources = prune_empty_endpoints(resources);
        self.dedupe_accessors(&mut resources);
        resources
    }

    /// Groups paths into resources: a list path and the instance path one `{param}` below it.
    /// Ordered by base path, so parents come before children.
    fn group_paths(&mut self, validated: &Validated) -> Vec<Draft<'a>> {
        let mut drafts: IndexMap<String, Draft<'a>> = IndexMap::new();
        for (template, item) in &self.spec.doc.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let x = validated.x_twilio.get(template);
            let normalized = normalize(template);
            let path_type = x.map(|x| x.path_type).unwrap_or_else(|| {
                if normalized.ends_with("{}") {
                    PathType::Instance
                } else {
                    PathType::List
                }
            });
            let entry = PathEntry {
                template: template.clone(),
                item,
                path_type,
                parent: x.and_then(|x| x.parent.clone()),
                mount_name: x.and_then(|x| x.mount_name.clone()),
                class_name: x.and_then(|x| x.class_name.clone()),
                default_output_properties: x
                    .map(|x| x.default_output_properties.clone())
                    .unwrap_or_default(),
            };
            let key = match path_type {
                PathType::List => normalized,
                PathType::Instance => match normalized.strip_suffix("/{}") {
                    Some(list) if self.is_list_path(list, validated) => list.to_owned(),
                    _ => normalized,
                },
            };
            let draft = drafts.entry(key).or_insert(Draft {
                list: None,
                instance: None,
            });
            let slot = match path_type {
                PathType::List => &mut draft.list,
                PathType::Instance => &mut draft.instance,
            };
            if slot.is_some() {
                self.diags.error(
                    pointer("/paths", &[template]),
                    None,
                    "two paths of the same resource role differ only in parameter names",
                );
                continue;
            }
            *slot = Some(entry);
        }
        drafts.sort_keys();
        drafts.into_values().collect()
    }

    fn is_list_path(&self, normalized: &str, validated: &Validated) -> bool {
        self.spec.doc.paths.paths.keys().any(|t| {
            normalize(t) == normalized
                && validated
                    .x_twilio
                    .get(t)
                    .is_none_or(|x| x.path_type == PathType::List)
        })
    }

    /// The resource name: what its operationIds share after the verb (`CreateSession` → `Session`),
    /// else `x-twilio.className`, else the singular of the last path segment.
    fn resource_name(&mut self, draft: &Draft<'_>) -> String {
        let mut names: Vec<&str> = Vec::new();
        let mut all_verbs = true;
        for entry in draft.entries() {
            for (_, op) in entry.item.iter() {
                let Some(id) = op.operation_id.as_deref() else {
                    continue;
                };
                match VERBS.iter().find_map(|v| id.strip_prefix(v)) {
                    Some(rest) if !rest.is_empty() => names.push(rest),
                    _ => all_verbs = false,
                }
            }
        }
        if all_verbs && !names.is_empty() && names.iter().all(|n| *n == names[0]) {
            return naming::type_ident(names[0]);
        }
        if let Some(class) = draft.entries().find_map(|e| e.class_name.as_deref()) {
            return naming::type_ident(class);
        }
        if let Some(first) = names.first() {
            return naming::type_ident(first);
        }
        let base = draft.base();
        let last = segments_of(&base)
            .into_iter()
            .rev()
            .find(|s| *s != "{}")
            .unwrap_or("Resource");
        naming::type_ident(&naming::singular(last))
    }

    /// The parent resource: `x-twilio.parent` when it names an instance path that prefixes this
    /// resource's path, else the resource with the longest instance path that does.
    fn find_parent(
        &mut self,
        draft: &Draft<'_>,
        base: &str,
        instances: &[Option<String>],
    ) -> Option<usize> {
        let by_prefix = instances
            .iter()
            .enumerate()
            .filter_map(|(i, inst)| inst.as_deref().map(|p| (i, p)))
            .filter(|(_, inst)| is_segment_prefix(inst, base))
            .max_by_key(|(_, inst)| segments_of(inst).len())
            .map(|(i, _)| i);
        let declared = draft
            .entries()
            .find_map(|e| e.parent.as_deref().map(|p| (e, p)));
        if let Some((entry, parent)) = declared {
            let wanted = normalize(parent);
            let found = instances.iter().position(|inst| {
                inst.as_deref()
                    .is_some_and(|i| without_version(i) == wanted && is_segment_prefix(i, base))
            });
            if found.is_none() {
                self.diags.warning(
                    pointer("/paths", &[&entry.template, "x-twilio", "parent"]),
                    None,
                    format!(
                        "x-twilio.parent {parent:?} names no instance path above this one; the parent is taken from the path"
                    ),
                );
            }
            return found.or(by_prefix);
        }
        by_prefix
    }

    fn endpoint(
        &mut self,
        entry: &PathEntry<'_>,
        resource: &str,
        handle: String,
        accessor: &str,
        inherited: usize,
    ) -> Endpoint {
        let item_ptr = pointer("/paths", &[&entry.template]);
        let mut path = self.path_template(&entry.template, &item_ptr);
        let mut operations = Vec::new();
        let mut method_names = Vec::new();
        for method in METHODS {
            let op = match *method {
                "get" => &entry.item.get,
                "post" => &entry.item.post,
                "put" => &entry.item.put,
                "patch" => &entry.item.patch,
                _ => &entry.item.delete,
            };
            let Some(op) = op else { continue };
            let Some(id) = op.operation_id.clone() else {
                continue; // reported by validation
            };
            let op_ptr = pointer(&item_ptr, &[method]);
            if let Some(lowered) =
                self.operation(entry, op, &id, method, &op_ptr, resource, &mut path)
            {
                let mut lowered = lowered;
                lowered.method_name = naming::dedupe(lowered.method_name, &mut method_names);
                operations.push(lowered);
            }
        }
        Endpoint {
            handle,
            accessor: naming::method_name(accessor),
            path,
            inherited_params: inherited,
            operations,
        }
    }

    fn path_template(&mut self, template: &str, ptr: &str) -> PathTemplate {
        let mut segments = Vec::new();
        let mut taken = vec!["client".to_owned()];
        for raw in template.split('/').filter(|s| !s.is_empty()) {
            if let Some(name) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                segments.push(Segment::Param(PathParam {
                    wire: name.to_owned(),
                    rust: naming::dedupe(naming::path_param_name(name), &mut taken),
                    doc: None,
                }));
            } else if raw.contains(['{', '}']) {
                self.diags.error(
                    ptr,
                    None,
                    format!("path segment {raw:?} mixes text and a parameter; only whole-segment parameters are supported"),
                );
            } else if raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            {
                segments.push(Segment::Literal(raw.to_owned()));
            } else {
                self.diags.error(
                    ptr,
                    None,
                    format!("path segment {raw:?} has characters that need escaping"),
                );
            }
        }
        PathTemplate {
            template: template.to_owned(),
            segments,
        }
    }

    /// Resolves a parameter or request body `$ref` (`#/components/parameters/x`).
    fn resolve_item<T: Clone + serde::de::DeserializeOwned>(
        &mut self,
        item: &ReferenceOr<T>,
        ptr: &str,
        op: &str,
    ) -> Option<(T, String)> {
        match item {
            ReferenceOr::Item(t) => Some((t.clone(), ptr.to_owned())),
            ReferenceOr::Reference { reference } => {
                let (target_ptr, value) = self.spec.resolve(reference)?;
                match serde_json::from_value::<T>(value.clone()) {
                    Ok(t) => Some((t, target_ptr.to_owned())),
                    Err(e) => {
                        self.diags.error(
                            ptr,
                            Some(op),
                            format!("{reference} is not valid here: {e}"),
                        );
                        None
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        entry: &PathEntry<'_>,
        op: &openapiv3::Operation,
        id: &str,
        method: &str,
        op_ptr: &str,
        resource: &str,
        path: &mut PathTemplate,
    ) -> Option<Operation> {
        let http_method = match method {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            _ => HttpMethod::Delete,
        };
        let verb = VERBS
            .iter()
            .find(|v| id.strip_prefix(**v).is_some_and(|rest| rest == resource));
        let method_name = match verb {
            Some(v) => naming::method_name(v),
            None => naming::method_name(id),
        };
        let is_list = entry.path_type == PathType::List && http_method == HttpMethod::Get;

        // Parameters: path-item level first, operation level overrides by (name, location).
        let mut params: IndexMap<(String, &'static str), (Parameter, String)> = IndexMap::new();
        let item_ptr = pointer("/paths", &[&entry.template]);
        let sources = entry
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, pointer(&item_ptr, &["parameters", &i.to_string()])))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer(op_ptr, &["parameters", &i.to_string()]))),
            )
            .collect::<Vec<_>>();
        for (p, ptr) in sources {
            if let Some((param, ptr)) = self.resolve_item(p, &ptr, id) {
                let location = match &param {
                    Parameter::Query { .. } => "query",
                    Parameter::Path { .. } => "path",
                    Parameter::Header { .. } => "header",
                    Parameter::Cookie { .. } => "cookie",
                };
                params.insert(
                    (param.parameter_data_ref().name.clone(), location),
                    (param, ptr),
                );
            }
        }

        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut query_names = Vec::new();
        // Constructs this generator cannot express: the operation is left out, the rest generated.
        let mut unsupported: Vec<(String, String)> = Vec::new();
        for ((name, location), (param, ptr)) in &params {
            let data = param.parameter_data_ref();
            let schema = self.spec.at(ptr).and_then(|v| v.get("schema")).cloned();
            let doc = data.description.clone();
            match *location {
                "path" => {
                    let declared = path.segments.iter_mut().find_map(|s| match s {
                        Segment::Param(p) if p.wire == *name => Some(p),
                        _ => None,
                    });
                    match declared {
                        Some(p) => {
                            if p.doc.is_none() {
                                p.doc = doc;
                            }
                        }
                        None => self.diags.error(
                            ptr,
                            Some(id),
                            format!(
                                "path parameter {name:?} does not appear in the path {:?}",
                                entry.template
                            ),
                        ),
                    }
                }
                "query" | "header" => {
                    let Some(schema) = schema else {
                        unsupported.push((
                            ptr.clone(),
                            format!(
                                "{location} parameter {name:?} has `content` instead of a `schema`"
                            ),
                        ));
                        continue;
                    };
                    let hint = format!("{id}{}", naming::type_ident(name));
                    let ty = self.lower_type(&schema, &pointer(ptr, &["schema"]), &hint, Some(id));
                    let paging = if is_list {
                        match name.as_str() {
                            "PageSize" => Some(PagingParam::PageSize),
                            "Page" => Some(PagingParam::Page),
                            "PageToken" => Some(PagingParam::PageToken),
                            _ => None,
                        }
                    } else {
                        None
                    };
                    let param = Param {
                        wire: name.clone(),
                        rust: naming::dedupe(naming::param_name(name), &mut query_names),
                        ty,
                        required: data.required,
                        doc,
                        paging,
                        location: if *location == "query" {
                            ParamLocation::Query
                        } else {
                            ParamLocation::Header
                        },
                    };
                    if *location == "query" {
                        query.push(param);
                    } else if is_header_name(name) {
                        headers.push(param);
                    } else {
                        unsupported.push((
                            ptr.clone(),
                            format!("{name:?} is not a valid HTTP header name"),
                        ));
                    }
                }
                other => {
                    unsupported.push((ptr.clone(), format!("{other} parameters are not supported")))
                }
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let rb_ptr = pointer(op_ptr, &["requestBody"]);
                let (body, body_ptr) = self.resolve_item(rb, &rb_ptr, id)?;
                match self.request_body(&body, &body_ptr, id, &mut query_names) {
                    Ok(body) => body,
                    Err(problem) => {
                        unsupported.push(problem);
                        None
                    }
                }
            }
        };
        let response = match self.response(op, op_ptr, id, resource) {
            Ok(response) => response,
            Err(problem) => {
                unsupported.push(problem);
                ResponseKind::Empty
            }
        };
        if !unsupported.is_empty() {
            for (ptr, problem) in unsupported {
                self.diags.warning(
                    ptr,
                    Some(id),
                    format!("{problem}; operation `{id}` is left out of the generated crate"),
                );
            }
            return None;
        }
        if is_list && !matches!(response, ResponseKind::Page { .. }) {
            self.diags.warning(
                op_ptr,
                Some(id),
                "GET on a list path does not answer with a page envelope; treated as a plain call",
            );
        }
        // Paging roles only mean something for paged answers, and the limit-derived page size is
        // computed as i64: a differently typed PageSize is an ordinary parameter.
        let paged = matches!(response, ResponseKind::Page { .. });
        for p in &mut query {
            let usable = match p.paging {
                Some(PagingParam::PageSize) => paged && p.ty == TypeRef::Integer { bits: 64 },
                Some(_) => paged,
                None => true,
            };
            if !usable {
                p.paging = None;
            }
        }
        Some(Operation {
            id: id.to_owned(),
            method_name,
            builder: naming::type_ident(&format!("{id}Request")),
            http_method,
            doc: op.description.clone().or_else(|| op.summary.clone()),
            query,
            headers,
            body,
            response,
            deprecated: op.deprecated,
        })
    }

    /// The request body's fields. Form and JSON objects are supported; any other content type is
    /// a problem (pointer, message) that leaves the operation out.
    fn request_body(
        &mut self,
        body: &openapiv3::RequestBody,
        body_ptr: &str,
        id: &str,
        taken: &mut Vec<String>,
    ) -> Result<Option<Body>, (String, String)> {
        let Some((content_type, _)) = body
            .content
            .iter()
            .find(|(ct, _)| body_encoding(ct).is_some())
            .or_else(|| body.content.iter().next())
        else {
            return Ok(None);
        };
        let media_ptr = pointer(body_ptr, &["content", content_type]);
        let Some(encoding) = body_encoding(content_type) else {
            return Err((
                media_ptr,
                format!("request bodies of type {content_type:?} are not supported"),
            ));
        };
        let schema_ptr = pointer(&media_ptr, &["schema"]);
        let mut schema = self.spec.at(&schema_ptr).cloned().unwrap_or(Value::Null);
        let mut props_ptr = schema_ptr.clone();
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some((target_ptr, target)) = self.spec.resolve(reference) else {
                return Ok(None); // reported by validation
            };
            props_ptr = target_ptr.to_owned();
            schema = target.clone();
        }
        if encoding == BodyEncoding::Json && !is_object_with_properties(&schema) {
            // A JSON body that is not an object of named fields: one required `body` argument.
            let ty = self.lower_type(&schema, &props_ptr, &format!("{id}Body"), Some(id));
            return Ok(Some(Body {
                encoding,
                fields: vec![Param {
                    wire: String::new(),
                    rust: naming::dedupe("body".into(), taken),
                    ty,
                    required: true,
                    doc: description(&schema),
                    paging: None,
                    location: ParamLocation::JsonBody,
                }],
            }));
        }
        if encoding == BodyEncoding::Form && schema.get("properties").is_none() && !schema.is_null()
        {
            return Err((
                schema_ptr,
                "a form body must be an object with properties".to_owned(),
            ));
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (wire, prop) in props {
                let ptr = pointer(&props_ptr, &["properties", wire]);
                let hint = format!("{id}{}", naming::type_ident(wire));
                let ty = self.lower_type(prop, &ptr, &hint, Some(id));
                fields.push(Param {
                    wire: wire.clone(),
                    rust: naming::dedupe(naming::param_name(wire), taken),
                    ty,
                    required: required.contains(&wire.as_str()),
                    doc: description(prop).or_else(|| self.ref_description(prop)),
                    paging: None,
                    location: match encoding {
                        BodyEncoding::Form => ParamLocation::Form,
                        BodyEncoding::Json => ParamLocation::Json,
                    },
                });
            }
        }
        Ok(Some(Body { encoding, fields }))
    }

    /// What a successful answer holds. A problem (pointer, message) leaves the operation out.
    fn response(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        id: &str,
        resource: &str,
    ) -> Result<ResponseKind, (String, String)> {
        let success = op
            .responses
            .responses
            .iter()
            .find_map(|(code, r)| match code {
                openapiv3::StatusCode::Code(c) if (200..300).contains(c) => {
                    Some((c.to_string(), r))
                }
                openapiv3::StatusCode::Range(2) => Some(("2XX".to_owned(), r)),
                _ => None,
            });
        let Some((code, response)) = success else {
            return Err((
                pointer(op_ptr, &["responses"]),
                "the operation declares no success (2xx) response".to_owned(),
            ));
        };
        let resp_ptr = pointer(op_ptr, &["responses", &code]);
        let resolved = match response {
            ReferenceOr::Reference { reference } => self
                .spec
                .resolve(reference)
                .map(|(p, v)| (p.to_owned(), v.clone())),
            ReferenceOr::Item(_) => self
                .spec
                .at(&resp_ptr)
                .map(|v| (resp_ptr.clone(), v.clone())),
        };
        let Some((resp_ptr, response_value)) = resolved else {
            return Ok(ResponseKind::Value(TypeRef::Json)); // a dangling reference, reported by validation
        };
        let Some(content) = response_value.get("content").and_then(Value::as_object) else {
            return Ok(ResponseKind::Empty);
        };
        let Some((content_type, media)) = content
            .iter()
            .find(|(ct, _)| ct.starts_with("application/json"))
            .or_else(|| content.iter().next())
        else {
            return Ok(ResponseKind::Empty);
        };
        if !content_type.starts_with("application/json") {
            return Err((
                pointer(&resp_ptr, &["content", content_type]),
                format!("responses of type {content_type:?} are not supported"),
            ));
        }
        let schema_ptr = pointer(&resp_ptr, &["content", content_type, "schema"]);
        let Some(schema) = media.get("schema") else {
            return Ok(ResponseKind::Value(TypeRef::Json));
        };
        if let Some(page) = self.page_envelope(schema, &schema_ptr, id, resource) {
            return Ok(page);
        }
        Ok(ResponseKind::Value(self.lower_type(
            schema,
            &schema_ptr,
            resource,
            Some(id),
        )))
    }

    /// A list answer: an object with exactly one array of records and paging data, either Twilio's
    /// `meta` object or the older top-level `next_page_uri` style. A `$ref` is looked through.
    fn page_envelope(
        &mut self,
        schema: &Value,
        ptr: &str,
        id: &str,
        resource: &str,
    ) -> Option<ResponseKind> {
        let (schema, ptr) = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let (target_ptr, target) = self.spec.resolve(reference)?;
                (target.clone(), target_ptr.to_owned())
            }
            None => (schema.clone(), ptr.to_owned()),
        };
        let props = schema.get("properties")?.as_object()?;
        let paging = props.contains_key(PAGE_META) || props.contains_key("next_page_uri");
        if !paging {
            return None;
        }
        let arrays: Vec<(&String, &Value)> = props
            .iter()
            .filter(|(k, v)| {
                k.as_str() != PAGE_META && v.get("type").and_then(Value::as_str) == Some("array")
            })
            .collect();
        let [(key, array)] = arrays.as_slice() else {
            self.diags.warning(
                &ptr,
                Some(id),
                "answer has paging data but not exactly one array of records; decoded as a plain value",
            );
            return None;
        };
        let items = array.get("items").cloned().unwrap_or(Value::Null);
        let item_ptr = pointer(&ptr, &["properties", key, "items"]);
        let item = self.lower_type(&items, &item_ptr, resource, Some(id));
        Some(ResponseKind::Page {
            item,
            key: (*key).clone(),
        })
    }

    /// Accessor names on one handle must differ from each other and from its operation methods.
    fn dedupe_accessors(&mut self, resources: &mut [Resource]) {
        let mut taken_by_parent: IndexMap<Option<usize>, Vec<String>> = IndexMap::new();
        for (i, r) in resources.iter().enumerate() {
            if let Some(inst) = &r.instance {
                taken_by_parent
                    .entry(Some(i))
                    .or_default()
                    .extend(inst.operations.iter().map(|o| o.method_name.clone()));
            }
        }
        taken_by_parent
            .entry(None)
            .or_default()
            .extend(CLIENT_METHODS.iter().map(|s| (*s).to_owned()));
        for r in resources.iter_mut() {
            let taken = taken_by_parent.entry(r.parent).or_default();
            for endpoint in [&mut r.list, &mut r.instance].into_iter().flatten() {
                endpoint.accessor = naming::dedupe(endpoint.accessor.clone(), taken);
            }
        }
    }
}

/// Drops handles that would do nothing: a list path none of whose operations could be generated,
/// an instance path with no operations and no children; then resources left with neither.
fn prune_empty_endpoints(mut resources: Vec<Resource>) -> Vec<Resource> {
    // Until nothing changes: pruning a child can leave its parent's instance handle empty too.
    let mut keep: Vec<bool> = vec![true; resources.len()];
    loop {
        let has_children: Vec<bool> = (0..resources.len())
            .map(|i| {
                resources
                    .iter()
                    .zip(&keep)
                    .any(|(r, kept)| *kept && r.parent == Some(i))
            })
            .collect();
        for (i, r) in resources.iter_mut().enumerate() {
            if r.list.as_ref().is_some_and(|e| e.operations.is_empty()) {
                r.list = None;
            }
            if !has_children[i] && r.instance.as_ref().is_some_and(|e| e.operations.is_empty()) {
                r.instance = None;
            }
        }
        let next: Vec<bool> = resources
            .iter()
            .map(|r| r.list.is_some() || r.instance.is_some())
            .collect();
        if next == keep {
            break;
        }
        keep = next;
    }
    let new_index: Vec<Option<usize>> = keep
        .iter()
        .scan(0, |next, &k| {
            let index = k.then_some(*next);
            *next += usize::from(k);
            Some(index)
        })
        .collect();
    resources
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(mut r, _)| {
            r.parent = r.parent.and_then(|p| new_index[p]);
            r
        })
        .collect()
}

/// Inherent methods of the runtime `Client` that accessors must not shadow.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "account_sid", "base_url"];

/// Puts every model, enum and union in a module: the first resource whose operations use it, else
/// the module of the type that uses it, else the shared `types` module.
fn assign_modules(
    resources: &mut [Resource],
    mut models: Vec<Model>,
    mut enums: Vec<EnumType>,
    mut unions: Vec<UnionType>,
) -> (Vec<Model>, Vec<EnumType>, Vec<UnionType>) {
    let mut module_of: IndexMap<String, String> = IndexMap::new();
    let claim = |ty: &TypeRef, module: &str, module_of: &mut IndexMap<String, String>| {
        let mut stack = vec![ty];
        while let Some(t) = stack.pop() {
            match t {
                TypeRef::Model(n) | TypeRef::Enum(n) | TypeRef::Union(n) => {
                    module_of
                        .entry(n.clone())
                        .or_insert_with(|| module.to_owned());
                }
                TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(inner),
                _ => {}
            }
        }
    };
    for r in resources.iter() {
        for ep in r.list.iter().chain(r.instance.iter()) {
            for op in &ep.operations {
                match &op.response {
                    ResponseKind::Value(t) | ResponseKind::Page { item: t, .. } => {
                        claim(t, &r.module, &mut module_of)
                    }
                    ResponseKind::Empty => {}
                }
            }
        }
    }
    for r in resources.iter() {
        for ep in r.list.iter().chain(r.instance.iter()) {
            for op in &ep.operations {
                for p in op.params() {
                    claim(&p.ty, &r.module, &mut module_of);
                }
            }
        }
    }
    // Nested types follow the type that uses them, until nothing changes.
    loop {
        let before = module_of.len();
        for m in &models {
            if let Some(module) = module_of.get(&m.name).cloned() {
                for f in &m.fields {
                    claim(&f.ty, &module, &mut module_of);
                }
            }
        }
        for u in &unions {
            if let Some(module) = module_of.get(&u.name).cloned() {
                for v in &u.variants {
                    claim(&v.ty, &module, &mut module_of);
                }
            }
        }
        if module_of.len() == before {
            break;
        }
    }
    let module = |name: &str| {
        module_of
            .get(name)
            .cloned()
            .unwrap_or_else(|| SHARED_MODULE.to_owned())
    };
    for m in &mut models {
        m.module = module(&m.name);
    }
    for e in &mut enums {
        e.module = module(&e.name);
    }
    for u in &mut unions {
        u.module = module(&u.name);
    }
    (models, enums, unions)
}
