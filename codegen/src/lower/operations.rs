//! Operations: their parameters (path, query, header), request bodies, and what leaves an operation
//! out of the crate.

use super::pagination::{keep_usable_paging_roles, paging_role};
use super::responses::success_response;
use super::*;

/// Whether `name` is an HTTP header name (an RFC 9110 token).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The body encodings the generator supports, by content type.
pub(super) fn body_encoding(content_type: &str) -> Option<BodyEncoding> {
    if is_json_media(content_type) {
        return Some(BodyEncoding::Json);
    }
    match media_essence(content_type) {
        "application/x-www-form-urlencoded" => Some(BodyEncoding::Form),
        _ => None,
    }
}

/// A media type without its parameters (`application/json; charset=utf-8` → `application/json`).
fn media_essence(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or_default().trim()
}

/// JSON: `application/json`, or a type with the `+json` structured syntax suffix (RFC 6839), such
/// as SCIM's `application/scim+json`.
pub(super) fn is_json_media(content_type: &str) -> bool {
    let essence = media_essence(content_type).to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The operation's JSON media type when it is not plain `application/json`: its request body's, else
/// its success answer's (see [`Operation::media_type`]).
fn custom_json_media(op: &openapiv3::Operation) -> Option<String> {
    let body = match &op.request_body {
        Some(ReferenceOr::Item(body)) => body.content.keys().next().cloned(),
        _ => None,
    };
    let answer = success_response(op).and_then(|(_, r, _)| match r {
        ReferenceOr::Item(r) => r.content.keys().next().cloned(),
        ReferenceOr::Reference { .. } => None,
    });
    body.into_iter()
        .chain(answer)
        .find(|ct| is_json_media(ct) && media_essence(ct) != "application/json")
        .map(|ct| media_essence(&ct).to_owned())
}

/// Where a spec parameter goes (OpenAPI's `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamIn {
    fn of(parameter: &Parameter) -> Self {
        match parameter {
            Parameter::Query { .. } => ParamIn::Query,
            Parameter::Path { .. } => ParamIn::Path,
            Parameter::Header { .. } => ParamIn::Header,
            Parameter::Cookie { .. } => ParamIn::Cookie,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

impl Lowering<'_> {
    /// Resolves a parameter or request body `$ref` (`#/components/parameters/x`).
    pub(super) fn resolve_item<T: Clone + serde::de::DeserializeOwned>(
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
    pub(super) fn operation(
        &mut self,
        entry: &PathEntry<'_>,
        op: &openapiv3::Operation,
        id: &str,
        http_method: HttpMethod,
        op_ptr: &str,
        resource: &str,
        path: &mut PathTemplate,
    ) -> Option<Operation> {
        let verb = VERBS
            .iter()
            .find(|v| id.strip_prefix(**v).is_some_and(|rest| rest == resource));
        let method_name = match verb {
            Some(v) => naming::method_name(v),
            None => naming::method_name(id),
        };
        let is_list = entry.path_type == PathType::List && http_method == HttpMethod::Get;

        // Parameters: path-item level first, operation level overrides by (name, location).
        let mut params: IndexMap<(String, ParamIn), (Parameter, String)> = IndexMap::new();
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
                params.insert(
                    (param.parameter_data_ref().name.clone(), ParamIn::of(&param)),
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
                ParamIn::Path => {
                    let declared = path.segments.iter_mut().find_map(|s| match s {
                        Segment::Param(p) if p.wire == *name => Some(p),
                        _ => None,
                    });
                    match declared {
                        Some(p) => {
                            if p.doc.is_none() {
                                p.doc = doc;
                            }
                            if p.sid.is_none() {
                                p.sid = schema.as_ref().and_then(|s| self.sid_type(s));
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
                ParamIn::Query | ParamIn::Header => {
                    let Some(schema) = schema else {
                        unsupported.push((
                            ptr.clone(),
                            format!(
                                "{} parameter {name:?} has `content` instead of a `schema`",
                                location.as_str()
                            ),
                        ));
                        continue;
                    };
                    let hint = format!("{id}{}", naming::type_ident(name));
                    let ty = self.lower_type(&schema, &pointer(ptr, &["schema"]), &hint, Some(id));
                    let paging = if is_list { paging_role(name) } else { None };
                    let param = Param {
                        wire: name.clone(),
                        rust: naming::dedupe(naming::param_name(name), &mut query_names),
                        ty,
                        required: data.required,
                        doc,
                        paging,
                        example: self.example(&schema),
                        location: if *location == ParamIn::Query {
                            ParamLocation::Query
                        } else {
                            ParamLocation::Header
                        },
                        deprecated: data.deprecated == Some(true) || is_deprecated(&schema),
                        field: None,
                    };
                    if *location == ParamIn::Query {
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
                ParamIn::Cookie => {
                    unsupported.push((ptr.clone(), "cookie parameters are not supported".into()))
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
                    &ptr,
                    Some(id),
                    format!("{problem}; operation `{id}` is left out of the generated crate"),
                );
                self.left_out.push(LeftOut {
                    operation_id: id.to_owned(),
                    pointer: ptr,
                    reason: problem,
                });
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
        keep_usable_paging_roles(&mut query, &response);
        let required = query
            .iter()
            .chain(&headers)
            .chain(body.iter().flat_map(|b| &b.fields))
            .filter(|p| p.required)
            .count();
        let required_struct = (required > MAX_POSITIONAL_REQUIRED).then(|| {
            naming::dedupe(
                naming::type_ident(&format!("{id}Required")),
                &mut self.type_names,
            )
        });
        let one_of = self.one_of(op, op_ptr, id, &query, &headers, body.as_ref());
        Some(Operation {
            one_of,
            id: id.to_owned(),
            method_name,
            builder: naming::type_ident(&format!("{id}Request")),
            required_struct,
            http_method,
            doc: op.description.clone().or_else(|| op.summary.clone()),
            query,
            headers,
            body,
            response,
            deprecated: op.deprecated,
            maturity: op
                .extensions
                .get("x-maturity")
                .and_then(Value::as_array)
                .map(|levels| {
                    levels
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            server: op
                .servers
                .first()
                .or_else(|| entry.item.servers.first())
                .map(|s| s.url.trim_end_matches('/').to_owned())
                .filter(|url| *url != self.base_url),
            media_type: custom_json_media(op),
            status: success_response(op)
                .and_then(|(code, _, _)| code.parse().ok())
                .unwrap_or(200),
            redirect_answer: success_response(op).and_then(|(_, _, redirect)| redirect),
        })
    }

    /// `x-twilio.conditional`: groups of parameters (named as Twilio's libraries name them,
    /// `media_url`) of which the caller must give at least one, as wire names. A group with a
    /// required parameter is always met and is dropped; a name the operation does not have is a
    /// warning that points at it.
    fn one_of(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        id: &str,
        query: &[Param],
        headers: &[Param],
        body: Option<&Body>,
    ) -> Vec<Vec<String>> {
        let Some(groups) = op
            .extensions
            .get("x-twilio")
            .and_then(|x| x.get("conditional"))
            .and_then(Value::as_array)
        else {
            return Vec::new();
        };
        let squash = |name: &str| -> String {
            name.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let params: Vec<&Param> = query
            .iter()
            .chain(headers)
            .chain(body.iter().flat_map(|b| &b.fields))
            .collect();
        let mut out = Vec::new();
        for (i, group) in groups.iter().enumerate() {
            let ptr = pointer(op_ptr, &["x-twilio", "conditional", &i.to_string()]);
            let Some(names) = group.as_array() else {
                self.diags
                    .warning(&ptr, Some(id), "a conditional group is not a list: ignored");
                continue;
            };
            let mut wires = Vec::new();
            let mut always_met = false;
            for name in names.iter().filter_map(Value::as_str) {
                match params.iter().find(|p| squash(&p.wire) == squash(name)) {
                    Some(p) if p.required => always_met = true,
                    Some(p) => wires.push(p.wire.clone()),
                    None => self.diags.warning(
                        &ptr,
                        Some(id),
                        format!("the conditional group names {name:?}, which is not a parameter of the operation: left out of the check"),
                    ),
                }
            }
            if !always_met && !wires.is_empty() {
                out.push(wires);
            }
        }
        out
    }

    /// The request body's fields. Form and JSON objects are supported; any other content type is
    /// a problem (pointer, message) that leaves the operation out.
    pub(super) fn request_body(
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
                    example: None,
                    location: ParamLocation::JsonBody,
                    deprecated: false,
                    field: None,
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
                    example: self.example(prop),
                    location: match encoding {
                        BodyEncoding::Form => ParamLocation::Form,
                        BodyEncoding::Json => ParamLocation::Json,
                    },
                    deprecated: is_deprecated(prop),
                    field: None,
                });
            }
        }
        Ok(Some(Body { encoding, fields }))
    }
}

/// Whether a schema says `deprecated: true`.
pub(super) fn is_deprecated(schema: &Value) -> bool {
    schema.get("deprecated").and_then(Value::as_bool) == Some(true)
}
