//! SID types over real HTTP: typed handles and fields put the same bytes on the wire as text did,
//! answers decode whatever identifier text Twilio sends, and `parse` is the strict door.

use twilio_proxy::SidError;
use twilio_proxy::sid::{ParticipantSid, PhoneNumberSid, ServiceSid, SessionSid};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

#[tokio::test]
async fn typed_sids_navigate_and_reach_the_same_path_as_text() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &session()));
    server.enqueue(Reply::json(200, &participant()));
    let client = client_for(&server);
    let service: ServiceSid = SERVICE_SID.parse().unwrap();
    let session = client
        .service(&service)
        .session(SESSION_SID)
        .fetch()
        .await
        .unwrap();
    // A record's SID fields carry their kinds: the session's SID opens the session's handle.
    let session_sid: SessionSid = session.sid.clone().unwrap();
    assert_eq!(session.service_sid.as_ref(), Some(&service));
    let handle = client.service(service).session(session_sid);
    assert_eq!(handle.sid(), SESSION_SID);
    let participant = handle.participant(PARTICIPANT_SID).fetch().await.unwrap();
    let requests = server.requests();
    assert_common(
        &requests[0],
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}"),
    );
    assert_common(
        &requests[1],
        "GET",
        &format!(
            "/v1/Services/{SERVICE_SID}/Sessions/{SESSION_SID}/Participants/{PARTICIPANT_SID}"
        ),
    );
    let sid: Option<&ParticipantSid> = participant.sid.as_ref();
    assert_eq!(sid.map(ParticipantSid::as_str), Some(PARTICIPANT_SID));
}

#[tokio::test]
async fn sid_form_fields_are_sent_as_their_text() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &phone_number()));
    let pn: PhoneNumberSid = "PN0123456789abcdef0123456789abcdef".parse().unwrap();
    let created = client_for(&server)
        .service(SERVICE_SID)
        .phone_numbers()
        .create()
        .sid(pn.clone())
        .send()
        .await
        .unwrap();
    let request = server.single_request();
    assert_common(
        &request,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers"),
    );
    assert_eq!(request.body_text(), format!("Sid={pn}"));
    assert!(created.sid.is_some_and(|sid| sid.is_well_formed()));
}

#[tokio::test]
async fn answers_with_malformed_sids_still_decode() {
    let server = MockServer::start().await;
    let mut odd = service();
    odd["sid"] = "not-a-sid".into();
    odd["account_sid"] = "AC-short".into();
    odd["chat_instance_sid"] = "ISzz".into();
    server.enqueue(Reply::json(200, &odd));
    let service = client_for(&server)
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    let sid = service.sid.unwrap();
    assert_eq!(sid, "not-a-sid");
    assert!(!sid.is_well_formed());
    assert_eq!(service.account_sid.as_deref(), Some("AC-short"));
    assert_eq!(service.chat_instance_sid.as_deref(), Some("ISzz"));
}

#[test]
fn parse_names_the_kind_and_what_is_wrong() {
    let err: SidError = SESSION_SID.parse::<ServiceSid>().unwrap_err();
    assert_eq!(err.kind(), "ServiceSid");
    assert_eq!(err.expected_prefix(), "KS");
    assert!(
        err.to_string().ends_with("it does not start with `KS`"),
        "{err}"
    );
    let err = "KS123".parse::<ServiceSid>().unwrap_err();
    assert!(
        err.to_string().contains("5 characters long, not 34"),
        "{err}"
    );
    assert_eq!(ServiceSid::PREFIX, "KS");
    // Unchecked conversions keep unique names and other aliases Twilio accepts in paths.
    assert_eq!(
        ServiceSid::from("my-unique-name").as_str(),
        "my-unique-name"
    );
}
