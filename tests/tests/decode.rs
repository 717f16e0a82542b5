//! Decode robustness on a scripted local server: values Twilio may add later, nulls, missing and
//! extra fields, empty and large pages, numbers and booleans sent as text, a field of an unexpected
//! shape. Everything decodes; unknown enum values keep their text. The client decodes strictly
//! (a field that does not fit its type fails the call), except where a test says otherwise.

use serde_json::{Map, Value, json};
use twilio_proxy::interaction::{InteractionResourceStatus, InteractionType};
use twilio_proxy::service::{ServiceGeoMatchLevel, ServiceNumberSelectionBehavior};
use twilio_proxy::session::{Session, SessionMode, SessionStatus};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::trace::{capture, set_default};
use twilio_proxy_tests::{MockServer, Reply, client_for, strict_client_for};

async fn serve(reply: Reply) -> (MockServer, twilio_proxy::Client) {
    serve_decoding(reply, true).await
}

/// [`serve`] with the default, lenient client.
async fn serve_lenient(reply: Reply) -> (MockServer, twilio_proxy::Client) {
    serve_decoding(reply, false).await
}

async fn serve_decoding(reply: Reply, strict: bool) -> (MockServer, twilio_proxy::Client) {
    let server = MockServer::start().await;
    server.enqueue(reply);
    let client = if strict {
        strict_client_for(&server)
    } else {
        client_for(&server)
    };
    (server, client)
}

#[tokio::test]
async fn numbers_and_booleans_sent_as_text_decode_with_their_values_even_strictly() {
    let mut body = service();
    body["default_ttl"] = json!("3600");
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let fetched = client.service(SERVICE_SID).fetch().await.unwrap();
    assert_eq!(fetched.default_ttl, Some(3600));

    let mut body = phone_number();
    body["is_reserved"] = json!("true");
    body["in_use"] = json!("2");
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let number = client
        .service(SERVICE_SID)
        .phone_number(PHONE_NUMBER_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(number.is_reserved, Some(true));
    assert_eq!(number.in_use, Some(2));
}

#[tokio::test]
async fn one_field_of_an_unexpected_shape_is_none_and_the_rest_of_the_record_decodes() {
    let (subscriber, captured) = capture();
    let _guard = set_default(subscriber);
    let mut body = service();
    body["default_ttl"] = json!({"token": "hunter2"});
    let (_server, client) = serve_lenient(Reply::json(200, &body)).await;
    let fetched = client.service(SERVICE_SID).fetch().await.unwrap();
    assert_eq!(fetched.default_ttl, None);
    assert_eq!(fetched.sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(fetched.unique_name.as_deref(), Some("My Service"));
    let warnings = captured.events("a field did not fit its type and was decoded as None");
    assert_eq!(warnings.len(), 1, "{:#?}", captured.lines());
    for part in [
        "operation=FetchService",
        "record=a Service record",
        "field=default_ttl",
        "expected=an integer",
        "found=an object",
    ] {
        assert!(warnings[0].contains(part), "{part}: {}", warnings[0]);
    }
    assert!(!warnings[0].contains("hunter2"), "{}", warnings[0]);

    // In a page, the odd record keeps its other fields and no record is lost.
    let mut odd = session();
    odd["ttl"] = json!([1, 2]);
    odd["date_started"] = json!("the day before yesterday");
    let (_server, client) = serve_lenient(Reply::json(
        200,
        &page(
            "sessions",
            "/Services/KS/Sessions",
            vec![session(), odd, session()],
            None,
        ),
    ))
    .await;
    let sessions = client
        .service(SERVICE_SID)
        .sessions()
        .list()
        .all()
        .await
        .unwrap();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions[1].ttl, None);
    assert_eq!(sessions[1].date_started, None);
    assert_eq!(sessions[1].unique_name, sessions[0].unique_name);
    assert_eq!(sessions[2].ttl, Some(3600));
    let warnings = captured.events("a field did not fit its type and was decoded as None");
    assert_eq!(warnings.len(), 3, "{:#?}", captured.lines());
    assert!(
        warnings[1].contains("operation=ListSession"),
        "{}",
        warnings[1]
    );
    assert!(!warnings[2].contains("the day before"), "{}", warnings[2]);

    // Strictly, the same record fails the call and names the field.
    let mut body = service();
    body["default_ttl"] = json!({"token": "hunter2"});
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let err = client.service(SERVICE_SID).fetch().await.unwrap_err();
    assert!(
        err.to_string().contains(
            "field `default_ttl` of a Service record: expected an integer, found an object"
        ),
        "{err}"
    );
}

fn all_null(record: &Value) -> Value {
    let nulls: Map<String, Value> = record
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| (k.clone(), Value::Null))
        .collect();
    Value::Object(nulls)
}

#[tokio::test]
async fn unknown_enum_values_decode_and_keep_their_text() {
    let mut body = session();
    body["status"] = json!("archived");
    body["mode"] = json!("video-only");
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let s = client
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(s.status, Some(SessionStatus::Unknown("archived".into())));
    assert_eq!(s.mode, Some(SessionMode::Unknown("video-only".into())));
    assert_eq!(
        s.status.as_ref().map(SessionStatus::as_str),
        Some("archived")
    );

    let mut body = service();
    body["geo_match_level"] = json!("galaxy");
    body["number_selection_behavior"] = json!("");
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let s = client.service(SERVICE_SID).fetch().await.unwrap();
    assert_eq!(
        s.geo_match_level,
        Some(ServiceGeoMatchLevel::Unknown("galaxy".into()))
    );
    assert_eq!(
        s.number_selection_behavior,
        Some(ServiceNumberSelectionBehavior::Unknown(String::new()))
    );

    let mut body = interaction();
    body["type"] = json!("Voice");
    body["inbound_resource_status"] = json!("beamed-up");
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let i = client
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interaction(INTERACTION_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(
        i.r#type,
        Some(InteractionType::Voice),
        "case-insensitive match"
    );
    assert_eq!(
        i.inbound_resource_status,
        Some(InteractionResourceStatus::Unknown("beamed-up".into()))
    );
}

#[tokio::test]
async fn null_in_every_field_decodes_to_none_everywhere() {
    for record in [
        service(),
        session(),
        participant(),
        interaction(),
        message_interaction(),
        phone_number(),
        short_code(),
    ] {
        let body = all_null(&record);
        let (_server, client) = serve(Reply::json(200, &body)).await;
        let svc = client.service(SERVICE_SID);
        // Each resource's fetch decodes the all-null document into its own model.
        let debug = match record
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default()
        {
            u if u.contains("/MessageInteractions/") => format!(
                "{:?}",
                svc.session(SESSION_SID)
                    .participant(PARTICIPANT_SID)
                    .message_interaction(INTERACTION_SID)
                    .fetch()
                    .await
                    .unwrap()
            ),
            u if u.contains("/Interactions/") => format!(
                "{:?}",
                svc.session(SESSION_SID)
                    .interaction(INTERACTION_SID)
                    .fetch()
                    .await
                    .unwrap()
            ),
            u if u.contains("/Participants/") => format!(
                "{:?}",
                svc.session(SESSION_SID)
                    .participant(PARTICIPANT_SID)
                    .fetch()
                    .await
                    .unwrap()
            ),
            u if u.contains("/Sessions/") => {
                format!("{:?}", svc.session(SESSION_SID).fetch().await.unwrap())
            }
            u if u.contains("/PhoneNumbers/") => {
                format!(
                    "{:?}",
                    svc.phone_number(PHONE_NUMBER_SID).fetch().await.unwrap()
                )
            }
            u if u.contains("/ShortCodes/") => {
                format!(
                    "{:?}",
                    svc.short_code(SHORT_CODE_SID).fetch().await.unwrap()
                )
            }
            _ => format!("{:?}", svc.fetch().await.unwrap()),
        };
        assert!(
            !debug.contains("Some("),
            "a null field decoded as a value: {debug}"
        );
    }
}

#[tokio::test]
async fn missing_fields_decode_as_none_and_extra_fields_are_ignored() {
    let (_server, client) = serve(Reply::json(200, &json!({}))).await;
    let empty = client
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(empty, Session::default());

    let mut body = session();
    body["brand_new_field"] = json!({"nested": [1, 2, {"deep": null}]});
    body["another"] = json!(42);
    let (_server, client) = serve(Reply::json(200, &body)).await;
    let s = client
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(s.sid.as_deref(), Some(SESSION_SID));
    assert_eq!(s.unique_name.as_deref(), Some("Order #1234"));
}

#[tokio::test]
async fn empty_lists_decode_as_empty_pages() {
    let (_server, client) = serve(Reply::json(
        200,
        &page("sessions", "/Services/KS/Sessions", vec![], None),
    ))
    .await;
    let all = client
        .service(SERVICE_SID)
        .sessions()
        .list()
        .all()
        .await
        .unwrap();
    assert!(all.is_empty());
}

#[tokio::test]
async fn a_thousand_session_page_decodes_in_order() {
    let records: Vec<Value> = (0..1000)
        .map(|i| {
            let mut s = session();
            s["unique_name"] = json!(format!("order-{i}"));
            s["status"] = json!(["open", "in-progress", "closed", "failed", "unknown"][i % 5]);
            s
        })
        .collect();
    let (_server, client) = serve(Reply::json(
        200,
        &page("sessions", "/Services/KS/Sessions", records, None),
    ))
    .await;
    let all = client
        .service(SERVICE_SID)
        .sessions()
        .list()
        .page_size(1000)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 1000);
    assert_eq!(all[0].unique_name.as_deref(), Some("order-0"));
    assert_eq!(all[999].unique_name.as_deref(), Some("order-999"));
    assert_eq!(all[3].status, Some(SessionStatus::Failed));
    assert_eq!(all[4].status, Some(SessionStatus::UnknownValue));
}
