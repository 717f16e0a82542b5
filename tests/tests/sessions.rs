//! Session operations over real HTTP: exact request bytes and decoded answers, plus how path
//! parameters are encoded and refused.

use serde_json::json;
use twilio_proxy::session::{NewParticipant, SessionMode, SessionStatus};
use twilio_proxy::time::OffsetDateTime;
use twilio_proxy::time::format_description::well_known::Rfc3339;
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

/// The collection's path below `/v1`, as [`page`] takes it.
fn collection() -> String {
    format!("/Services/{SERVICE_SID}/Sessions")
}

#[tokio::test]
async fn list_session_sends_paging_query_and_decodes_records() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("sessions", &collection(), vec![session()], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .list()
        .page_size(1000)
        .page_number(7)
        .page_token("PT789")
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions?PageSize=1000&Page=7&PageToken=PT789"),
    );
    assert_eq!(page.meta().key.as_deref(), Some("sessions"));
    assert!(!page.has_next_page());
    let [session] = page.records() else {
        panic!("expected one record, got {:?}", page.records());
    };
    assert_eq!(session.sid.as_deref(), Some(SESSION_SID));
    assert_eq!(session.status, Some(SessionStatus::InProgress));
    assert_eq!(session.mode, Some(SessionMode::VoiceAndMessage));
    assert_eq!(
        session.date_started.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn list_session_with_only_required_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("sessions", &collection(), vec![], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .list()
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions"),
    );
    assert!(page.records().is_empty());
}

#[tokio::test]
async fn list_session_limit_sets_page_size_and_all_collects_in_order() {
    let server = MockServer::start().await;
    let mut second = with_sid(session(), "KCbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    second["status"] = json!("closed");
    server.enqueue(Reply::json(
        200,
        &page("sessions", &collection(), vec![session(), second], None),
    ));
    let sessions = client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .list()
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions?PageSize=3"),
    );
    let decoded: Vec<_> = sessions
        .iter()
        .map(|s| (s.sid.as_deref(), s.status.clone()))
        .collect();
    assert_eq!(
        decoded,
        [
            (Some(SESSION_SID), Some(SessionStatus::InProgress)),
            (
                Some("KCbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
                Some(SessionStatus::Closed)
            ),
        ]
    );
}

#[tokio::test]
async fn create_session_sends_every_parameter_in_spec_order() {
    let server = MockServer::start().await;
    let mut answer = session();
    answer["mode"] = json!("message-only");
    answer["date_expiry"] = json!("2030-01-02T03:04:05Z");
    server.enqueue(Reply::json(201, &answer));
    let date_expiry = OffsetDateTime::parse("2030-01-02T05:04:05.678+02:00", &Rfc3339).unwrap();
    let session = client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .create()
        .date_expiry(date_expiry)
        .mode(SessionMode::MessageOnly)
        .participants([
            NewParticipant::new("+15558675310").friendly_name("Alice"),
            NewParticipant::new("+15558675311")
                .friendly_name("Bob Smith")
                .proxy_identifier("+14155559999"),
        ])
        .status(SessionStatus::InProgress)
        .ttl(3600)
        .unique_name("Order #1234")
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/Sessions"),
    );
    assert_eq!(
        req.body_text(),
        "DateExpiry=2030-01-02T03%3A04%3A05Z\
         &Mode=message-only\
         &Participants=%7B%22Identifier%22%3A+%22%2B15558675310%22%2C+%22FriendlyName%22%3A+%22Alice%22%7D\
         &Participants=%7B%22Identifier%22%3A+%22%2B15558675311%22%2C+%22FriendlyName%22%3A+%22Bob+Smith%22\
         %2C+%22ProxyIdentifier%22%3A+%22%2B14155559999%22%7D\
         &Status=in-progress\
         &Ttl=3600\
         &UniqueName=Order+%231234"
    );
    assert_eq!(session.sid.as_deref(), Some(SESSION_SID));
    assert_eq!(session.mode, Some(SessionMode::MessageOnly));
    assert_eq!(session.status, Some(SessionStatus::InProgress));
    assert_eq!(
        session.date_expiry.map(|d| d.unix_timestamp()),
        Some(1_893_553_445)
    );
    assert_eq!(session.date_ended, None);
    assert_eq!(session.unique_name.as_deref(), Some("Order #1234"));
    let links = session.links.unwrap();
    assert_eq!(
        links["participants"],
        format!(
            "https://proxy.twilio.com/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants"
        )
    );
}

#[tokio::test]
async fn create_session_with_nothing_set_sends_an_empty_form() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &session()));
    let session = client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .create()
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/Sessions"),
    );
    assert_eq!(req.body_text(), "");
    assert_eq!(req.header("content-length"), Some("0"));
    assert_eq!(session.mode, Some(SessionMode::VoiceAndMessage));
}

#[tokio::test]
async fn fetch_session() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &session()));
    let session = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}"),
    );
    assert_eq!(session.sid.as_deref(), Some(SESSION_SID));
    assert_eq!(session.service_sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(session.status, Some(SessionStatus::InProgress));
    assert_eq!(session.mode, Some(SessionMode::VoiceAndMessage));
    assert_eq!(session.ttl, Some(3600));
    assert_eq!(session.closed_reason, None);
    assert_eq!(
        session.date_last_interaction.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn update_session_sends_every_parameter_in_spec_order() {
    let server = MockServer::start().await;
    let mut answer = session();
    answer["status"] = json!("closed");
    answer["closed_reason"] = json!("api");
    answer["date_ended"] = json!("2015-07-30T20:00:00Z");
    answer["ttl"] = json!(0);
    server.enqueue(Reply::json(200, &answer));
    let date_expiry = OffsetDateTime::parse("2030-06-30T23:30:00-05:00", &Rfc3339).unwrap();
    let session = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .update()
        .date_expiry(date_expiry)
        .status(SessionStatus::Closed)
        .ttl(0)
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}"),
    );
    assert_eq!(
        req.body_text(),
        "DateExpiry=2030-07-01T04%3A30%3A00Z&Status=closed&Ttl=0"
    );
    assert_eq!(session.status, Some(SessionStatus::Closed));
    assert_eq!(session.closed_reason.as_deref(), Some("api"));
    assert_eq!(session.ttl, Some(0));
    assert_eq!(
        session.date_ended.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn update_session_with_nothing_set_sends_an_empty_form() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &session()));
    let session = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .update()
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}"),
    );
    assert_eq!(req.body_text(), "");
    assert_eq!(req.header("content-length"), Some("0"));
    assert_eq!(session.status, Some(SessionStatus::InProgress));
}

#[tokio::test]
async fn delete_session_accepts_204_without_body() {
    let server = MockServer::start().await;
    server.enqueue(Reply::empty(204));
    let () = client_for(&server)
        .service(SERVICE_SID)
        .session(SESSION_SID)
        .delete()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "DELETE",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}"),
    );
}

#[tokio::test]
async fn session_sid_with_reserved_characters_stays_one_encoded_path_segment() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &session()));
    let session = client_for(&server)
        .service(SERVICE_SID)
        .session("KC/../x?y#z %")
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        "/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions/KC%2F..%2Fx%3Fy%23z%20%25",
    );
    assert_eq!(session.sid.as_deref(), Some(SESSION_SID));
}

#[tokio::test]
async fn dot_dot_session_sid_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &session()));
    let err = client_for(&server)
        .service(SERVICE_SID)
        .session("..")
        .fetch()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            twilio_proxy::Error::InvalidParameter { name: "Sid", .. }
        ),
        "{err:?}"
    );
    assert_eq!(server.requests(), []);
}

/// Participants can be phone numbers alone: each becomes `{"Identifier": …}`.
#[tokio::test]
async fn participants_can_be_given_as_phone_numbers() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &session()));
    client_for(&server)
        .service(SERVICE_SID)
        .sessions()
        .create()
        .participants(["+15558675310", "+15558675311"])
        .await
        .unwrap();
    assert_eq!(
        server.single_request().body_text(),
        "Participants=%7B%22Identifier%22%3A+%22%2B15558675310%22%7D\
         &Participants=%7B%22Identifier%22%3A+%22%2B15558675311%22%7D"
    );
}
