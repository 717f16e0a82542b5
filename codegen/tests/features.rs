//! Every resource feature of every spec's crate compiles on its own: read from the generated source
//! (not from the plan the generator made), each path into another module (`crate::call::…`) and each
//! name a `use crate::…` line brought in must be compiled whenever the item that names it is, through
//! the module's own feature, what that feature enables in `Cargo.toml`, or the item's `#[cfg]`; and the
//! `use` line itself must be. Compiling each of the 568 resource features alone would take about nine
//! minutes; this takes seconds, and `xtask/tests/specs.rs` compiles a sample to keep this reading honest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::Item;
use twilio_codegen::{Options, generate};

fn specs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = vec![root.join("spec/twilio_proxy_v1.json")];
    for dir in [
        root.join("spec/extra"),
        root.join("spec/extra/twilio-oai-2026-04-14"),
        root.join("codegen/tests/fixtures"),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        specs.extend(files);
    }
    specs
}

/// `[features]` of a generated `Cargo.toml`: name → what it enables.
fn features(manifest: &str) -> BTreeMap<String, Vec<String>> {
    let section = manifest
        .split("\n[features]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap_or_default();
    section
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, list) = line.split_once(" = ").unwrap_or_else(|| panic!("{line}"));
            let enables = list
                .trim_matches(|c| c == '[' || c == ']')
                .split(", ")
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_matches('"').to_owned())
                .collect();
            (name.to_owned(), enables)
        })
        .collect()
}

/// Every feature `start` turns on, itself included.
fn closure(features: &BTreeMap<String, Vec<String>>, start: &[String]) -> BTreeSet<String> {
    let mut on = BTreeSet::new();
    let mut todo: Vec<String> = start.to_vec();
    while let Some(next) = todo.pop() {
        if on.insert(next.clone()) {
            todo.extend(features.get(&next).into_iter().flatten().cloned());
        }
    }
    on
}

/// A `#[cfg]` read by [`cfg_of`].
type Cfg = Option<Vec<Vec<String>>>;

/// An item's name, its `#[cfg]` and the `crate::` paths (`path:<module>`) and identifiers it names.
type NamedItem = (String, Cfg, BTreeSet<String>);

/// A `#[cfg]` as alternatives, each the features it needs together: `feature = "a"` is `[[a]]`,
/// `any(feature = "a", feature = "b")` is `[[a], [b]]`, `all(…)` one alternative. `None`: no
/// feature condition.
fn cfg_of(attrs: &[syn::Attribute]) -> Option<Vec<Vec<String>>> {
    let attr = attrs.iter().find(|a| a.path().is_ident("cfg"))?;
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    let text = list.tokens.to_string();
    let names: Vec<String> = text
        .split("feature = \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(if text.starts_with("any") {
        names.into_iter().map(|n| vec![n]).collect()
    } else {
        vec![names]
    })
}

/// The modules named by `crate::<module>::` paths in `tokens`.
fn crate_paths(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => crate_paths(group.stream(), out),
            TokenTree::Ident(ident) if ident == "crate" => {
                let joint = |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':');
                if joint(tokens.get(i + 1))
                    && joint(tokens.get(i + 2))
                    && let Some(TokenTree::Ident(module)) = tokens.get(i + 3)
                {
                    out.insert(module.to_string());
                }
                // `use crate::{a::X, b::Y}`
                if joint(tokens.get(i + 1))
                    && joint(tokens.get(i + 2))
                    && let Some(TokenTree::Group(group)) = tokens.get(i + 3)
                {
                    for part in group.stream().to_string().split(',') {
                        if let Some(module) = part.split("::").next() {
                            out.insert(module.trim().to_owned());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every identifier in `tokens`.
fn idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => idents(group.stream(), out),
            TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            _ => {}
        }
    }
}

/// What a `use crate::<module>::<Name>;` line brought in: the module, and the line's own `#[cfg]`.
struct Import {
    module: String,
    cfg: Option<Vec<Vec<String>>>,
}

/// `use crate::<module>::<Name>;` lines: name → what it came from. `grouped`: the `use crate::…{…}`
/// lines, which this reading does not take apart (the generator writes none into another module).
fn imported(file: &syn::File, grouped: &mut Vec<String>) -> BTreeMap<String, Import> {
    use quote::ToTokens;
    let mut out = BTreeMap::new();
    for item in &file.items {
        if let Item::Use(u) = item {
            let text = u.tree.to_token_stream().to_string().replace(' ', "");
            let Some(rest) = text.strip_prefix("crate::") else {
                continue;
            };
            match rest.split_once("::") {
                Some((module, name)) if !name.contains(['{', ':', '*']) => {
                    out.insert(
                        name.to_owned(),
                        Import {
                            module: module.to_owned(),
                            cfg: cfg_of(&u.attrs),
                        },
                    );
                }
                _ => grouped.push(text),
            }
        }
    }
    out
}

/// Something an item names: a module (`crate::m::…`), or a name a `use` line brought in.
enum Named {
    Module(String),
    Import(String, Option<Vec<Vec<String>>>),
}

/// Each item (and each item of an `impl`), with its `#[cfg]` and what it names of other modules:
/// through `crate::` paths, or a name a `use crate::…` line brought in (which also needs that line).
fn items(file: &syn::File, grouped: &mut Vec<String>) -> Vec<(String, Cfg, Vec<Named>)> {
    let imports = imported(file, grouped);
    named_items(file)
        .into_iter()
        .map(|(item, cfg, names)| {
            let named = names
                .into_iter()
                .filter_map(|name| match name.strip_prefix("path:") {
                    Some(module) => Some(Named::Module(module.to_owned())),
                    None => imports
                        .get(&name)
                        .map(|i| Named::Import(i.module.clone(), i.cfg.clone())),
                })
                .collect();
            (item, cfg, named)
        })
        .collect()
}

/// Each item with its `#[cfg]`, its `crate::` paths (`path:<module>`) and its identifiers, except
/// in `use` lines, whose path is all they name.
fn named_items(file: &syn::File) -> Vec<NamedItem> {
    use quote::ToTokens;
    let names = |tokens: TokenStream, with_idents: bool| {
        let mut paths = BTreeSet::new();
        crate_paths(tokens.clone(), &mut paths);
        let mut out: BTreeSet<String> = paths.into_iter().map(|m| format!("path:{m}")).collect();
        if with_idents {
            idents(tokens, &mut out);
        }
        out
    };
    let mut out = Vec::new();
    for item in &file.items {
        if let Item::Impl(block) = item {
            let outer = cfg_of(&block.attrs);
            let mut head = names(block.self_ty.to_token_stream(), true);
            if let Some((path, _)) = &block.trait_ {
                head.extend(names(path.to_token_stream(), true));
            }
            out.push((
                format!("impl {}", block.self_ty.to_token_stream()),
                outer.clone(),
                head,
            ));
            for inner in &block.items {
                let attrs: &[syn::Attribute] = match inner {
                    syn::ImplItem::Fn(f) => &f.attrs,
                    syn::ImplItem::Const(c) => &c.attrs,
                    syn::ImplItem::Type(t) => &t.attrs,
                    _ => &[],
                };
                let named = names(inner.to_token_stream(), true);
                let cfg = match (&outer, cfg_of(attrs)) {
                    (Some(a), Some(b)) => Some(
                        a.iter()
                            .flat_map(|x| b.iter().map(move |y| [x.clone(), y.clone()].concat()))
                            .collect(),
                    ),
                    (a, b) => b.or(a.clone()),
                };
                let name = match inner {
                    syn::ImplItem::Fn(f) => f.sig.ident.to_string(),
                    _ => "item".to_owned(),
                };
                out.push((name, cfg, named));
            }
        } else {
            let attrs: &[syn::Attribute] = match item {
                Item::Use(u) => &u.attrs,
                Item::Struct(s) => &s.attrs,
                Item::Enum(e) => &e.attrs,
                Item::Fn(f) => &f.attrs,
                Item::Mod(m) => &m.attrs,
                Item::Type(t) => &t.attrs,
                Item::Const(c) => &c.attrs,
                Item::Static(s) => &s.attrs,
                Item::Macro(m) => &m.attrs,
                _ => &[],
            };
            let named = names(item.to_token_stream(), !matches!(item, Item::Use(_)));
            let name = item
                .to_token_stream()
                .to_string()
                .chars()
                .take(80)
                .collect();
            out.push((name, cfg_of(attrs), named));
        }
    }
    out
}

/// No features.
static NONE: Vec<String> = Vec::new();

/// The problems of one generated crate: references that a feature combination leaves dangling.
fn check_crate(files: &BTreeMap<String, String>, spec: &Path) -> Vec<String> {
    let features = features(&files["Cargo.toml"]);
    let lib = syn::parse_file(&files["src/lib.rs"]).unwrap();
    // Module → the features it is compiled under (all of them; none: always).
    let mut gate: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &lib.items {
        if let Item::Mod(m) = item {
            let needs = match cfg_of(&m.attrs) {
                Some(alternatives) => {
                    assert_eq!(alternatives.len(), 1, "{}: mod {}", spec.display(), m.ident);
                    alternatives.into_iter().next().unwrap_or_default()
                }
                None => Vec::new(),
            };
            gate.insert(m.ident.to_string(), needs);
        }
    }
    let mut problems = Vec::new();
    for (path, text) in files {
        let Some(module) = path
            .strip_prefix("src/")
            .and_then(|p| p.strip_suffix(".rs"))
            .filter(|m| *m != "lib")
        else {
            continue;
        };
        let Some(own) = gate.get(module) else {
            continue;
        };
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut grouped = Vec::new();
        for (item, cfg, named) in items(&file, &mut grouped) {
            let alternatives = cfg.unwrap_or_else(|| vec![Vec::new()]);
            for named in &named {
                // What the named thing needs: its module's features, and those of its `use` line.
                let (other, line) = match named {
                    Named::Module(m) => (m, None),
                    Named::Import(m, line) => (m, line.as_ref()),
                };
                let Some(needed) = gate
                    .get(other)
                    .filter(|_| other != module)
                    .or(line.map(|_| &NONE))
                else {
                    continue;
                };
                for alternative in &alternatives {
                    let on = closure(&features, &[own.clone(), alternative.clone()].concat());
                    if let Some(missing) = needed.iter().find(|f| !on.contains(*f)) {
                        problems.push(format!(
                            "{}: src/{module}.rs `{item}` names crate::{other} (feature `{missing}`), \
                             compiled with only {on:?}",
                            spec.display()
                        ));
                    }
                    if let Some(line) = line
                        && !line
                            .iter()
                            .any(|needs| needs.iter().all(|f| on.contains(f)))
                    {
                        problems.push(format!(
                            "{}: src/{module}.rs `{item}` names what `use crate::{other}::…` under \
                             {line:?} brings in, compiled with only {on:?}",
                            spec.display()
                        ));
                    }
                }
            }
        }
        for text in grouped {
            let gated = gate.iter().filter(|(_, needs)| !needs.is_empty());
            if gated
                .into_iter()
                .any(|(m, _)| text.contains(&format!("{m}::")))
            {
                problems.push(format!(
                    "{}: src/{module}.rs: `use {text}` groups names of a module; this check reads \
                     only `use crate::module::Name;` lines",
                    spec.display()
                ));
            }
        }
    }
    // Every resource feature is in `full`, and `full` is the default.
    if let Some(full) = features.get("full") {
        assert_eq!(features["default"], ["full"], "{}", spec.display());
        for needs in gate.values().flatten().filter(|f| *f != "testing") {
            assert!(
                full.contains(needs),
                "{}: {needs} is not in full",
                spec.display()
            );
        }
    }
    problems
}

#[test]
fn every_feature_of_every_crate_compiles_alone() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in specs() {
        let text = std::fs::read_to_string(&spec).unwrap();
        let Ok(generated) = generate(&text, &Options::default()) else {
            continue; // the broken fixtures
        };
        let files: BTreeMap<String, String> = generated.files.into_iter().collect();
        checked += features(&files["Cargo.toml"])
            .get("full")
            .map_or(0, Vec::len);
        problems.extend(check_crate(&files, &spec));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // 71 in API v2010's crate alone.
    assert!(checked > 500, "only {checked} resource features");
    println!("resource features read: {checked}");
}

/// The reading above finds what it must: a navigation method without its `#[cfg]`, a `use` line
/// under a `#[cfg]` narrower than what names it, and a feature that does not enable its parent.
#[test]
fn a_missing_cfg_or_feature_edge_is_found() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/twilio_proxy_v1.json");
    let text = std::fs::read_to_string(&spec).unwrap();
    let files: BTreeMap<String, String> = generate(&text, &Options::default())
        .unwrap()
        .files
        .into_iter()
        .collect();
    assert!(check_crate(&files, &spec).is_empty());

    // The problems of the crate with `from` replaced by `to` in one file.
    let problems_with = |file: &str, from: &str, to: &str| {
        let mut changed = files.clone();
        let text = changed.get_mut(file).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        *text = text.replacen(from, to, 1);
        check_crate(&changed, &spec)
    };

    let problems = problems_with(
        "src/participant.rs",
        "    #[cfg(feature = \"message_interaction\")]\n    #[inline]\n    pub fn message_interactions",
        "    #[inline]\n    pub fn message_interactions",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`message_interactions` names crate::message_interaction")),
        "{problems:?}"
    );

    let problems = problems_with(
        "src/participant.rs",
        "#[cfg(feature = \"message_interaction\")]\nuse crate::sid::InteractionSid;",
        "#[cfg(feature = \"interaction\")]\nuse crate::sid::InteractionSid;",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`message_interaction` names what `use crate::sid::…`")),
        "{problems:?}"
    );

    let problems = problems_with(
        "Cargo.toml",
        "participant = [\"session\"]",
        "participant = []",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("src/participant.rs") && p.contains("crate::session")),
        "{problems:?}"
    );
}
