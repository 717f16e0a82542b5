//! The `testing` module (feature `testing`): the spec as tables the runtime's fake server reads.
//! Everything the fake does is decided by these tables and `runtime/testing.rs`; nothing here knows
//! a product.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::inner_doc_attrs;
use crate::ir::{
    Api, Endpoint, Field, Model, Operation, ParamLocation, Resource, ResponseKind, TypeRef,
};
use crate::naming;

/// The crate-level text of the module.
const MODULE_DOC: &str = "A stateful fake of this API for your tests (feature `testing`).

[`FakeTwilio::start`] binds a loopback port and serves every operation of the spec from memory: create \
assigns a SID with the resource's prefix and fills the fields the request set (plus dates, URLs and links), \
fetch, update (only the fields sent) and delete act on stored records, lists are scoped to their parent and \
paged like Twilio's (`PageSize`, `Page`, `PageToken`, next and previous page URLs). Unknown records give \
Twilio's 404 error document (code 20404); a missing required parameter or a value outside an enum gives a \
400 (code 20001). [`FakeTwilio::requests`] records what your code sent; [`FakeTwilio::fail_next`] and \
[`FakeTwilio::delay_next`] script faults; [`FakeTwilio::seed`] stores records up front.

It is a fake, not Twilio: it places no call and sends no message, runs no callback, and knows no business \
rule the spec does not state (a session's participants are not created with it, a closed session still \
accepts interactions). List filters compare a parameter with the record field of the same name; range and \
date filters are ignored.";

/// The `testing` module's tokens; `gated`: the crate has resource features.
pub fn module(api: &Api, crate_name: &str, gated: bool) -> TokenStream {
    let krate = crate_name.replace('-', "_");
    let mut doc = MODULE_DOC.to_owned();
    if let Some(example) = example(api, &krate, gated) {
        doc.push_str("\n\n");
        doc.push_str(&example);
    }
    let docs = inner_doc_attrs(&doc);
    let resources = api.resources.iter().map(|r| {
        let record = record_model(api, r);
        let name = &r.name;
        let parent = option_usize(r.parent);
        let list = path_spec(api, r.list.as_ref());
        let instance = path_spec(api, r.instance.as_ref());
        let own = r
            .instance
            .as_ref()
            .and_then(|e| e.path.params().last())
            .filter(|_| ends_in_param(r.instance.as_ref()));
        let sid_prefix = own
            .and_then(|p| p.sid.as_deref())
            .or_else(|| {
                record
                    .and_then(|m| m.fields.iter().find(|f| f.wire == "sid"))
                    .and_then(|f| match &f.ty {
                        TypeRef::Sid(name) => Some(name.as_str()),
                        _ => None,
                    })
            })
            .and_then(|name| api.sids.iter().find(|s| s.name == name))
            .map(|s| s.prefix.as_str());
        let sid_prefix = option_str(sid_prefix);
        let id_field = option_str(own.and_then(|p| p.field.as_deref()));
        let link_name = r
            .list
            .as_ref()
            .map(|e| naming::link_name(&e.path.template))
            .unwrap_or_default();
        let fields = record_fields(api, r).into_iter().map(|f| {
            let wire = &f.wire;
            let (kind, list) = kind(&f.ty);
            let nullable = f.nullable;
            let default = f.default.as_ref().map(|d| d.to_string());
            let default = option_str(default.as_deref());
            let values = enum_values(api, &f.ty);
            let example = option_str(f.example.as_deref());
            quote! {
                Field {
                    wire: #wire,
                    kind: #kind,
                    list: #list,
                    nullable: #nullable,
                    default: #default,
                    values: &[#(#values),*],
                    example: #example,
                }
            }
        });
        quote! {
            Resource {
                name: #name,
                parent: #parent,
                list: #list,
                instance: #instance,
                sid_prefix: #sid_prefix,
                id_field: #id_field,
                link_name: #link_name,
                fields: &[#(#fields),*],
            }
        }
    });
    let resources: Vec<TokenStream> = resources.collect();
    // Only the table types this spec's tables name (a fixture may have no parameters at all).
    let endpoints = || {
        api.resources
            .iter()
            .flat_map(|r| r.list.iter().chain(r.instance.iter()))
    };
    let operations = || endpoints().flat_map(|e| e.operations.iter());
    let params = operations()
        .flat_map(|op| op.params())
        .any(|p| p.location != ParamLocation::Header);
    let fields = api
        .resources
        .iter()
        .any(|r| !record_fields(api, r).is_empty());
    let used = [
        ("Answer", operations().next().is_some()),
        ("Field", fields),
        ("Kind", params || fields),
        ("Operation", operations().next().is_some()),
        ("Param", params),
        ("PathSpec", endpoints().next().is_some()),
        ("Resource", !api.resources.is_empty()),
        ("Spec", true),
    ]
    .into_iter()
    .filter(|(_, used)| *used)
    .map(|(name, _)| super::types::ident(name));
    quote! {
        #docs

        pub use twilio_runtime::testing::{RecordedRequest, SeedError};
        use twilio_runtime::testing::{Fake, #(#used),*};

        /// A stateful fake of this API on a loopback port; see the [module docs](self).
        pub type FakeTwilio = twilio_runtime::testing::FakeTwilio<crate::Client>;

        impl Fake for crate::Client {
            const SPEC: &'static Spec = &SPEC;
        }

        /// The spec, as the fake reads it.
        static SPEC: Spec = Spec {
            resources: &[#(#resources),*],
        };
    }
}

/// `tests/fake.rs`: the runtime's checks of the fake, on this crate's spec (every resource created,
/// fetched, listed, updated and deleted through it). An integration test, so it links the library
/// that the doc tests use instead of compiling it a second time with `cfg(test)`.
pub fn checks(crate_name: &str) -> TokenStream {
    let krate = super::types::ident(&crate_name.replace('-', "_"));
    quote! {
        //! The runtime's checks of the `testing` fake, on this crate's spec.

        #![cfg(feature = "testing")]

        use #krate::Client as Api;
        use twilio_runtime::testing::checks::*;

        #[tokio::test]
        async fn the_client_s_account_exists() {
            the_account_the_client_authenticates_as_exists::<Api>().await;
        }

        #[tokio::test]
        async fn every_resource_goes_through_its_lifecycle() {
            every_resource_is_created_fetched_listed_updated_and_deleted::<Api>().await;
        }
    }
}

/// A doctest that a user could write: start the fake, create, fetch and list through the client.
/// `gated`: the crate has resource features; the example runs with every resource on.
fn example(api: &Api, krate: &str, gated: bool) -> Option<String> {
    let list = api.example.as_ref()?;
    let (cfg, otherwise) = if gated {
        (
            "# #[cfg(feature = \"full\")]\n",
            "# #[cfg(not(feature = \"full\"))]\n# fn main() {}\n",
        )
    } else {
        ("", "")
    };
    Some(format!(
        "```\n{cfg}# #[tokio::main(flavor = \"current_thread\")]\n# async fn main() -> {krate}::Result<()> {{\n\
         let fake = {krate}::testing::FakeTwilio::start().await;\n\
         let page = fake.client().{accessor}().{method}().page_size(20).page().await?;\n\
         assert!(page.records().len() <= 20);\n\
         assert_eq!(fake.requests().len(), 1);\n# Ok(())\n# }}\n{otherwise}```",
        accessor = list.accessor,
        method = list.method,
    ))
}

fn ends_in_param(endpoint: Option<&Endpoint>) -> bool {
    endpoint.is_some_and(|e| {
        e.path
            .template
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('{'))
    })
}

/// The fields the fake keeps for a resource's records: the record model's, then those only other
/// answers of the resource have (a create that answers `{sid}` where the record has no `sid`).
fn record_fields<'a>(api: &'a Api, resource: &Resource) -> Vec<&'a Field> {
    let models = record_model(api, resource).into_iter().chain(
        resource
            .list
            .iter()
            .chain(resource.instance.iter())
            .flat_map(|e| &e.operations)
            .filter_map(|op| match &op.response {
                ResponseKind::Value(ty) | ResponseKind::Page { item: ty, .. } => Some(ty),
                ResponseKind::Empty => None,
            })
            .flat_map(|ty| answer_models(api, ty)),
    );
    let mut fields: Vec<&Field> = Vec::new();
    for field in models.flat_map(|m| &m.fields) {
        if !fields.iter().any(|f| f.wire == field.wire) {
            fields.push(field);
        }
    }
    fields
}

/// The models an answer of this type can be: the model, or a union's model alternatives.
fn answer_models<'a>(api: &'a Api, ty: &TypeRef) -> Vec<&'a Model> {
    ty.models(&api.unions)
        .into_iter()
        .filter_map(|name| api.models.iter().find(|m| m.name == name))
        .collect()
}

/// A resource's record model.
fn record_model<'a>(api: &'a Api, resource: &Resource) -> Option<&'a Model> {
    let name = resource.record.as_ref()?;
    api.models.iter().find(|m| &m.name == name)
}

fn path_spec(api: &Api, endpoint: Option<&Endpoint>) -> TokenStream {
    let Some(e) = endpoint else {
        return quote!(None);
    };
    let template = &e.path.template;
    let param_fields = e.path.params().map(|p| option_str(p.field.as_deref()));
    let operations = e.operations.iter().map(|op| operation(api, op));
    quote! {
        Some(PathSpec {
            template: #template,
            param_fields: &[#(#param_fields),*],
            operations: &[#(#operations),*],
        })
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = op.http_method.as_str();
    let params = op
        .params()
        .filter(|p| p.location != ParamLocation::Header)
        .map(|p| {
            let wire = &p.wire;
            let (kind, list) = kind(&p.ty);
            let required = p.required;
            let query = p.location == ParamLocation::Query;
            let values = enum_values(api, &p.ty);
            // A date field is not compared by equality of text (Twilio's formats differ between
            // parameter and record).
            let field = option_str(p.field.as_deref());
            let filter = !matches!(
                kind_of(&p.ty),
                TypeRef::DateTime | TypeRef::DateTimeRfc2822 | TypeRef::Date
            );
            let example = option_str(p.example.as_deref());
            quote! {
                Param {
                    wire: #wire,
                    kind: #kind,
                    list: #list,
                    required: #required,
                    query: #query,
                    values: &[#(#values),*],
                    field: #field,
                    filter: #filter,
                    example: #example,
                }
            }
        });
    let status = op.status;
    let answer = match &op.response {
        ResponseKind::Page {
            key,
            legacy,
            links_nullable,
            ..
        } => {
            quote!(Answer::Page { key: #key, legacy: #legacy, links_nullable: #links_nullable })
        }
        ResponseKind::Value(_) => quote!(Answer::Record),
        ResponseKind::Empty => quote!(Answer::Empty),
    };
    quote! {
        Operation {
            id: #id,
            method: #method,
            params: &[#(#params),*],
            answer: #answer,
            status: #status,
        }
    }
}

/// The element type of a list, else the type.
fn kind_of(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Array(inner) => kind_of(inner),
        other => other,
    }
}

fn enum_values<'a>(api: &'a Api, ty: &TypeRef) -> Vec<&'a str> {
    match ty {
        TypeRef::Enum(name) => api
            .enums
            .iter()
            .find(|e| &e.name == name)
            .map(|e| e.values.iter().map(|v| v.wire.as_str()).collect())
            .unwrap_or_default(),
        TypeRef::Array(inner) => enum_values(api, inner),
        _ => Vec::new(),
    }
}

/// The fake's kind of a value, and whether it is a list.
fn kind(ty: &TypeRef) -> (TokenStream, bool) {
    let kind = match ty {
        TypeRef::Array(inner) => return (kind(inner).0, true),
        TypeRef::String | TypeRef::Sid(_) | TypeRef::Enum(_) => quote!(Kind::Text),
        TypeRef::Integer { .. } | TypeRef::Count => quote!(Kind::Integer),
        TypeRef::Number | TypeRef::Decimal => quote!(Kind::Number),
        TypeRef::Boolean => quote!(Kind::Boolean),
        TypeRef::DateTime => quote!(Kind::DateTime),
        TypeRef::DateTimeRfc2822 => quote!(Kind::DateTimeRfc2822),
        TypeRef::Date => quote!(Kind::Date),
        TypeRef::Json
        | TypeRef::Model(_)
        | TypeRef::Map(_)
        | TypeRef::Union(_)
        | TypeRef::Request(_) => quote!(Kind::Json),
    };
    (kind, false)
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}
