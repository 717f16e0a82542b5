//! Participant operations over real HTTP: exact request bytes and decoded answers.

use serde_json::json;
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

/// The collection's path below `/v1`, as [`page`] takes it.
fn collection() -> String {
    format!("/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants")
}

#[tokio::test]
async fn list_participant_sends_paging_query_and_decodes_records() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("participants", &collection(), vec![participant()], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participants()
        .list()
        .page_size(2)
        .page_number(1)
        .page_token("PT123")
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants?PageSize=2&Page=1&PageToken=PT123"
        ),
    );
    assert_eq!(page.meta().key.as_deref(), Some("participants"));
    assert!(!page.has_next_page());
    let [participant] = page.records() else {
        panic!("expected one record, got {:?}", page.records());
    };
    assert_eq!(participant.sid.as_deref(), Some(PARTICIPANT_SID));
    assert_eq!(participant.identifier.as_deref(), Some("+15558675310"));
    assert_eq!(
        participant.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn list_participant_with_only_required_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("participants", &collection(), vec![], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participants()
        .list()
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants"),
    );
    assert!(page.records().is_empty());
}

#[tokio::test]
async fn list_participant_limit_sets_page_size_and_all_collects_in_order() {
    let server = MockServer::start().await;
    let mut second = with_sid(participant(), "KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    second["identifier"] = json!("+15558675311");
    server.enqueue(Reply::json(
        200,
        &page(
            "participants",
            &collection(),
            vec![participant(), second],
            None,
        ),
    ));
    let participants = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participants()
        .list()
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants?PageSize=3"),
    );
    let decoded: Vec<_> = participants
        .iter()
        .map(|p| (p.sid.as_deref(), p.identifier.as_deref()))
        .collect();
    assert_eq!(
        decoded,
        [
            (Some(PARTICIPANT_SID), Some("+15558675310")),
            (
                Some("KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
                Some("+15558675311")
            ),
        ]
    );
}

#[tokio::test]
async fn create_participant_sends_every_parameter_in_spec_order() {
    let server = MockServer::start().await;
    let mut answer = participant();
    answer["friendly_name"] = json!("Alice & Bob");
    server.enqueue(Reply::json(201, &answer));
    let participant = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participants()
        .create("+15558675310")
        .friendly_name("Alice & Bob")
        .proxy_identifier("+14155559999")
        .proxy_identifier_sid(PHONE_NUMBER_SID)
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants"),
    );
    assert_eq!(
        req.body_text(),
        format!(
            "FriendlyName=Alice+%26+Bob\
             &Identifier=%2B15558675310\
             &ProxyIdentifier=%2B14155559999\
             &ProxyIdentifierSid={PHONE_NUMBER_SID}"
        )
    );
    assert_eq!(participant.sid.as_deref(), Some(PARTICIPANT_SID));
    assert_eq!(participant.friendly_name.as_deref(), Some("Alice & Bob"));
    assert_eq!(participant.identifier.as_deref(), Some("+15558675310"));
    assert_eq!(
        participant.proxy_identifier.as_deref(),
        Some("+14155559999")
    );
    assert_eq!(
        participant.proxy_identifier_sid.as_deref(),
        Some(PHONE_NUMBER_SID)
    );
    assert_eq!(participant.date_deleted, None);
    assert_eq!(
        participant.date_updated.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
    let links = participant.links.unwrap();
    assert_eq!(
        links["message_interactions"],
        format!(
            "https://proxy.twilio.com/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions"
        )
    );
}

#[tokio::test]
async fn create_participant_with_only_the_identifier() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &participant()));
    let participant = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participants()
        .create("+1 555 867 5310")
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants"),
    );
    assert_eq!(req.body_text(), "Identifier=%2B1+555+867+5310");
    assert_eq!(participant.session_sid.as_deref(), Some(SESSION_SID));
}

#[tokio::test]
async fn fetch_participant() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &participant()));
    let participant = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}"
        ),
    );
    assert_eq!(participant.sid.as_deref(), Some(PARTICIPANT_SID));
    assert_eq!(participant.account_sid.as_deref(), Some(ACCOUNT_SID));
    assert_eq!(participant.service_sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(participant.friendly_name.as_deref(), Some("Alice"));
    assert_eq!(
        participant.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn delete_participant_accepts_204_without_body() {
    let server = MockServer::start().await;
    server.enqueue(Reply::empty(204));
    let () = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .delete()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "DELETE",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}"
        ),
    );
}

#[tokio::test]
async fn dot_session_sid_is_refused_as_session_sid_before_anything_is_sent() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("participants", &collection(), vec![], None),
    ));
    let err = client_for(&server)
        .service(SERVICE_SID)
        .session(".")
        .participants()
        .list()
        .page()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            twilio_proxy::Error::InvalidParameter {
                name: "SessionSid",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.requests(), []);
}
