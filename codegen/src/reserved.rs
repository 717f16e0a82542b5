//! What the generated crate reserves for itself, in one table that every stage reads: a name from
//! the spec that lands on one of these is changed by [`naming`](crate::naming) (a `_` suffix for a
//! module, a number for a type or method), so a spec can never make the crate declare a name twice
//! or replace one of its own files.
//!
//! When the emitters start to declare, import or export another name, it goes here.

/// Modules (and files) the crate root declares or names itself: `client`, the runtime alias,
/// `sid` (the SID types), `testing` (the fake, `src/testing.rs`), `types` (types several resources
/// share), the re-exported `time` and `serde_json`, the product extensions' `signature` and
/// `webhooks`, and the names Cargo gives meaning to (`lib`, `main`, `tests`).
pub const MODULES: &[&str] = &[
    crate::ir::SID_MODULE,
    "client",
    "lib",
    "main",
    "prelude",
    "runtime",
    "serde",
    "serde_json",
    "signature",
    "testing",
    "tests",
    "time",
    "types",
    "webhooks",
];

/// Type names a generated module may import or the crate root exports, which the spec's models,
/// enums, unions and request objects must not take: the runtime items (`Client`, `Error`,
/// `Result`, `JsonBody`, `Params`, …), serde's derives, and the prelude types the emitted code
/// names (`Box`, `Option`, `String`, `Vec`).
pub const TYPES: &[&str] = &[
    "ApiError",
    "BodySnippet",
    "Box",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Decimal",
    "Deserialize",
    "Error",
    "JsonBody",
    "Method",
    "Option",
    "Page",
    "PageMeta",
    "Params",
    "RecordStream",
    "Request",
    "RequestOptions",
    "Response",
    "Result",
    "RetryPolicy",
    "Serialize",
    "SidError",
    "String",
    "Value",
    "Vec",
];

/// Inherent methods of the runtime `Client` (and its settings, reached through `Deref`) that a
/// resource accessor must not shadow.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "with_user_agent_extension",
    "account_sid",
    "base_url",
    "timeout",
    "retry_policy",
    "max_response_body",
];

/// Methods every request builder already has, which a parameter's setter must not take.
pub const BUILDER_METHODS: &[&str] = &[
    "send",
    "request",
    "send_with_response",
    "options",
    "timeout",
    "retry_policy",
    "page",
    "stream",
    "all",
    "limit",
    "handle",
    "into_future",
    "clone",
    "fmt",
];

/// Methods every request object (an override's type, `NewParticipant`) has, which a member's
/// setter must not take.
pub const REQUEST_OBJECT_METHODS: &[&str] = &["new", "member", "from_json", "get"];

/// Fields every handle has besides its path parameters: the client it sends through.
pub const HANDLE_FIELDS: &[&str] = &["client"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_is_free_of_duplicates() {
        for list in [
            MODULES,
            TYPES,
            CLIENT_METHODS,
            BUILDER_METHODS,
            HANDLE_FIELDS,
        ] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "{list:?}");
        }
    }
}
