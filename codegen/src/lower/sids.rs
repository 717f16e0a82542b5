//! SID types: one per two-letter prefix the spec's patterns fix (`^KS[0-9a-fA-F]{32}$`), named from
//! where the spec uses it, so that a `SessionSid` cannot be passed where a `ServiceSid` is wanted.
//!
//! A prefix's name comes from the best place the spec uses it: the `sid` property of the resource
//! schema it identifies (`…phone_number.sid` → `PhoneNumberSid`), else a path parameter that names
//! it (`{ServiceSid}`; second, because paths also say `{ResourceSid}` for a phone number), else a
//! property or parameter that ends in `Sid` (`account_sid` → `AccountSid`). Within one tier the name that covers the most uses wins (its
//! own, and those of names that contain it), then the shortest: the `KI` SIDs that interactions and
//! message interactions share are `InteractionSid`, v2010's `PN` SIDs `IncomingPhoneNumberSid` (not
//! `OutgoingCallerIdSid`). A pattern without a fixed
//! prefix (`^[a-zA-Z]{2}…`, any resource) stays text.

use super::*;

/// How strongly a use of a pattern names its SID kind; lower is stronger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Tier {
    /// A resource schema's own `sid` property.
    ResourceSid,
    /// A path parameter `{ServiceSid}`.
    PathParam,
    /// Any other property or parameter ending in `Sid`.
    Field,
}

/// The fixed two-letter prefix a SID pattern names: `^KS[0-9a-fA-F]{32}$` → `KS`.
pub(crate) fn sid_prefix(pattern: &str) -> Option<&str> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let (prefix, rest) = body.split_at_checked(2)?;
    let hex = ["[0-9a-fA-F]{32}", "[0-9a-f]{32}", "[a-fA-F0-9]{32}"];
    (prefix.bytes().all(|b| b.is_ascii_uppercase()) && hex.contains(&rest)).then_some(prefix)
}

/// The SID kind of a string schema, by its pattern.
pub(super) fn schema_prefix(schema: &Value) -> Option<&str> {
    schema
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(sid_prefix)
}

/// `ServiceSid` from a wire name that ends in `Sid` (`ServiceSid`, `service_sid`); plain `Sid` names
/// nothing.
fn name_from_wire(wire: &str) -> Option<String> {
    let name = naming::type_ident(wire);
    (name.ends_with("Sid") && name != "Sid").then_some(name)
}

/// Names proposed for one prefix: (tier, name) → uses.
type Names = IndexMap<(Tier, String), usize>;

#[derive(Default)]
struct Candidates {
    /// Prefix → its proposed names.
    by_prefix: IndexMap<String, Names>,
}

impl Candidates {
    fn add(&mut self, schema: &Value, tier: Tier, name: Option<String>) {
        let items = schema.get("items").unwrap_or(schema);
        let Some(prefix) = schema_prefix(items) else {
            return;
        };
        let entry = self.by_prefix.entry(prefix.to_owned()).or_default();
        if let Some(name) = name {
            let name = if std::ptr::eq(items, schema) {
                name
            } else {
                naming::singular(&name)
            };
            *entry.entry((tier, name)).or_default() += 1;
        }
    }
}

impl Lowering<'_> {
    /// Names the SID kind of every prefix the spec's patterns fix; they take their names before
    /// any model or enum does.
    pub(super) fn register_sids(&mut self) {
        let mut found = Candidates::default();
        let raw = &self.spec.raw;
        if let Some(schemas) = raw
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (key, schema) in schemas {
                let resource = key.rsplit('.').next().unwrap_or(key);
                for (wire, prop) in schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if wire == "sid" {
                        let name = format!("{}Sid", naming::type_ident(resource));
                        found.add(prop, Tier::ResourceSid, Some(name));
                    } else {
                        found.add(prop, Tier::Field, name_from_wire(wire));
                    }
                }
            }
        }
        for item in raw
            .pointer("/paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.values())
        {
            let operations = HttpMethod::ALL
                .iter()
                .filter_map(|m| item.get(m.spec_key()));
            for holder in std::iter::once(item).chain(operations) {
                for param in holder
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let param = match param.get("$ref").and_then(Value::as_str) {
                        Some(r) => match self.spec.resolve(r) {
                            Some((_, target)) => target,
                            None => continue,
                        },
                        None => param,
                    };
                    let (Some(name), Some(schema)) = (
                        param.get("name").and_then(Value::as_str),
                        param.get("schema"),
                    ) else {
                        continue;
                    };
                    let tier = if param.get("in").and_then(Value::as_str) == Some("path") {
                        Tier::PathParam
                    } else {
                        Tier::Field
                    };
                    found.add(schema, tier, name_from_wire(name));
                }
                for content in holder
                    .pointer("/requestBody/content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|c| c.values())
                {
                    for (wire, prop) in content
                        .pointer("/schema/properties")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        found.add(prop, Tier::Field, name_from_wire(wire));
                    }
                }
            }
        }
        let mut prefixes: Vec<(String, Names)> = found.by_prefix.into_iter().collect();
        prefixes.sort_by(|a, b| a.0.cmp(&b.0));
        for (prefix, candidates) in prefixes {
            // How many uses in the same tier a name covers: its own and those of the names that
            // contain it (`Interaction` covers `MessageInteraction`; `IncomingPhoneNumber` its
            // `…Local`, `…Mobile` and `…TollFree` variants).
            let covers = |tier: Tier, name: &str| -> usize {
                let stem = name.strip_suffix("Sid").unwrap_or(name);
                candidates
                    .iter()
                    .filter(|((t, other), _)| *t == tier && other.contains(stem))
                    .map(|(_, uses)| uses)
                    .sum()
            };
            let mut ranked: Vec<&(Tier, String)> = candidates.keys().collect();
            ranked.sort_by(|(ta, na), (tb, nb)| {
                ta.cmp(tb)
                    .then(covers(*tb, nb).cmp(&covers(*ta, na)))
                    .then(na.len().cmp(&nb.len()))
                    .then(na.cmp(nb))
            });
            // The best name no other prefix took (a path parameter whose pattern names the wrong
            // prefix proposes a taken name), else the best one de-duplicated.
            let best = ranked
                .iter()
                .find(|(_, name)| !self.type_names.contains(name))
                .or(ranked.first())
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| format!("{}Sid", naming::type_ident(&prefix.to_lowercase())));
            let name = naming::dedupe(best, &mut self.type_names);
            self.sids.push(SidType { name, prefix });
        }
    }

    /// Makes sure the crate has the SID types hand-written extensions name (`crate::sid::AccountSid`
    /// in Proxy's webhooks): a prefix the spec's patterns never fix gets its type by the extension's
    /// name. A prefix the spec names otherwise, or a name another prefix has, is an error: the
    /// extension would not compile.
    pub(super) fn require_extension_sids(&mut self) {
        let needed = crate::emit::extensions::for_product(&self.product)
            .flat_map(|e| e.sids.iter().map(move |sid| (e, sid)));
        for (extension, &(prefix, name)) in needed {
            let found = self
                .sids
                .iter()
                .find(|s| s.prefix == prefix || s.name == name);
            match found {
                Some(s) if s.prefix == prefix && s.name == name => {}
                None if !self.type_names.contains(name) => {
                    self.type_names.insert(name.to_owned());
                    self.sids.push(SidType {
                        name: name.to_owned(),
                        prefix: prefix.to_owned(),
                    });
                }
                other => self.diags.error(
                    "/components/schemas",
                    None,
                    format!(
                        "the `{}` extension ({}) needs `{name}` for `{prefix}…` SIDs, but this spec {}",
                        extension.product,
                        extension.modules.join(", "),
                        match other {
                            Some(s) => format!("gives `{}` to `{}…` SIDs", s.name, s.prefix),
                            None => format!("has a type named `{name}`"),
                        }
                    ),
                ),
            }
        }
        self.sids.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    }

    /// The SID type of a string schema, if its pattern fixes a prefix.
    pub(super) fn sid_type(&self, schema: &Value) -> Option<String> {
        let prefix = schema_prefix(schema)?;
        self.sids
            .iter()
            .find(|s| s.prefix == prefix)
            .map(|s| s.name.clone())
    }
}

/// The record type of each resource: the model its pages hold, else the model its instance path
/// answers with, else its list path's (a list may answer a create with a bare `{sid}`, Monitor's
/// alarms, or list in an envelope of its own, Numbers' short code applications). An answer that is
/// one of several record shapes (`oneOf` a record and its `_v2`, Messaging's `UsAppToPerson`) has
/// the first shape's model.
pub(super) fn assign_records(resources: &mut [Resource], unions: &[UnionType]) {
    let model = |ty: &TypeRef| ty.models(unions).first().map(|name| (*name).to_owned());
    for resource in resources {
        let operations = || endpoints(resource).flat_map(|e| e.operations.iter());
        let pages = operations().find_map(|op| match &op.response {
            ResponseKind::Page { item, .. } => model(item),
            _ => None,
        });
        let value = |endpoint: &Option<Endpoint>| {
            endpoint
                .iter()
                .flat_map(|e| &e.operations)
                .find_map(|op| match &op.response {
                    ResponseKind::Value(ty) => model(ty),
                    _ => None,
                })
        };
        let record = pages
            .or_else(|| value(&resource.instance))
            .or_else(|| value(&resource.list));
        resource.record = record;
    }
}

/// Each operation parameter's record property ([`Param::field`]): the property of the resource's
/// record that `naming::record_property` names, when the record has it and the parameter's name is
/// a plain word (a range filter such as `StartTime<` sets no property).
pub(super) fn assign_param_fields(resources: &mut [Resource], models: &[Model]) {
    for resource in resources {
        let record = resource
            .record
            .as_ref()
            .and_then(|name| models.iter().find(|m| &m.name == name));
        let Some(record) = record else { continue };
        let endpoints = [&mut resource.list, &mut resource.instance];
        for op in endpoints
            .into_iter()
            .flatten()
            .flat_map(|e| &mut e.operations)
        {
            let params = op
                .query
                .iter_mut()
                .chain(op.headers.iter_mut())
                .chain(op.body.iter_mut().flat_map(|b| b.fields.iter_mut()));
            for param in params {
                if !param.wire.chars().all(|c| c.is_ascii_alphanumeric()) {
                    continue;
                }
                let property = naming::record_property(&param.wire);
                param.field = record
                    .fields
                    .iter()
                    .any(|f| f.wire == property)
                    .then_some(property);
            }
        }
    }
}

/// One parameter, one type. A path parameter is the same value in a parent's instance path, in its
/// children's paths (`/Rooms/{Sid}` and `/Rooms/{RoomSid}/Participants`), in the resource's list and
/// instance paths, and in the record property that holds it (`sid`, `room_sid`); the parent handle
/// stores it and hands it to the child, so all of them must have one type, whatever the spec's
/// patterns say or leave out.
///
/// Those places form groups; each group takes the SID type most of its patterned members have (on a
/// tie, the first met, parents first), and keeps `String` when none has one. A path parameter without
/// a pattern thus takes the type its position has elsewhere, and a pattern that contradicts the rest
/// of its group (Intelligence's `/Services/{ServiceSid}/Operators` says `LY` where every other
/// `{ServiceSid}` says `GA`) is outvoted instead of splitting the group into types that do not
/// match. Also records, on each path parameter, the record property that holds it.
pub(super) fn unify_sids(resources: &mut [Resource], models: &mut [Model]) {
    // Slot = (resource, endpoint: 0 list / 1 instance, parameter position).
    let mut slots: IndexMap<(usize, usize, usize), usize> = IndexMap::new();
    for (r, resource) in resources.iter().enumerate() {
        for (e, endpoint) in [&resource.list, &resource.instance].into_iter().enumerate() {
            for i in 0..endpoint.as_ref().map_or(0, |e| e.path.params().count()) {
                let next = slots.len();
                slots.insert((r, e, i), next);
            }
        }
    }
    let mut groups = UnionFind::new(slots.len());
    for (&(r, e, i), &slot) in &slots {
        // The same position in the resource's other path, and in its parent's instance path.
        if let Some(&other) = slots.get(&(r, 1 - e, i)) {
            groups.join(slot, other);
        }
        let inherited = [&resources[r].list, &resources[r].instance][e]
            .as_ref()
            .map_or(0, |e| e.inherited_params);
        if let Some(parent) = resources[r].parent.filter(|_| i < inherited)
            && let Some(&above) = slots.get(&(parent, 1, i))
        {
            groups.join(slot, above);
        }
    }
    // Each path parameter's record property, and the votes of parameters and properties.
    let mut fields: Vec<Option<(String, String)>> = vec![None; slots.len()];
    let mut votes: Vec<Vec<String>> = vec![Vec::new(); slots.len()];
    for (&(r, e, i), &slot) in &slots {
        let resource = &resources[r];
        let Some(param) = [&resource.list, &resource.instance][e]
            .as_ref()
            .and_then(|e| e.path.params().nth(i))
        else {
            continue;
        };
        let record = resource
            .record
            .as_ref()
            .and_then(|name| models.iter().find(|m| &m.name == name));
        let property = naming::record_property(&param.wire);
        if let Some(field) = record.and_then(|m| m.fields.iter().find(|f| f.wire == property)) {
            fields[slot] = Some((
                field.wire.clone(),
                record.map(|m| m.name.clone()).unwrap_or_default(),
            ));
            if let TypeRef::Sid(name) = &field.ty {
                votes[groups.find(slot)].push(name.clone());
            }
        }
        if let Some(name) = &param.sid {
            votes[groups.find(slot)].push(name.clone());
        }
    }
    let chosen: Vec<Option<String>> = (0..slots.len())
        .map(|slot| majority(&votes[groups.find(slot)]))
        .collect();
    for (&(r, e, i), &slot) in &slots {
        let sid = &chosen[groups.find(slot)];
        let endpoint = [&mut resources[r].list, &mut resources[r].instance][e]
            .as_mut()
            .and_then(|e| {
                e.path
                    .segments
                    .iter_mut()
                    .filter_map(|s| match s {
                        Segment::Param(p) => Some(p),
                        Segment::Literal(_) => None,
                    })
                    .nth(i)
            });
        let Some(param) = endpoint else { continue };
        param.sid.clone_from(sid);
        param.field = fields[slot].as_ref().map(|(wire, _)| wire.clone());
        let (Some(sid), Some((wire, record))) = (sid, &fields[slot]) else {
            continue;
        };
        let field = models
            .iter_mut()
            .filter(|m| &m.name == record)
            .flat_map(|m| m.fields.iter_mut())
            .find(|f| &f.wire == wire);
        if let Some(field) = field.filter(|f| matches!(f.ty, TypeRef::String | TypeRef::Sid(_))) {
            field.ty = TypeRef::Sid(sid.clone());
        }
    }
}

/// The name most votes give, the first met on a tie.
fn majority(votes: &[String]) -> Option<String> {
    let mut counts: IndexMap<&String, usize> = IndexMap::new();
    for vote in votes {
        *counts.entry(vote).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(name, _)| name.clone())
}

/// Disjoint sets over `0..n`.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn find(&mut self, mut at: usize) -> usize {
        while self.0[at] != at {
            self.0[at] = self.0[self.0[at]];
            at = self.0[at];
        }
        at
    }

    /// Joins two sets; the smaller root (the slot met first) represents the union.
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        let (keep, other) = (a.min(b), a.max(b));
        self.0[other] = keep;
    }
}

fn endpoints(r: &Resource) -> impl Iterator<Item = &Endpoint> {
    r.list.iter().chain(r.instance.iter())
}

#[cfg(test)]
mod tests {
    use super::sid_prefix;

    #[test]
    fn prefixes_come_from_fixed_patterns_only() {
        assert_eq!(sid_prefix("^KS[0-9a-fA-F]{32}$"), Some("KS"));
        assert_eq!(sid_prefix("^AC[0-9a-f]{32}$"), Some("AC"));
        assert_eq!(sid_prefix("^[a-zA-Z]{2}[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("^ks[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("^KS[0-9a-fA-F]{34}$"), None);
        assert_eq!(sid_prefix("KS[0-9a-fA-F]{32}"), None);
        assert_eq!(sid_prefix("^K$"), None);
    }
}
