//! This crate's requests against the bytes Twilio's own library sends: `tests/official/create_session.txt`
//! holds the form bodies twilio-python 9.13.0 sent for four Create Session calls (recorded by
//! `tests/official/capture.py`, which says how to record them again). Each test makes the same call
//! with this crate and compares the body byte for byte.

use serde_json::json;
use twilio_proxy::session::NewParticipant;
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, client_for};

/// The body twilio-python sent for the call `name`.
fn official(name: &str) -> String {
    let recorded = include_str!("../official/create_session.txt");
    recorded
        .lines()
        .find_map(|line| {
            let (call, body) = line.split_once('\t')?;
            (call == name).then(|| body.to_owned())
        })
        .unwrap_or_else(|| panic!("no recorded call {name:?} in tests/official/create_session.txt"))
}

/// Sends Create Session with these participants and returns the form body that went out.
async fn sent(participants: Vec<NewParticipant>) -> String {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &session()));
    client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .create()
        .participants(participants)
        .await
        .unwrap();
    server.single_request().body_text()
}

/// `participants=[{"Identifier": "+15558675310", "FriendlyName": "Zoë ✓", "Extra": {"a": [1, True, None]}}]`
#[tokio::test]
async fn an_object_with_a_member_the_spec_does_not_name() {
    let body = sent(vec![
        NewParticipant::new("+15558675310")
            .friendly_name("Zoë ✓")
            .member("Extra", json!({"a": [1, true, null]})),
    ])
    .await;
    assert_eq!(body, official("object_with_extra_members"));
}

/// `participants=['{"Identifier":"+15558675310"}', "+15558675311"]`: JSON text the caller wrote, and a
/// bare number, both sent as they are.
#[tokio::test]
async fn json_text_given_whole_goes_out_unchanged() {
    let body = sent(vec![
        json!(r#"{"Identifier":"+15558675310"}"#).into(),
        NewParticipant::from_json(json!("+15558675311")),
    ])
    .await;
    assert_eq!(body, official("json_text_and_a_bare_number"));
}

/// Escapes (quotes, backslash, controls, DEL, a character outside the BMP) and Python's float text.
#[tokio::test]
async fn escapes_and_numbers_are_written_as_json_dumps_writes_them() {
    let body = sent(vec![
        NewParticipant::new("+15558675310")
            .member("Quote", "say \"hi\"\\ / \u{7}\t\n\u{7f} \u{1f600}")
            .member(
                "Numbers",
                json!([
                    0,
                    -7,
                    1.5,
                    1e-05,
                    0.0001,
                    1e16,
                    123_456_789_012_345_678_u64,
                    2.5e-300,
                    -0.0
                ]),
            )
            .member("Nested", json!({"b": [], "c": {}})),
    ])
    .await;
    assert_eq!(body, official("escapes_and_numbers"));
}

/// `participants=["+15558675310", 5, True, None, 2.5, 1e-05]`: scalars given whole are sent as
/// Python prints them, and `None` not at all.
#[tokio::test]
async fn scalars_given_whole_are_sent_as_python_prints_them() {
    let body = sent(
        [
            json!("+15558675310"),
            json!(5),
            json!(true),
            json!(null),
            json!(2.5),
            json!(1e-05),
        ]
        .into_iter()
        .map(NewParticipant::from)
        .collect(),
    )
    .await;
    assert_eq!(body, official("bare_scalars"));
}

/// What a participant list takes: an array literal of either kind, a `Vec<&str>`, a `Vec<String>`,
/// an iterator, and an empty list of a named type (sends nothing).
#[tokio::test]
async fn participant_lists_take_arrays_vecs_and_iterators() {
    let server = MockServer::start().await;
    let numbers: Vec<&str> = vec!["+15558675310"];
    let owned: Vec<String> = vec!["+15558675310".to_owned()];
    let one = "Participants=%7B%22Identifier%22%3A+%22%2B15558675310%22%7D";
    let sessions = client_for(&server).service(SERVICE_SID).sessions();
    for _ in 0..6 {
        server.enqueue(Reply::json(201, &session()));
    }
    sessions
        .create()
        .participants(["+15558675310"])
        .await
        .unwrap();
    sessions
        .create()
        .participants([NewParticipant::new("+15558675310")])
        .await
        .unwrap();
    sessions.create().participants(numbers).await.unwrap();
    sessions.create().participants(owned).await.unwrap();
    sessions
        .create()
        .participants(["+15558675310"].iter().copied())
        .await
        .unwrap();
    sessions
        .create()
        .participants(Vec::<NewParticipant>::new())
        .await
        .unwrap();
    let bodies: Vec<String> = server.requests().iter().map(|r| r.body_text()).collect();
    assert_eq!(bodies, [one, one, one, one, one, ""]);
}
