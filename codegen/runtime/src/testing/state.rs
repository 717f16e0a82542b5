//! The fake's state: records by collection, faults to script, the request log, and how a record is
//! made from a request.

use super::*;

pub(super) struct Shared {
    pub(super) spec: &'static Spec,
    pub(super) base_url: String,
    pub(super) state: Mutex<State>,
}

pub(super) struct State {
    /// Collection key (the list path without `.json`) → records in creation order.
    pub(super) collections: BTreeMap<String, Vec<Map<String, Value>>>,
    /// Singleton path → record.
    pub(super) singletons: BTreeMap<String, Map<String, Value>>,
    /// The most recent requests, at most `request_log_limit` of them (`None`: all).
    pub(super) requests: VecDeque<RecordedRequest>,
    pub(super) request_log_limit: Option<usize>,
    /// Requests dropped from the front of the log to keep it within its limit.
    pub(super) requests_dropped: u64,
    pub(super) faults: VecDeque<Fault>,
    /// Collection key → the next index of an integer-identified record there (a Sync list item's
    /// `index`): 0, 1, 2, never reused after a delete, as Twilio numbers them.
    pub(super) indexes: BTreeMap<String, i64>,
    /// Records created so far, for SIDs.
    pub(super) created: u64,
}

/// How many requests the log keeps by default: a long-running test suite that never reads them
/// must not grow without bound.
pub(super) const DEFAULT_REQUEST_LOG_LIMIT: usize = 10_000;

impl Default for State {
    fn default() -> Self {
        Self {
            collections: BTreeMap::new(),
            singletons: BTreeMap::new(),
            requests: VecDeque::new(),
            request_log_limit: Some(DEFAULT_REQUEST_LOG_LIMIT),
            requests_dropped: 0,
            faults: VecDeque::new(),
            indexes: BTreeMap::new(),
            created: 0,
        }
    }
}

impl State {
    /// Logs a request, dropping the oldest beyond the limit.
    pub(super) fn log(&mut self, request: RecordedRequest) {
        self.requests.push_back(request);
        self.trim_log();
    }

    pub(super) fn trim_log(&mut self) {
        if let Some(limit) = self.request_log_limit {
            while self.requests.len() > limit {
                self.requests.pop_front();
                self.requests_dropped += 1;
            }
        }
    }
}

pub(super) enum Fault {
    Status(u16),
    Delay(Duration),
}

/// A request's path matched against the spec.
pub(super) struct Route {
    pub(super) resource: usize,
    /// The instance path (else the list path).
    pub(super) instance: bool,
    /// The path parameters' values, in order.
    pub(super) values: Vec<String>,
}

impl Shared {
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread cannot leave the state half-written in a way later requests
        // would trip over: every mutation is one insert or remove.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn path_spec(&self, route: &Route) -> Option<&'static PathSpec> {
        let resource = &self.spec.resources[route.resource];
        if route.instance {
            resource.instance.as_ref()
        } else {
            resource.list.as_ref()
        }
    }

    /// The resource path that `path` names; with several, the one with the most literal segments.
    pub(super) fn route(&self, path: &str) -> Option<Route> {
        let mut best: Option<(usize, Route)> = None;
        for (index, resource) in self.spec.resources.iter().enumerate() {
            for (instance, spec) in [(false, &resource.list), (true, &resource.instance)] {
                let Some(spec) = spec else { continue };
                if let Some((literals, values)) = match_template(spec.template, path)
                    && best.as_ref().is_none_or(|(b, _)| literals > *b)
                {
                    best = Some((
                        literals,
                        Route {
                            resource: index,
                            instance,
                            values,
                        },
                    ));
                }
            }
        }
        best.map(|(_, route)| route)
    }

    /// The account the client authenticates as exists, in every spec with an Accounts list (v2010):
    /// fetching it is how applications check their credentials.
    pub(super) fn seed_own_account(&self) {
        let mut state = self.lock();
        for (index, resource) in self.spec.resources.iter().enumerate() {
            let Some(list) = &resource.list else { continue };
            if resource.sid_prefix != Some("AC") || template_params(list.template) != 0 {
                continue;
            }
            let route = Route {
                resource: index,
                instance: false,
                values: Vec::new(),
            };
            let mut given = Map::new();
            given.insert("sid".into(), Value::String(ACCOUNT_SID.into()));
            let record = self.new_record(&mut state, &route, &[], &given);
            state
                .collections
                .entry(collection_key(list.template))
                .or_default()
                .push(record);
        }
    }

    pub(super) fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(0).unwrap_or(now)
    }

    /// A new record of the route's resource: the SID (or the next index), the parent identifiers
    /// from the path, the account, the parameters sent, dates and URLs; every other field its
    /// default, `null` or its type's plain value ([`unset_value`]).
    pub(super) fn new_record(
        &self,
        state: &mut State,
        route: &Route,
        params: &[(&'static Param, Vec<String>)],
        given: &Map<String, Value>,
    ) -> Map<String, Value> {
        let resource = &self.spec.resources[route.resource];
        let mut record: Map<String, Value> = resource
            .fields
            .iter()
            .map(|f| (f.wire.to_owned(), Value::Null))
            .collect();
        state.created += 1;
        let generated = new_id(resource, state.created);
        if record.contains_key("sid") {
            record.insert("sid".into(), Value::String(generated.clone()));
        }
        if record.contains_key("account_sid") {
            record.insert("account_sid".into(), Value::String(ACCOUNT_SID.into()));
        }
        if let Some(spec) = self.path_spec(route) {
            for (field, value) in spec.param_fields.iter().zip(&route.values) {
                let Some(field) = field.and_then(|f| resource.fields.iter().find(|x| x.wire == f))
                else {
                    continue;
                };
                let value =
                    parse_value(field.kind, value).unwrap_or_else(|| Value::String(value.clone()));
                record.insert(field.wire.to_owned(), value);
            }
        }
        apply_params(resource, &mut record, params);
        // An identifier Twilio assigns that is not the SID: a list item's index (the next one in
        // its list), a conference participant's `call_sid`.
        if let Some(id) = resource.id_field
            && record.get(id).is_some_and(Value::is_null)
        {
            let value = match (id_kind(resource), &resource.list) {
                (Kind::Integer, Some(list)) if !route.instance => {
                    let key = collection_key(&render(list.template, &route.values));
                    let next = state.indexes.entry(key).or_insert(0);
                    *next += 1;
                    Value::from(*next - 1)
                }
                _ => Value::String(generated),
            };
            record.insert(id.to_owned(), value);
        }
        let now = self.now();
        for name in ["date_created", "date_updated"] {
            if let Some(field) = resource.fields.iter().find(|f| f.wire == name) {
                record.insert(name.into(), date_value(field.kind, now));
            }
        }
        for field in resource.fields {
            if record.get(field.wire).is_some_and(Value::is_null) {
                record.insert(field.wire.to_owned(), unset_value(field));
            }
        }
        for (k, v) in given {
            record.insert(k.clone(), v.clone());
        }
        self.fill_urls(route, &mut record);
        // What a seeded record sets is kept, URLs included.
        for (k, v) in given {
            record.insert(k.clone(), v.clone());
        }
        record
    }

    /// `url`, `uri`, `links` and `subresource_uris`, from the record's own path.
    pub(super) fn fill_urls(&self, route: &Route, record: &mut Map<String, Value>) {
        let resource = &self.spec.resources[route.resource];
        let Some(instance) = &resource.instance else {
            return;
        };
        let mut values = route.values.clone();
        let own_params = template_params(instance.template);
        if own_params > values.len() {
            let Some(id) = record_id(resource, record) else {
                return;
            };
            values.push(id);
        }
        let path = render(instance.template, &values);
        if record.contains_key("url") {
            record.insert(
                "url".into(),
                Value::String(format!("{}{}", self.base_url, path)),
            );
        }
        if record.contains_key("uri") {
            record.insert("uri".into(), Value::String(path.clone()));
        }
        let children = self
            .spec
            .resources
            .iter()
            .filter(|c| c.parent == Some(route.resource))
            .filter_map(|c| c.list.as_ref().map(|l| (c.link_name, l.template)));
        let mut links = Map::new();
        let mut uris = Map::new();
        for (name, template) in children {
            let child = render(template, &values);
            links.insert(
                name.into(),
                Value::String(format!("{}{}", self.base_url, child)),
            );
            uris.insert(name.into(), Value::String(child));
        }
        if record.contains_key("links") {
            record.insert("links".into(), Value::Object(links));
        }
        if record.contains_key("subresource_uris") {
            record.insert("subresource_uris".into(), Value::Object(uris));
        }
    }
}
