//! The public Rust API of a generated crate, read from its sources: every public item by path with
//! its signature, so that two releases' APIs can be compared item by item. What the runtime's macros
//! declare from item syntax (`sid_types!`, `string_enum!`) is read as items; any other macro call is
//! one item whose signature is its tokens.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, UseTree, Visibility};
use twilio_codegen::GeneratedFiles;

/// Public items: path (`crate::session::NewParticipant.identifier`) → signature.
pub type Api = BTreeMap<String, String>;

/// The public API of a crate's `src/` files.
pub fn public_api(files: &GeneratedFiles) -> Result<Api, String> {
    let mut api = Api::new();
    for (path, text) in files {
        let Some(module) = path
            .strip_prefix("src/")
            .and_then(|p| p.strip_suffix(".rs"))
        else {
            continue;
        };
        let module = if module == "lib" {
            "crate".to_owned()
        } else {
            format!("crate::{}", module.replace('/', "::"))
        };
        let file = syn::parse_file(text).map_err(|e| format!("{path}: {e}"))?;
        items(&file.items, &module, &mut api);
    }
    Ok(api)
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn tokens(item: &impl ToTokens) -> String {
    item.to_token_stream().to_string()
}

/// `#[non_exhaustive]` and `#[deprecated]` change what users may write; doc comments do not.
fn marks(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("non_exhaustive") || a.path().is_ident("deprecated"))
        .map(tokens)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The traits a type derives, each as the impl it stands for: a `#[derive(Serialize)]` and a
/// hand-written `impl Serialize` are the same API, and a derive that goes is a removed impl.
fn derives(attrs: &[syn::Attribute], ty: &syn::Ident, module: &str, api: &mut Api) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        for path in &paths {
            api.insert(
                format!("{module}: impl {} for {ty}", trait_name(path)),
                String::new(),
            );
        }
    }
}

/// A trait as impls name it, whatever path reaches it: `serde::Serialize`, `Serialize` and
/// `crate::runtime::Record` are `Serialize` and `Record`; arguments are kept (`From < & str >`).
fn trait_name(path: &syn::Path) -> String {
    path.segments.last().map(tokens).unwrap_or_default()
}

fn items(list: &[Item], module: &str, api: &mut Api) {
    for item in list {
        match item {
            Item::Struct(s) if public(&s.vis) => {
                let name = format!("{module}::{}", s.ident);
                let shape = match &s.fields {
                    Fields::Named(_) => "{}",
                    Fields::Unnamed(_) => "()",
                    Fields::Unit => ";",
                };
                api.insert(
                    name.clone(),
                    format!("{} struct{} {shape}", marks(&s.attrs), tokens(&s.generics)),
                );
                derives(&s.attrs, &s.ident, module, api);
                for (i, field) in s.fields.iter().enumerate() {
                    if public(&field.vis) {
                        let key = field
                            .ident
                            .as_ref()
                            .map_or_else(|| i.to_string(), ToString::to_string);
                        api.insert(
                            format!("{name}.{key}"),
                            format!("{} {}", marks(&field.attrs), tokens(&field.ty)),
                        );
                    }
                }
            }
            Item::Enum(e) if public(&e.vis) => {
                let name = format!("{module}::{}", e.ident);
                api.insert(
                    name.clone(),
                    format!("{} enum{}", marks(&e.attrs), tokens(&e.generics)),
                );
                derives(&e.attrs, &e.ident, module, api);
                for variant in &e.variants {
                    api.insert(
                        format!("{name}::{}", variant.ident),
                        tokens(&variant.fields),
                    );
                }
            }
            Item::Fn(f) if public(&f.vis) => {
                api.insert(
                    format!("{module}::{}()", f.sig.ident),
                    format!("{} {}", marks(&f.attrs), tokens(&f.sig)),
                );
            }
            Item::Impl(i) => {
                let ty = tokens(&i.self_ty);
                if let Some((path, _)) = &i.trait_ {
                    api.insert(
                        format!("{module}: impl {} for {ty}", trait_name(path)),
                        tokens(&i.generics),
                    );
                    continue;
                }
                for member in &i.items {
                    match member {
                        ImplItem::Fn(f) if public(&f.vis) => {
                            api.insert(
                                format!("{module}::{ty}::{}()", f.sig.ident),
                                format!("{} {}", marks(&f.attrs), tokens(&f.sig)),
                            );
                        }
                        ImplItem::Const(c) if public(&c.vis) => {
                            api.insert(format!("{module}::{ty}::{}", c.ident), tokens(&c.ty));
                        }
                        _ => {}
                    }
                }
            }
            Item::Use(u) if public(&u.vis) => uses(&u.tree, String::new(), module, api),
            Item::Type(t) if public(&t.vis) => {
                api.insert(format!("{module}::{}", t.ident), tokens(&t.ty));
            }
            Item::Const(c) if public(&c.vis) => {
                api.insert(format!("{module}::{}", c.ident), tokens(&c.ty));
            }
            Item::Trait(t) if public(&t.vis) => {
                api.insert(format!("{module}::{}", t.ident), tokens(t));
            }
            Item::Mod(m) if public(&m.vis) => {
                let inner = format!("{module}::{}", m.ident);
                api.insert(inner.clone(), "mod".to_owned());
                if let Some((_, content)) = &m.content {
                    items(content, &inner, api);
                }
            }
            Item::Macro(m) => {
                let name = m
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                // Item syntax inside: read as items.
                if let Ok(file) = syn::parse2::<syn::File>(m.mac.tokens.clone())
                    && matches!(name.as_str(), "sid_types" | "string_enum")
                {
                    items(&file.items, module, api);
                    continue;
                }
                let first = m
                    .mac
                    .tokens
                    .clone()
                    .into_iter()
                    .next()
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                api.insert(
                    format!("{module}: {name}!({first} …)"),
                    m.mac.tokens.to_string(),
                );
            }
            _ => {}
        }
    }
}

fn uses(tree: &UseTree, prefix: String, module: &str, api: &mut Api) {
    match tree {
        UseTree::Path(p) => uses(&p.tree, format!("{prefix}{}::", p.ident), module, api),
        UseTree::Name(n) => {
            api.insert(
                format!("{module}::{}", n.ident),
                format!("use {prefix}{}", n.ident),
            );
        }
        UseTree::Rename(r) => {
            api.insert(
                format!("{module}::{}", r.rename),
                format!("use {prefix}{}", r.ident),
            );
        }
        UseTree::Glob(_) => {
            api.insert(format!("{module}::{prefix}*"), "use *".to_owned());
        }
        UseTree::Group(g) => {
            for tree in &g.items {
                uses(tree, prefix.clone(), module, api);
            }
        }
    }
}

/// What changed between two APIs: items removed or changed (breaking) and items added.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    /// `` `path` removed `` or `` `path` changed: `old` → `new` ``.
    pub breaking: Vec<String>,
    /// `` `path` ``.
    pub added: Vec<String>,
    /// The name each breaking change is known by ([`subject`]), in the same order.
    pub subjects: Vec<String>,
    /// `` `path` `` newly `#[deprecated]` (not breaking: it still compiles, with a warning).
    pub deprecated: Vec<String>,
}

/// A signature without its `#[deprecated(…)]` mark, and whether it had one.
fn deprecation(signature: &str) -> (String, bool) {
    let Some(start) = signature.find("# [deprecated") else {
        return (signature.trim().to_owned(), false);
    };
    // The attribute ends at the `]` that closes its `[`.
    let mut depth = 0usize;
    let mut end = signature.len();
    for (i, c) in signature[start..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    end = start + i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let rest = format!("{}{}", &signature[..start], &signature[end..]);
    (rest.split_whitespace().collect::<Vec<_>>().join(" "), true)
}

/// The name a path is known by in prose: a method, type or macro's first argument
/// (`NewParticipant` for `crate::session::NewParticipant.identifier`, `new` for
/// `crate::session::NewParticipant::new()`).
pub fn subject(path: &str) -> &str {
    if let Some((_, ty)) = path.rsplit_once(" for ") {
        return ty;
    }
    if let Some((_, args)) = path.split_once("!(") {
        return args.split(' ').next().unwrap_or(args);
    }
    let last = path.rsplit("::").next().unwrap_or(path);
    let last = last.rsplit(' ').next().unwrap_or(last);
    last.split(['.', '(', '<']).next().unwrap_or(last)
}

/// Compares two APIs.
pub fn diff(old: &Api, new: &Api) -> Change {
    let mut change = Change::default();
    for (path, before) in old {
        let line = match new.get(path) {
            None => format!("`{path}` removed"),
            Some(after) if after != before => {
                let (was, was_deprecated) = deprecation(before);
                let (now, now_deprecated) = deprecation(after);
                if was == now {
                    // Only the deprecation moved: a warning, not a break.
                    if now_deprecated && !was_deprecated {
                        change.deprecated.push(format!("`{path}`"));
                    } else {
                        change
                            .added
                            .push(format!("`{path}` is no longer deprecated"));
                    }
                    continue;
                }
                format!("`{path}` changed: `{}` → `{}`", before.trim(), after.trim())
            }
            Some(_) => continue,
        };
        change.breaking.push(line);
        change.subjects.push(subject(path).to_owned());
    }
    for path in new.keys().filter(|p| !old.contains_key(*p)) {
        change.added.push(format!("`{path}`"));
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(text: &str) -> Api {
        let files = GeneratedFiles::from([("src/session.rs".to_owned(), text.to_owned())]);
        public_api(&files).unwrap()
    }

    #[test]
    fn a_derive_is_the_impl_it_stands_for() {
        let derived = api("#[derive(Debug, Clone, serde::Serialize)]\npub struct P { pub a: u8 }");
        let written = api("#[derive(Debug, Clone)]\npub struct P { pub a: u8 }\n\
             impl Serialize for P { fn serialize(&self) {} }");
        assert!(
            derived.contains_key("crate::session: impl Serialize for P"),
            "{derived:?}"
        );
        let same = diff(&derived, &written);
        assert!(
            same.breaking.is_empty() && same.added.is_empty(),
            "{same:?}"
        );
        let without = api("#[derive(Debug)]\npub struct P { pub a: u8 }");
        let change = diff(&written, &without);
        assert_eq!(
            change.breaking,
            [
                "`crate::session: impl Clone for P` removed",
                "`crate::session: impl Serialize for P` removed"
            ],
        );
    }

    #[test]
    fn fields_methods_variants_uses_and_macro_items_are_read() {
        let read = api(r#"
            pub use twilio_runtime::AccountSid;
            /// Doc.
            #[non_exhaustive]
            pub struct NewParticipant { pub identifier: String, hidden: u8 }
            impl NewParticipant { pub fn new(identifier: impl Into<String>) -> Self { todo!() } fn private() {} }
            impl From<&str> for NewParticipant { fn from(v: &str) -> Self { todo!() } }
            crate::runtime::string_enum! { pub enum Mode { MessageOnly = "message-only", } }
            crate::runtime::sid_types! { #[prefix = "KS"] pub struct ServiceSid; }
            crate::runtime::request_methods!(ListSessionRequest -> pages of Session, "sessions");
        "#);
        let keys: Vec<&str> = read.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "crate::session: impl From < & str > for NewParticipant",
                "crate::session: request_methods!(ListSessionRequest …)",
                "crate::session::AccountSid",
                "crate::session::Mode",
                "crate::session::Mode::MessageOnly",
                "crate::session::NewParticipant",
                "crate::session::NewParticipant.identifier",
                "crate::session::NewParticipant::new()",
                "crate::session::ServiceSid",
            ]
        );
        assert_eq!(
            read["crate::session::NewParticipant"],
            "# [non_exhaustive] struct {}"
        );
    }

    #[test]
    fn subjects_are_the_names_prose_uses() {
        assert_eq!(
            subject("crate::session::NewParticipant.identifier"),
            "NewParticipant"
        );
        assert_eq!(subject("crate::session::NewParticipant::new()"), "new");
        assert_eq!(
            subject("crate::session: impl From < & str > for NewParticipant"),
            "NewParticipant"
        );
        assert_eq!(
            subject("crate::session: request_methods!(ListSessionRequest …)"),
            "ListSessionRequest"
        );
        assert_eq!(
            subject("enum twilio_proxy::session::CreateSessionMode"),
            "CreateSessionMode"
        );
        assert_eq!(
            subject("CreateSessionRequest::fail_on_participant_conflict"),
            "fail_on_participant_conflict"
        );
    }

    #[test]
    fn removed_and_changed_items_break_new_ones_are_added() {
        let old = api(
            "pub struct P { pub identifier: String }\nimpl P { pub fn new(s: String) -> Self { todo!() } }",
        );
        let new = api(
            "pub struct P(u8);\nimpl P { pub fn new(s: &str) -> Self { todo!() } pub fn member(self) -> Self { self } }",
        );
        let change = diff(&old, &new);
        assert_eq!(
            change.breaking,
            [
                "`crate::session::P` changed: `struct {}` → `struct ()`",
                "`crate::session::P.identifier` removed",
                "`crate::session::P::new()` changed: `fn new (s : String) -> Self` → `fn new (s : & str) -> Self`",
            ]
        );
        assert_eq!(change.added, ["`crate::session::P::member()`"]);
        assert_eq!(change.subjects, ["P", "P", "new"]);
        assert_eq!(diff(&new, &new), Change::default());
    }

    #[test]
    fn a_new_deprecation_is_reported_as_one_not_as_a_break() {
        let old = api(
            "pub struct P { pub a: String }\nimpl P { pub fn a(self, a: String) -> Self { self } }",
        );
        let new = api(
            "pub struct P { #[deprecated(note = \"x [y]\")] pub a: String }\n\
             impl P { #[deprecated(note = \"z\")] pub fn a(self, a: String) -> Self { self } }",
        );
        let change = diff(&old, &new);
        assert!(change.breaking.is_empty(), "{change:?}");
        assert_eq!(
            change.deprecated,
            ["`crate::session::P.a`", "`crate::session::P::a()`"]
        );
        let back = diff(&new, &old);
        assert!(back.breaking.is_empty(), "{back:?}");
        assert_eq!(
            back.added,
            [
                "`crate::session::P.a` is no longer deprecated",
                "`crate::session::P::a()` is no longer deprecated"
            ]
        );
        // A deprecation with another change is that change.
        let retyped = api(
            "pub struct P { #[deprecated] pub a: u8 }\nimpl P { pub fn a(self, a: String) -> Self { self } }",
        );
        assert_eq!(diff(&old, &retyped).breaking.len(), 1);
    }
}
