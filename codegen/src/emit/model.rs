//! Model structs and forward-compatible enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs, paragraphs, sanitize};
use super::types::{adapter, ident, lenient_type, nested_type, rust_type};
use crate::ir::{EnumType, Model, RequestType, UnionType};
use crate::naming::unraw;

/// A response model: every field optional, unknown fields ignored, missing fields `None`.
pub fn model(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let doc_text = match &m.doc {
        Some(d) => sanitize(d),
        None => format!("A `{}` record.", m.name),
    };
    let docs = doc_attrs(&paragraphs([
        doc_text.as_str(),
        &format!("Schema: `{}`.", m.source),
    ]));
    let fields = m.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let ty = rust_type(&f.ty);
        let ty = if f.boxed { quote!(Box<#ty>) } else { ty };
        let doc = match &f.doc {
            Some(d) => sanitize(d),
            None => format!("The `{}` property.", f.wire),
        };
        let docs = doc_attrs(&doc);
        let deprecated = f.deprecated.then(|| {
            deprecated_attr(&format!(
                "Twilio's API description marks the `{}` property deprecated",
                f.wire
            ))
        });
        quote! {
            #docs
            #deprecated
            pub #field: Option<#ty>,
        }
    });
    // Decoding goes through the runtime's `Record` (objects only): serde's derive would also
    // emit a decoder from a JSON array, which Twilio never sends and which doubles the compile
    // cost of every model.
    // Each field decodes leniently: a value that does not fit its type is `None` (with a warning)
    // instead of failing the record, unless the client decodes strictly.
    let arms = m.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let ty = lenient_type(&f.ty);
        let ty = if f.boxed { quote!(Box<#ty>) } else { ty };
        quote!(#wire => crate::runtime::set_field::<_, #ty>(map, Self::EXPECTING, key, &mut self.#field),)
    });
    // Encoding is what serde's derive writes with `skip_serializing_if = "Option::is_none"` and
    // the field's adapter (`with`), one call per field on the runtime's `RecordWriter`: the
    // derive's expansion cost the API v2010 crate a sixth of its build (docs/decisions/024).
    let set = m.fields.iter().map(|f| {
        let field = ident(&f.rust);
        quote!(self.#field.is_some())
    });
    let writes = m.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        match adapter(&f.ty) {
            Some(marker) => quote!(record.field_with::<#marker>(#wire, &self.#field);),
            None => quote!(record.field(#wire, &self.#field);),
        }
    });
    let label = &m.name;
    let record_binding = if m.fields.is_empty() {
        quote!(record)
    } else {
        quote!(mut record)
    };
    let article = if m.name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    let expecting = format!("{article} {} record", m.name);
    let field_fn = if m.fields.is_empty() {
        quote! {
            fn field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                _key: &str,
                map: &mut A,
            ) -> std::result::Result<(), A::Error> {
                crate::runtime::skip_field(map)
            }
        }
    } else {
        quote! {
            fn field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> std::result::Result<(), A::Error> {
                match key {
                    #(#arms)*
                    _ => crate::runtime::skip_field(map),
                }
            }
        }
    };
    // A record with a credential (`auth_token`, `secret`) shows `<redacted>` for it in `Debug`, so
    // that a `{:?}` of an Account or a new API key cannot put a live secret in a log.
    // The crate's own code reads and writes deprecated fields without a warning.
    let allow_deprecated = m
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let has_secret = m.fields.iter().any(|f| f.secret);
    let derive_debug = (!has_secret).then(|| quote!(Debug,));
    let debug_impl = has_secret.then(|| {
        let entries = m.fields.iter().map(|f| {
            let field = ident(&f.rust);
            let label = unraw(&f.rust);
            if f.secret {
                quote!(.field(#label, &self.#field.as_ref().map(|_| crate::runtime::Redacted)))
            } else {
                quote!(.field(#label, &self.#field))
            }
        });
        quote! {
            #allow_deprecated
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#label)
                        #(#entries)*
                        .finish()
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(#derive_debug Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl

        #allow_deprecated
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let #record_binding = crate::runtime::RecordWriter::new(
                    serializer,
                    #label,
                    &[#(#set),*],
                )?;
                #(#writes)*
                record.end()
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_record(deserializer)
            }
        }

        #allow_deprecated
        impl crate::runtime::Record for #name {
            const EXPECTING: &'static str = #expecting;

            #field_fn
        }

        impl crate::runtime::Lenient for #name {
            type Value = Self;
            const EXPECTING: &'static str = #expecting;

            fn lenient<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<crate::runtime::Fit<Self>, D::Error> {
                crate::runtime::lenient_record(deserializer)
            }
        }
    }
}

/// A string enum with an `Unknown(String)` catch-all: new server values never fail a call.
pub fn enumeration(e: &EnumType) -> TokenStream {
    let name = ident(&e.name);
    let doc_text = match &e.doc {
        Some(d) => sanitize(d),
        None => format!("Values of `{}`.", e.name),
    };
    let docs = doc_attrs(&paragraphs([
        doc_text.as_str(),
        &format!(
            "Schema: `{}`. Values this version does not know decode as [`{}::Unknown`], keeping their text.",
            e.source, e.name
        ),
    ]));
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| {
        if w.is_empty() {
            doc_attrs("The empty string.")
        } else {
            doc_attrs(&format!("`{w}`"))
        }
    });
    quote! {
        crate::runtime::string_enum! {
            #docs
            pub enum #name {
                #(#variant_docs #variants = #wires,)*
            }
        }
    }
}

/// A `oneOf`/`anyOf`: an untagged enum tried in spec order, with a JSON catch-all last so an
/// unexpected shape never fails a call.
pub fn union(u: &UnionType) -> TokenStream {
    let name = ident(&u.name);
    let doc_text = match &u.doc {
        Some(d) => sanitize(d),
        None => format!("One of several shapes (`{}`).", u.name),
    };
    let docs = doc_attrs(&paragraphs([
        doc_text.as_str(),
        &format!(
            "Schema: `{}`. Decoding tries each variant in order; a value that fits none is kept as [`{}::Other`].",
            u.source, u.name
        ),
    ]));
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = nested_type(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let doc = doc_attrs(&format!("The `{}` alternative.", v.name));
        quote!(#doc #variant(#ty),)
    });
    let names: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types = u.variants.iter().map(|v| {
        let ty = nested_type(&v.ty);
        if v.boxed { quote!(Box<#ty>) } else { ty }
    });
    // Written out rather than derived (`#[serde(untagged)]`), so that generated crates need no
    // derive macros: the value is read once as JSON and tried against each alternative in order,
    // as the derive's untagged decoding does; each alternative is written as itself.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value that fits no alternative this version knows, kept as JSON.
            Other(serde_json::Value),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                match self {
                    #(Self::#names(value) => value.serialize(serializer),)*
                    Self::Other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #(
                    if let Ok(alternative) = <#types as Deserialize>::deserialize(&value) {
                        return Ok(Self::#names(alternative));
                    }
                )*
                Ok(Self::Other(value))
            }
        }

        impl crate::runtime::Lenient for #name {
            type Value = Self;
            const EXPECTING: &'static str = "any JSON";

            fn lenient<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<crate::runtime::Fit<Self>, D::Error> {
                crate::runtime::lenient_any(deserializer)
            }
        }
    }
}

/// A request object an override declares: a constructor taking the first member, a setter for each
/// other one, `member` for any member the override does not name, `from_json` for a JSON value
/// given whole, `From` text for the first member alone, and JSON text as its form value, written
/// as twilio-python writes it (the runtime's `FormJson`).
pub fn request_object(r: &RequestType, crate_name: &str) -> TokenStream {
    let name = ident(&r.name);
    let Some((first, rest)) = r.members.split_first() else {
        return TokenStream::new();
    };
    let docs = doc_attrs(&paragraphs([
        r.doc.as_str(),
        &format!(
            "Declared by the generator's override table (`codegen/src/overrides.rs`) for `{}`: {}.",
            r.pointer,
            sanitize(&r.reason)
        ),
        &format!(
            "Twilio takes more than the spec names, so the type does too: [`{n}::member`] sets any \
             other member to any JSON value, and a `serde_json::Value` converts whole \
             ([`{n}::from_json`]). Sent as one form value each, exactly as twilio-python sends it: \
             an object as `json.dumps` writes it (members in the order they were set, `\", \"` and \
             `\": \"` between them, non-ASCII text escaped as `\\uXXXX`), text given whole as it is.",
            n = r.name
        ),
    ]));
    let first_field = ident(&first.rust);
    let first_wire = &first.wire;
    let setters = rest.iter().map(|m| {
        let field = ident(&m.rust);
        let wire = &m.wire;
        let doc = doc_attrs(&format!("Sets `{}`: {}", m.wire, m.doc));
        quote! {
            #doc
            pub fn #field(mut self, #field: impl Into<String>) -> Self {
                self.0.set(#wire, #field.into());
                self
            }
        }
    });
    let new_doc = doc_attrs(&format!("A value with `{}` set: {}", first.wire, first.doc));
    let example = format!(
        "A member the spec does not name, set to any JSON value. A member already set keeps its \
         place and takes the new value; a new one goes after the others.\n\n```\n\
         use {krate}::{module}::{n};\nuse serde_json::json;\n\n\
         let value = {n}::new(\"{value}\").member(\"Extra\", json!({{\"a\": [1, true, null]}}));\n\
         assert_eq!(value.get(\"Extra\"), Some(&json!({{\"a\": [1, true, null]}})));\n```",
        krate = crate_name.replace('-', "_"),
        module = r.module,
        n = r.name,
        value = "text",
    );
    let member_doc = doc_attrs(&example);
    let from_value_doc = doc_attrs(&format!("The value whole: see [`{}::from_json`].", r.name));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #name(crate::runtime::FormJson);

        /// The value as JSON, as it is sent.
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.0, serializer)
            }
        }

        impl #name {
            #new_doc
            pub fn new(#first_field: impl Into<String>) -> Self {
                Self(crate::runtime::FormJson::object(#first_wire, #first_field.into()))
            }

            #(#setters)*

            #member_doc
            pub fn member(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
                self.0.set(name, value);
                self
            }

            /// A JSON value given whole, sent as twilio-python sends it: an object as JSON text
            /// (its members can still be set), text as it is (JSON text you wrote yourself goes out
            /// unchanged), a number or boolean as Python prints it, `null` not at all.
            pub fn from_json(value: serde_json::Value) -> Self {
                Self(crate::runtime::FormJson::whole(value))
            }

            /// A member's value, if it is set.
            pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
                self.0.get(name)
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        #from_value_doc
        impl From<serde_json::Value> for #name {
            fn from(value: serde_json::Value) -> Self {
                Self::from_json(value)
            }
        }

        impl crate::runtime::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                self.0.to_param()
            }

            fn param(&self) -> Option<std::borrow::Cow<'_, str>> {
                self.0.param()
            }
        }
    }
}
