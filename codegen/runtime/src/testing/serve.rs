//! Serving: the connection loop, routing a request to its operation, parameter checks, the
//! operations' semantics and paging.

use super::*;

/// Accepts connections until aborted; the connections' tasks belong to it, so aborting it (dropping
/// the `FakeTwilio`) ends them too, kept-alive ones included.
pub(super) async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    let mut connections = tokio::task::JoinSet::new();
    let mut failures = 0;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                failures = 0;
                stream
            }
            // Out of file descriptors (the test process's, shared with the code under test), or a
            // connection reset before it was accepted: wait before trying again instead of spinning.
            Err(_) => {
                failures += 1;
                tokio::time::sleep(accept_backoff(failures)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        let shared = shared.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move { Ok::<_, std::convert::Infallible>(answer(&shared, request).await) }
            });
            // A client that goes away mid-request is no concern of the fake's.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// How long to wait after the `failures`-th accept error in a row: 1 ms, doubling, at most 1 s.
pub(super) fn accept_backoff(failures: u32) -> Duration {
    Duration::from_millis(1u64 << failures.saturating_sub(1).min(10)).min(Duration::from_secs(1))
}

/// The success status the spec gives the operation, if it is a 2xx with a body; else `otherwise`.
pub(super) fn success(operation: &Operation, otherwise: StatusCode) -> StatusCode {
    StatusCode::from_u16(operation.status)
        .ok()
        .filter(|s| s.is_success() && *s != StatusCode::NO_CONTENT)
        .unwrap_or(otherwise)
}

/// How a list answer is shaped.
pub(super) struct PageShape {
    pub(super) key: &'static str,
    pub(super) legacy: bool,
    pub(super) links_nullable: bool,
}

pub(super) type Answered = http::Response<Full<Bytes>>;

pub(super) fn respond(status: StatusCode, body: Option<&Value>) -> Answered {
    let mut response = http::Response::new(Full::new(match body {
        Some(body) => Bytes::from(body.to_string()),
        None => Bytes::new(),
    }));
    *response.status_mut() = status;
    if body.is_some() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
    }
    response
}

/// Twilio's error document.
pub(super) fn error(status: u16, code: u32, message: impl Into<String>) -> Answered {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    respond(
        status,
        Some(&json!({
            "code": code,
            "message": message.into(),
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status.as_u16(),
        })),
    )
}

pub(super) fn not_found(path: &str) -> Answered {
    error(
        404,
        20404,
        format!("The requested resource {path} was not found"),
    )
}

pub(super) fn split_query(target: &str) -> (&str, &str) {
    target.split_once('?').unwrap_or((target, ""))
}

pub(super) fn decode_pairs(text: &[u8]) -> Vec<(String, String)> {
    parse_form(text)
        .into_iter()
        .map(|(k, v)| {
            (
                String::from_utf8_lossy(&k).into_owned(),
                String::from_utf8_lossy(&v).into_owned(),
            )
        })
        .collect()
}

pub(super) async fn answer(shared: &Shared, request: http::Request<Incoming>) -> Answered {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return error(413, 20413, "the request body is too large"),
    };
    let path = parts.uri.path().to_owned();
    let query = decode_pairs(parts.uri.query().unwrap_or_default().as_bytes());
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim())
        // `application/json`, or a `+json` type (SCIM's `application/scim+json`).
        .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
    let params = if is_json {
        match serde_json::from_slice::<Map<String, Value>>(&body) {
            Ok(object) => object
                .into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect(),
            Err(_) if body.is_empty() => Vec::new(),
            Err(e) => return error(400, 20001, format!("the JSON body does not parse: {e}")),
        }
    } else {
        decode_pairs(&body)
    };
    let fault = {
        let mut state = shared.lock();
        state.log(RecordedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            query: query.clone(),
            params: params.clone(),
        });
        state.faults.pop_front()
    };
    match fault {
        Some(Fault::Status(status)) => {
            return error(
                status,
                20000 + u32::from(status),
                format!("scripted failure ({status})"),
            );
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    let authorized = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Basic "));
    if !authorized {
        return error(401, 20003, "Authenticate");
    }
    let Some(route) = shared.route(&path) else {
        return not_found(&path);
    };
    let Some(spec) = shared.path_spec(&route) else {
        return not_found(&path);
    };
    let Some(operation) = spec
        .operations
        .iter()
        .find(|o| o.method == parts.method.as_str())
    else {
        return error(
            405,
            20004,
            format!("Method {} not allowed on {path}", parts.method),
        );
    };
    let params = match validate(operation, &query, &params) {
        Ok(params) => params,
        Err(message) => return error(400, 20001, message),
    };
    handle(shared, route, spec.template, operation, &query, &params)
}

/// The parameters an operation declares, as sent, after the checks the spec allows.
pub(super) fn validate(
    operation: &Operation,
    query: &[(String, String)],
    body: &[(String, String)],
) -> Result<Vec<(&'static Param, Vec<String>)>, String> {
    let mut out = Vec::new();
    for param in operation.params {
        let sent = if param.query { query } else { body };
        let values: Vec<String> = sent
            .iter()
            .filter(|(k, _)| k == param.wire)
            .map(|(_, v)| v.clone())
            .collect();
        if values.is_empty() {
            if param.required {
                return Err(format!(
                    "Missing required parameter {} in the request",
                    param.wire
                ));
            }
            continue;
        }
        for value in &values {
            if !param.values.is_empty() && !param.values.contains(&value.as_str()) {
                return Err(format!(
                    "{} must be one of {:?}, not {value:?}",
                    param.wire, param.values
                ));
            }
            if parse_value(param.kind, value).is_none() {
                return Err(format!("{} is not a valid {:?}", param.wire, value));
            }
        }
        out.push((param, values));
    }
    Ok(out)
}

/// Resolves the ancestors the route names, outermost first: a stored ancestor named by an alias
/// (its unique name) is replaced by its SID, so that its children are stored in one place; an
/// ancestor that could exist (its resource can be created) but does not is the error, as its path.
pub(super) fn resolve_parents(
    shared: &Shared,
    state: &State,
    route: &mut Route,
) -> Result<(), String> {
    let mut ancestors = Vec::new();
    let mut ancestor = shared.spec.resources[route.resource].parent;
    while let Some(index) = ancestor {
        ancestors.push(index);
        ancestor = shared.spec.resources[index].parent;
    }
    for &index in ancestors.iter().rev() {
        let resource = &shared.spec.resources[index];
        let Some(instance) = &resource.instance else {
            continue;
        };
        let count = template_params(instance.template);
        if count == 0 || count > route.values.len() {
            continue;
        }
        let path = render(instance.template, &route.values[..count]);
        let (key, _) = split_last(&path);
        let id = &route.values[count - 1];
        let stored = state
            .collections
            .get(&collection_key(key))
            .and_then(|records| records.iter().find(|r| matches_id(resource, r, id)));
        match stored.and_then(|r| record_id(resource, r)) {
            Some(canonical) => route.values[count - 1] = canonical,
            None => {
                if resource.creatable() && stored.is_none() && id != ACCOUNT_SID {
                    return Err(path);
                }
            }
        }
    }
    Ok(())
}

pub(super) fn handle(
    shared: &Shared,
    mut route: Route,
    template: &str,
    operation: &Operation,
    query: &[(String, String)],
    params: &[(&'static Param, Vec<String>)],
) -> Answered {
    let resource = &shared.spec.resources[route.resource];
    let ends_in_param = ends_in_param(template);
    let mut state = shared.lock();
    if let Err(missing) = resolve_parents(shared, &state, &mut route) {
        return not_found(&missing);
    }
    let route = &route;
    // The path with every ancestor named by its SID.
    let path = &render(template, &route.values);
    // A list path, or an instance path whose record is one of a collection.
    if !route.instance || !ends_in_param {
        if !route.instance && operation.method == "POST" {
            let record = shared.new_record(&mut state, route, params, &Map::new());
            let answer = Value::Object(record.clone());
            state
                .collections
                .entry(collection_key(path))
                .or_default()
                .push(record);
            return respond(success(operation, StatusCode::CREATED), Some(&answer));
        }
        if let Answer::Page {
            key,
            legacy,
            links_nullable,
        } = operation.answer
        {
            let records = state
                .collections
                .get(&collection_key(path))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let shape = PageShape {
                key,
                legacy,
                links_nullable,
            };
            return page(shared, path, query, params, records, shape);
        }
        // A singleton (or a list path answered with one record): it exists implicitly.
        let key = collection_key(path);
        return match operation.method {
            "DELETE" => {
                state.singletons.remove(&key);
                respond(StatusCode::NO_CONTENT, None)
            }
            "GET" => {
                let record = match state.singletons.get(&key) {
                    Some(record) => record.clone(),
                    None => {
                        let record = shared.new_record(&mut state, route, &[], &Map::new());
                        state.singletons.insert(key, record.clone());
                        record
                    }
                };
                respond(
                    success(operation, StatusCode::OK),
                    Some(&Value::Object(record)),
                )
            }
            _ => {
                let mut record = match state.singletons.remove(&key) {
                    Some(record) => record,
                    None => shared.new_record(&mut state, route, &[], &Map::new()),
                };
                apply_params(resource, &mut record, params);
                touch(shared, resource, &mut record);
                state.singletons.insert(key, record.clone());
                respond(
                    success(operation, StatusCode::OK),
                    Some(&Value::Object(record)),
                )
            }
        };
    }
    let (parent_path, _) = split_last(path);
    let id = route.values.last().cloned().unwrap_or_default();
    let key = collection_key(parent_path);
    let records = state.collections.entry(key).or_default();
    let Some(position) = records.iter().position(|r| matches_id(resource, r, &id)) else {
        return not_found(path);
    };
    match operation.method {
        "DELETE" => {
            let removed = records.remove(position);
            let mut values = route.values.clone();
            if let (Some(last), Some(canonical)) =
                (values.last_mut(), record_id(resource, &removed))
            {
                *last = canonical;
            }
            let below = format!("{}/", collection_key(&render(template, &values)));
            state.collections.retain(|k, _| !k.starts_with(&below));
            state.singletons.retain(|k, _| !k.starts_with(&below));
            respond(StatusCode::NO_CONTENT, None)
        }
        "GET" => respond(
            success(operation, StatusCode::OK),
            Some(&Value::Object(records[position].clone())),
        ),
        _ => {
            let record = &mut records[position];
            apply_params(resource, record, params);
            touch(shared, resource, record);
            respond(
                success(operation, StatusCode::OK),
                Some(&Value::Object(record.clone())),
            )
        }
    }
}

/// Sets `date_updated` to now.
pub(super) fn touch(shared: &Shared, resource: &Resource, record: &mut Map<String, Value>) {
    if let Some(field) = resource.fields.iter().find(|f| f.wire == "date_updated") {
        record.insert("date_updated".into(), date_value(field.kind, shared.now()));
    }
}

/// One page of `records`, filtered by the query parameters that name record fields.
pub(super) fn page(
    shared: &Shared,
    path: &str,
    query: &[(String, String)],
    params: &[(&'static Param, Vec<String>)],
    records: &[Map<String, Value>],
    shape: PageShape,
) -> Answered {
    let PageShape {
        key,
        legacy,
        links_nullable,
    } = shape;
    let number = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse::<usize>().ok())
    };
    let size = number("PageSize").unwrap_or(50).min(1000);
    if size == 0 {
        return error(400, 20001, "PageSize must be between 1 and 1000");
    }
    let page_number = number("Page").unwrap_or(0);
    let offset = query
        .iter()
        .find(|(k, _)| k == "PageToken")
        .and_then(|(_, v)| v.strip_prefix("PT"))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(page_number.saturating_mul(size));
    let filters: Vec<(&str, &[String])> = params
        .iter()
        .filter(|(p, _)| p.filter && !matches!(p.wire, "PageSize" | "Page" | "PageToken"))
        .filter_map(|(p, values)| p.field.map(|f| (f, values.as_slice())))
        .collect();
    let matching: Vec<&Map<String, Value>> = records
        .iter()
        .filter(|r| {
            filters
                .iter()
                .all(|(field, values)| values.iter().all(|v| field_matches(r.get(*field), v)))
        })
        .collect();
    let items: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|r| Value::Object((*r).clone()))
        .collect();
    // Twilio's page links keep the request's filters; only the paging parameters change.
    let mut kept = crate::params::Params::new();
    for (param, values) in params {
        if !matches!(param.wire, "PageSize" | "Page" | "PageToken") && param.query {
            for value in values {
                kept.push(param.wire, value);
            }
        }
    }
    let kept = kept.encode();
    let link = |page: usize, token: Option<usize>| {
        let mut url = format!("{path}?");
        if !kept.is_empty() {
            url.push_str(&kept);
            url.push('&');
        }
        url.push_str(&format!("PageSize={size}&Page={page}"));
        if let Some(token) = token {
            url.push_str(&format!("&PageToken=PT{token}"));
        }
        url
    };
    let next = (offset.saturating_add(size) < matching.len()).then(|| {
        link(
            page_number.saturating_add(1),
            Some(offset.saturating_add(size)),
        )
    });
    let previous = (page_number > 0 && offset > 0)
        .then(|| link(page_number - 1, Some(offset.saturating_sub(size))));
    let first = link(0, None);
    let current = link(
        page_number,
        (page_number > 0 || offset > 0).then_some(offset),
    );
    let absolute = |url: Option<String>| match url {
        Some(url) => Value::String(format!("{}{url}", shared.base_url)),
        None => Value::Null,
    };
    let relative = |url: Option<String>| url.map_or(Value::Null, Value::String);
    let mut body = if legacy {
        json!({
            key: items,
            "page": page_number,
            "page_size": size,
            "start": offset,
            "end": offset.saturating_add(items.len().saturating_sub(1)),
            "uri": relative(Some(current)),
            "first_page_uri": relative(Some(first)),
            "next_page_uri": relative(next),
            "previous_page_uri": relative(previous),
        })
    } else {
        json!({
            key: items,
            "meta": {
                "page": page_number,
                "page_size": size,
                "first_page_url": absolute(Some(first)),
                "previous_page_url": absolute(previous),
                "url": absolute(Some(current)),
                "next_page_url": absolute(next),
                "key": key,
            }
        })
    };
    // A spec that does not let the page links be `null` (older ones) gets them left out instead.
    if !links_nullable {
        let links = if legacy {
            body.as_object_mut()
        } else {
            body.get_mut("meta").and_then(Value::as_object_mut)
        };
        if let Some(links) = links {
            links.retain(|_, v| !v.is_null());
        }
    }
    respond(StatusCode::OK, Some(&body))
}

pub(super) fn field_matches(value: Option<&Value>, wanted: &str) -> bool {
    match value {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Array(items)) => items.iter().any(|v| field_matches(Some(v), wanted)),
        Some(Value::Null) | None => false,
        // Numbers and booleans compare by their JSON text (`PageSize=3`, `IsReserved=true`).
        Some(other) => serde_json::to_string(other).is_ok_and(|text| text == wanted),
    }
}
