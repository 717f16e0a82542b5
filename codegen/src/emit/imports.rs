//! The `use` lines of a generated module: the runtime items its emitters recorded in [`Uses`] as
//! they named them, and the types of other modules its items refer to (from the IR), so nothing is
//! unused and nothing missing.

use std::collections::BTreeSet;

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
    /// `(module, type)` pairs from other modules.
    pub foreign: BTreeSet<(String, String)>,
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

/// The imports of `module`, which holds `items` and whose emitted code recorded `uses`; `owners` maps
/// each type name to its module.
pub fn imports(
    api: &Api,
    module: &str,
    items: &ModuleItems<'_>,
    owners: &IndexMap<&str, &str>,
    uses: Uses,
) -> Imports {
    let mut imports = Imports {
        runtime: uses.runtime,
        method: uses.method,
        ..Imports::default()
    };
    let mut types = BTreeSet::new();
    for m in &items.models {
        imports.serde = true;
        for f in &m.fields {
            named_types(&f.ty, None, &mut types);
        }
    }
    for u in &items.unions {
        imports.serde = true;
        for v in &u.variants {
            named_types(&v.ty, None, &mut types);
        }
    }
    let mut handles = BTreeSet::new();
    for &index in &items.resources {
        let r = &api.resources[index];
        for child in api.children_of(Some(index)) {
            for e in endpoints(child) {
                handles.insert((child.module.clone(), e.handle.clone()));
                types.extend(e.path.params().filter_map(|p| p.sid.clone()));
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
    for name in types {
        if let Some(owner) = owners.get(name.as_str()).filter(|o| **o != module) {
            imports.foreign.insert(((*owner).to_owned(), name));
        }
    }
    imports
        .foreign
        .extend(handles.into_iter().filter(|(owner, _)| owner != module));
    imports
}
