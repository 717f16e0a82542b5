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
            OffsetDateTime::parse(text, &Rfc3339).ok()?;
            Value::String(text.to_owned())
        }
        Kind::Json => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into())),
        Kind::Text | Kind::DateTimeRfc2822 | Kind::Date => Value::String(text.to_owned()),
    })
}

pub(super) fn date_value(kind: Kind, at: OffsetDateTime) -> Value {
    let text = match kind {
        Kind::DateTimeRfc2822 => at.format(&Rfc2822),
        Kind::Date => Ok(at.date().to_string()),
        _ => at.format(&Rfc3339),
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

/// The value that identifies a record in its instance path.
pub(super) fn record_id(resource: &Resource, record: &Map<String, Value>) -> Option<String> {
    resource
        .id_field
        .into_iter()
        .chain(["sid"])
        .find_map(|f| record.get(f).and_then(Value::as_str))
        .map(str::to_owned)
}

/// Whether `id` names the record: its identifying field, its SID or its unique name (Twilio
/// accepts a unique name where a SID is expected for several resources).
pub(super) fn matches_id(resource: &Resource, record: &Map<String, Value>, id: &str) -> bool {
    resource
        .id_field
        .into_iter()
        .chain(["sid", "unique_name"])
        .any(|f| record.get(f).and_then(Value::as_str) == Some(id))
}
