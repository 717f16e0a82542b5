//! Stage 4: IR → token streams → files. Emitters see only the IR.

mod docs;
mod extensions;
mod imports;
mod model;
mod package;
mod resource;
mod testing;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::Options;
use heck::ToTitleCase;
use indexmap::IndexMap;

use crate::ir::{Api, ExampleList, ModuleItems, SID_MODULE, SidType};
use crate::render::{self, GeneratedFiles, RenderError};
use docs::{doc_attrs, inner_doc_attrs, paragraphs, sanitize};
use types::ident;

/// The hand-written runtime, shipped verbatim inside every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("http.rs", include_str!("../../runtime/http.rs")),
    ("macros.rs", include_str!("../../runtime/macros.rs")),
    ("page.rs", include_str!("../../runtime/page.rs")),
    ("params.rs", include_str!("../../runtime/params.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("sid.rs", include_str!("../../runtime/sid.rs")),
    ("signature.rs", include_str!("../../runtime/signature.rs")),
    ("adapters.rs", include_str!("../../runtime/adapters.rs")),
    ("transport.rs", include_str!("../../runtime/transport.rs")),
    ("testing.rs", include_str!("../../runtime/testing.rs")),
];

/// Emits every file of the crate.
pub fn emit(api: &Api, options: &Options) -> Result<GeneratedFiles, RenderError> {
    let mut files = GeneratedFiles::default();
    let header = render::header(&options.spec_name);
    files.extend(package::files(api, options));
    for (name, text) in RUNTIME {
        files.insert(
            format!("src/runtime/{name}"),
            render::with_header(
                &render::copied_header(&format!("codegen/runtime/{name}")),
                text,
            ),
        );
    }
    for extension in extensions::for_product(&api.product) {
        for (dest, source, text) in extension.files {
            files.insert(
                (*dest).to_owned(),
                render::with_header(
                    &render::copied_header(source),
                    &extensions::for_crate(text, &options.crate_name),
                ),
            );
        }
    }
    let modules = api.modules();
    // Type name → the module that defines it, for the `use` lines of the others.
    let owners: IndexMap<&str, &str> = api
        .models
        .iter()
        .map(|m| (m.name.as_str(), m.module.as_str()))
        .chain(
            api.enums
                .iter()
                .map(|e| (e.name.as_str(), e.module.as_str())),
        )
        .chain(
            api.unions
                .iter()
                .map(|u| (u.name.as_str(), u.module.as_str())),
        )
        .chain(
            api.requests
                .iter()
                .map(|r| (r.name.as_str(), r.module.as_str())),
        )
        .chain(api.sids.iter().map(|s| (s.name.as_str(), SID_MODULE)))
        .collect();
    for (module, items) in &modules {
        let tokens = module_tokens(api, module, items, &owners);
        files.insert(
            format!("src/{module}.rs"),
            render::rust_file(&header, tokens, &format!("src/{module}.rs"))?,
        );
    }
    if !api.sids.is_empty() {
        let path = format!("src/{SID_MODULE}.rs");
        files.insert(
            path.clone(),
            render::rust_file(&header, sid_module(&api.sids, &options.crate_name), &path)?,
        );
    }
    files.insert(
        "src/testing.rs".into(),
        render::rust_file(
            &header,
            testing::module(api, &options.crate_name),
            "src/testing.rs",
        )?,
    );
    files.insert(
        "src/lib.rs".into(),
        render::rust_file(
            &header,
            lib_tokens(api, options, &modules.keys().copied().collect::<Vec<_>>()),
            "src/lib.rs",
        )?,
    );
    Ok(files)
}

fn module_tokens(
    api: &Api,
    module: &str,
    items: &ModuleItems<'_>,
    owners: &IndexMap<&str, &str>,
) -> TokenStream {
    let mut body = TokenStream::new();
    let mut doc_lines = Vec::new();
    let mut uses = imports::Uses::default();
    for &index in &items.resources {
        let r = &api.resources[index];
        let paths: Vec<String> = [&r.list, &r.instance]
            .into_iter()
            .flatten()
            .map(|e| format!("`{}`", e.path.template))
            .collect();
        doc_lines.push(format!(
            "The {} resource ({}): its handles, request builders and record types.",
            r.name,
            paths.join(", ")
        ));
        if let Some(doc) = &r.doc {
            doc_lines.push(sanitize(doc));
        }
        if !r.default_output_properties.is_empty() {
            let shown: Vec<String> = r
                .default_output_properties
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            doc_lines.push(format!(
                "Twilio's tools show {} first for this resource.",
                shown.join(", ")
            ));
        }
        body.extend(resource::resource(api, index, r, &mut uses));
    }
    for m in &items.models {
        body.extend(model::model(m));
    }
    for e in &items.enums {
        body.extend(model::enumeration(e));
    }
    for u in &items.unions {
        body.extend(model::union(u));
    }
    for r in &items.requests {
        body.extend(model::request_object(r));
    }
    if doc_lines.is_empty() {
        doc_lines.push("Types shared by several resources.".to_owned());
    }
    let module_doc = inner_doc_attrs(&paragraphs(doc_lines.iter().map(String::as_str)));

    let imports = imports::imports(api, module, items, owners, uses);
    let runtime: Vec<_> = imports.runtime.iter().map(|item| ident(item)).collect();
    let runtime_use = (!runtime.is_empty()).then(|| quote!(use crate::runtime::{#(#runtime),*};));
    let method_use = imports.method.then(|| {
        quote!(
            use http::Method;
        )
    });
    let serde_use = imports.serde.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let foreign_uses = imports.foreign.iter().map(|(owner, name)| {
        let owner = ident(owner);
        let name = ident(name);
        quote!(use crate::#owner::#name;)
    });
    quote! {
        #module_doc
        #serde_use
        #method_use
        #runtime_use
        #(#foreign_uses)*

        #body
    }
}

fn lib_tokens(api: &Api, options: &Options, modules: &[&str]) -> TokenStream {
    let crate_ident = options.crate_name.replace('-', "_");
    let mut intro = format!(
        "# {}\n\nAsync Rust client for **{}** (API version {}), generated from Twilio's OpenAPI spec by `cargo xtask codegen`.",
        options.crate_name, api.title, api.version
    );
    if let Some(d) = &api.description {
        intro.push_str("\n\n");
        intro.push_str(&sanitize(d));
    }
    intro.push_str(
        "\n\nStart from a [`Client`]; it hands out a handle per resource, and each operation returns a \
request builder: required parameters are arguments, optional ones are setters. Await a builder to send it. \
List requests offer `page()`, `stream()` and `all()`.",
    );
    if let Some(example) = quick_start(api, &crate_ident) {
        intro.push_str("\n\n");
        intro.push_str(&example);
    }
    let docs = inner_doc_attrs(&intro);
    // Sorted as rustfmt would sort them, so `cargo fmt` leaves lib.rs alone.
    let mut sorted: Vec<&str> = modules.to_vec();
    sorted.sort_unstable();
    let mods = sorted.iter().map(|m| {
        let m = ident(m);
        quote! {
            #[rustfmt::skip]
            pub mod #m;
        }
    });
    let sid_mod = (!api.sids.is_empty()).then(|| {
        let m = ident(SID_MODULE);
        quote! {
            #[rustfmt::skip]
            pub mod #m;
        }
    });
    let extension_mods = extensions::for_product(&api.product)
        .flat_map(|e| e.modules.iter())
        .map(|m| {
            let m = ident(m);
            quote!(pub mod #m;)
        });
    let base_url = &api.base_url;
    let base_doc = doc_attrs(
        "The API's base URL from the spec; override it with [`ClientBuilder::base_url`].",
    );
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
        #![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

        mod runtime;

        pub use runtime::ApiError;
        pub use runtime::BodySnippet;
        pub use runtime::Client;
        pub use runtime::ClientBuilder;
        pub use runtime::Credentials;
        pub use runtime::DEFAULT_MAX_RESPONSE_BODY;
        pub use runtime::Error;
        pub use runtime::Page;
        pub use runtime::PageMeta;
        pub use runtime::RecordStream;
        pub use runtime::Response;
        pub use runtime::Result;
        pub use runtime::RetryPolicy;
        pub use runtime::SidError;
        pub use runtime::signature;
        pub use serde_json;
        pub use time;

        #base_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #(#mods)*

        #sid_mod

        #[cfg(feature = "testing")]
        #[rustfmt::skip]
        pub mod testing;

        #(#extension_mods)*

        /// The README's examples, compiled as doctests so that they cannot rot.
        #[cfg(doctest)]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;
    }
}

/// The `sid` module: one newtype per SID prefix, declared through the runtime's macro.
fn sid_module(sids: &[SidType], crate_name: &str) -> TokenStream {
    let mut text = "SID types: one per kind of Twilio identifier the spec names, so that one kind \
         cannot be passed where another is expected.\n\n`str::parse` checks a SID's shape (its \
         two-letter prefix, then 32 hexadecimal digits) and fails with [`SidError`](crate::SidError); \
         `From<&str>` and `From<String>` take any text unchecked (Twilio accepts some aliases, such \
         as a unique name, where the spec names a SID), and answers decode whatever text Twilio \
         sends: a response never fails over an identifier's shape."
        .to_owned();
    if let [first, second, ..] = sids {
        let krate = crate_name.replace('-', "_");
        let (a, b) = (&first.name, &second.name);
        let good = format!("{}{}", first.prefix, "0123456789abcdef".repeat(2));
        text.push_str(&format!(
            "\n\n```\nlet sid: {krate}::sid::{a} = \"{good}\".parse()?;\nassert_eq!(sid.as_str(), \"{good}\");\n\
             assert!(\"{good}\".parse::<{krate}::sid::{b}>().is_err());\n# Ok::<(), {krate}::SidError>(())\n```\n\n\
             One kind is not another:\n\n```compile_fail\nlet sid: {krate}::sid::{a} = {krate}::sid::{b}::from(\"{good}\");\n```"
        ));
    }
    let docs = inner_doc_attrs(&text);
    let entries = sids.iter().map(|s| {
        let name = ident(&s.name);
        let prefix = &s.prefix;
        let what = s
            .name
            .strip_suffix("Sid")
            .unwrap_or(&s.name)
            .to_title_case();
        let article = if what.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        let doc = doc_attrs(&format!(
            "The SID of {article} {what}: `{prefix}` followed by 32 hexadecimal digits."
        ));
        quote! {
            #doc
            #[prefix = #prefix]
            pub struct #name;
        }
    });
    quote! {
        #docs
        crate::runtime::sid_types! {
            #(#entries)*
        }
    }
}

/// A compiled (not run) example for the crate docs: list the collection the IR picked.
fn quick_start(api: &Api, crate_ident: &str) -> Option<String> {
    let ExampleList { accessor, method } = api.example.as_ref()?;
    Some(format!(
        "```no_run\n# async fn example() -> {crate_ident}::Result<()> {{\nlet client = {crate_ident}::Client::from_env()?;\nlet first_page = client.{accessor}().{method}().page_size(20).page().await?;\nfor record in first_page.records() {{\n    println!(\"{{record:?}}\");\n}}\n# Ok(())\n# }}\n```"
    ))
}
