//! Which Rust module each model, enum and union lives in.

use super::*;
use crate::ir;

/// Puts every model, enum and union in a module: the first resource whose operations use it, else
/// the module of the type that uses it, else the shared `types` module.
pub(super) fn assign_modules(
    resources: &mut [Resource],
    mut models: Vec<Model>,
    mut enums: Vec<EnumType>,
    mut unions: Vec<UnionType>,
) -> (Vec<Model>, Vec<EnumType>, Vec<UnionType>) {
    let mut module_of: IndexMap<String, String> = IndexMap::new();
    // SID types live in the `sid` module and request objects where `place_requests` puts them.
    let claim = |ty: &TypeRef, module: &str, module_of: &mut IndexMap<String, String>| {
        for named in ty.named() {
            if let ir::Named::Model(n) | ir::Named::Enum(n) | ir::Named::Union(n) = named {
                module_of
                    .entry(n.to_owned())
                    .or_insert_with(|| module.to_owned());
            }
        }
    };
    for r in resources.iter() {
        for ep in r.list.iter().chain(r.instance.iter()) {
            for op in &ep.operations {
                match &op.response {
                    ResponseKind::Value(t) | ResponseKind::Page { item: t, .. } => {
                        claim(t, &r.module, &mut module_of)
                    }
                    ResponseKind::Empty => {}
                }
            }
        }
    }
    for r in resources.iter() {
        for ep in r.list.iter().chain(r.instance.iter()) {
            for op in &ep.operations {
                for p in op.params() {
                    claim(&p.ty, &r.module, &mut module_of);
                }
            }
        }
    }
    // Nested types follow the type that uses them, until nothing changes.
    loop {
        let before = module_of.len();
        for m in &models {
            if let Some(module) = module_of.get(&m.name).cloned() {
                for f in &m.fields {
                    claim(&f.ty, &module, &mut module_of);
                }
            }
        }
        for u in &unions {
            if let Some(module) = module_of.get(&u.name).cloned() {
                for v in &u.variants {
                    claim(&v.ty, &module, &mut module_of);
                }
            }
        }
        if module_of.len() == before {
            break;
        }
    }
    let module = |name: &str| {
        module_of
            .get(name)
            .cloned()
            .unwrap_or_else(|| SHARED_MODULE.to_owned())
    };
    for m in &mut models {
        m.module = module(&m.name);
    }
    for e in &mut enums {
        e.module = module(&e.name);
    }
    for u in &mut unions {
        u.module = module(&u.name);
    }
    (models, enums, unions)
}
