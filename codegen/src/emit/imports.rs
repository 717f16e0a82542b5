//! The `use` lines of a generated module: the runtime items its emitters recorded in [`Uses`] as
//! they named them, and the types of other modules its items refer to (from the IR), so nothing is
//! unused and nothing missing.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use proc_macro2::Ident;

use super::types::ident;
use crate::ir::{Api, Endpoint, ModuleItems, ParamLocation, Resource, ResponseKind, TypeRef};

/// What the emitted code of one module names from the runtime and `http`, recorded by the
/// emitters as they write it.
#[derive(Debug, Default)]
pub struct Uses {
    runtime: BTreeSet<&'static str>,
    /// `http::Method` is named.
    pub method: bool,
}

impl Uses {
    /// The identifier of a `crate::runtime` item, recorded as used.
    pub fn runtime(&mut self, item: &'static str) -> Ident {
        self.runtime.insert(item);
        ident(item)
    }
}

/// What one module imports.
#[derive(Debug, Default)]
pub struct Imports {
    /// Items of `crate::runtime`.
    pub runtime: BTreeSet<&'static str>,
    /// `http::Method`.
    pub method: bool,
    /// `serde::{Deserialize, Serialize}`.
    pub serde: bool,
    /// `(module, type)` pairs from other modules, each with the child resource modules whose
    /// accessors alone name it (empty: the module's own items do).
    pub foreign: BTreeMap<(String, String), BTreeSet<String>>,
}

/// The items of other modules one module's code names.
#[derive(Debug, Default)]
pub struct References {
    /// `(module, type)` pairs its own items name.
    pub types: BTreeSet<(String, String)>,
    /// `(module, type)` pairs only the accessors of its resources' children name (their handles and
    /// SID types), each with the modules of those children.
    pub children: BTreeMap<(String, String), BTreeSet<String>>,
}

/// Named types a value of this type mentions; in a query, header or form position structured types
/// (and maps) are sent as `serde_json::Value` and so mention nothing.
fn named_types(ty: &TypeRef, as_param: Option<ParamLocation>, out: &mut BTreeSet<String>) {
    let json_ok = match as_param {
        None => true,
        Some(location) => matches!(location, ParamLocation::Json | ParamLocation::JsonBody),
    };
    ty.walk(&mut |t| {
        if let Some(named) = t.as_named()
            && (json_ok || !named.is_structured())
        {
            out.insert(named.name().to_owned());
        }
        json_ok || !matches!(t, TypeRef::Map(_))
    });
}

fn endpoints(r: &Resource) -> impl Iterator<Item = &Endpoint> {
    r.list.iter().chain(r.instance.iter())
}

/// What `module`, which holds `items`, names of other modules; `owners` maps each type name to its
/// module.
pub fn references(
    api: &Api,
    module: &str,
    items: &ModuleItems<'_>,
    owners: &IndexMap<&str, &str>,
) -> References {
    let mut types = BTreeSet::new();
    for m in &items.models {
        for f in &m.fields {
            named_types(&f.ty, None, &mut types);
        }
    }
    for u in &items.unions {
        for v in &u.variants {
            named_types(&v.ty, None, &mut types);
        }
    }
    // Child handles and SID types, with the child modules that name them.
    let mut children: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for &index in &items.resources {
        let r = &api.resources[index];
        for child in api.children_of(Some(index)) {
            for e in endpoints(child) {
                children
                    .entry((child.module.clone(), e.handle.clone()))
                    .or_default()
                    .insert(child.module.clone());
                for sid in e.path.params().filter_map(|p| p.sid.as_ref()) {
                    if let Some(owner) = owners.get(sid.as_str()) {
                        children
                            .entry(((*owner).to_owned(), sid.clone()))
                            .or_default()
                            .insert(child.module.clone());
                    }
                }
            }
        }
        for e in endpoints(r) {
            types.extend(e.path.params().filter_map(|p| p.sid.clone()));
            for op in &e.operations {
                for p in op.params() {
                    named_types(&p.ty, Some(p.location), &mut types);
                }
                match &op.response {
                    ResponseKind::Page { item: ty, .. } | ResponseKind::Value(ty) => {
                        named_types(ty, None, &mut types);
                    }
                    ResponseKind::Empty => {}
                }
            }
        }
    }
    let types: BTreeSet<(String, String)> = types
        .into_iter()
        .filter_map(|name| {
            owners
                .get(name.as_str())
                .filter(|o| **o != module)
                .map(|owner| ((*owner).to_owned(), name))
        })
        .collect();
    // What the module's own items name is imported whatever its children's features.
    children.retain(|key, child_modules| {
        !types.contains(key) && key.0 != module && !child_modules.contains(module)
    });
    References { types, children }
}

/// The imports of `module`, which holds `items` and whose emitted code recorded `uses`; `owners` maps
/// each type name to its module.
pub fn imports(
    api: &Api,
    module: &str,
    items: &ModuleItems<'_>,
    owners: &IndexMap<&str, &str>,
    uses: Uses,
) -> Imports {
    let references = references(api, module, items, owners);
    let mut foreign: BTreeMap<(String, String), BTreeSet<String>> = references
        .types
        .into_iter()
        .map(|key| (key, BTreeSet::new()))
        .collect();
    foreign.extend(references.children);
    Imports {
        runtime: uses.runtime,
        method: uses.method,
        serde: !items.models.is_empty() || !items.unions.is_empty(),
        foreign,
    }
}
