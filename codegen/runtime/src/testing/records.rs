//! Record fields: parameters written into records, values parsed by kind, identifiers.

use super::*;

/// Sets the fields the parameters name, converted to the field's kind.
pub(super) fn apply_params(
    resource: &Resource,
    record: &mut Map<String, Value>,
    params: &[(&'static Param, Vec<String>)],
) {
    for (param, values) in params {
        let Some(field) = param
            .field
            .and_then(|f| resource.fields.iter().find(|x| x.wire == f))
        else {
            continue;
        };
        let converted: Vec<Value> = values
            .iter()
            .map(|v| parse_value(field.kind, v).unwrap_or_else(|| Value::String(v.clone())))
            .collect();
        let value = if field.list {
            Value::Array(converted)
        } else {
            converted.into_iter().next().unwrap_or(Value::Null)
        };
        record.insert(field.wire.to_owned(), value);
    }
}

/// A parameter's text as the JSON value of its kind, if it is one.
pub(super) fn parse_value(kind: Kind, text: &str) -> Option<Value> {
    Some(match kind {
        Kind::Integer => Value::from(text.parse::<i64>().ok()?),
        Kind::Number => Value::from(text.parse::<f64>().ok()?),
        Kind::Boolean => Value::Bool(match text {
            "true" | "True" => true,
            "false" | "False" => false,
            _ => return None,
        }),
        Kind::DateTime => {
            crate::datetime::parse_rfc3339(text)?;
            Value::String(text.to_owned())
        }
        Kind::Json => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into())),
        Kind::Text | Kind::DateTimeRfc2822 | Kind::Date => Value::String(text.to_owned()),
    })
}

pub(super) fn date_value(kind: Kind, at: OffsetDateTime) -> Value {
    let text = match kind {
        Kind::DateTimeRfc2822 => crate::datetime::format_rfc2822(at),
        Kind::Date => Some(crate::datetime::format_date(at.date())),
        _ => crate::datetime::format_rfc3339(at),
    };
    text.map_or(Value::Null, Value::String)
}

/// The two letters a new record's SID starts with: the spec's, else the resource name's first two
/// capitals (the spec gives Messages no single prefix: `^(SM|MM)…`).
pub(super) fn sid_prefix(resource: &Resource) -> String {
    if let Some(prefix) = resource.sid_prefix {
        return prefix.to_owned();
    }
    let capitals: String = resource
        .name
        .chars()
        .filter(char::is_ascii_uppercase)
        .take(2)
        .collect();
    if capitals.len() == 2 {
        capitals
    } else {
        resource
            .name
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(2)
            .collect::<String>()
            .to_ascii_uppercase()
    }
}

/// The value that identifies a record in its instance path (a SID, or a list item's index).
pub(super) fn record_id(resource: &Resource, record: &Map<String, Value>) -> Option<String> {
    resource
        .id_field
        .into_iter()
        .chain(["sid"])
        .find_map(|f| record.get(f).and_then(path_text))
}

/// A value as it stands in a path: text, or an integer's digits.
fn path_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// Whether `id` names the record: its identifying field, its SID or its unique name (Twilio
/// accepts a unique name where a SID is expected for several resources).
pub(super) fn matches_id(resource: &Resource, record: &Map<String, Value>, id: &str) -> bool {
    resource
        .id_field
        .into_iter()
        .chain(["sid", "unique_name"])
        .any(|f| record.get(f).and_then(path_text).as_deref() == Some(id))
}

/// A new identifier for a record, the `n`th the fake makes: a SID of the resource's prefix, else the
/// example of its identifying field with its trailing zeros made `n` (`aia_know_` ids), else a SID
/// of a prefix made from the resource's name.
pub(super) fn new_id(resource: &Resource, n: u64) -> String {
    if resource.sid_prefix.is_none() {
        let example = resource
            .id_field
            .into_iter()
            .chain(["sid"])
            .find_map(|id| resource.fields.iter().find(|f| f.wire == id))
            .and_then(|f| f.example);
        if let Some(example) = example {
            let stem = example.trim_end_matches('0');
            let width = example.len() - stem.len();
            return format!("{stem}{n:0width$}");
        }
    }
    format!("{}{:032x}", sid_prefix(resource), n)
}

/// The kind of a resource's own identifier: an integer for a list item's `{Index}`, else text.
pub(super) fn id_kind(resource: &Resource) -> Kind {
    resource
        .id_field
        .and_then(|id| resource.fields.iter().find(|f| f.wire == id))
        .map_or(Kind::Text, |f| f.kind)
}

/// What a field holds when nothing set it: the spec's `default`, else `null` where the spec allows
/// it, else the plain value of its type ([`plain_value`]).
pub(super) fn unset_value(field: &Field) -> Value {
    if let Some(default) = field.default.and_then(|d| serde_json::from_str(d).ok()) {
        return default;
    }
    if field.nullable {
        return Value::Null;
    }
    plain_value(field)
}

/// The plain value of a field's type: an empty list, 0, `false`, an enum's first value, the
/// smallest text its pattern or format accepts (a SID of its prefix and zeros), else empty text,
/// the Unix epoch for dates, an empty object for JSON.
pub(super) fn plain_value(field: &Field) -> Value {
    if field.list {
        return Value::Array(Vec::new());
    }
    match field.kind {
        Kind::Integer | Kind::Number => Value::from(0),
        Kind::Boolean => Value::Bool(false),
        Kind::Text => Value::String(
            field
                .values
                .first()
                .or(field.example.as_ref())
                .map_or_else(String::new, |v| (*v).to_owned()),
        ),
        Kind::DateTime | Kind::DateTimeRfc2822 | Kind::Date => {
            date_value(field.kind, OffsetDateTime::UNIX_EPOCH)
        }
        Kind::Json => Value::Object(Map::new()),
    }
}
