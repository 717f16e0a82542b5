//! Interaction operations over real HTTP: exact requests and decoded answers, including the
//! `type` field (a raw identifier in Rust) and enum values this version does not know.

use serde_json::json;
use twilio_proxy::interaction::{InteractionResourceStatus, InteractionType};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

/// The collection's path below `/v1`, as [`page`] takes it.
fn collection() -> String {
    format!("/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions")
}

#[tokio::test]
async fn list_interaction_sends_paging_query_and_decodes_records() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("interactions", &collection(), vec![interaction()], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interactions()
        .list()
        .page_size(50)
        .page_number(3)
        .page_token("PT123")
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions?PageSize=50&Page=3&PageToken=PT123"
        ),
    );
    assert_eq!(page.meta().key.as_deref(), Some("interactions"));
    assert!(!page.has_next_page());
    let [interaction] = page.records() else {
        panic!("expected one record, got {:?}", page.records());
    };
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
    assert_eq!(interaction.r#type, Some(InteractionType::Message));
    assert_eq!(
        interaction.inbound_resource_status,
        Some(InteractionResourceStatus::Delivered)
    );
    assert_eq!(
        interaction.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn list_interaction_with_only_required_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("interactions", &collection(), vec![], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interactions()
        .list()
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions"),
    );
    assert!(page.records().is_empty());
}

#[tokio::test]
async fn list_interaction_limit_sets_page_size_and_all_collects_in_order() {
    let server = MockServer::start().await;
    let mut second = with_sid(interaction(), "KIbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    second["type"] = json!("voice");
    server.enqueue(Reply::json(
        200,
        &page(
            "interactions",
            &collection(),
            vec![interaction(), second],
            None,
        ),
    ));
    let interactions = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interactions()
        .list()
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions?PageSize=3"),
    );
    let decoded: Vec<_> = interactions
        .iter()
        .map(|i| (i.sid.as_deref(), i.r#type.clone()))
        .collect();
    assert_eq!(
        decoded,
        [
            (Some(INTERACTION_SID), Some(InteractionType::Message)),
            (
                Some("KIbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
                Some(InteractionType::Voice)
            ),
        ]
    );
}

#[tokio::test]
async fn fetch_interaction() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &interaction()));
    let interaction = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interaction(INTERACTION_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions/{INTERACTION_SID}"
        ),
    );
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
    assert_eq!(interaction.session_sid.as_deref(), Some(SESSION_SID));
    assert_eq!(interaction.r#type, Some(InteractionType::Message));
    assert_eq!(
        interaction.data.as_deref(),
        Some(r#"{"body":"some message"}"#)
    );
    assert_eq!(
        interaction.inbound_participant_sid.as_deref(),
        Some(PARTICIPANT_SID)
    );
    assert_eq!(
        interaction.inbound_resource_status,
        Some(InteractionResourceStatus::Delivered)
    );
    assert_eq!(
        interaction.outbound_resource_status,
        Some(InteractionResourceStatus::Sent)
    );
    assert_eq!(
        interaction.outbound_resource_type.as_deref(),
        Some("Message")
    );
    assert_eq!(interaction.inbound_resource_url, None);
    assert_eq!(
        interaction.date_updated.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn fetch_interaction_keeps_the_text_of_unknown_enum_values() {
    let server = MockServer::start().await;
    let mut answer = interaction();
    answer["type"] = json!("carrier-pigeon");
    answer["inbound_resource_status"] = json!("teleported");
    answer["outbound_resource_status"] = json!("unknown");
    server.enqueue(Reply::json(200, &answer));
    let interaction = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interaction(INTERACTION_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions/{INTERACTION_SID}"
        ),
    );
    assert_eq!(
        interaction.r#type,
        Some(InteractionType::Unknown("carrier-pigeon".into()))
    );
    assert_eq!(
        interaction.inbound_resource_status,
        Some(InteractionResourceStatus::Unknown("teleported".into()))
    );
    // Twilio's own `unknown` value is a known variant, not an unrecognised one.
    assert_eq!(
        interaction.outbound_resource_status,
        Some(InteractionResourceStatus::UnknownValue)
    );
    assert_eq!(interaction.sid.as_deref(), Some(INTERACTION_SID));
}

#[tokio::test]
async fn delete_interaction_accepts_204_without_body() {
    let server = MockServer::start().await;
    server.enqueue(Reply::empty(204));
    let () = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .interaction(INTERACTION_SID)
        .delete()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "DELETE",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Interactions/{INTERACTION_SID}"
        ),
    );
}
