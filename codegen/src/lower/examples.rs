//! Example values: the smallest text a string schema's `pattern` or `format` accepts, for the
//! `testing` fake (the plain value of a field nothing set, the identifiers it assigns) and for the
//! checks that drive it (parameter values the spec allows).
//!
//! Patterns are read as the regular expressions Twilio writes: literals, `.`, classes (`[0-9a-f]`),
//! groups with alternatives (`(SM|MM)`, the first is taken), escapes and quantifiers (`{32}`, `+`,
//! `*`, `?`, `{2,5}`). A pattern outside that subset gives no example.

use serde_json::Value;

/// An example of what `schema` (a string schema, `$ref`s already followed) accepts, when its pattern
/// or format constrains it; `None` when any text will do or the pattern is beyond the subset.
pub(super) fn example(schema: &Value) -> Option<String> {
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        return smallest_match(pattern);
    }
    let format = schema.get("format").and_then(Value::as_str)?;
    Some(
        match format {
            "uri" => "https://example.com/",
            "date-time" => "1970-01-01T00:00:00Z",
            "date-time-rfc-2822" => "Thu, 01 Jan 1970 00:00:00 +0000",
            "date" => "1970-01-01",
            "email" => "user@example.com",
            "phone-number" => "+15005550006",
            "iso-country-code" => "US",
            "currency" => "USD",
            "http-method" => "POST",
            _ => return None,
        }
        .to_owned(),
    )
}

/// The smallest string `pattern` matches, with `0` for digits and the first character of a class.
pub(super) fn smallest_match(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let end = sequence(&chars, 0, &mut out)?;
    (end == chars.len()).then_some(out)
}

/// Reads a sequence up to a `|` or `)` at this level, appending its smallest match; returns where it
/// stopped.
fn sequence(p: &[char], mut at: usize, out: &mut String) -> Option<usize> {
    while at < p.len() {
        let (atom, next) = match p[at] {
            '^' | '$' => {
                at += 1;
                continue;
            }
            '|' | ')' => return Some(at),
            '(' => {
                let start = if p[at..].starts_with(&['(', '?', ':']) {
                    at + 3
                } else {
                    at + 1
                };
                let mut first = String::new();
                let mut at = sequence(p, start, &mut first)?;
                // Skip the other alternatives.
                while p.get(at) == Some(&'|') {
                    at = sequence(p, at + 1, &mut String::new())?;
                }
                if p.get(at) != Some(&')') {
                    return None;
                }
                (first, at + 1)
            }
            '[' => {
                let close = p[at + 1..].iter().position(|&c| c == ']')? + at + 1;
                let class = &p[at + 1..close];
                if class.first() == Some(&'^') || class.is_empty() {
                    return None;
                }
                // `0` when the class has digits, else its first character.
                let digit = class
                    .windows(3)
                    .any(|w| w[1] == '-' && w[0] <= '0' && '0' <= w[2])
                    || class.contains(&'0');
                let pick = if digit {
                    '0'
                } else if class[0] == '\\' {
                    *class.get(1)?
                } else {
                    class[0]
                };
                (pick.to_string(), close + 1)
            }
            '\\' => {
                let escaped = *p.get(at + 1)?;
                let text = match escaped {
                    'd' => "0".to_owned(),
                    'w' => "a".to_owned(),
                    's' => " ".to_owned(),
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c.to_string(),
                };
                (text, at + 2)
            }
            '.' => ("a".to_owned(), at + 1),
            '*' | '+' | '?' | '{' => return None,
            c => (c.to_string(), at + 1),
        };
        let (times, after) = quantifier(p, next)?;
        for _ in 0..times {
            out.push_str(&atom);
        }
        at = after;
    }
    Some(at)
}

/// The least repetitions the quantifier at `at` allows (1 without one), and where it ends.
fn quantifier(p: &[char], at: usize) -> Option<(usize, usize)> {
    match p.get(at) {
        Some('*' | '?') => Some((0, at + 1)),
        Some('+') => Some((1, at + 1)),
        Some('{') => {
            let close = p[at..].iter().position(|&c| c == '}')? + at;
            let inside: String = p[at + 1..close].iter().collect();
            let least = inside.split(',').next()?.trim().parse().ok()?;
            Some((least, close + 1))
        }
        _ => Some((1, at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn twilios_patterns_give_their_smallest_match() {
        let zeros = "0".repeat(32);
        for (pattern, expected) in [
            ("^KS[0-9a-fA-F]{32}$", format!("KS{zeros}")),
            ("^(SM|MM)[0-9a-fA-F]{32}$", format!("SM{zeros}")),
            ("^[a-zA-Z]{2}[0-9a-fA-F]{32}$", format!("aa{zeros}")),
            ("OR[0-9a-f]{32}", format!("OR{zeros}")),
            ("^aia_know_.+$", "aia_know_a".to_owned()),
            ("^[A-Z0-9]{6}$", "000000".to_owned()),
            ("^[0-9abcdefghjkmnpqrstvwxyz]{26}$", "0".repeat(26)),
            (r"^(STOP|START|HELP)\.(ALL|ENGLISH)$", "STOP.ALL".to_owned()),
            ("^[A-Z0-9]+$", "0".to_owned()),
        ] {
            assert_eq!(smallest_match(pattern), Some(expected), "{pattern}");
        }
        assert_eq!(smallest_match("^[^a]$"), None);
        assert_eq!(smallest_match("^a{2"), None);
        assert_eq!(
            example(&json!({"format": "uri"})).as_deref(),
            Some("https://example.com/")
        );
        assert_eq!(example(&json!({"type": "string"})), None);
    }
}
