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
            let best = candidates
                .keys()
                .min_by(|(ta, na), (tb, nb)| {
                    ta.cmp(tb)
                        .then(covers(*tb, nb).cmp(&covers(*ta, na)))
                        .then(na.len().cmp(&nb.len()))
                        .then(na.cmp(nb))
                })
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| format!("{}Sid", naming::type_ident(&prefix.to_lowercase())));
            let name = naming::dedupe(best, &mut self.type_names);
            self.sids.push(SidType { name, prefix });
        }
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

/// Fills in what the spec leaves implicit: a path parameter without a pattern takes the SID type
/// the same position has in a descendant's path (`/Services/{Sid}` is the `{ServiceSid}` of
/// `/Services/{ServiceSid}/Sessions`), and a resource record's `sid` property without a pattern
/// takes the type of the resource's own identifier.
pub(super) fn infer_sids(resources: &mut [Resource], models: &mut [Model]) {
    // Children come after their parents: walk back up from each endpoint.
    for child in (0..resources.len()).rev() {
        let typed: Vec<Option<String>> = endpoints(&resources[child])
            .flat_map(|e| e.path.params().map(|p| p.sid.clone()).enumerate())
            .fold(Vec::new(), |mut acc, (i, sid)| {
                if acc.len() <= i {
                    acc.resize(i + 1, None);
                }
                if acc[i].is_none() {
                    acc[i] = sid;
                }
                acc
            });
        let mut at = Some(child);
        while let Some(index) = at {
            for endpoint in endpoints_mut(&mut resources[index]) {
                fill(endpoint, &typed);
            }
            at = resources[index].parent;
        }
    }
    for resource in resources.iter() {
        let Some(instance) = &resource.instance else {
            continue;
        };
        let Some(own) = instance.path.params().last().and_then(|p| p.sid.clone()) else {
            continue;
        };
        let records = instance
            .operations
            .iter()
            .filter_map(|op| match &op.response {
                ResponseKind::Value(TypeRef::Model(name)) => Some(name.clone()),
                _ => None,
            });
        for record in records.collect::<Vec<_>>() {
            let fields = models
                .iter_mut()
                .filter(|m| m.name == record)
                .flat_map(|m| m.fields.iter_mut());
            for field in fields.filter(|f| f.wire == "sid" && f.ty == TypeRef::String) {
                field.ty = TypeRef::Sid(own.clone());
            }
        }
    }
}

fn fill(endpoint: &mut Endpoint, typed: &[Option<String>]) {
    let params = endpoint.path.segments.iter_mut().filter_map(|s| match s {
        Segment::Param(p) => Some(p),
        Segment::Literal(_) => None,
    });
    for (param, sid) in params.zip(typed) {
        if param.sid.is_none() {
            param.sid.clone_from(sid);
        }
    }
}

fn endpoints(r: &Resource) -> impl Iterator<Item = &Endpoint> {
    r.list.iter().chain(r.instance.iter())
}

fn endpoints_mut(r: &mut Resource) -> impl Iterator<Item = &mut Endpoint> {
    r.list.iter_mut().chain(r.instance.iter_mut())
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
