//! Hand-written, product-specific pieces the generator adds to a crate: for Twilio Proxy, the typed
//! webhooks module. They live in `codegen/extensions/<product>/` and are selected by the product the
//! spec's server names (`proxy.twilio.com` → `proxy`); the rest of the generator stays general.

/// One product's extension.
pub struct Extension {
    /// The product it belongs to.
    pub product: &'static str,
    /// `(destination in the crate, source path for the header, text)`.
    pub files: &'static [(&'static str, &'static str, &'static str)],
    /// Public modules to declare in `lib.rs`.
    pub modules: &'static [&'static str],
    /// Cargo features the extension adds.
    pub features: &'static [Feature],
    /// Lines for `[dependencies]` (optional dependencies of those features).
    pub dependencies: &'static str,
    /// The SID types its source names (`crate::sid::AccountSid`), by prefix. Lowering makes sure the
    /// crate has each one, whatever the spec's patterns say or leave out (Proxy 1.10.0 has none).
    pub sids: &'static [(&'static str, &'static str)],
}

/// A Cargo feature of the generated crate: its `Cargo.toml` entry and its line in the README come
/// from here.
pub struct Feature {
    /// The feature's name.
    pub name: &'static str,
    /// What it adds, one sentence.
    pub doc: &'static str,
    /// What it turns on (`dep:axum-core`).
    pub enables: &'static [&'static str],
}

impl Feature {
    /// The `[features]` entry, with its doc as a comment.
    pub fn toml(&self) -> String {
        let enables: Vec<String> = self.enables.iter().map(|e| format!("\"{e}\"")).collect();
        format!("# {}\n{} = [{}]\n", self.doc, self.name, enables.join(", "))
    }
}

/// Every extension.
pub const EXTENSIONS: &[Extension] = &[Extension {
    product: "proxy",
    files: &[(
        "src/webhooks.rs",
        "codegen/extensions/proxy/webhooks.rs",
        include_str!("../../extensions/proxy/webhooks.rs"),
    )],
    modules: &["webhooks"],
    features: &[Feature {
        name: "axum",
        doc: "An extractor and `IntoResponse` impls for axum 0.8 in `webhooks::axum`.",
        enables: &["dep:axum-core"],
    }],
    dependencies: "axum-core = { version = \"0.5\", optional = true }\n",
    sids: &[
        ("AC", "AccountSid"),
        ("KC", "SessionSid"),
        ("KI", "InteractionSid"),
        ("KP", "ParticipantSid"),
        ("KS", "ServiceSid"),
        ("PN", "PhoneNumberSid"),
    ],
}];

/// The name extension sources use for the generated crate in their doc examples.
const DEFAULT_CRATE: &str = "twilio_proxy";

/// An extension's text for a crate named `crate_name`: doc examples (compiled as doctests) name the
/// crate, so `twilio_proxy::` becomes the real crate's path.
pub fn for_crate(text: &str, crate_name: &str) -> String {
    let ident = crate_name.replace('-', "_");
    if ident == DEFAULT_CRATE {
        text.to_owned()
    } else {
        text.replace(&format!("{DEFAULT_CRATE}::"), &format!("{ident}::"))
    }
}

/// The extensions for a product.
pub(crate) fn for_product(product: &str) -> impl Iterator<Item = &'static Extension> {
    EXTENSIONS.iter().filter(move |e| e.product == product)
}
