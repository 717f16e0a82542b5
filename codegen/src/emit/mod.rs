//! Stage 4: IR → token streams → files. Emitters see only the IR.

mod docs;
pub(crate) mod extensions;
mod features;
mod imports;
mod model;
mod package;
mod resource;
mod testing;
mod types;

pub use package::RUNTIME_VERSION;

use proc_macro2::TokenStream;
use quote::quote;

use crate::Options;
use heck::ToTitleCase;
use indexmap::IndexMap;

use crate::ir::{Api, ExampleList, ModuleItems, SID_MODULE, SidType};
use crate::render::{self, GeneratedFiles, RenderError};
use docs::{doc_attrs, inner_doc_attrs, paragraphs, sanitize};
use types::ident;

/// Emits every file of the crate.
pub fn emit(api: &Api, options: &Options) -> Result<GeneratedFiles, RenderError> {
    let mut files = GeneratedFiles::default();
    let header = render::header(&options.spec_name);
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
    let reserved: Vec<&str> = extensions::for_product(&api.product)
        .flat_map(|e| e.features)
        .map(|f| f.name)
        .collect();
    let features = features::Features::plan(api, &modules, &owners, &reserved);
    files.extend(package::files(api, options, &features));
    for (module, items) in &modules {
        let tokens = module_tokens(api, module, items, &owners, &features, &options.crate_name);
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
        "src/client.rs".into(),
        render::rust_file(&header, client_tokens(api), "src/client.rs")?,
    );
    files.insert(
        "src/testing.rs".into(),
        render::rust_file(
            &header,
            testing::module(api, &options.crate_name, !features.is_empty()),
            "src/testing.rs",
        )?,
    );
    files.insert(
        "tests/fake.rs".into(),
        render::rust_file(
            &header,
            testing::checks(&options.crate_name),
            "tests/fake.rs",
        )?,
    );
    files.insert(
        "src/lib.rs".into(),
        render::rust_file(
            &header,
            lib_tokens(
                api,
                options,
                &modules.keys().copied().collect::<Vec<_>>(),
                &features,
            ),
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
    features: &features::Features,
    crate_name: &str,
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
        body.extend(resource::resource(api, index, r, features, &mut uses));
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
        body.extend(model::request_object(r, crate_name));
    }
    if doc_lines.is_empty() {
        doc_lines.push("Types shared by several resources.".to_owned());
    }
    let module_doc = inner_doc_attrs(&paragraphs(doc_lines.iter().map(String::as_str)));

    let imports = imports::imports(api, module, items, owners, uses);
    // The generated `Client` is the crate's own; everything else comes from the runtime crate.
    let client_use = imports.runtime.contains("Client").then(|| {
        quote!(
            use crate::Client;
        )
    });
    let runtime: Vec<_> = imports
        .runtime
        .iter()
        .copied()
        .chain(imports.method.then_some("Method"))
        .filter(|item| *item != "Client")
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(ident)
        .collect();
    let runtime_use = (!runtime.is_empty()).then(|| quote!(use crate::runtime::{#(#runtime),*};));
    let serde_use = imports.serde.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let foreign_uses = imports.foreign.iter().map(|((owner, name), children)| {
        let cfg = features.cfg_from(module, children);
        let owner = ident(owner);
        let name = ident(name);
        quote!(#cfg use crate::#owner::#name;)
    });
    quote! {
        #module_doc
        #serde_use
        #client_use
        #runtime_use
        #(#foreign_uses)*

        #body
    }
}

fn lib_tokens(
    api: &Api,
    options: &Options,
    modules: &[&str],
    features: &features::Features,
) -> TokenStream {
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
    if let Some(maturity) = maturity_note(api) {
        intro.push_str("\n\n");
        intro.push_str(&maturity);
    }
    if let Some(features) = features.doc() {
        intro.push_str("\n\n");
        intro.push_str(&features);
    }
    if let Some(example) = quick_start(api, &crate_ident, !features.is_empty()) {
        intro.push_str("\n\n");
        intro.push_str(&example);
    }
    let docs = inner_doc_attrs(&intro);
    // Sorted as rustfmt would sort them, so `cargo fmt` leaves lib.rs alone.
    let mut sorted: Vec<&str> = modules.to_vec();
    sorted.sort_unstable();
    let mods = sorted.iter().map(|m| {
        let cfg = features.module_cfg(m);
        let m = ident(m);
        quote! {
            #cfg
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
    // The README's examples use resources: with some turned off they may not compile.
    let readme_cfg = if features.is_empty() {
        quote!(#[cfg(doctest)])
    } else {
        quote!(#[cfg(all(doctest, feature = "full"))])
    };
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

        #[rustfmt::skip]
        mod client;

        /// The runtime crate's items the generated code calls (not public API).
        use twilio_runtime::__private as runtime;

        pub use client::{Client, ClientBuilder};
        pub use serde_json;
        /// The `time` crate of the records' dates, with its `serde` feature. To format or parse
        /// dates yourself, enable its `formatting` or `parsing` feature in your own `Cargo.toml`.
        pub use time;
        pub use twilio_runtime::ApiError;
        pub use twilio_runtime::BodySnippet;
        pub use twilio_runtime::Credentials;
        pub use twilio_runtime::DEFAULT_MAX_RESPONSE_BODY;
        pub use twilio_runtime::Decimal;
        pub use twilio_runtime::Error;
        pub use twilio_runtime::Page;
        pub use twilio_runtime::PageMeta;
        pub use twilio_runtime::RecordStream;
        pub use twilio_runtime::Response;
        pub use twilio_runtime::Result;
        pub use twilio_runtime::RetryPolicy;
        pub use twilio_runtime::SidError;
        pub use twilio_runtime::signature;

        #base_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;


        #(#mods)*

        #sid_mod

        #[cfg(feature = "testing")]
        #[rustfmt::skip]
        pub mod testing;

        #(#extension_mods)*

        /// The README's examples, compiled as doctests so that they cannot rot.
        #readme_cfg
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;
    }
}

/// The `client` module: the crate's `Client`, a typed wrapper of the runtime's that knows this
/// API's base URL and names the crate in the `User-Agent`.
fn client_tokens(api: &Api) -> TokenStream {
    let client_doc = doc_attrs(&format!(
        "The {} client. Cheap to clone: clones share one connection pool and configuration.\n\n\
         Build one with [`Client::new`], [`Client::from_env`] or [`Client::builder`], then navigate \
         the resource tree from it.",
        api.title
    ));
    quote! {
        //! The crate's client; the resource modules add its accessors.

        use crate::runtime;
        use crate::{Credentials, DEFAULT_BASE_URL, Result};

        #client_doc
        #[derive(Clone)]
        pub struct Client(twilio_runtime::Client);

        impl Client {
            /// A client authenticating with the account SID (`AC…`, text or a typed SID) and its
            /// auth token, with default settings.
            pub fn new(
                account_sid: impl Into<twilio_runtime::AccountSid>,
                auth_token: impl Into<String>,
            ) -> Result<Self> {
                Self::builder()
                    .credentials(Credentials::auth_token(account_sid, auth_token))
                    .build()
            }

            /// A builder for every client setting.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// A client configured from Twilio's standard environment variables:
            /// `TWILIO_ACCOUNT_SID` (required), then either `TWILIO_API_KEY` + `TWILIO_API_SECRET`
            /// or `TWILIO_AUTH_TOKEN`, and optionally `TWILIO_REGION` and `TWILIO_EDGE`.
            pub fn from_env() -> Result<Self> {
                Self::builder().with_env()?.build()
            }

            /// A client like this one, sharing its connection pool, credentials and every setting,
            /// whose `User-Agent` ends with one more product token (`app/1.0`), as
            /// [`ClientBuilder::user_agent_extension`](twilio_runtime::ClientBuilder::user_agent_extension)
            /// adds on a builder: for a client you were given. A token that cannot appear in a
            /// header (control characters, non-ASCII) is a configuration error.
            pub fn with_user_agent_extension(&self, product: impl AsRef<str>) -> Result<Self> {
                runtime::with_user_agent_extension(&self.0, product.as_ref()).map(Self)
            }
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        /// The client's settings (`account_sid()`, `base_url()`, `timeout()`, …) are the runtime
        /// client's.
        impl std::ops::Deref for Client {
            type Target = twilio_runtime::Client;

            fn deref(&self) -> &twilio_runtime::Client {
                &self.0
            }
        }

        impl runtime::Api for Client {
            const DEFAULT_BASE_URL: &'static str = DEFAULT_BASE_URL;
            const PRODUCT: &'static str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

            fn from_client(client: twilio_runtime::Client) -> Self {
                Self(client)
            }

            fn into_client(self) -> twilio_runtime::Client {
                self.0
            }
        }

        /// Builder for [`Client`]: credentials, region and edge, timeouts, retries, limits, TLS
        /// and proxy settings.
        pub type ClientBuilder = twilio_runtime::ClientBuilder<Client>;
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
    // Account and API key SIDs are the runtime's own types (the ones `Credentials` takes), so that
    // one value serves every product crate; the other kinds are declared here.
    let runtime_sid = |s: &SidType| {
        RUNTIME_SIDS
            .iter()
            .find(|(prefix, _)| *prefix == s.prefix)
            .map(|(_, name)| ident(name))
    };
    let shared = sids.iter().filter_map(|s| {
        let runtime = runtime_sid(s)?;
        let name = ident(&s.name);
        Some(if runtime == name {
            quote!(pub use twilio_runtime::#runtime;)
        } else {
            quote!(pub use twilio_runtime::#runtime as #name;)
        })
    });
    let own = sids.iter().filter(|s| runtime_sid(s).is_none());
    let entries = own.map(|s| {
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
        #(#shared)*

        crate::runtime::sid_types! {
            #(#entries)*
        }
    }
}

/// The SID types the runtime declares, by prefix.
const RUNTIME_SIDS: [(&str, &str); 2] = [("AC", "AccountSid"), ("SK", "ApiKeySid")];

/// What Twilio's `x-maturity` says of the API, for the crate docs and README: each level, what it
/// means, and how many operations carry it (each operation's documentation names its own).
pub(crate) fn maturity_note(api: &Api) -> Option<String> {
    let total: usize = api
        .resources
        .iter()
        .flat_map(|r| r.list.iter().chain(r.instance.iter()))
        .map(|e| e.operations.len())
        .sum();
    let lines: Vec<String> = api
        .maturity
        .iter()
        .map(|m| {
            let count = if m.operations == total {
                format!("every operation ({total})")
            } else {
                format!("{} of the {total} operations", m.operations)
            };
            let meaning = m
                .description
                .as_deref()
                .map(|d| format!(" {}", sanitize(d)))
                .unwrap_or_default();
            format!("**{}**: Twilio marks {count} {}.{meaning}", m.name, m.name)
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}

/// A compiled (not run) example for the crate docs: list the collection the IR picked.
fn quick_start(api: &Api, crate_ident: &str, gated: bool) -> Option<String> {
    let ExampleList { accessor, method } = api.example.as_ref()?;
    // The example's resource may be turned off; it compiles with every one.
    let cfg = if gated {
        "# #[cfg(feature = \"full\")]\n"
    } else {
        ""
    };
    Some(format!(
        "```no_run\n{cfg}# async fn example() -> {crate_ident}::Result<()> {{\nlet client = {crate_ident}::Client::from_env()?;\nlet first_page = client.{accessor}().{method}().page_size(20).page().await?;\nfor record in first_page.records() {{\n    println!(\"{{record:?}}\");\n}}\n# Ok(())\n# }}\n```"
    ))
}
