//! Paths become resources: list and instance paths grouped, named, hung from their parents, with
//! one handle per path and accessors that do not collide.

use super::*;

/// The format suffix Twilio's older APIs put on every path (`/Calls/{Sid}.json`); resources are
/// grouped and nested as if it were not there.
const FORMAT_SUFFIX: &str = ".json";

/// Turns `{Name}` placeholders into `{}` and drops a trailing `.json`: paths that differ only in
/// placeholder names match, and `Calls.json` is the list above `Calls/{Sid}.json`.
pub(super) fn normalize(template: &str) -> String {
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
    let out = out.trim_end_matches('/');
    out.strip_suffix(FORMAT_SUFFIX).unwrap_or(out).to_owned()
}

/// A normalized path without its version segment (`/v1`, or a date such as `/2010-04-01`), as
/// `x-twilio.parent` writes it.
pub(super) fn without_version(normalized: &str) -> &str {
    let rest = normalized.strip_prefix('/').unwrap_or(normalized);
    match rest.split_once('/') {
        Some((first, tail)) if naming::is_version_segment(first) => {
            &normalized[normalized.len() - tail.len() - 1..]
        }
        _ => normalized,
    }
}

/// Text that can stand in a URL path as it is.
fn is_url_safe(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

pub(super) fn segments_of(normalized: &str) -> Vec<&str> {
    normalized.split('/').filter(|s| !s.is_empty()).collect()
}

pub(super) fn is_segment_prefix(prefix: &str, path: &str) -> bool {
    let (p, q) = (segments_of(prefix), segments_of(path));
    p.len() < q.len() && q.starts_with(&p)
}

/// The resources' instance paths, indexed so that finding a parent does not scan them all.
pub(super) struct Instances {
    /// Normalized instance path of each resource (empty when it has none).
    paths: Vec<String>,
    /// Normalized instance path → resource.
    by_path: IndexMap<String, usize>,
    /// The same without the version segment (as `x-twilio.parent` writes it) → resources, in order.
    by_unversioned: IndexMap<String, Vec<usize>>,
}

impl Instances {
    fn new(drafts: &[Draft<'_>]) -> Self {
        let paths: Vec<String> = drafts
            .iter()
            .map(|d| {
                d.instance
                    .as_ref()
                    .map(|i| normalize(&i.template))
                    .unwrap_or_default()
            })
            .collect();
        let mut by_path = IndexMap::new();
        let mut by_unversioned: IndexMap<String, Vec<usize>> = IndexMap::new();
        for (i, path) in paths.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            by_path.entry(path.clone()).or_insert(i);
            by_unversioned
                .entry(without_version(path).to_owned())
                .or_default()
                .push(i);
        }
        Self {
            paths,
            by_path,
            by_unversioned,
        }
    }
}

/// One path of a resource while resources are assembled.
pub(super) struct PathEntry<'a> {
    pub(super) template: String,
    pub(super) item: &'a PathItem,
    pub(super) path_type: PathType,
    pub(super) parent: Option<String>,
    pub(super) mount_name: Option<String>,
    pub(super) class_name: Option<String>,
    pub(super) default_output_properties: Vec<String>,
}

/// A resource while it is assembled.
pub(super) struct Draft<'a> {
    pub(super) list: Option<PathEntry<'a>>,
    pub(super) instance: Option<PathEntry<'a>>,
}

impl Draft<'_> {
    pub(super) fn entries(&self) -> impl Iterator<Item = &PathEntry<'_>> {
        self.list.iter().chain(self.instance.iter())
    }

    /// The path the resource hangs from: the list path, or for a singleton the instance path.
    pub(super) fn base(&self) -> String {
        match (&self.list, &self.instance) {
            (Some(l), _) => normalize(&l.template),
            (None, Some(i)) => normalize(&i.template),
            (None, None) => String::new(),
        }
    }
}

impl<'a> Lowering<'a> {
    // ---------------------------------------------------------------- resources

    /// The resource tree, and the account resource whose children the client also reaches directly
    /// (see [`default_account`]).
    pub(super) fn lower_resources(
        &mut self,
        validated: &Validated,
    ) -> (Vec<Resource>, Option<usize>) {
        let drafts = self.group_paths(validated);
        let bases: Vec<String> = drafts.iter().map(Draft::base).collect();
        let instances = Instances::new(&drafts);

        // Names first: a child's accessor is derived from its parent's name.
        let mut resource_names = IndexSet::new();
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
        let mut modules = IndexSet::from([SHARED_MODULE.to_owned()]);
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
                // A record type may already be called `…List` (v2010's `SipCredentialList`).
                let handle = naming::dedupe(format!("{name}List"), &mut self.type_names);
                self.endpoint(e, name, handle, &accessor, inherited)
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
                let handle = naming::dedupe(format!("{name}Context"), &mut self.type_names);
                self.endpoint(e, name, handle, &accessor, inherited)
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
                record: None,
            });
        }
        let mut resources = prune_empty_endpoints(resources);
        let account = default_account(&resources);
        self.dedupe_accessors(&mut resources, account);
        (resources, account)
    }

    /// Groups paths into resources: a list path and the instance path one `{param}` below it.
    /// Ordered by base path, so parents come before children.
    pub(super) fn group_paths(&mut self, validated: &Validated) -> Vec<Draft<'a>> {
        let mut drafts: IndexMap<String, Draft<'a>> = IndexMap::new();
        // Normalized paths that some path template with the list role has.
        let list_paths: IndexSet<String> = self
            .spec
            .doc
            .paths
            .paths
            .keys()
            .filter(|t| {
                validated
                    .x_twilio
                    .get(*t)
                    .is_none_or(|x| x.path_type == PathType::List)
            })
            .map(|t| normalize(t))
            .collect();
        for (template, item) in &self.spec.doc.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let x = validated.x_twilio.get(template);
            let normalized = normalize(template);
            let path_type = x.map_or_else(|| PathType::guess(template), |x| x.path_type);
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
                    Some(list) if list_paths.contains(list) => list.to_owned(),
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

    /// The resource name: what its operationIds share after the verb (`CreateSession` → `Session`),
    /// else `x-twilio.className`, else the singular of the last path segment.
    pub(super) fn resource_name(&mut self, draft: &Draft<'_>) -> String {
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
    pub(super) fn find_parent(
        &mut self,
        draft: &Draft<'_>,
        base: &str,
        instances: &Instances,
    ) -> Option<usize> {
        // The longest proper prefix of `base`, segment by segment, that is an instance path.
        let segments = segments_of(base);
        let by_prefix = (1..segments.len()).rev().find_map(|k| {
            let prefix = format!("/{}", segments[..k].join("/"));
            instances.by_path.get(&prefix).copied()
        });
        let declared = draft
            .entries()
            .find_map(|e| e.parent.as_deref().map(|p| (e, p)));
        if let Some((entry, parent)) = declared {
            let found = instances
                .by_unversioned
                .get(&normalize(parent))
                .into_iter()
                .flatten()
                .copied()
                .find(|&i| is_segment_prefix(&instances.paths[i], base));
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

    pub(super) fn endpoint(
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
        for method in HttpMethod::ALL {
            let op = match method {
                HttpMethod::Get => &entry.item.get,
                HttpMethod::Post => &entry.item.post,
                HttpMethod::Put => &entry.item.put,
                HttpMethod::Patch => &entry.item.patch,
                HttpMethod::Delete => &entry.item.delete,
            };
            let Some(op) = op else { continue };
            let Some(id) = op.operation_id.clone() else {
                continue; // reported by validation
            };
            let op_ptr = pointer(&item_ptr, &[method.spec_key()]);
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

    pub(super) fn path_template(&mut self, template: &str, ptr: &str) -> PathTemplate {
        let mut segments = Vec::new();
        let mut taken: Vec<String> = crate::reserved::HANDLE_FIELDS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for raw in template.split('/').filter(|s| !s.is_empty()) {
            // `{Sid}`, or a parameter with literal text around it in the same segment: `{Sid}.json`.
            let placeholder = raw.find('{').zip(raw.find('}'));
            match placeholder {
                Some((open, close))
                    if open < close
                        && !raw[open + 1..].contains('{')
                        && !raw[close + 1..].contains(['{', '}'])
                        && is_url_safe(&raw[..open])
                        && is_url_safe(&raw[close + 1..]) =>
                {
                    let name = &raw[open + 1..close];
                    segments.push(Segment::Param(PathParam {
                        wire: name.to_owned(),
                        rust: naming::dedupe(naming::path_param_name(name), &mut taken),
                        doc: None,
                        sid: None,
                        field: None,
                        prefix: raw[..open].to_owned(),
                        suffix: raw[close + 1..].to_owned(),
                    }));
                }
                None if is_url_safe(raw) && !raw.contains('}') => {
                    segments.push(Segment::Literal(raw.to_owned()));
                }
                _ => self.diags.error(
                    ptr,
                    None,
                    format!(
                        "path segment {raw:?} is not supported: a segment holds at most one `{{Name}}` \
                         parameter, and its literal text must not need escaping"
                    ),
                ),
            }
        }
        PathTemplate {
            template: template.to_owned(),
            segments,
        }
    }

    /// Accessor names on one handle must differ from each other and from its operation methods.
    /// Accessor names on one handle must differ from each other and from its operation methods.
    /// The children of the default account are also reached from the client, so their accessors
    /// must not collide with the client's own either.
    pub(super) fn dedupe_accessors(&mut self, resources: &mut [Resource], account: Option<usize>) {
        let mut taken_by_parent: IndexMap<Option<usize>, Vec<String>> = IndexMap::new();
        for (i, r) in resources.iter().enumerate() {
            if let Some(inst) = &r.instance {
                taken_by_parent
                    .entry(Some(i))
                    .or_default()
                    .extend(inst.operations.iter().map(|o| o.method_name.clone()));
            }
        }
        taken_by_parent.entry(None).or_default().extend(
            crate::reserved::CLIENT_METHODS
                .iter()
                .map(|s| (*s).to_owned()),
        );
        // Top-level resources first: the client's names are settled before the account's children
        // are checked against them.
        for top_level in [true, false] {
            for r in resources
                .iter_mut()
                .filter(|r| r.parent.is_none() == top_level)
            {
                let shortcut = account.is_some() && r.parent == account;
                for endpoint in [&mut r.list, &mut r.instance].into_iter().flatten() {
                    let mut name = endpoint.accessor.clone();
                    loop {
                        name = naming::dedupe(name, taken_by_parent.entry(r.parent).or_default());
                        let client = taken_by_parent.entry(None).or_default();
                        if !shortcut || !client.contains(&name) {
                            if shortcut {
                                client.push(name.clone());
                            }
                            break;
                        }
                    }
                    endpoint.accessor = name;
                }
            }
        }
    }
}

/// The account every `/Accounts/{AccountSid}/…` path belongs to by default: a top-level resource
/// whose instance path is `/<version>/Accounts/{Sid}` and that has children (Twilio's API v2010).
/// As in Twilio's official libraries, the client reaches those children directly for the account it
/// authenticates as (`client.messages()`), and through `client.account(sid)` for any other
/// (subaccounts).
pub(super) fn default_account(resources: &[Resource]) -> Option<usize> {
    resources
        .iter()
        .position(|r| {
            r.parent.is_none()
                && r.instance.as_ref().is_some_and(|e| {
                    without_version(&normalize(&e.path.template)) == "/Accounts/{}"
                })
        })
        .filter(|&i| resources.iter().any(|c| c.parent == Some(i)))
}

/// Drops handles that would do nothing: a list path none of whose operations could be generated,
/// an instance path with no operations and no children; then resources left with neither.
pub(super) fn prune_empty_endpoints(mut resources: Vec<Resource>) -> Vec<Resource> {
    // Until nothing changes: pruning a child can leave its parent's instance handle empty too.
    let mut keep: Vec<bool> = vec![true; resources.len()];
    loop {
        let mut has_children = vec![false; resources.len()];
        for (r, _) in resources.iter().zip(&keep).filter(|(_, kept)| **kept) {
            if let Some(parent) = r.parent {
                has_children[parent] = true;
            }
        }
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
