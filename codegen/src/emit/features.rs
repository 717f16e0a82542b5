//! One Cargo feature per resource module, so that a user of a big product (API v2010: 71 resource
//! modules) compiles only the resources they call (decision 026).
//!
//! A module that holds resources is behind the feature of its name; enabling it enables the modules
//! its code needs: the modules of its resources' parents (a child is reached through its parent's
//! handle) and the modules of the types its items name. A navigation method to a child in another
//! module is compiled only with the child's feature. Modules without resources (the shared `types`,
//! `sid`) are always compiled, unless they name a gated module's types; then they follow it. `full`
//! enables every resource feature and is on by default, so a crate with default features is the
//! whole API.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::quote;

use super::imports::references;
use crate::ir::{Api, ModuleItems};

/// Features the generated crate declares whatever its spec; a module of one of these names gets
/// its feature under another name.
const FIXED: &[&str] = &["default", "full", "reqwest", "testing"];

/// Which feature each module is behind, and what each feature enables.
#[derive(Debug, Default)]
pub struct Features {
    /// Resource module → its feature's name, in module order.
    names: IndexMap<String, String>,
    /// Resource module → the resource modules its feature enables.
    enables: BTreeMap<String, BTreeSet<String>>,
    /// Module without resources → the resource modules it needs (empty: always compiled).
    needs: BTreeMap<String, BTreeSet<String>>,
}

impl Features {
    /// The plan for `api`, from what each module's items name (`owners`: type name → module).
    /// `reserved`: feature names the crate's extensions take.
    pub fn plan(
        api: &Api,
        modules: &IndexMap<&str, ModuleItems<'_>>,
        owners: &IndexMap<&str, &str>,
        reserved: &[&str],
    ) -> Self {
        let mut features = Features::default();
        for (module, items) in modules {
            if !items.resources.is_empty() {
                let name = if FIXED.contains(module) || reserved.contains(module) {
                    format!("{module}_resource")
                } else {
                    (*module).to_owned()
                };
                features.names.insert((*module).to_owned(), name);
            }
        }
        // Direct needs: parents' modules and the owners of the types a module names.
        let mut direct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, items) in modules {
            let mut needs: BTreeSet<String> = references(api, module, items, owners)
                .types
                .into_iter()
                .map(|(owner, _)| owner)
                .collect();
            for &index in &items.resources {
                if let Some(parent) = api.resources[index].parent {
                    needs.insert(api.resources[parent].module.clone());
                }
            }
            needs.remove(*module);
            direct.insert((*module).to_owned(), needs);
        }
        // A module without resources stands for the resource modules it needs, through other such
        // modules.
        let gated = |m: &str| features.names.contains_key(m);
        let mut resolved: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for module in direct.keys() {
            let mut seen = BTreeSet::from([module.clone()]);
            let mut todo: Vec<String> = direct[module].iter().cloned().collect();
            let mut out = BTreeSet::new();
            while let Some(next) = todo.pop() {
                if !seen.insert(next.clone()) {
                    continue;
                }
                if gated(&next) {
                    out.insert(next);
                } else if let Some(more) = direct.get(&next) {
                    todo.extend(more.iter().cloned());
                }
            }
            resolved.insert(module.clone(), out);
        }
        for (module, needs) in resolved {
            if gated(&module) {
                features.enables.insert(module, needs);
            } else {
                features.needs.insert(module, needs);
            }
        }
        features
    }

    /// Whether the crate has resource features at all.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The feature `module` is behind, if it is a resource module.
    pub fn name(&self, module: &str) -> Option<&str> {
        self.names.get(module).map(String::as_str)
    }

    /// The `#[cfg(...)]` under which `module` is compiled (nothing: always).
    pub fn module_cfg(&self, module: &str) -> TokenStream {
        if self.always(module) {
            return TokenStream::new();
        }
        let predicate = self.predicate(module);
        quote!(#[cfg(#predicate)])
    }

    /// Whether `module` is compiled whatever the features.
    fn always(&self, module: &str) -> bool {
        self.name(module).is_none() && self.needs.get(module).is_none_or(BTreeSet::is_empty)
    }

    /// The `#[cfg(...)]` of an item of `module` that names items of `others`: compiled only when one
    /// of them is (an accessor or `use` line several children share), unless compiling `module`
    /// already means it is.
    pub fn cfg_from(&self, module: &str, others: &BTreeSet<String>) -> TokenStream {
        if others.is_empty() || others.iter().any(|other| self.implies(module, other)) {
            return TokenStream::new();
        }
        let predicates: Vec<TokenStream> =
            others.iter().map(|other| self.predicate(other)).collect();
        match predicates.as_slice() {
            [one] => quote!(#[cfg(#one)]),
            several => quote!(#[cfg(any(#(#several),*))]),
        }
    }

    /// The `cfg` predicate under which `module` is compiled (`all()`, true, when it always is).
    fn predicate(&self, module: &str) -> TokenStream {
        if let Some(name) = self.name(module) {
            return quote!(feature = #name);
        }
        let names: Vec<&str> = self
            .needs
            .get(module)
            .into_iter()
            .flatten()
            .filter_map(|m| self.name(m))
            .collect();
        match names.as_slice() {
            [one] => quote!(feature = #one),
            several => quote!(all(#(feature = #several),*)),
        }
    }

    /// Whether compiling `module` means `other` is compiled too.
    fn implies(&self, module: &str, other: &str) -> bool {
        if module == other || self.always(other) {
            return true;
        }
        let needs = self.enables.get(module).or_else(|| self.needs.get(module));
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = needs.into_iter().flatten().collect();
        while let Some(next) = todo.pop() {
            if next == other {
                return true;
            }
            if seen.insert(next) {
                todo.extend(self.enables.get(next).into_iter().flatten());
            }
        }
        false
    }

    /// How the generated docs say it, after "Each resource module" in the crate docs and the README:
    /// one sentence, `example` the first feature.
    pub fn doc(&self) -> Option<String> {
        let example = self.names().next()?;
        Some(format!(
            "Each resource module is behind a Cargo feature named after it (`{example}`, …), all on by \
             default through `full`. To compile only the resources you call, turn default features off \
             and name them: each enables its parent resource and the resources whose types it uses."
        ))
    }

    /// The `[features]` lines: `full` and one per resource module (`default` is written apart).
    pub fn toml(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let all: Vec<String> = self.names.values().map(|n| format!("\"{n}\"")).collect();
        let mut out = String::from(
            "# Every resource. Turn default features off and name the resources you call to compile only those:\n\
             # each resource's feature enables the resources it needs (its parent, the types it uses).\n",
        );
        out.push_str(&format!("full = [{}]\n", all.join(", ")));
        for (module, name) in &self.names {
            let enables: Vec<String> = self.enables[module]
                .iter()
                .filter_map(|m| self.name(m))
                .map(|n| format!("\"{n}\""))
                .collect();
            out.push_str(&format!("{name} = [{}]\n", enables.join(", ")));
        }
        out
    }

    /// The resource features, in module order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.values().map(String::as_str)
    }
}
