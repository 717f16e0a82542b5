//! Resource handles (`…List`, `…Context`), their navigation, and one request builder per operation.
//!
//! Every public function these emitters write is `#[inline]` (decision 027): it becomes machine code in
//! the crate that calls it, so a user's build compiles the handles and builders of the operations it
//! sends, and their decoders, not those of all 197 of API v2010's. The private `request()` is not:
//! inlined into `send` it cost the overhead bench 400 instructions a request, and out of line it
//! costs the build nothing measurable.

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use super::docs::{deprecated_attr, doc_attrs, paragraphs, sanitize};
use super::features::Features;
use super::imports::Uses;
use super::types::{arg_shape, ident, is_text_param, param_type, path_param_type, rust_type};
use crate::ir::{
    Api, BodyEncoding, Endpoint, HttpMethod, Operation, PagingParam, Param, ParamLocation,
    PathParam, Resource, ResponseKind, Segment, TypeRef,
};

/// Everything of one resource: both handles, the accessors of its children and the builders.
///
/// Every runtime item the emitted code names is recorded in `uses`, for the module's `use` lines.
pub fn resource(
    api: &Api,
    index: usize,
    r: &Resource,
    features: &Features,
    uses: &mut Uses,
) -> TokenStream {
    let mut out = TokenStream::new();
    if r.parent.is_none() {
        out.extend(client_accessors(r, uses));
    }
    let account = api
        .default_account
        .and_then(|a| api.resources.get(a))
        .and_then(|a| a.instance.as_ref());
    if let Some(account) = account.filter(|_| r.parent == api.default_account) {
        out.extend(account_shortcuts(r, &account.accessor, uses));
    }
    let endpoints = [(&r.list, false), (&r.instance, true)];
    for (endpoint, is_instance) in endpoints {
        let Some(endpoint) = endpoint else { continue };
        // Children hang off the instance handle.
        let children = if is_instance {
            child_accessors(api, index, features)
        } else {
            TokenStream::new()
        };
        out.extend(handle(api, r, endpoint, is_instance, children, uses));
        if is_instance {
            out.extend(record_handles(api, r, endpoint));
        }
        for op in &endpoint.operations {
            if let Some(name) = &op.required_struct {
                out.extend(required_params_struct(endpoint, op, name));
            }
            out.extend(builder(endpoint, op, uses));
        }
    }
    out
}

/// `record.handle(&client)` (and `record.parent_handle(&client)`): a record leads to the handle of
/// the resource it is, from the properties that hold its path parameters (`PathParam::field`), as
/// Twilio's libraries return instances that are handles. When the record lacks one (Twilio left it
/// out), the call is `Error::MissingIdentifier`. Generated only where every parameter has its property
/// and the record is no other resource's.
fn record_handles(api: &Api, r: &Resource, instance: &Endpoint) -> TokenStream {
    let Some(record) = r.record.as_ref() else {
        return TokenStream::new();
    };
    let shared = api
        .resources
        .iter()
        .filter(|other| other.record.as_ref() == Some(record) && other.instance.is_some())
        .count();
    let Some(model) = api
        .models
        .iter()
        .find(|m| &m.name == record)
        .filter(|_| shared == 1)
    else {
        return TokenStream::new();
    };
    // The expression of each parameter's value, from the record's property.
    let values: Option<Vec<TokenStream>> = instance
        .path
        .params()
        .map(|p| {
            let field = model
                .fields
                .iter()
                .find(|f| Some(&f.wire) == p.field.as_ref())?;
            let name = ident(&field.rust);
            let wire = &field.wire;
            let convert = match (&field.ty, &p.sid) {
                (TypeRef::Sid(a), Some(b)) if a == b => quote!(clone),
                (TypeRef::String, None) => quote!(clone),
                (TypeRef::Integer { .. }, None) => quote!(to_string),
                _ => return None,
            };
            Some(quote!(crate::runtime::identifier(&self.#name, #record, #wire)?.#convert()))
        })
        .collect();
    let Some(values) = values else {
        return TokenStream::new();
    };
    let module = ident(&model.module);
    let model_ident = ident(&model.name);
    let handle = ident(&instance.handle);
    let handle_doc = doc_attrs(&format!(
        "The handle of this {record}'s resource ([`{}`]), from the identifiers the record holds, to \
         fetch, update or delete it or reach what is below it, as Twilio's libraries return from a \
         create. No request is sent; [`Error::MissingIdentifier`](crate::Error::MissingIdentifier) \
         when Twilio left an identifier out.",
        instance.handle
    ));
    let parent = r
        .parent
        .and_then(|p| api.resources[p].instance.as_ref())
        .filter(|p| {
            instance.inherited_params > 0 && p.path.params().count() == instance.inherited_params
        })
        .map(|parent| {
            let parent_handle = ident(&parent.handle);
            let parent_module = ident(&api.resources[r.parent.unwrap_or_default()].module);
            let inherited = &values[..instance.inherited_params];
            let doc = doc_attrs(&format!(
                "The handle of the resource this {record} belongs to \
                 ([`{}`](crate::{}::{})), from the identifiers the record holds.",
                parent.handle,
                api.resources[r.parent.unwrap_or_default()].module,
                parent.handle
            ));
            quote! {
                #doc
                #[inline]
                pub fn parent_handle(
                    &self,
                    client: &crate::Client,
                ) -> crate::Result<crate::#parent_module::#parent_handle> {
                    Ok(crate::#parent_module::#parent_handle::new(
                        client.clone() #(, #inherited)*
                    ))
                }
            }
        });
    quote! {
        impl crate::#module::#model_ident {
            #handle_doc
            #[inline]
            pub fn handle(&self, client: &crate::Client) -> crate::Result<#handle> {
                Ok(#handle::new(client.clone() #(, #values)*))
            }

            #parent
        }
    }
}

fn params_of(endpoint: &Endpoint) -> Vec<&PathParam> {
    endpoint.path.params().collect()
}

/// `fn services(&self) -> ServiceList` style accessors; `parent_fields` are the expressions that
/// supply the inherited path parameters.
/// `on_client`: the accessor is a method of the client itself (else of a parent handle, which holds
/// the client in a field).
fn accessor(
    endpoint: &Endpoint,
    parent_fields: &[TokenStream],
    on_client: bool,
    what: &str,
    note: &str,
    cfg: &TokenStream,
) -> TokenStream {
    let client = if on_client {
        quote!(self.clone())
    } else {
        quote!(self.client.clone())
    };
    let handle = ident(&endpoint.handle);
    let method = ident(&endpoint.accessor);
    let own: Vec<&PathParam> = params_of(endpoint)
        .into_iter()
        .skip(endpoint.inherited_params)
        .collect();
    let args = own.iter().map(|p| {
        let name = ident(&p.rust);
        let ty = path_param_type(p);
        quote!(#name: impl Into<#ty>)
    });
    let values = own.iter().map(|p| {
        let name = ident(&p.rust);
        quote!(#name.into())
    });
    let doc = doc_attrs(&format!("{what} `{}`.{note}", endpoint.path.template));
    quote! {
        #doc
        #cfg
        #[inline]
        pub fn #method(&self #(, #args)*) -> #handle {
            #handle::new(#client #(, #parent_fields)* #(, #values)*)
        }
    }
}

/// `note`: text the accessors' docs end with.
fn endpoint_accessors(
    r: &Resource,
    parent_fields: &[TokenStream],
    on_client: bool,
    cfg: &TokenStream,
    note: Option<&str>,
) -> TokenStream {
    let note = note.unwrap_or_default();
    let list = r.list.as_ref().map(|e| {
        accessor(
            e,
            parent_fields,
            on_client,
            &format!("The list of {} resources:", r.name),
            note,
            cfg,
        )
    });
    let instance = r.instance.as_ref().map(|e| {
        accessor(
            e,
            parent_fields,
            on_client,
            &format!("One {} resource:", r.name),
            note,
            cfg,
        )
    });
    quote!(#list #instance)
}

fn client_accessors(r: &Resource, uses: &mut Uses) -> TokenStream {
    let accessors = endpoint_accessors(r, &[], true, &TokenStream::new(), None);
    let client = uses.runtime("Client");
    quote! {
        impl #client {
            #accessors
        }
    }
}

/// The accessors of a child of the default account, on the client: the account is the one the
/// client authenticates as (`client.messages()` is `client.account(client.account_sid()).messages()`).
fn account_shortcuts(r: &Resource, account_accessor: &str, uses: &mut Uses) -> TokenStream {
    let account = [quote!(self.account_sid().into())];
    let list = r.list.as_ref().map(|e| {
        accessor(
            e,
            &account,
            true,
            &format!(
                "The list of {} resources of the account the client authenticates as (use \
                 [`Client::{account_accessor}`] for another account, such as a subaccount):",
                r.name
            ),
            "",
            &TokenStream::new(),
        )
    });
    let instance = r.instance.as_ref().map(|e| {
        accessor(
            e,
            &account,
            true,
            &format!(
                "One {} resource of the account the client authenticates as (use \
                 [`Client::{account_accessor}`] for another account, such as a subaccount):",
                r.name
            ),
            "",
            &TokenStream::new(),
        )
    });
    let client = uses.runtime("Client");
    quote! {
        impl #client {
            #list
            #instance
        }
    }
}

/// The accessors of a resource's children, on its instance handle; each one of a child in another
/// module is compiled with the child's feature.
fn child_accessors(api: &Api, index: usize, features: &Features) -> TokenStream {
    let Some(parent) = api.resources.get(index).and_then(|r| r.instance.as_ref()) else {
        return TokenStream::new();
    };
    let parent_fields: Vec<TokenStream> = params_of(parent)
        .iter()
        .map(|p| {
            let name = ident(&p.rust);
            quote!(self.#name.clone())
        })
        .collect();
    let module = &api.resources[index].module;
    api.children_of(Some(index))
        .map(|child| {
            let cfg = features.cfg_from(module, &BTreeSet::from([child.module.clone()]));
            let note = features
                .name(&child.module)
                .filter(|_| !cfg.is_empty())
                .map(|feature| format!("\n\nCompiled with the `{feature}` feature."));
            endpoint_accessors(child, &parent_fields, false, &cfg, note.as_deref())
        })
        .collect()
}

fn handle(
    api: &Api,
    r: &Resource,
    endpoint: &Endpoint,
    is_instance: bool,
    children: TokenStream,
    uses: &mut Uses,
) -> TokenStream {
    let handle = ident(&endpoint.handle);
    let params = params_of(endpoint);
    let names: Vec<_> = params.iter().map(|p| ident(&p.rust)).collect();
    let types: Vec<_> = params.iter().map(|p| path_param_type(p)).collect();
    let kind = if is_instance {
        format!("One {} resource", r.name)
    } else {
        format!("The list of {} resources", r.name)
    };
    let resource_doc = r.doc.as_deref().map(sanitize).unwrap_or_default();
    let docs = doc_attrs(&paragraphs([
        format!("{kind}: `{}`.", endpoint.path.template).as_str(),
        resource_doc.as_str(),
    ]));
    let getters = params.iter().map(|p| {
        let name = ident(&p.rust);
        let ty = path_param_type(p);
        let doc = doc_attrs(&paragraphs([
            format!("The `{}` path parameter this handle addresses.", p.wire).as_str(),
            p.doc.as_deref().map(sanitize).unwrap_or_default().as_str(),
        ]));
        quote! {
            #doc
            #[inline]
            pub fn #name(&self) -> &#ty {
                &self.#name
            }
        }
    });
    let methods: Vec<TokenStream> = endpoint
        .operations
        .iter()
        .map(|op| operation_method(api, endpoint, op, uses))
        .collect();
    let client = uses.runtime("Client");
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: #client,
            #(#names: #types,)*
        }

        impl #handle {
            #[inline]
            pub(crate) fn new(client: #client #(, #names: #types)*) -> Self {
                Self { client #(, #names)* }
            }

            #(#getters)*

            #(#methods)*

            #children
        }
    }
}

fn operation_doc(api: &Api, endpoint: &Endpoint, op: &Operation) -> String {
    let text = op.doc.as_deref().map(sanitize).unwrap_or_default();
    // Twilio's `x-maturity` (`Beta`), with what the spec says it means.
    let maturity: Vec<String> = op
        .maturity
        .iter()
        .map(|name| {
            let meaning = api
                .maturity
                .iter()
                .find(|m| m.name == *name)
                .and_then(|m| m.description.as_deref())
                .map_or_else(|| format!("Twilio marks this operation {name}."), sanitize);
            format!("**{name}**: {meaning}")
        })
        .collect();
    // A required parameter is an argument, which cannot carry `#[deprecated]`: said here.
    let deprecated: Vec<String> = positional(op)
        .filter(|p| p.deprecated)
        .map(|p| {
            format!(
                "The `{}` argument (`{}`) is deprecated in Twilio's API description.",
                p.rust, p.wire
            )
        })
        .collect();
    let one_of: Vec<String> = one_of_params(op)
        .filter(|group| !group.is_empty())
        .map(|group| {
            format!(
                "Set {}: Twilio requires one, and the request fails with \
                 `Error::InvalidParameter` before anything is sent when none is set.",
                one_of_text(&group)
            )
        })
        .collect();
    paragraphs([
        text.as_str(),
        &one_of.join(" "),
        &maturity.join("\n\n"),
        &deprecated.join(" "),
        &format!("`{} {}`", op.http_method.as_str(), endpoint.path.template),
        &format!("Operation: `{}`", op.id),
    ])
}

fn positional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params().filter(|p| p.required)
}

fn is_list_type(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Array(_))
}

fn operation_method(
    api: &Api,
    endpoint: &Endpoint,
    op: &Operation,
    uses: &mut Uses,
) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder);
    let docs = doc_attrs(&operation_doc(api, endpoint, op));
    let deprecated = op.deprecated.then(|| {
        deprecated_attr(&format!(
            "Twilio's API description marks `{}` deprecated",
            op.id
        ))
    });
    let args: Vec<TokenStream> = match &op.required_struct {
        // Many required parameters: one struct whose fields the compiler makes the caller set.
        Some(name) => {
            let ty = ident(name);
            vec![quote!(required: #ty)]
        }
        None => positional(op)
            .map(|p| {
                let name = ident(&p.rust);
                let arg = arg_shape(&p.ty, p.location, &name).arg;
                quote!(#name: #arg)
            })
            .collect(),
    };
    let inits = op.params().map(|p| {
        let name = ident(&p.rust);
        if p.required && op.required_struct.is_some() {
            quote!(#name: required.#name)
        } else if p.required {
            let convert = arg_shape(&p.ty, p.location, &name).convert;
            if name == convert.to_string() {
                quote!(#name)
            } else {
                quote!(#name: #convert)
            }
        } else if is_list_type(&p.ty) {
            quote!(#name: Vec::new())
        } else {
            quote!(#name: None)
        }
    });
    let limit = is_paged(op).then(|| quote!(limit: None,));
    let options = uses.runtime("RequestOptions");
    quote! {
        #docs
        #deprecated
        #[inline]
        pub fn #method(&self #(, #args)*) -> #builder {
            #builder {
                handle: self.clone(),
                #(#inits,)*
                #limit
                options: #options::default(),
            }
        }
    }
}

/// The struct of an operation's required parameters, emitted next to its handle's methods: see
/// [`Operation::required_struct`].
fn required_params_struct(endpoint: &Endpoint, op: &Operation, name: &str) -> TokenStream {
    let ty = ident(name);
    let docs = doc_attrs(&format!(
        "The required parameters of [`{}::{}`] (`{}`): every field must be set.",
        endpoint.handle, op.method_name, op.id
    ));
    let fields = op.params().filter(|p| p.required).map(|p| {
        let name = ident(&p.rust);
        let field_ty = param_type(&p.ty, p.location);
        let doc = doc_attrs(&paragraphs([
            p.doc.as_deref().map(sanitize).unwrap_or_default().as_str(),
            &sent_as(p),
        ]));
        quote!(#doc pub #name: #field_ty,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ty {
            #(#fields)*
        }
    }
}

fn is_paged(op: &Operation) -> bool {
    matches!(op.response, ResponseKind::Page { .. })
}

/// The path parameters, in template order, as the runtime's `Request::build` takes them: each
/// one's wire name and value.
fn path_segments(endpoint: &Endpoint) -> TokenStream {
    let segments = endpoint
        .path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Literal(_) => None,
            Segment::Param(p) => {
                let field = ident(&p.rust);
                let wire = &p.wire;
                Some(quote!((#wire, &self.handle.#field)))
            }
        });
    quote!(&[#(#segments),*])
}

fn builder(endpoint: &Endpoint, op: &Operation, uses: &mut Uses) -> TokenStream {
    let builder = ident(&op.builder);
    let handle = ident(&endpoint.handle);
    let has_setters = op.params().any(|p| !p.required);
    let docs = doc_attrs(&format!(
        "Request builder for [`{}::{}`] (`{}`): {}{}.",
        endpoint.handle,
        op.method_name,
        op.id,
        if has_setters {
            "set optional parameters, then "
        } else {
            ""
        },
        if is_paged(op) {
            "fetch one page with `page()`, stream records with `stream()` or collect them with `all()`"
        } else {
            "send it with `.send().await` or just `.await`"
        }
    ));
    let fields = op.params().map(|p| {
        let name = ident(&p.rust);
        let ty = param_type(&p.ty, p.location);
        if p.required || is_list_type(&p.ty) {
            quote!(#name: #ty)
        } else {
            quote!(#name: Option<#ty>)
        }
    });
    let limit_field = is_paged(op).then(|| quote!(limit: Option<usize>,));
    let setters = op.params().filter(|p| !p.required).map(setter);
    let limit = is_paged(op).then(|| limit_setter(op));
    let request = request_fn(endpoint, op, uses);
    let sends = send_methods(&builder, op);
    let options = uses.runtime("RequestOptions");
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            handle: #handle,
            #(#fields,)*
            #limit_field
            options: #options,
        }

        impl #builder {
            #(#setters)*

            #limit

            #request
        }

        #sends
    }
}

/// The doc line that names a parameter's wire name, with the time rule for dates.
fn sent_as(p: &Param) -> String {
    let rule = match &p.ty {
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 => {
            ", in UTC (`YYYY-MM-DDTHH:MM:SSZ`): a time at another offset is converted first, fractions of a second are dropped"
        }
        TypeRef::Date => " as `YYYY-MM-DD`",
        _ => "",
    };
    format!("Sent as `{}`{rule}.", p.wire)
}

fn setter(p: &Param) -> TokenStream {
    let name = ident(&p.rust);
    let shape = arg_shape(&p.ty, p.location, &name);
    let (arg, convert) = (shape.arg, shape.convert);
    let doc = doc_attrs(&paragraphs([
        p.doc.as_deref().map(sanitize).unwrap_or_default().as_str(),
        &sent_as(p),
    ]));
    let assign = if is_list_type(&p.ty) {
        quote!(self.#name = #convert;)
    } else {
        quote!(self.#name = Some(#convert);)
    };
    let deprecated = p.deprecated.then(|| {
        deprecated_attr(&format!(
            "Twilio's API description marks the `{}` parameter deprecated",
            p.wire
        ))
    });
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name(mut self, #name: #arg) -> Self {
            #assign
            self
        }
    }
}

fn http_method(m: HttpMethod, uses: &mut Uses) -> TokenStream {
    uses.method = true;
    match m {
        HttpMethod::Get => quote!(Method::GET),
        HttpMethod::Post => quote!(Method::POST),
        HttpMethod::Put => quote!(Method::PUT),
        HttpMethod::Patch => quote!(Method::PATCH),
        HttpMethod::Delete => quote!(Method::DELETE),
    }
}

/// The statement that adds one parameter to its target (query, headers, form or JSON body).
fn push_param(target: &TokenStream, p: &Param) -> TokenStream {
    let name = ident(&p.rust);
    let wire = &p.wire;
    let json = matches!(p.location, ParamLocation::Json);
    // JSON members are serialized (fallibly); dates go as the same UTC text a form would carry.
    let (push, push_opt, push_all, fallible) = match (json, is_text_param(&p.ty)) {
        (true, true) => (
            quote!(push_param),
            quote!(push_param_opt),
            quote!(push_all),
            quote!(?),
        ),
        (true, false) => (quote!(push), quote!(push_opt), quote!(push_all), quote!(?)),
        (false, _) => (quote!(push), quote!(push_opt), quote!(push_all), quote!()),
    };
    if is_list_type(&p.ty) {
        quote!(#target.#push_all(#wire, &self.#name)#fallible;)
    } else if p.required {
        quote!(#target.#push(#wire, &self.#name)#fallible;)
    } else if p.paging == Some(PagingParam::PageSize) {
        quote!(#target.#push_opt(#wire, &self.#name.or_else(|| crate::runtime::page_size_for_limit(self.limit)))#fallible;)
    } else {
        quote!(#target.#push_opt(#wire, &self.#name)#fallible;)
    }
}

fn request_fn(endpoint: &Endpoint, op: &Operation, uses: &mut Uses) -> TokenStream {
    let segments = path_segments(endpoint);
    let method = http_method(op.http_method, uses);
    let id = &op.id;
    let template = &endpoint.path.template;
    let query_target = quote!(request.query);
    let query = op.query.iter().map(|p| push_param(&query_target, p));
    let header_target = quote!(request.headers);
    let headers = op.headers.iter().map(|p| push_param(&header_target, p));
    let body = op.body.as_ref().map(|b| match b.encoding {
        BodyEncoding::Form => {
            let target = quote!(form);
            let pushes = b.fields.iter().map(|p| push_param(&target, p));
            let params = uses.runtime("Params");
            quote! {
                let mut form = #params::new();
                #(#pushes)*
                request.form = Some(form);
            }
        }
        BodyEncoding::Json => match b.fields.as_slice() {
            [whole] if whole.location == ParamLocation::JsonBody => {
                let name = ident(&whole.rust);
                let json_body = uses.runtime("JsonBody");
                quote!(request.json = Some(#json_body::whole(&self.#name)?);)
            }
            fields => {
                let target = quote!(body);
                let pushes = fields.iter().map(|p| push_param(&target, p));
                let json_body = uses.runtime("JsonBody");
                quote! {
                    let mut body = #json_body::new();
                    #(#pushes)*
                    request.json = Some(body.into_text());
                }
            }
        },
    });
    let body = match (body, op.http_method) {
        (Some(b), _) => b,
        (None, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch) => {
            let params = uses.runtime("Params");
            quote!(request.form = Some(#params::new());)
        }
        (None, _) => TokenStream::new(),
    };
    let server = op
        .server
        .as_ref()
        .map(|url| quote!(request.server = Some(#url);));
    let redirect = op
        .redirect_answer
        .map(|status| quote!(request.answer_status = Some(#status);));
    let media_type = op
        .media_type
        .as_ref()
        .map(|media| quote!(request.media_type = Some(#media);));
    let one_of = one_of_checks(op);
    let result = uses.runtime("Result");
    let request = uses.runtime("Request");
    let build = quote!(#request::build(#method, #id, #template, #segments, &self.options));
    let mut settings = TokenStream::new();
    settings.extend(server);
    settings.extend(redirect);
    settings.extend(media_type);
    settings.extend(query);
    settings.extend(headers);
    settings.extend(body);
    let body = if settings.is_empty() {
        build
    } else {
        quote! {
            let mut request = #build?;
            #settings
            Ok(request)
        }
    };
    quote! {
        fn request(&self) -> #result<#request> {
            #(#one_of)*
            #body
        }
    }
}

/// The parameters of each `x-twilio.conditional` group ([`Operation::one_of`]), in order.
fn one_of_params<'a>(op: &'a Operation) -> impl Iterator<Item = Vec<&'a Param>> + 'a {
    op.one_of.iter().map(move |group| {
        group
            .iter()
            .filter_map(|wire| op.params().find(|p| p.wire == *wire))
            .collect()
    })
}

/// What a group asks of the caller, for the docs and the error: "at least one of `body`,
/// `media_url`".
fn one_of_text(group: &[&Param]) -> String {
    let names: Vec<String> = group.iter().map(|p| format!("`{}`", p.rust)).collect();
    format!("at least one of {}", names.join(", "))
}

/// `x-twilio.conditional`, checked before anything is sent: a request that sets no parameter of a
/// group is [`Error::InvalidParameter`](twilio_runtime::Error::InvalidParameter) naming the group,
/// where Twilio would answer 400.
fn one_of_checks(op: &Operation) -> Vec<TokenStream> {
    one_of_params(op)
        .filter(|group| !group.is_empty())
        .map(|group| {
            let unset = group.iter().map(|p| {
                let name = ident(&p.rust);
                if is_list_type(&p.ty) {
                    quote!(self.#name.is_empty())
                } else {
                    quote!(self.#name.is_none())
                }
            });
            let first = &group[0].wire;
            let reason = format!(
                "{} needs {} (Twilio's x-twilio conditional): none was set",
                op.id,
                one_of_text(&group)
            );
            quote! {
                if #(#unset)&&* {
                    return Err(crate::Error::InvalidParameter {
                        name: #first,
                        reason: #reason.to_owned(),
                    });
                }
            }
        })
        .collect()
}

/// The `limit` setter of a list request.
fn limit_setter(op: &Operation) -> TokenStream {
    let limit_doc = if op
        .query
        .iter()
        .any(|p| p.paging == Some(PagingParam::PageSize))
    {
        " Stop after this many records in total (`stream()` and `all()`). Unless a page size is set, pages are then `min(limit, 1000)` records long."
    } else {
        " Stop after this many records in total (`stream()` and `all()`)."
    };
    quote! {
        #[doc = #limit_doc]
        #[inline]
        pub fn limit(mut self, limit: usize) -> Self {
            self.limit = Some(limit);
            self
        }
    }
}

/// The runtime macro that gives a builder its per-call options and its send methods
/// (`send`/`send_with_response` and `IntoFuture`, or `page`/`stream`/`all` for lists).
fn send_methods(builder: &proc_macro2::Ident, op: &Operation) -> TokenStream {
    match &op.response {
        ResponseKind::Page { item, key, .. } => {
            let item = rust_type(item);
            quote!(crate::runtime::request_methods!(#builder -> pages of #item, #key);)
        }
        ResponseKind::Value(ty) => {
            let ty = rust_type(ty);
            quote!(crate::runtime::request_methods!(#builder -> #ty);)
        }
        ResponseKind::Empty => quote!(crate::runtime::request_methods!(#builder -> ());),
    }
}
