//! Path templates: matching, rendering and percent-decoding.

/// Matches a concrete path against a template; on a match, the number of literal segments and the
/// parameters' values.
pub(super) fn match_template(template: &str, path: &str) -> Option<(usize, Vec<String>)> {
    let mut literals = 0;
    let mut values = Vec::new();
    let mut want = template.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some((literals, values)),
            (Some(w), Some(h)) => match w.find('{').zip(w.find('}')) {
                Some((open, close)) => {
                    let (before, after) = (&w[..open], &w[close + 1..]);
                    let value = h.strip_prefix(before)?.strip_suffix(after)?;
                    if value.is_empty() {
                        return None;
                    }
                    values.push(percent_decoded(value));
                }
                None if w == h => literals += 1,
                None => return None,
            },
            _ => return None,
        }
    }
}

/// A path segment's text: `%XX` escapes decoded (a `+` stays a `+`, unlike in a form).
pub(super) fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The template with its parameters replaced by `values`, in order.
pub(super) fn render(template: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(values.next().map_or("", String::as_str));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether the template's last segment is a parameter (an instance of a collection), not a literal
/// (a singleton).
pub(super) fn ends_in_param(template: &str) -> bool {
    template
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('{'))
}

pub(super) fn template_params(template: &str) -> usize {
    template.matches('{').count()
}

/// `/a/b/c` → (`/a/b`, `c`).
pub(super) fn split_last(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The key a collection is stored under: its path without the `.json` older APIs append.
pub(super) fn collection_key(path: &str) -> String {
    path.strip_suffix(".json").unwrap_or(path).to_owned()
}
