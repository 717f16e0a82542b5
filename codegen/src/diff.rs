//! The API change between two spec versions, computed from their IRs: resources, operations,
//! parameters, model fields, enum values and types, each classified as breaking or additive for the
//! generated crate, with the semver bump the crate needs.

use std::collections::BTreeMap;
use std::fmt;

use crate::ir::{Api, Endpoint, Operation, Param, ResponseKind, TypeRef};

/// How a change affects users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled against the old crate may not compile (or may behave differently).
    Breaking,
    /// New API; existing code keeps working (models and enums are `#[non_exhaustive]`).
    Additive,
    /// Newly deprecated in the spec: code keeps compiling, with a warning (`#[deprecated]`).
    Deprecated,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Breaking or additive.
    pub impact: Impact,
    /// What changed, in words.
    pub what: String,
}

/// The semver bump a set of changes requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    /// Breaking changes.
    Major,
    /// Additions or deprecations only.
    Minor,
    /// No API change.
    Patch,
}

/// Every change between two APIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// Title and version of the old spec.
    pub old: String,
    /// Title and version of the new spec.
    pub new: String,
    /// The changes, breaking first.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// The bump the generated crate needs.
    pub fn bump(&self) -> Bump {
        if self.changes.iter().any(|c| c.impact == Impact::Breaking) {
            Bump::Major
        } else if self.changes.is_empty() {
            Bump::Patch
        } else {
            Bump::Minor
        }
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "API changes from {} to {}", self.old, self.new)?;
        for (impact, title) in [
            (Impact::Breaking, "Breaking"),
            (Impact::Additive, "Additive"),
            (Impact::Deprecated, "Deprecated"),
        ] {
            let items: Vec<&Change> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if impact == Impact::Deprecated && items.is_empty() {
                continue;
            }
            writeln!(f, "\n{title} ({}):", items.len())?;
            if items.is_empty() {
                writeln!(f, "  (none)")?;
            }
            for c in items {
                writeln!(f, "  - {}", c.what)?;
            }
        }
        let verdict = match self.bump() {
            Bump::Major => {
                "major: breaking changes (for a 0.x crate, bump the minor version: 0.1.0 -> 0.2.0)"
            }
            Bump::Minor => {
                "minor: additions or deprecations only (for a 0.x crate, a patch bump is enough)"
            }
            Bump::Patch => "patch: no change to the generated API",
        };
        write!(f, "\nSemver bump for the generated crate: {verdict}")
    }
}

/// Human-readable type names for the report.
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Integer { bits } => format!("int{bits}"),
        TypeRef::Count => "count (u32)".into(),
        TypeRef::Request(n) => format!("request object {n}"),
        TypeRef::Sid(n) => format!("SID {n}"),
        TypeRef::Number => "number (f64)".into(),
        TypeRef::Decimal => "decimal".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::DateTime => "date-time".into(),
        TypeRef::DateTimeRfc2822 => "date-time-rfc-2822".into(),
        TypeRef::Date => "date".into(),
        TypeRef::Json => "any JSON".into(),
        TypeRef::Enum(n) => format!("enum {n}"),
        TypeRef::Model(n) => format!("model {n}"),
        TypeRef::Union(n) => format!("union {n}"),
        TypeRef::Array(inner) => format!("list of {}", type_name(inner)),
        TypeRef::Map(inner) => format!("map of {}", type_name(inner)),
    }
}

fn response_name(r: &ResponseKind) -> String {
    match r {
        ResponseKind::Empty => "no body".into(),
        ResponseKind::Value(t) => type_name(t),
        ResponseKind::Page { item, .. } => format!("pages of {}", type_name(item)),
    }
}

struct Diff {
    changes: Vec<Change>,
}

impl Diff {
    fn breaking(&mut self, what: String) {
        self.changes.push(Change {
            impact: Impact::Breaking,
            what,
        });
    }

    fn deprecated(&mut self, what: String) {
        self.changes.push(Change {
            impact: Impact::Deprecated,
            what,
        });
    }

    fn additive(&mut self, what: String) {
        self.changes.push(Change {
            impact: Impact::Additive,
            what,
        });
    }
}

/// Operations by id, with the path and resource they belong to.
fn operations(api: &Api) -> BTreeMap<&str, (&str, &str, &Operation)> {
    let mut out = BTreeMap::new();
    for r in &api.resources {
        for e in r.list.iter().chain(r.instance.iter()) {
            for op in &e.operations {
                out.insert(
                    op.id.as_str(),
                    (r.name.as_str(), e.path.template.as_str(), op),
                );
            }
        }
    }
    out
}

/// How users reach an operation, as they write it: the accessors from the client with their
/// arguments (`client.service(sid: SID ServiceSid).sessions()`), the handle type that holds the
/// method, the method's positional arguments in order, and the builder it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Call {
    /// `client.service(sid: SID ServiceSid).sessions()`.
    chain: String,
    /// `session::SessionList`.
    handle: String,
    /// The positional arguments: `(name, type)` in order, or the one struct of required parameters.
    args: Vec<(String, String)>,
    /// `session::CreateSessionRequest`.
    builder: String,
}

impl Call {
    fn arg_list(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        args.join(", ")
    }
}

/// One accessor: `service(sid: SID ServiceSid)`, its own path parameters only (a parent handle
/// supplies the others).
fn accessor(endpoint: &Endpoint) -> String {
    let own: Vec<String> = endpoint
        .path
        .params()
        .skip(endpoint.inherited_params)
        .map(|p| {
            let ty = p
                .sid
                .as_deref()
                .map_or("string".to_owned(), |s| format!("SID {s}"));
            format!("{}: {ty}", p.rust)
        })
        .collect();
    format!("{}({})", endpoint.accessor, own.join(", "))
}

/// Every operation's [`Call`], by operation id.
fn calls(api: &Api) -> BTreeMap<&str, Call> {
    let mut out = BTreeMap::new();
    for r in &api.resources {
        // The parents' instance accessors, outermost first.
        let mut chain = Vec::new();
        let mut parent = r.parent;
        while let Some(p) = parent.and_then(|i| api.resources.get(i)) {
            if let Some(instance) = &p.instance {
                chain.push(accessor(instance));
            }
            parent = p.parent;
        }
        chain.reverse();
        for e in r.list.iter().chain(r.instance.iter()) {
            let mut parts = chain.clone();
            parts.push(accessor(e));
            for op in &e.operations {
                let args = match &op.required_struct {
                    Some(name) => vec![("required".to_owned(), format!("struct {name}"))],
                    None => op
                        .params()
                        .filter(|p| p.required)
                        .map(|p| (p.rust.clone(), type_name(&p.ty)))
                        .collect(),
                };
                out.insert(
                    op.id.as_str(),
                    Call {
                        chain: format!("client.{}", parts.join(".")),
                        handle: format!("{}::{}", r.module, e.handle),
                        args,
                        builder: format!("{}::{}", r.module, op.builder),
                    },
                );
            }
        }
    }
    out
}

/// The ways an operation is reached and called that a changed spec can move without changing the
/// operation itself: each is a change to code that calls it.
fn diff_calls(d: &mut Diff, old: &Api, new: &Api) {
    let new_calls = calls(new);
    for (id, was) in calls(old) {
        let Some(now) = new_calls.get(id) else {
            continue;
        };
        if was.chain != now.chain {
            d.breaking(format!(
                "operation {id}: reached as `{}` (was `{}`)",
                now.chain, was.chain
            ));
        }
        if was.handle != now.handle {
            d.breaking(format!(
                "operation {id}: its handle type is `{}` (was `{}`)",
                now.handle, was.handle
            ));
        }
        if was.builder != now.builder {
            d.breaking(format!(
                "operation {id}: its builder type is `{}` (was `{}`)",
                now.builder, was.builder
            ));
        }
        let names = |c: &Call| {
            let mut names: Vec<String> = c.args.iter().map(|(n, _)| n.clone()).collect();
            names.sort();
            names
        };
        if was.args != now.args && names(&was) == names(now) && was.args.len() > 1 {
            // Same names, other order: calls still compile and pass each value as another
            // parameter when the types agree.
            d.breaking(format!(
                "operation {id}: positional arguments reordered: ({}) (was ({})); calls written \
                 for the old order still compile when the types agree and send each value as \
                 the other parameter",
                now.arg_list(),
                was.arg_list()
            ));
        } else if was.args != now.args
            && (was.args.first().map(|a| a.1.starts_with("struct "))
                != now.args.first().map(|a| a.1.starts_with("struct ")))
        {
            d.breaking(format!(
                "operation {id}: positional arguments are ({}) (were ({}))",
                now.arg_list(),
                was.arg_list()
            ));
        }
    }
}

/// Compares two APIs.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let mut d = Diff {
        changes: Vec::new(),
    };
    let old_resources: Vec<&str> = old.resources.iter().map(|r| r.name.as_str()).collect();
    let new_resources: Vec<&str> = new.resources.iter().map(|r| r.name.as_str()).collect();
    for r in &old_resources {
        if !new_resources.contains(r) {
            d.breaking(format!("resource {r} removed"));
        }
    }
    for r in &new_resources {
        if !old_resources.contains(r) {
            d.additive(format!("resource {r} added"));
        }
    }

    let old_ops = operations(old);
    let new_ops = operations(new);
    for (id, (resource, _, _)) in &old_ops {
        if !new_ops.contains_key(id) {
            d.breaking(format!("operation {id} removed (resource {resource})"));
        }
    }
    for (id, (resource, path, _)) in &new_ops {
        if !old_ops.contains_key(id) {
            d.additive(format!(
                "operation {id} added (resource {resource}, {path})"
            ));
        }
    }
    for (id, (_, old_path, old_op)) in &old_ops {
        let Some((_, new_path, new_op)) = new_ops.get(id) else {
            continue;
        };
        if old_path != new_path || old_op.http_method != new_op.http_method {
            d.breaking(format!(
                "operation {id}: {} {old_path} became {} {new_path}",
                old_op.http_method.as_str(),
                new_op.http_method.as_str()
            ));
        }
        if new_op.deprecated && !old_op.deprecated {
            d.deprecated(format!(
                "operation {id} deprecated (`{}` is `#[deprecated]`)",
                new_op.method_name
            ));
        }
        if old_op.method_name != new_op.method_name {
            d.breaking(format!(
                "operation {id}: method `{}` renamed to `{}`",
                old_op.method_name, new_op.method_name
            ));
        }
        diff_params(&mut d, id, old_op, new_op);
        for group in new_op.one_of.iter().filter(|g| !old_op.one_of.contains(g)) {
            d.additive(format!(
                "operation {id}: at least one of {} is checked before sending (x-twilio conditional)",
                group.join(", ")
            ));
        }
        for group in old_op.one_of.iter().filter(|g| !new_op.one_of.contains(g)) {
            d.additive(format!(
                "operation {id}: at least one of {} is no longer checked before sending",
                group.join(", ")
            ));
        }
        let (old_r, new_r) = (
            response_name(&old_op.response),
            response_name(&new_op.response),
        );
        if old_r != new_r {
            d.breaking(format!(
                "operation {id}: answer changed from {old_r} to {new_r}"
            ));
        }
    }

    diff_calls(&mut d, old, new);
    diff_models(&mut d, old, new);
    diff_enums(&mut d, old, new);
    diff_unions(&mut d, old, new);
    diff_requests(&mut d, old, new);
    diff_sids(&mut d, old, new);

    let mut changes = d.changes;
    changes.sort();
    changes.dedup();
    ApiDiff {
        old: format!("{} {}", old.title, old.version),
        new: format!("{} {}", new.title, new.version),
        changes,
    }
}

fn diff_params(d: &mut Diff, id: &str, old: &Operation, new: &Operation) {
    let key = |p: &Param| format!("{:?} {}", p.location, p.wire);
    let old_params: BTreeMap<String, &Param> = old.params().map(|p| (key(p), p)).collect();
    let new_params: BTreeMap<String, &Param> = new.params().map(|p| (key(p), p)).collect();
    for (k, p) in &old_params {
        match new_params.get(k) {
            None => d.breaking(format!("operation {id}: parameter {} removed", p.wire)),
            Some(n) => {
                if n.ty != p.ty {
                    d.breaking(format!(
                        "operation {id}: parameter {} changed type from {} to {}",
                        p.wire,
                        type_name(&p.ty),
                        type_name(&n.ty)
                    ));
                }
                if n.rust != p.rust {
                    d.breaking(format!(
                        "operation {id}: parameter {} is now set with `{}` (was `{}`)",
                        p.wire, n.rust, p.rust
                    ));
                }
                if n.deprecated && !p.deprecated {
                    d.deprecated(format!(
                        "operation {id}: parameter {} deprecated (`{}` is `#[deprecated]`)",
                        p.wire, n.rust
                    ));
                }
                if n.required != p.required {
                    let (from, to) = if p.required {
                        ("required", "optional")
                    } else {
                        ("optional", "required")
                    };
                    d.breaking(format!(
                        "operation {id}: parameter {} became {to} (was {from}; the builder signature changes)",
                        p.wire
                    ));
                }
            }
        }
    }
    for (k, n) in &new_params {
        if !old_params.contains_key(k) {
            if n.required {
                d.breaking(format!(
                    "operation {id}: required parameter {} added",
                    n.wire
                ));
            } else {
                d.additive(format!(
                    "operation {id}: optional parameter {} added",
                    n.wire
                ));
            }
        }
    }
}

fn diff_models(d: &mut Diff, old: &Api, new: &Api) {
    for m in &old.models {
        let Some(n) = new.models.iter().find(|n| n.name == m.name) else {
            d.breaking(format!("model {} removed", m.name));
            continue;
        };
        if n.module != m.module {
            d.breaking(format!(
                "model {} moved from module {} to {} (its `use` path changes)",
                m.name, m.module, n.module
            ));
        }
        for f in &m.fields {
            match n.fields.iter().find(|g| g.wire == f.wire) {
                None => d.breaking(format!("model {}: field {} removed", m.name, f.wire)),
                Some(g) => {
                    if g.ty != f.ty {
                        d.breaking(format!(
                            "model {}: field {} changed type from {} to {}",
                            m.name,
                            f.wire,
                            type_name(&f.ty),
                            type_name(&g.ty)
                        ));
                    }
                    if g.deprecated && !f.deprecated {
                        d.deprecated(format!(
                            "model {}: field {} deprecated (`.{}` is `#[deprecated]`)",
                            m.name, f.wire, g.rust
                        ));
                    }
                    if g.rust != f.rust {
                        d.breaking(format!(
                            "model {}: field {} is now `.{}` (was `.{}`)",
                            m.name, f.wire, g.rust, f.rust
                        ));
                    }
                    if g.boxed != f.boxed {
                        let held = |boxed: bool| if boxed { "in a Box" } else { "inline" };
                        d.breaking(format!(
                            "model {}: field {} is now held {} (was {}; its Rust type changes)",
                            m.name,
                            f.wire,
                            held(g.boxed),
                            held(f.boxed)
                        ));
                    }
                }
            }
        }
        for g in &n.fields {
            if !m.fields.iter().any(|f| f.wire == g.wire) {
                d.additive(format!("model {}: field {} added", m.name, g.wire));
            }
        }
    }
    for n in &new.models {
        if !old.models.iter().any(|m| m.name == n.name) {
            d.additive(format!("model {} added", n.name));
        }
    }
}

/// SID types, and the SID type of each path parameter (a handle accessor's argument).
fn diff_sids(d: &mut Diff, old: &Api, new: &Api) {
    for s in &old.sids {
        match new.sids.iter().find(|n| n.prefix == s.prefix) {
            None => d.breaking(format!("SID type {} (`{}…`) removed", s.name, s.prefix)),
            Some(n) if n.name != s.name => d.breaking(format!(
                "SID type {} (`{}…`) renamed to {}",
                s.name, s.prefix, n.name
            )),
            Some(_) => {}
        }
    }
    for n in &new.sids {
        if !old.sids.iter().any(|s| s.prefix == n.prefix) {
            d.additive(format!("SID type {} (`{}…`) added", n.name, n.prefix));
        }
    }
    let path_params = |api: &Api| -> BTreeMap<(String, String), Option<String>> {
        api.resources
            .iter()
            .flat_map(|r| r.list.iter().chain(r.instance.iter()))
            .flat_map(|e| {
                e.path
                    .params()
                    .map(|p| ((e.path.template.clone(), p.wire.clone()), p.sid.clone()))
            })
            .collect()
    };
    let new_params = path_params(new);
    for ((template, wire), sid) in path_params(old) {
        if let Some(new_sid) = new_params.get(&(template.clone(), wire.clone()))
            && *new_sid != sid
        {
            let name = |s: &Option<String>| s.clone().unwrap_or_else(|| "String".into());
            d.breaking(format!(
                "path parameter {wire} of {template}: {} became {}",
                name(&sid),
                name(new_sid)
            ));
        }
    }
}

fn diff_enums(d: &mut Diff, old: &Api, new: &Api) {
    for e in &old.enums {
        let Some(n) = new.enums.iter().find(|n| n.name == e.name) else {
            d.breaking(format!("enum {} removed", e.name));
            continue;
        };
        if n.module != e.module {
            d.breaking(format!(
                "enum {} moved from module {} to {} (its `use` path changes)",
                e.name, e.module, n.module
            ));
        }
        for v in &e.values {
            match n.values.iter().find(|w| w.wire == v.wire) {
                None => d.breaking(format!(
                    "enum {}: value {:?} removed (variant {})",
                    e.name, v.wire, v.variant
                )),
                Some(w) if w.variant != v.variant => d.breaking(format!(
                    "enum {}: value {:?} is now variant {} (was {})",
                    e.name, v.wire, w.variant, v.variant
                )),
                Some(_) => {}
            }
            // The same variant name for another value: code that sends or matches it still
            // compiles and means something else.
            if let Some(w) = n
                .values
                .iter()
                .find(|w| w.variant == v.variant && w.wire != v.wire)
            {
                d.breaking(format!(
                    "enum {}: variant {} now means {:?} (was {:?}); code that sends or matches it \
                     still compiles",
                    e.name, v.variant, w.wire, v.wire
                ));
            }
        }
        for w in &n.values {
            if !e.values.iter().any(|v| v.wire == w.wire) {
                d.additive(format!("enum {}: value {:?} added", e.name, w.wire));
            }
        }
    }
    for n in &new.enums {
        if !old.enums.iter().any(|e| e.name == n.name) {
            d.additive(format!("enum {} added", n.name));
        }
    }
}

fn diff_unions(d: &mut Diff, old: &Api, new: &Api) {
    for u in &old.unions {
        let Some(n) = new.unions.iter().find(|n| n.name == u.name) else {
            d.breaking(format!("union {} removed", u.name));
            continue;
        };
        if n.module != u.module {
            d.breaking(format!(
                "union {} moved from module {} to {} (its `use` path changes)",
                u.name, u.module, n.module
            ));
        }
        for v in &u.variants {
            match n.variants.iter().find(|w| w.ty == v.ty) {
                None => d.breaking(format!(
                    "union {}: alternative {} removed",
                    u.name,
                    type_name(&v.ty)
                )),
                Some(w) => {
                    if w.name != v.name {
                        d.breaking(format!(
                            "union {}: alternative {} is now variant {} (was {})",
                            u.name,
                            type_name(&v.ty),
                            w.name,
                            v.name
                        ));
                    }
                    if w.boxed != v.boxed {
                        d.breaking(format!(
                            "union {}: variant {} now {} its value in a Box",
                            u.name,
                            w.name,
                            if w.boxed { "holds" } else { "no longer holds" }
                        ));
                    }
                }
            }
        }
        for w in &n.variants {
            if !u.variants.iter().any(|v| v.ty == w.ty) {
                d.additive(format!(
                    "union {}: alternative {} added",
                    u.name,
                    type_name(&w.ty)
                ));
            }
        }
    }
    for n in &new.unions {
        if !old.unions.iter().any(|u| u.name == n.name) {
            d.additive(format!("union {} added", n.name));
        }
    }
}

/// Request objects the overrides declare (`NewParticipant`), by the spec location they replace.
fn diff_requests(d: &mut Diff, old: &Api, new: &Api) {
    for r in &old.requests {
        match new.requests.iter().find(|n| n.pointer == r.pointer) {
            None => d.breaking(format!(
                "request object {} removed (the parameter at {} takes its spec type again)",
                r.name, r.pointer
            )),
            Some(n) => {
                if (n.name.as_str(), n.module.as_str()) != (r.name.as_str(), r.module.as_str()) {
                    d.breaking(format!(
                        "request object {}::{} is now {}::{}",
                        r.module, r.name, n.module, n.name
                    ));
                }
                let was: Vec<&str> = r.members.iter().map(|m| m.rust.as_str()).collect();
                let now: Vec<&str> = n.members.iter().map(|m| m.rust.as_str()).collect();
                for m in was.iter().filter(|m| !now.contains(m)) {
                    d.breaking(format!("request object {}: member `{m}` removed", r.name));
                }
                for m in now.iter().filter(|m| !was.contains(m)) {
                    d.additive(format!("request object {}: member `{m}` added", n.name));
                }
            }
        }
    }
    for n in &new.requests {
        if !old.requests.iter().any(|r| r.pointer == n.pointer) {
            d.additive(format!(
                "request object {}::{} added (the parameter at {} takes it)",
                n.module, n.name, n.pointer
            ));
        }
    }
}
