//! Every Rust identifier the generator emits is made here, from spec strings: type, field, variant,
//! module, method and parameter names, keyword escaping, leading digits, symbols and collisions.
//! Nothing else in the generator calls `heck` on spec text.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (2024 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Spells out symbols that carry meaning before case conversion drops them. Anything else that is
/// not ASCII alphanumeric becomes a word break, so every name is a plain ASCII identifier (`m²` → `m`,
/// `٣` → nothing) and never makes identifier construction fail.
fn spell_symbols(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            c if !c.is_ascii() => out.push(' '),
            '+' => out.push_str(" plus "),
            '*' => out.push_str(" star "),
            '&' => out.push_str(" and "),
            '@' => out.push_str(" at "),
            '%' => out.push_str(" percent "),
            '=' => out.push_str(" eq "),
            '#' => out.push_str(" hash "),
            c => out.push(c),
        }
    }
    out
}

/// A snake_case identifier that compiles: keywords become raw (`r#type`) or get a trailing `_`,
/// a leading digit gets an `n` prefix, an empty name becomes `value`.
pub fn snake_ident(text: &str) -> String {
    let mut name = spell_symbols(text).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    escape_keyword(name)
}

/// An UpperCamelCase type or variant name that compiles: a leading digit gets an `N` prefix, an empty
/// name becomes `Empty`, `Self` becomes `Self_`.
pub fn type_ident(text: &str) -> String {
    let mut name = spell_symbols(text).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, as it reads in docs and serde renames.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A model field name for a JSON property.
pub fn field_name(wire: &str) -> String {
    snake_ident(wire)
}

/// A request parameter's setter name. Twilio's range filters (`DateCreated<`, `StartTime>`) become
/// `date_created_before` / `start_time_after`; `Page` becomes `page_number` (a list request's `page()`
/// fetches the page); other names that clash with builder methods get a `_param` suffix.
pub fn param_name(wire: &str) -> String {
    let (base, suffix) = if let Some(base) = wire.strip_suffix("<=") {
        (base, "_on_or_before")
    } else if let Some(base) = wire.strip_suffix(">=") {
        (base, "_on_or_after")
    } else if let Some(base) = wire.strip_suffix('<') {
        (base, "_before")
    } else if let Some(base) = wire.strip_suffix('>') {
        (base, "_after")
    } else {
        (wire, "")
    };
    let name = snake_ident(base);
    let name = format!("{}{suffix}", unraw(&name));
    if name == "page" {
        return "page_number".to_owned();
    }
    if crate::reserved::BUILDER_METHODS.contains(&name.as_str()) {
        return format!("{name}_param");
    }
    escape_keyword(name)
}

/// A path parameter's field name on a handle.
pub fn path_param_name(wire: &str) -> String {
    let name = snake_ident(wire);
    if crate::reserved::HANDLE_FIELDS.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// Whether a record property holds a credential, by the names Twilio gives them: `auth_token`,
/// `secondary_auth_token`, `secret`, `password`, and tokens (`access_token`, `refreshToken`,
/// `inquiry_session_token`), but not paging tokens (`next_token`, `page_token`) or `token_type`.
pub fn is_credential(wire: &str) -> bool {
    let name = wire.to_snake_case();
    let paging = ["next_", "previous_", "page_"]
        .iter()
        .any(|p| name.starts_with(p));
    matches!(name.as_str(), "secret" | "password" | "token")
        || name.ends_with("_secret")
        || name.ends_with("_password")
        || (name.ends_with("_token") && !paging)
}

/// The record property that holds a parameter's value, by Twilio's naming: `{ServiceSid}` →
/// `service_sid`, `{Sid}` → `sid`, `FriendlyName` → `friendly_name`.
pub fn record_property(param: &str) -> String {
    param.to_snake_case()
}

/// The name a resource's list has in its parent's `links` (and the fake's): the last literal
/// segment of its path, without `.json`, in snake case (`/Accounts/{Sid}/Calls.json` → `calls`,
/// `/Services/{Sid}/PhoneNumbers` → `phone_numbers`).
pub fn link_name(template: &str) -> String {
    template
        .rsplit('/')
        .find(|s| !s.contains('{') && !s.is_empty())
        .map(|s| s.strip_suffix(".json").unwrap_or(s).to_snake_case())
        .unwrap_or_default()
}

/// An enum variant for a wire value: `in-progress` → `InProgress`, `+1` → `Plus1`, `` → `Empty`.
pub fn variant_name(wire: &str) -> String {
    type_ident(wire)
}

/// A module (file) name for a type name.
pub fn module_name(type_name: &str) -> String {
    let name = unraw(&snake_ident(type_name)).to_owned();
    if crate::reserved::MODULES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A method name (accessors, operations).
pub fn method_name(text: &str) -> String {
    snake_ident(text)
}

/// The type name for an enum component: `session_enum_mode` → `SessionMode`.
pub fn enum_component_name(component: &str) -> String {
    let tail = component.rsplit('.').next().unwrap_or(component);
    type_ident(&tail.replacen("_enum_", "_", 1))
}

/// The segments of a model component name after Twilio's `product.vN.` prefix:
/// `proxy.v1.service.session` → `["service", "session"]`.
pub fn model_component_segments(component: &str) -> Vec<&str> {
    let parts: Vec<&str> = component.split('.').collect();
    let is_version =
        |s: &str| s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [_, version, rest @ ..] if is_version(version) && !rest.is_empty() => rest.to_vec(),
        _ => parts,
    }
}

/// Model type names for component names: the last segment where that is unique, all segments after
/// the product/version prefix where it is not (`ConversationMessage` vs `ServiceConversationMessage`).
pub fn model_names(components: &[&str]) -> Vec<String> {
    let short: Vec<String> = components
        .iter()
        .map(|c| {
            let segments = model_component_segments(c);
            type_ident(segments.last().copied().unwrap_or(c))
        })
        .collect();
    let longer: Vec<String> = components
        .iter()
        .zip(&short)
        .map(|(component, name)| {
            if short.iter().filter(|other| *other == name).count() > 1 {
                type_ident(&model_component_segments(component).join("_"))
            } else {
                name.clone()
            }
        })
        .collect();
    // Still ambiguous (`a.v1.call` and `a.v2.call`): the whole component name.
    components
        .iter()
        .zip(&longer)
        .map(|(component, name)| {
            if longer.iter().filter(|other| *other == name).count() > 1 {
                type_ident(&component.replace('.', "_"))
            } else {
                name.clone()
            }
        })
        .collect()
}

/// Makes `name` unique among `taken` by appending 2, 3, …; records the result in `taken`.
pub fn dedupe(name: String, taken: &mut impl Taken) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.has(&candidate) {
        candidate = match name.strip_prefix("r#") {
            Some(bare) => format!("{bare}{n}"),
            None => format!("{name}{n}"),
        };
        n += 1;
    }
    taken.take(candidate.clone());
    candidate
}

/// Names already used in one scope: a `Vec` for the small scopes (a handle's methods), a `IndexSet`
/// where a spec can put thousands (type names), so naming stays linear in the spec.
pub trait Taken {
    /// Whether `name` is used.
    fn has(&self, name: &str) -> bool;
    /// Marks `name` as used.
    fn take(&mut self, name: String);
}

impl Taken for Vec<String> {
    fn has(&self, name: &str) -> bool {
        self.iter().any(|n| n == name)
    }

    fn take(&mut self, name: String) {
        self.push(name);
    }
}

impl Taken for indexmap::IndexSet<String> {
    fn has(&self, name: &str) -> bool {
        self.contains(name)
    }

    fn take(&mut self, name: String) {
        self.insert(name);
    }
}

/// A crude English singular for a path segment: `Entities` → `Entity`, `Addresses` → `Address`,
/// `Sessions` → `Session`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "shes", "ches", "xes"]
        .iter()
        .any(|s| word.ends_with(s))
    {
        word[..word.len() - 2].to_owned()
    } else if let Some(stem) = word
        .strip_suffix('s')
        .filter(|s| !s.ends_with('s') && !s.ends_with('u') && !s.ends_with('i'))
    {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// A path's version segment: `v1`, `v2010`, or a date version such as `2010-04-01`.
pub fn is_version_segment(segment: &str) -> bool {
    let numbered = segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let dated = segment.len() == 10
        && segment.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    numbered || dated
}
