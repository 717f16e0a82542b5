//! Rust types and serde attributes for IR types, in each position they appear in.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{ParamLocation, PathParam, TypeRef};

/// An identifier from a name the naming module made (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a value. Dates nested in containers stay text: serde adapters only cover a
/// field's own value.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    rust_type_at(ty, true)
}

/// The Rust type of a value inside a container or union (dates as text).
pub fn nested_type(ty: &TypeRef) -> TokenStream {
    rust_type_at(ty, false)
}

fn rust_type_at(ty: &TypeRef, top: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer { bits: 32 } => quote!(i32),
        TypeRef::Integer { .. } => quote!(i64),
        TypeRef::Count => quote!(u32),
        TypeRef::Request(name) | TypeRef::Sid(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Number => quote!(f64),
        TypeRef::Decimal => quote!(crate::Decimal),
        TypeRef::Boolean => quote!(bool),
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 if top => quote!(time::OffsetDateTime),
        TypeRef::Date if top => quote!(time::Date),
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 | TypeRef::Date => quote!(String),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Enum(name) | TypeRef::Model(name) | TypeRef::Union(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type_at(inner, false);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type_at(inner, false);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// The Rust type of a path parameter: its SID type, else text.
pub fn path_param_type(param: &PathParam) -> TokenStream {
    match &param.sid {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(String),
    }
}

/// The type a record field of this type decodes through (the runtime's `Lenient`): the field's
/// own type, with a marker for what its Rust type does not say (a date's format, a map of links).
pub fn lenient_type(ty: &TypeRef) -> TokenStream {
    if let Some(marker) = adapter(ty) {
        return marker;
    }
    match ty {
        TypeRef::Array(inner) => {
            let inner = nested_lenient_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = nested_lenient_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        other => rust_type(other),
    }
}

/// The runtime's marker for a record field of this type that an adapter reads and writes (a date
/// format, a map of text), if any: the same marker decodes it leniently and encodes it.
pub fn adapter(ty: &TypeRef) -> Option<TokenStream> {
    match ty {
        TypeRef::DateTime => Some(quote!(crate::runtime::adapters::Rfc3339DateTime)),
        TypeRef::DateTimeRfc2822 => Some(quote!(crate::runtime::adapters::Rfc2822DateTime)),
        TypeRef::Date => Some(quote!(crate::runtime::adapters::IsoDate)),
        TypeRef::Map(inner) if **inner == TypeRef::String => {
            Some(quote!(crate::runtime::adapters::StringMap))
        }
        _ => None,
    }
}

/// [`lenient_type`] inside a container, where dates stay text.
fn nested_lenient_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Array(_) | TypeRef::Map(_) => lenient_type(ty),
        other => nested_type(other),
    }
}

/// Whether the value is sent as text made by `ToParam` (dates in a JSON body too).
pub fn is_text_param(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::DateTime | TypeRef::DateTimeRfc2822 | TypeRef::Date
    )
}

/// The type a request parameter is stored as and sent from. In a JSON body every type is itself;
/// in a query, header or form, structured values (models, maps, unions) are sent as JSON text, so
/// they are taken as `serde_json::Value`.
pub fn param_type(ty: &TypeRef, location: ParamLocation) -> TokenStream {
    match ty {
        TypeRef::Array(inner) => {
            let inner = param_element_type(inner, location);
            quote!(Vec<#inner>)
        }
        TypeRef::Model(_) | TypeRef::Map(_) | TypeRef::Union(_) if !is_json(location) => {
            quote!(serde_json::Value)
        }
        other => rust_type(other),
    }
}

fn is_json(location: ParamLocation) -> bool {
    matches!(location, ParamLocation::Json | ParamLocation::JsonBody)
}

/// The element type of a list parameter.
fn param_element_type(inner: &TypeRef, location: ParamLocation) -> TokenStream {
    match inner {
        TypeRef::Model(_) | TypeRef::Map(_) | TypeRef::Union(_) if !is_json(location) => {
            quote!(serde_json::Value)
        }
        other => nested_type(other),
    }
}

/// How a setter or positional argument takes a parameter, and how that becomes the stored value.
pub struct ArgShape {
    /// The argument type (`impl Into<String>`).
    pub arg: TokenStream,
    /// An expression turning the argument `value` into the stored type.
    pub convert: TokenStream,
}

/// The argument shape for a parameter: text takes `impl Into<String>`, lists take any iterator.
pub fn arg_shape(ty: &TypeRef, location: ParamLocation, value: &Ident) -> ArgShape {
    match ty {
        TypeRef::String => ArgShape {
            arg: quote!(impl Into<String>),
            convert: quote!(#value.into()),
        },
        // The enum itself, or its wire text (`"country"`): unknown text is kept as `Unknown`. A request
        // object, or what converts into it.
        TypeRef::Enum(name) | TypeRef::Request(name) | TypeRef::Sid(name) => {
            let name = ident(name);
            ArgShape {
                arg: quote!(impl Into<#name>),
                convert: quote!(#value.into()),
            }
        }
        TypeRef::Array(inner)
            if matches!(
                **inner,
                TypeRef::Request(_) | TypeRef::Enum(_) | TypeRef::Sid(_)
            ) =>
        {
            let item = nested_type(inner);
            ArgShape {
                arg: quote!(impl IntoIterator<Item = impl Into<#item>>),
                convert: quote!(#value.into_iter().map(Into::into).collect()),
            }
        }
        // A decimal from its text parsed, or from any number (`0.5`, `3`).
        TypeRef::Decimal => ArgShape {
            arg: quote!(impl Into<crate::Decimal>),
            convert: quote!(#value.into()),
        },
        TypeRef::Array(inner) if **inner == TypeRef::String => ArgShape {
            arg: quote!(impl IntoIterator<Item = impl Into<String>>),
            convert: quote!(#value.into_iter().map(Into::into).collect()),
        },
        TypeRef::Array(inner) => {
            let item = param_element_type(inner, location);
            ArgShape {
                arg: quote!(impl IntoIterator<Item = #item>),
                convert: quote!(#value.into_iter().collect()),
            }
        }
        other => ArgShape {
            arg: param_type(other, location),
            convert: quote!(#value),
        },
    }
}
