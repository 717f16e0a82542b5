//! Message Interaction operations over real HTTP: exact request bytes (repeated `MediaUrl`, UTF-8
//! bodies) and decoded answers.

use serde_json::json;
use twilio_proxy::message_interaction::{MessageInteractionResourceStatus, MessageInteractionType};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

/// The collection's path below `/v1`, as [`page`] takes it.
fn collection() -> String {
    format!(
        "/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions"
    )
}

#[tokio::test]
async fn list_message_interaction_sends_paging_query_and_decodes_records() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page(
            "interactions",
            &collection(),
            vec![message_interaction()],
            None,
        ),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interactions()
        .list()
        .page_size(10)
        .page_number(4)
        .page_token("PT123")
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions?PageSize=10&Page=4&PageToken=PT123"
        ),
    );
    assert_eq!(page.meta().key.as_deref(), Some("interactions"));
    assert!(!page.has_next_page());
    let [interaction] = page.records() else {
        panic!("expected one record, got {:?}", page.records());
    };
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
    assert_eq!(interaction.r#type, Some(MessageInteractionType::Message));
    assert_eq!(
        interaction.outbound_resource_status,
        Some(MessageInteractionResourceStatus::Sent)
    );
    assert_eq!(
        interaction.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn list_message_interaction_with_only_required_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("interactions", &collection(), vec![], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interactions()
        .list()
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions"
        ),
    );
    assert!(page.records().is_empty());
}

#[tokio::test]
async fn list_message_interaction_limit_sets_page_size_and_all_collects_in_order() {
    let server = MockServer::start().await;
    let mut second = with_sid(message_interaction(), "KIbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    second["outbound_resource_status"] = json!("delivered");
    server.enqueue(Reply::json(
        200,
        &page(
            "interactions",
            &collection(),
            vec![message_interaction(), second],
            None,
        ),
    ));
    let interactions = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interactions()
        .list()
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions?PageSize=3"
        ),
    );
    let decoded: Vec<_> = interactions
        .iter()
        .map(|i| (i.sid.as_deref(), i.outbound_resource_status.clone()))
        .collect();
    assert_eq!(
        decoded,
        [
            (
                Some(INTERACTION_SID),
                Some(MessageInteractionResourceStatus::Sent)
            ),
            (
                Some("KIbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
                Some(MessageInteractionResourceStatus::Delivered)
            ),
        ]
    );
}

#[tokio::test]
async fn create_message_interaction_repeats_media_url_in_caller_order() {
    let server = MockServer::start().await;
    let mut answer = message_interaction();
    answer["data"] = json!("{\"body\":\"héllo wörld & more\"}");
    server.enqueue(Reply::json(201, &answer));
    let interaction = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interactions()
        .create()
        .body("héllo wörld & more")
        .media_url([
            "https://example.com/z.png?size=large&v=2",
            "https://example.com/a,b.jpg",
        ])
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions"
        ),
    );
    assert_eq!(
        req.body_text(),
        "Body=h%C3%A9llo+w%C3%B6rld+%26+more\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fz.png%3Fsize%3Dlarge%26v%3D2\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fa%2Cb.jpg"
    );
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
    assert_eq!(
        interaction.participant_sid.as_deref(),
        Some(PARTICIPANT_SID)
    );
    assert_eq!(interaction.r#type, Some(MessageInteractionType::Message));
    assert_eq!(
        interaction.data.as_deref(),
        Some("{\"body\":\"héllo wörld & more\"}")
    );
    assert_eq!(interaction.inbound_resource_status, None);
    assert_eq!(
        interaction.outbound_resource_status,
        Some(MessageInteractionResourceStatus::Sent)
    );
    assert_eq!(
        interaction.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn create_message_interaction_with_neither_body_nor_media_fails_before_sending() {
    // `x-twilio.conditional: [["body", "media_url"]]`: Twilio answers 400 without one of them.
    let server = MockServer::start().await;
    let err = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interactions()
        .create()
        .await
        .unwrap_err();
    match &err {
        twilio_proxy::Error::InvalidParameter { name, reason } => {
            assert_eq!(*name, "Body");
            assert!(
                reason.contains("at least one of `body`, `media_url`"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn create_message_interaction_with_only_a_body_sends_it() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &message_interaction()));
    let interaction = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interactions()
        .create()
        .body("Zoë ✓ & more")
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions"
        ),
    );
    assert_eq!(req.body_text(), "Body=Zo%C3%AB+%E2%9C%93+%26+more");
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
}

#[tokio::test]
async fn fetch_message_interaction() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &message_interaction()));
    let interaction = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .participant(PARTICIPANT_SID)
        .message_interaction(INTERACTION_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}/MessageInteractions/{INTERACTION_SID}"
        ),
    );
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
    assert_eq!(interaction.service_sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(interaction.r#type, Some(MessageInteractionType::Message));
    assert_eq!(
        interaction.outbound_participant_sid.as_deref(),
        Some("KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
    );
    assert_eq!(
        interaction.outbound_resource_status,
        Some(MessageInteractionResourceStatus::Sent)
    );
    assert_eq!(interaction.inbound_participant_sid, None);
    assert_eq!(
        interaction.date_updated.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}
