//! Doc comments: spec descriptions made safe for rustdoc (bare URLs, stray brackets and HTML-like
//! tags would be warnings under `-D warnings`), turned into `#[doc]` attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// The text of each doc line: a leading space so prettyplease prints `/// text`, not `///text`.
fn doc_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// `#[doc = " line"]` attributes for each line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc = " line"]` (module and crate docs) for each line of `text`.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Joins paragraphs with blank doc lines.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Makes spec prose safe for rustdoc: wraps bare URLs in `<…>`, escapes `[`/`]` that do not start a
/// Markdown link and `<` that does not start an autolink. Code spans are left alone.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            sanitize_prose(part, &mut out);
        }
    }
    // An unmatched backtick would open a code span that never ends.
    if text.matches('`').count() % 2 == 1
        && let Some(pos) = out.rfind('`')
    {
        out.replace_range(pos..=pos, "\\`");
    }
    out.trim().to_owned()
}

fn sanitize_prose(text: &str, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_link_target = false;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        if !in_link_target && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let prev = if i > 0 { Some(chars[i - 1]) } else { None };
            let mut end = i;
            while end < chars.len()
                && !chars[end].is_whitespace()
                && !matches!(chars[end], '<' | '>' | '"' | ')' | ']')
            {
                end += 1;
            }
            while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
                end -= 1;
            }
            let url: String = chars[i..end].iter().collect();
            if prev == Some('<') {
                out.push_str(&url);
            } else {
                out.push('<');
                out.push_str(&url);
                out.push('>');
            }
            i = end;
            continue;
        }
        match c {
            '[' => {
                // A Markdown link `[text](target)` stays; anything else is escaped.
                match find_link(&chars, i) {
                    Some(close) => {
                        let label: String = chars[i + 1..close].iter().collect();
                        out.push('[');
                        sanitize_prose(&label, out);
                        out.push_str("](");
                        in_link_target = true;
                        i = close + 2;
                        continue;
                    }
                    None => out.push_str("\\["),
                }
            }
            ']' => out.push_str("\\]"),
            ')' if in_link_target => {
                in_link_target = false;
                out.push(')');
            }
            '<' => {
                let ahead: String = chars[i + 1..chars.len().min(i + 9)].iter().collect();
                if ahead.starts_with("http://") || ahead.starts_with("https://") {
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
            }
            '>' => {
                let prev_is_url = out.ends_with(|ch: char| !ch.is_whitespace()) && url_open(out);
                if prev_is_url {
                    out.push('>');
                } else {
                    out.push_str("&gt;");
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

/// Whether `out` ends inside an autolink `<http…` that is still open.
fn url_open(out: &str) -> bool {
    match (out.rfind('<'), out.rfind('>')) {
        (Some(open), close) => close.is_none_or(|c| c < open) && out[open..].starts_with("<http"),
        _ => false,
    }
}

/// For `[` at `start`, the index of the `]` of a `[label](` link, if it is one.
fn find_link(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &ch) in chars.iter().enumerate().skip(start) {
        match ch {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return (chars.get(j + 1) == Some(&'(') && chars[j + 2..].contains(&')'))
                        .then_some(j);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// `#[deprecated(note = "…")]`: what the spec marks deprecated (an operation, a parameter, a
/// property) is deprecated in Rust too, so that the compiler tells its users.
pub fn deprecated_attr(note: &str) -> TokenStream {
    quote!(#[deprecated(note = #note)])
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn rustdoc_hazards_are_neutralised() {
        let cases = [
            (
                "See https://www.twilio.com/docs.",
                "See <https://www.twilio.com/docs>.",
            ),
            (
                "The [Service](https://www.twilio.com/docs/proxy/api/service) resource",
                "The [Service](https://www.twilio.com/docs/proxy/api/service) resource",
            ),
            ("Use [Sid] here", "Use \\[Sid\\] here"),
            ("Returns <Dial> TwiML", "Returns &lt;Dial&gt; TwiML"),
            ("Code `a[0] <b>` stays", "Code `a[0] <b>` stays"),
            (
                "already <https://x.y/z> linked",
                "already <https://x.y/z> linked",
            ),
            ("odd ` tick", "odd \\` tick"),
        ];
        for (input, want) in cases {
            assert_eq!(sanitize(input), want, "input: {input}");
        }
    }
}
