//! The package around the code: `Cargo.toml` with the metadata a registry and docs.rs expect, a
//! README written from the IR, and the license files, so the generated crate publishes as it is.

use crate::Options;
use crate::ir::{Api, ExampleList};
use crate::render::{self, GeneratedFiles};

use super::docs::sanitize;
use super::extensions;
use super::features::Features;

/// The MIT license text shipped in every generated crate (the same as the repository's).
const LICENSE_MIT: &str = include_str!("../../../LICENSE-MIT");
/// The Apache-2.0 license text shipped in every generated crate (the same as the repository's).
const LICENSE_APACHE: &str = include_str!("../../../LICENSE-APACHE");

/// The oldest Rust the generated code and its dependencies build with.
pub const RUST_VERSION: &str = "1.88";

/// `Cargo.toml`, `README.md`, `LICENSE-MIT` and `LICENSE-APACHE`.
pub fn files(api: &Api, options: &Options, features: &Features) -> GeneratedFiles {
    let mut files = GeneratedFiles::new();
    files.insert("Cargo.toml".into(), cargo_toml(api, options, features));
    files.insert("README.md".into(), readme(api, options, features));
    files.insert("LICENSE-MIT".into(), LICENSE_MIT.to_owned());
    files.insert("LICENSE-APACHE".into(), LICENSE_APACHE.to_owned());
    if let Some(changelog) = &options.changelog {
        files.insert("CHANGELOG.md".into(), changelog.clone());
    }
    files
}

/// Text that is safe between the quotes of a TOML basic string.
fn toml_string_content(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// crates.io keywords: at most 5, ASCII letters, digits, `-` and `_`, starting with a letter,
/// at most 20 characters. The product name (`proxy`, `conversations`) joins the fixed ones.
fn keywords(api: &Api) -> Vec<String> {
    let mut keywords: Vec<String> = vec!["twilio".into()];
    let product: String = api
        .product
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(20)
        .collect();
    if product.starts_with(|c: char| c.is_ascii_alphabetic()) {
        keywords.push(product);
    }
    for fixed in ["api", "sdk", "async"] {
        if !keywords.iter().any(|k| k == fixed) {
            keywords.push(fixed.into());
        }
    }
    keywords.truncate(5);
    keywords
}

fn cargo_toml(api: &Api, options: &Options, features: &Features) -> String {
    let description = toml_string_content(&format!(
        "Async Rust client for {} (API version {}), generated from Twilio's OpenAPI spec",
        api.title, api.version
    ));
    let keywords: Vec<String> = keywords(api).iter().map(|k| format!("\"{k}\"")).collect();
    let mut links = String::new();
    if let Some(url) = &options.repository {
        links.push_str(&format!("repository = \"{}\"\n", toml_string_content(url)));
    }
    // docs.rs builds every published crate, so its page is the right default.
    let documentation = options
        .documentation
        .clone()
        .unwrap_or_else(|| format!("https://docs.rs/{}", options.crate_name));
    links.push_str(&format!(
        "documentation = \"{}\"\n",
        toml_string_content(&documentation)
    ));
    format!(
        r#"{header}[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "{RUST_VERSION}"
description = "{description}"
license = "MIT OR Apache-2.0"
readme = "README.md"
keywords = [{keywords}]
categories = ["api-bindings", "web-programming::http-client"]
{links}include = ["/src", "/Cargo.toml", "/README.md", {changelog}"/LICENSE-MIT", "/LICENSE-APACHE"]

[dependencies]
{runtime}
serde = "1"
serde_json = "1"
time = {{ version = "0.3", features = ["serde"] }}
{extension_dependencies}
[features]
default = [{default}]
{resources}# `ClientBuilder::http_client`: send through your own `reqwest::Client` instead of the built-in transport.
reqwest = ["twilio-runtime/reqwest"]
# `testing::FakeTwilio`: a stateful fake of the API on a loopback port, for your tests.
testing = ["twilio-runtime/testing"]
{extension_features}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#,
        header = render::toml_header(&options.spec_name),
        default = if features.is_empty() { "" } else { "\"full\"" },
        resources = features.toml(),
        runtime = runtime_dependency(options),
        name = options.crate_name,
        version = options.crate_version,
        changelog = if options.changelog.is_some() {
            "\"/CHANGELOG.md\", "
        } else {
            ""
        },
        keywords = keywords.join(", "),
        extension_dependencies = extensions::for_product(&api.product)
            .map(|e| e.dependencies)
            .collect::<String>(),
        extension_features = extensions::for_product(&api.product)
            .flat_map(|e| e.features)
            .map(extensions::Feature::toml)
            .collect::<String>(),
    )
}

/// The runtime crate's version the generated code is written for (`codegen/runtime/Cargo.toml`;
/// a test keeps them equal). Generated crates require at least it, within its semver range: the
/// runtime's `__private` items only grow within a minor version (decision 021), so product crates
/// generated against 0.1.0 and 0.1.3 share one runtime, 0.1.3.
pub const RUNTIME_VERSION: &str = "0.2.4";

/// The `twilio-runtime` dependency line: the version, and the path to the runtime crate when the
/// crate is generated next to it (the path is dropped when the crate is published).
fn runtime_dependency(options: &Options) -> String {
    match &options.runtime_path {
        Some(path) => format!(
            "twilio-runtime = {{ version = \"{RUNTIME_VERSION}\", path = \"{}\" }}",
            toml_string_content(path)
        ),
        None => format!("twilio-runtime = \"{RUNTIME_VERSION}\""),
    }
}

/// The crate's README (shown by crates.io, compiled as doctests through `lib.rs`): what the crate is,
/// how to install it, a quick start, authentication, pagination, errors and features.
fn readme(api: &Api, options: &Options, features: &Features) -> String {
    let name = &options.crate_name;
    let ident = name.replace('-', "_");
    let version = &options.crate_version;
    let mut out = format!(
        "<!-- {marker} from {spec}. Do not edit: change the generator or the spec and rerun it. -->\n\n",
        marker = render::MARKER,
        spec = options.spec_name,
    );
    out.push_str(&format!(
        "# {name}\n\nAsync Rust client for **{}** (API version {}), generated from Twilio's OpenAPI spec \
(`{}`).\n",
        api.title, api.version, options.spec_name
    ));
    if let Some(description) = &api.description {
        out.push('\n');
        out.push_str(&sanitize(description));
        out.push('\n');
    }
    if let Some(maturity) = super::maturity_note(api) {
        out.push('\n');
        out.push_str(&maturity);
        out.push('\n');
    }
    out.push_str(&format!(
        r#"
## Install

```toml
[dependencies]
{name} = "{version}"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

Rust {RUST_VERSION} or newer. HTTPS uses rustls: no OpenSSL or system TLS library is needed.

## Quick start

"#
    ));
    out.push_str(&quick_start(api, &ident));
    out.push_str(&format!(
        r#"
Start from a `Client`: it hands out a handle per resource, and each operation returns a request builder.
Required parameters are arguments, optional ones are setters; awaiting a builder sends it.

## Authentication

HTTP Basic auth, as every Twilio API expects it:

- `Client::new(account_sid, auth_token)`, or `Client::builder().credentials(Credentials::api_key(account_sid,
  key_sid, key_secret))` for an API key;
- `Client::from_env()` reads Twilio's standard variables: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`, or
  `TWILIO_API_KEY` with `TWILIO_API_SECRET`; `TWILIO_REGION` and `TWILIO_EDGE` route to a region and edge.

Credentials never appear in `Debug` output, logs or errors.

## Pagination

List requests offer `page()` (one page), `stream()` (a lazy stream of records that follows the next-page
links) and `all()` (collect them), each bounded by `limit(n)` and sized by `page_size(n)`.

## Errors

Every call returns `{ident}::Result<T>`. `Error::Api` carries Twilio's error document (`code`, `message`,
`more_info`, `details`); other variants say what else went wrong: a non-JSON error answer (with a bounded
snippet of its body), an answer too large to accept, a body that does not decode, a timeout, a connection
failure. Retries (429 and 5xx, with backoff and `Retry-After`) and timeouts are configurable per client and
per request.
"#
    ));
    out.push_str("\n## Features\n\n");
    match (features.doc(), features.names().next()) {
        (Some(doc), Some(example)) => out.push_str(&format!(
            "{doc} The whole API is there by default; a build that needs only `{example}`:\n\n```toml\n\
[dependencies]\n{name} = {{ version = \"{version}\", default-features = false, features = [\"{example}\"] }}\n\
```\n\nThe client, its retries and webhook signature validation (`signature`) are always there. Off by \
default:\n"
        )),
        _ => out.push_str(
            "No feature is on by default; the client, its retries and webhook signature validation \
(`signature`) are always there.\n",
        ),
    }
    let optional: Vec<String> = std::iter::once(
        "- `reqwest`: `ClientBuilder::http_client` sends through your own `reqwest::Client` instead of the \
         built-in transport (hyper with rustls on *ring*)."
            .to_owned(),
    )
    .chain(std::iter::once(
        "- `testing`: `testing::FakeTwilio`, a stateful fake of the whole API on a loopback port, to test \
         your own code without Twilio (enable it under `[dev-dependencies]`)."
            .to_owned(),
    ))
    .chain(
        extensions::for_product(&api.product)
            .flat_map(|e| e.features)
            .map(|f| format!("- `{}`: {}", f.name, f.doc)),
    )
    .collect();
    out.push('\n');
    out.push_str(&optional.join("\n"));
    out.push('\n');
    out.push_str(
        "\n## License\n\nLicensed under either of the Apache License, Version 2.0 (`LICENSE-APACHE`) or \
the MIT license (`LICENSE-MIT`), at your option.\n",
    );
    out
}

/// A compiled (not run) program: list the collection the IR picked, or build a client when the spec
/// has no list to show.
fn quick_start(api: &Api, ident: &str) -> String {
    let body = match &api.example {
        Some(ExampleList { accessor, method }) => format!(
            "    let first_page = client.{accessor}().{method}().page_size(20).page().await?;\n    for record in first_page.records() {{\n        println!(\"{{record:?}}\");\n    }}\n"
        ),
        None => "    println!(\"calling {}\", client.base_url());\n".to_owned(),
    };
    format!(
        "```rust,no_run\n#[tokio::main]\nasync fn main() -> {ident}::Result<()> {{\n    let client = {ident}::Client::from_env()?;\n{body}    Ok(())\n}}\n```\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_crates_require_the_runtime_version_in_the_repository() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        let version = manifest
            .lines()
            .find_map(|line| line.strip_prefix("version = "))
            .map(|v| v.trim_matches('"'));
        assert_eq!(version, Some(RUNTIME_VERSION));
        let options = Options {
            runtime_path: Some("../codegen/runtime".into()),
            ..Options::default()
        };
        assert_eq!(
            runtime_dependency(&options),
            "twilio-runtime = { version = \"0.2.4\", path = \"../codegen/runtime\" }"
        );
    }
}
