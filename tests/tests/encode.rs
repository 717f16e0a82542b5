//! Records encode as they always have (serde's derive with `skip_serializing_if = "Option::is_none"`
//! and each field's adapter, before the runtime's `RecordWriter` took its place): fields in
//! declaration order by wire name, unset ones left out, dates in the spec's format, nested records
//! as objects, and what was decoded encodes back to the same JSON.

use serde_json::{Value, json};
use twilio_proxy::phone_number::PhoneNumber;
use twilio_proxy::service::Service;
use twilio_proxy::session::Session;
use twilio_proxy_tests::fixtures::{phone_number, service, session};

fn decoded<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap()
}

#[test]
fn a_decoded_record_encodes_back_to_the_same_json_in_declaration_order() {
    let record: Service = decoded(&service());
    let text = serde_json::to_string(&record).unwrap();
    // Exact text: key order is the struct's (the spec's property order, sorted), nulls are absent.
    let keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, Value>>(&text)
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "{text}");
    let mut expected = service();
    expected
        .as_object_mut()
        .unwrap()
        .retain(|_, value| !value.is_null());
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);

    for (fixture, encoded) in [
        (
            session(),
            serde_json::to_value(decoded::<Session>(&session())).unwrap(),
        ),
        (
            phone_number(),
            serde_json::to_value(decoded::<PhoneNumber>(&phone_number())).unwrap(),
        ),
    ] {
        let mut expected = fixture;
        expected
            .as_object_mut()
            .unwrap()
            .retain(|_, value| !value.is_null());
        assert_eq!(encoded, expected);
    }
}

#[test]
fn unset_fields_are_left_out_and_dates_keep_their_format() {
    let mut record = Service::default();
    assert_eq!(serde_json::to_string(&record).unwrap(), "{}");
    record.unique_name = Some("Zoë".into());
    // 2015-07-30T20:00:00Z.
    record.date_created =
        Some(twilio_proxy::time::OffsetDateTime::from_unix_timestamp(1_438_286_400).unwrap());
    record.default_ttl = Some(0);
    assert_eq!(
        serde_json::to_string(&record).unwrap(),
        r#"{"date_created":"2015-07-30T20:00:00Z","default_ttl":0,"unique_name":"Zoë"}"#
    );
    assert_eq!(
        serde_json::to_value(&record).unwrap(),
        json!({"date_created": "2015-07-30T20:00:00Z", "default_ttl": 0, "unique_name": "Zoë"})
    );
}
