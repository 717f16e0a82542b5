//! Declared overrides: spec locations whose schema says too little, and the type the generated crate
//! uses there instead. Each names the product, the JSON pointer, and the exact schema it replaces; when
//! a spec says something else at that pointer (Twilio fixed or changed it) or no longer has it, the
//! override is not applied and a warning says so, so it is reviewed rather than silently kept.

use serde_json::Value;

/// One override: at `pointer` in a `product` spec, the schema `replaces` becomes the request object
/// `object`.
#[derive(Debug)]
pub struct Override {
    /// The product whose specs it applies to (`proxy`).
    pub product: &'static str,
    /// The JSON pointer of the schema replaced.
    pub pointer: &'static str,
    /// The schema it replaces, as JSON text; any other schema there leaves the override unapplied.
    pub replaces: &'static str,
    /// Why the spec's schema is not enough, and where the real shape is documented.
    pub reason: &'static str,
    /// The type used instead.
    pub object: RequestObject,
}

/// A JSON object sent as one form value (JSON text), with string members.
#[derive(Debug)]
pub struct RequestObject {
    /// The Rust type's name (checked by `naming` against the crate's other names).
    pub name: &'static str,
    /// Its documentation.
    pub doc: &'static str,
    /// Members in wire order: the first is required and is what `From<&str>` sets.
    pub members: &'static [Member],
}

/// One member of a [`RequestObject`].
#[derive(Debug)]
pub struct Member {
    /// The JSON key; its setter's name is made by `naming` like every other name.
    pub wire: &'static str,
    /// Its documentation.
    pub doc: &'static str,
}

/// Every override.
pub const OVERRIDES: &[Override] = &[Override {
    product: "proxy",
    pointer: "/paths/~1v1~1Services~1{ServiceSid}~1Sessions/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/Participants/items",
    replaces: "{}",
    reason: "the spec gives `Participants` items no schema (`{}`); Twilio's Create Session documentation \
             defines each as an object with Identifier, FriendlyName, ProxyIdentifier and ProxyIdentifierSid",
    object: RequestObject {
        name: "NewParticipant",
        doc: "A participant to add with the session: its identifier (a phone number, or a channel address \
              such as `messenger:…`), optionally a friendly name and the proxy identifier (or its SID) to \
              reach it through. A phone number alone converts: `[\"+15558675310\"]`.",
        members: &[
            Member {
                wire: "Identifier",
                doc: "The participant's phone number in E.164 format, or channel address.",
            },
            Member {
                wire: "FriendlyName",
                doc: "A string to describe the participant.",
            },
            Member {
                wire: "ProxyIdentifier",
                doc: "The proxy phone number (E.164) or channel address to use for this participant.",
            },
            Member {
                wire: "ProxyIdentifierSid",
                doc: "The SID of the Proxy phone number or short code to use for this participant.",
            },
        ],
    },
}];

/// What the override at `pointer` for `product` does with `schema`.
pub enum Applies {
    /// No override names this location.
    No,
    /// Applied: use this object.
    Yes(&'static Override),
    /// An override names this location but the spec now says something else there.
    Stale(&'static Override),
}

/// Looks up the override for a schema location.
pub fn lookup(product: &str, pointer: &str, schema: &Value) -> Applies {
    let Some(found) = OVERRIDES
        .iter()
        .find(|o| o.product == product && o.pointer == pointer)
    else {
        return Applies::No;
    };
    let expected: Value = serde_json::from_str(found.replaces).unwrap_or(Value::Null);
    if *schema == expected {
        Applies::Yes(found)
    } else {
        Applies::Stale(found)
    }
}

/// The overrides of a product.
pub fn for_product(product: &str) -> impl Iterator<Item = &'static Override> {
    OVERRIDES.iter().filter(move |o| o.product == product)
}
