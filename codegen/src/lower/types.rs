//! Schemas become named models, enums and unions, and every schema use a [`TypeRef`].

use super::*;

/// The variant name a union alternative of this type gets.
pub(super) fn union_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::DateTime | TypeRef::DateTimeRfc2822 | TypeRef::Date => {
            "Text".into()
        }
        TypeRef::Integer { .. } | TypeRef::Count => "Integer".into(),
        TypeRef::Request(n) | TypeRef::Sid(n) => n.clone(),
        TypeRef::Number | TypeRef::Decimal => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Enum(n) | TypeRef::Model(n) | TypeRef::Union(n) => n.clone(),
        TypeRef::Array(_) => "List".into(),
        TypeRef::Map(_) => "Map".into(),
    }
}

impl Lowering<'_> {
    // ---------------------------------------------------------------- schemas

    /// Names every component schema that is an enum or an object model.
    pub(super) fn register_components(&mut self) {
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

    pub(super) fn push_enum(&mut self, name: String, ptr: &str, schema: &Value) {
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

    pub(super) fn push_model(&mut self, name: String, ptr: &str, schema: &Value) {
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
    pub(super) fn finish_models(&mut self) {
        while let Some((index, ptr, schema)) = self.pending_models.pop() {
            let model_name = self.models[index].name.clone();
            let mut fields = Vec::new();
            let mut taken = Vec::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (wire, prop) in props {
                    let prop_ptr = pointer(&ptr, &["properties", wire]);
                    let hint = format!("{model_name}{}", naming::type_ident(wire));
                    let ty = self.lower_type(prop, &prop_ptr, &hint, None);
                    // Twilio writes `nullable` and `default` beside a `$ref`; else they are the target's.
                    let target = prop
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| self.spec.resolve(r))
                        .map(|(_, target)| target);
                    let own_or_target = |key: &str| {
                        prop.get(key)
                            .or_else(|| target.and_then(|t| t.get(key)))
                            .cloned()
                    };
                    fields.push(Field {
                        wire: wire.clone(),
                        rust: naming::dedupe(naming::field_name(wire), &mut taken),
                        ty,
                        doc: description(prop).or_else(|| self.ref_description(prop)),
                        boxed: false,
                        nullable: own_or_target("nullable").and_then(|v| v.as_bool()) == Some(true),
                        default: own_or_target("default"),
                        example: self.example(prop),
                        secret: naming::is_credential(wire),
                        deprecated: super::operations::is_deprecated(prop),
                    });
                }
            }
            self.models[index].fields = fields;
        }
    }

    pub(super) fn ref_description(&self, v: &Value) -> Option<String> {
        let reference = v.get("$ref")?.as_str()?;
        self.spec
            .resolve(reference)
            .and_then(|(_, t)| description(t))
    }

    /// The IR type of a schema. `hint` names inline enums and models.
    pub(super) fn lower_type(
        &mut self,
        schema: &Value,
        ptr: &str,
        hint: &str,
        op: Option<&str>,
    ) -> TypeRef {
        self.lower_type_depth(schema, ptr, hint, op, 0)
    }

    pub(super) fn lower_type_depth(
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
        match crate::overrides::lookup(&self.product, ptr, schema) {
            crate::overrides::Applies::No => {}
            crate::overrides::Applies::Yes(declared) => {
                self.overrides_seen.push(declared.pointer);
                if let Some(known) = self.requests.iter().find(|r| r.pointer == ptr) {
                    return TypeRef::Request(known.name.clone());
                }
                let object = &declared.object;
                let name = naming::dedupe(naming::type_ident(object.name), &mut self.type_names);
                // The type's own methods are taken; each member's setter is named like a field.
                let mut taken: Vec<String> = crate::reserved::REQUEST_OBJECT_METHODS
                    .iter()
                    .map(|m| (*m).to_owned())
                    .collect();
                let members = object
                    .members
                    .iter()
                    .map(|m| RequestMember {
                        wire: m.wire.to_owned(),
                        rust: naming::dedupe(naming::field_name(m.wire), &mut taken),
                        doc: m.doc.to_owned(),
                    })
                    .collect();
                self.requests.push(RequestType {
                    name: name.clone(),
                    module: String::new(),
                    pointer: ptr.to_owned(),
                    doc: object.doc.to_owned(),
                    reason: declared.reason.to_owned(),
                    members,
                });
                return TypeRef::Request(name);
            }
            crate::overrides::Applies::Stale(declared) => {
                self.overrides_seen.push(declared.pointer);
                self.diags.warning(
                    ptr,
                    op,
                    format!(
                        "the override `{}` (codegen/src/overrides.rs) replaces the schema `{}` here, but \
                         the spec now says `{}`; the spec's type is used. Review the override: {}",
                        declared.object.name, declared.replaces, schema, declared.reason
                    ),
                );
            }
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
                _ => self.sid_type(schema).map_or(TypeRef::String, TypeRef::Sid),
            },
            Some("integer") => TypeRef::Integer {
                bits: if format == Some("int32") { 32 } else { 64 },
            },
            Some("number") if matches!(format, Some("float" | "double")) => TypeRef::Number,
            Some("number") => TypeRef::Decimal,
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
    pub(super) fn lower_union(
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
            variants.push(UnionVariant {
                name,
                ty,
                boxed: false,
            });
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
    pub(super) fn lower_all_of(
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
    pub(super) fn merge_all_of(&self, parts: &[Value]) -> Result<Value, usize> {
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
}

/// Boxes every model field and union variant whose type holds (directly, not behind a `Vec` or a
/// map, which are already on the heap) a type of the same strongly connected component: a
/// `Service.parent_service: Service` would otherwise have infinite size. Linear in the types and
/// their fields (Tarjan's algorithm, without recursion so a deep spec cannot overflow the stack).
pub(super) fn box_recursive_types(models: &mut [Model], unions: &mut [UnionType]) {
    // Nodes: models, then unions.
    let mut index: IndexMap<&str, usize> = IndexMap::new();
    for name in models.iter().map(|m| m.name.as_str()) {
        index.insert(name, index.len());
    }
    for name in unions.iter().map(|u| u.name.as_str()) {
        index.insert(name, index.len());
    }
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Model(n) | TypeRef::Union(n) => index.get(n.as_str()).copied(),
        _ => None,
    };
    // For each node, the type each of its fields (or variants) holds directly, if it is a node.
    let targets: Vec<Vec<Option<usize>>> = models
        .iter()
        .map(|m| m.fields.iter().map(|f| direct(&f.ty)).collect())
        .chain(
            unions
                .iter()
                .map(|u| u.variants.iter().map(|v| direct(&v.ty)).collect()),
        )
        .collect();
    let edges: Vec<Vec<usize>> = targets
        .iter()
        .map(|t| t.iter().flatten().copied().collect())
        .collect();
    let component = strongly_connected_components(&edges);
    let boxes = |node: usize, target: Option<usize>| {
        target.is_some_and(|t| component[t] == component[node])
    };
    let model_count = models.len();
    for (i, m) in models.iter_mut().enumerate() {
        for (f, target) in m.fields.iter_mut().zip(&targets[i]) {
            f.boxed = boxes(i, *target);
        }
    }
    for (j, u) in unions.iter_mut().enumerate() {
        let node = model_count + j;
        for (v, target) in u.variants.iter_mut().zip(&targets[node]) {
            v.boxed = boxes(node, *target);
        }
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, iterative).
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; n];
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNVISITED {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut calls = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next_edge)) = calls.last_mut() {
            if let Some(&to) = edges[node].get(*next_edge) {
                *next_edge += 1;
                if order[to] == UNVISITED {
                    order[to] = next_order;
                    low[to] = next_order;
                    next_order += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    calls.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
