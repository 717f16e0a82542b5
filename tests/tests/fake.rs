//! The `testing` feature's fake, driven through the typed client as a user's tests would: the whole
//! lifecycle of every Proxy resource, Twilio's 404 and 400 documents, paging across pages, scoping
//! to parents, and scripted faults.

use std::time::Duration;

use serde_json::json;
use twilio_proxy::service::ServiceGeoMatchLevel;
use twilio_proxy::session::{SessionMode, SessionStatus};
use twilio_proxy::sid::{ServiceSid, SessionSid};
use twilio_proxy::testing::FakeTwilio;
use twilio_proxy::{Error, RetryPolicy};

/// The API error's (status, code), or a failure naming what came back instead.
fn api_error(error: &Error) -> (u16, i64) {
    let api = error
        .api_error()
        .unwrap_or_else(|| panic!("expected Twilio's error document, got {error:?}"));
    (api.status, api.code)
}

async fn new_service(fake: &FakeTwilio, name: &str) -> ServiceSid {
    fake.client()
        .services()
        .create(name)
        .await
        .unwrap()
        .sid
        .unwrap()
}

#[tokio::test]
async fn services_are_created_fetched_listed_updated_and_deleted() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let created = client
        .services()
        .create("support")
        .default_ttl(3600)
        .geo_match_level(ServiceGeoMatchLevel::AreaCode)
        .await
        .unwrap();
    let sid = created.sid.clone().unwrap();
    assert!(sid.is_well_formed(), "{sid}: a KS SID");
    assert_eq!(created.unique_name.as_deref(), Some("support"));
    assert_eq!(created.default_ttl, Some(3600));
    assert_eq!(
        created.geo_match_level,
        Some(ServiceGeoMatchLevel::AreaCode)
    );
    assert_eq!(created.account_sid.as_deref(), Some(fake.account_sid()));
    assert!(created.date_created.is_some() && created.date_updated.is_some());
    assert_eq!(
        created.url.as_deref(),
        Some(format!("{}/v1/Services/{sid}", fake.base_url()).as_str())
    );
    let links = created.links.unwrap();
    assert_eq!(
        links.get("sessions").map(String::as_str),
        Some(format!("{}/v1/Services/{sid}/Sessions", fake.base_url()).as_str())
    );

    let service = client.service(&sid);
    assert_eq!(service.fetch().await.unwrap().sid.as_ref(), Some(&sid));
    let listed = client.services().list().all().await.unwrap();
    assert_eq!(listed.len(), 1);

    // An update changes only the fields it sends.
    let updated = service.update().default_ttl(60).await.unwrap();
    assert_eq!(updated.default_ttl, Some(60));
    assert_eq!(updated.unique_name.as_deref(), Some("support"));
    assert_eq!(
        updated.geo_match_level,
        Some(ServiceGeoMatchLevel::AreaCode)
    );

    service.delete().await.unwrap();
    let gone = service.fetch().await.unwrap_err();
    assert_eq!(api_error(&gone), (404, 20404));
    assert!(client.services().list().all().await.unwrap().is_empty());
}

#[tokio::test]
async fn every_proxy_resource_goes_through_its_lifecycle() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let service_sid = new_service(&fake, "lifecycle").await;
    let service = client.service(&service_sid);

    let number = service
        .phone_numbers()
        .create()
        .sid("PN0123456789abcdef0123456789abcdef")
        .is_reserved(true)
        .await
        .unwrap();
    assert_eq!(number.service_sid.as_ref(), Some(&service_sid));
    let number = service.phone_number(number.sid.unwrap());
    assert_eq!(number.fetch().await.unwrap().is_reserved, Some(true));
    assert_eq!(
        number
            .update()
            .is_reserved(false)
            .await
            .unwrap()
            .is_reserved,
        Some(false)
    );
    assert_eq!(service.phone_numbers().list().all().await.unwrap().len(), 1);

    let code = service
        .short_codes()
        .create("SC0123456789abcdef0123456789abcdef")
        .await
        .unwrap();
    let code = service.short_code(code.sid.unwrap());
    code.update().is_reserved(true).await.unwrap();
    assert_eq!(service.short_codes().list().all().await.unwrap().len(), 1);
    code.delete().await.unwrap();

    let session = service
        .sessions()
        .create()
        .unique_name("order-1")
        .mode(SessionMode::MessageOnly)
        .await
        .unwrap();
    assert_eq!(session.mode, Some(SessionMode::MessageOnly));
    let session_sid: SessionSid = session.sid.unwrap();
    let session = service.session(&session_sid);
    let closed = session
        .update()
        .status(SessionStatus::Closed)
        .await
        .unwrap();
    assert_eq!(closed.status, Some(SessionStatus::Closed));
    assert_eq!(closed.unique_name.as_deref(), Some("order-1"));

    let alice = session
        .participants()
        .create("+15558675310")
        .friendly_name("Alice")
        .await
        .unwrap();
    assert_eq!(alice.identifier.as_deref(), Some("+15558675310"));
    assert_eq!(alice.session_sid.as_ref(), Some(&session_sid));
    let alice = session.participant(alice.sid.unwrap());
    assert_eq!(
        alice.fetch().await.unwrap().friendly_name.as_deref(),
        Some("Alice")
    );

    let message = alice
        .message_interactions()
        .create()
        .body("hello")
        .await
        .unwrap();
    let message = alice.message_interaction(message.sid.unwrap());
    assert!(message.fetch().await.unwrap().sid.is_some());
    assert_eq!(
        alice
            .message_interactions()
            .list()
            .all()
            .await
            .unwrap()
            .len(),
        1
    );

    // Interactions are Twilio's to create: a test seeds them.
    let path = format!("/v1/Services/{service_sid}/Sessions/{session_sid}/Interactions");
    let seeded = fake
        .seed(
            &path,
            json!({"data": "{\"body\": \"hi\"}", "type": "message"}),
        )
        .unwrap();
    let interactions = session.interactions().list().all().await.unwrap();
    assert_eq!(interactions.len(), 1);
    assert_eq!(interactions[0].sid.as_deref(), Some(seeded.as_str()));
    assert_eq!(interactions[0].data.as_deref(), Some("{\"body\": \"hi\"}"));
    let interaction = session.interaction(seeded.as_str());
    interaction.delete().await.unwrap();
    assert_eq!(
        api_error(&interaction.fetch().await.unwrap_err()),
        (404, 20404)
    );

    alice.delete().await.unwrap();
    session.delete().await.unwrap();
    service.delete().await.unwrap();
    // Deleting the service took everything below it.
    assert!(fake.records(&path).is_empty());
}

#[tokio::test]
async fn lists_are_paged_like_twilio_and_scoped_to_their_parent() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let a = client.service(new_service(&fake, "a").await);
    let b = client.service(new_service(&fake, "b").await);
    for n in 0..7 {
        a.sessions()
            .create()
            .unique_name(format!("a-{n}"))
            .await
            .unwrap();
    }
    b.sessions().create().unique_name("b-0").await.unwrap();

    let first = a.sessions().list().page_size(3).page().await.unwrap();
    let names = |records: &[twilio_proxy::session::Session]| -> Vec<String> {
        records
            .iter()
            .map(|s| s.unique_name.clone().unwrap())
            .collect()
    };
    assert_eq!(names(first.records()), ["a-0", "a-1", "a-2"]);
    assert_eq!(first.meta().page, Some(0));
    assert_eq!(first.meta().page_size, Some(3));
    assert_eq!(first.meta().key.as_deref(), Some("sessions"));
    assert!(first.meta().previous_page_url.is_none());
    let next = first.meta().next_page_url.clone().unwrap();
    assert!(
        next.ends_with(&format!(
            "/v1/Services/{}/Sessions?PageSize=3&Page=1&PageToken=PT3",
            a.sid()
        )),
        "{next}"
    );
    let second = first.next_page().await.unwrap().unwrap();
    assert_eq!(names(second.records()), ["a-3", "a-4", "a-5"]);
    assert!(second.meta().previous_page_url.is_some());
    let third = second.next_page().await.unwrap().unwrap();
    assert_eq!(names(third.records()), ["a-6"]);
    assert!(!third.has_next_page());

    // `stream()` follows the pages; the other service's session is not among them.
    let all = a.sessions().list().page_size(2).all().await.unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(names(&b.sessions().list().all().await.unwrap()), ["b-0"]);
    let limited = a.sessions().list().limit(4).all().await.unwrap();
    assert_eq!(names(&limited), ["a-0", "a-1", "a-2", "a-3"]);

    // A parent that does not exist: Twilio's 404, for lists and creates alike.
    let ghost = client.service("KSffffffffffffffffffffffffffffffff");
    assert_eq!(
        api_error(&ghost.sessions().list().page().await.unwrap_err()),
        (404, 20404)
    );
    assert_eq!(
        api_error(&ghost.sessions().create().await.unwrap_err()),
        (404, 20404)
    );
}

#[tokio::test]
async fn a_parent_named_by_its_unique_name_is_the_same_parent() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let sid = new_service(&fake, "support").await;
    let by_name = client.service("support");
    let session = by_name.sessions().create().unique_name("s1").await.unwrap();
    assert_eq!(session.service_sid.as_ref(), Some(&sid));
    assert_eq!(
        session.url.as_deref(),
        Some(
            format!(
                "{}/v1/Services/{sid}/Sessions/{}",
                fake.base_url(),
                session.sid.as_ref().unwrap()
            )
            .as_str()
        )
    );
    let by_sid = client.service(&sid).sessions().list().all().await.unwrap();
    assert_eq!(by_sid.len(), 1);
    assert_eq!(by_name.fetch().await.unwrap().sid.as_ref(), Some(&sid));
    client.service(&sid).delete().await.unwrap();
    assert!(
        fake.records(&format!("/v1/Services/{sid}/Sessions"))
            .is_empty()
    );
}

#[tokio::test]
async fn invalid_requests_get_twilios_400() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let unknown = client
        .services()
        .create("x")
        .geo_match_level("planet")
        .await
        .unwrap_err();
    assert_eq!(api_error(&unknown), (400, 20001));
    assert!(
        unknown
            .api_error()
            .unwrap()
            .message
            .contains("GeoMatchLevel must be one of"),
        "{unknown}"
    );
    let service = client.service(new_service(&fake, "s").await);
    let zero = service
        .sessions()
        .list()
        .page_size(0)
        .page()
        .await
        .unwrap_err();
    assert_eq!(api_error(&zero), (400, 20001));

    // A required parameter left out (the typed client cannot do that; raw HTTP can).
    let response = reqwest::Client::new()
        .post(format!("{}/v1/Services", fake.base_url()))
        .basic_auth(fake.account_sid(), Some("token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("FriendlyName=no+unique+name")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(body["code"], 20001);
    assert_eq!(
        body["message"],
        "Missing required parameter UniqueName in the request"
    );
    assert_eq!(
        body["more_info"],
        "https://www.twilio.com/docs/errors/20001"
    );

    // Without credentials: 401, code 20003.
    let response = reqwest::get(format!("{}/v1/Services", fake.base_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(body["code"], 20003);
}

#[tokio::test]
async fn requests_are_recorded_and_faults_scripted() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let sid = new_service(&fake, "recorded").await;
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/v1/Services");
    assert_eq!(requests[0].param("UniqueName"), Some("recorded"));
    fake.clear_requests();

    // A 503 on a GET is retried by the client; the fake saw both attempts.
    fake.fail_next(503);
    let service = client.service(&sid).fetch().await.unwrap();
    assert_eq!(service.sid.as_ref(), Some(&sid));
    assert_eq!(fake.requests().len(), 2);

    // Without retries, the scripted error is what the caller gets.
    fake.fail_next(500);
    let failed = client
        .service(&sid)
        .fetch()
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(api_error(&failed), (500, 20500));

    // A delay longer than the request's timeout.
    fake.delay_next(Duration::from_millis(500));
    let slow = client
        .service(&sid)
        .fetch()
        .timeout(Some(Duration::from_millis(50)))
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert!(slow.is_timeout(), "{slow:?}");
}

#[tokio::test]
async fn the_request_log_keeps_the_most_recent_requests_within_its_limit() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let sid = new_service(&fake, "logged").await;
    for _ in 0..4 {
        client.service(&sid).fetch().await.unwrap();
    }
    assert_eq!(fake.requests().len(), 5);
    fake.set_request_log_limit(Some(3));
    let kept = fake.requests();
    assert_eq!(kept.len(), 3);
    assert!(
        kept.iter().all(|r| r.method == "GET"),
        "the oldest went first"
    );
    assert_eq!(fake.dropped_requests(), 2);
    client.services().list().page().await.unwrap();
    let kept = fake.requests();
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[2].path, "/v1/Services");
    assert_eq!(fake.dropped_requests(), 3);
    // `None` keeps everything from now on.
    fake.set_request_log_limit(None);
    for _ in 0..5 {
        client.service(&sid).fetch().await.unwrap();
    }
    assert_eq!(fake.requests().len(), 8);
}

#[tokio::test]
async fn a_seeded_record_with_a_field_of_the_wrong_shape_fails_the_fakes_strict_client() {
    let fake = FakeTwilio::start().await;
    let sid = new_service(&fake, "seeded").await;
    let list = format!("/v1/Services/{sid}/Sessions");
    fake.seed(&list, serde_json::json!({"ttl": "an hour"}))
        .unwrap();
    let err = fake
        .client()
        .service(&sid)
        .sessions()
        .list()
        .all()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("field `ttl` of a Session record: expected an integer, found text"),
        "{err}"
    );
}

#[tokio::test]
async fn a_record_leads_to_its_handle_and_its_parents() {
    let fake = FakeTwilio::start().await;
    let client = fake.client();
    let service = client.services().create("handles").await.unwrap();
    let service = service.handle(client).unwrap();
    let created = service.sessions().create().unique_name("s1").await.unwrap();
    let session = created.handle(client).unwrap();
    assert_eq!(Some(session.sid()), created.sid.as_ref());
    assert_eq!(session.service_sid(), service.sid());
    assert_eq!(
        session.fetch().await.unwrap().unique_name.as_deref(),
        Some("s1")
    );
    let parent = created.parent_handle(client).unwrap();
    assert_eq!(parent.sid(), service.sid());
    // A record Twilio sent without its identifiers cannot name its resource: an error, no request.
    let before = fake.requests().len();
    let err = twilio_proxy::session::Session::default()
        .handle(client)
        .unwrap_err();
    assert!(
        matches!(
            err,
            twilio_proxy::Error::MissingIdentifier {
                record: "Session",
                field: "service_sid"
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("has no `service_sid`"), "{err}");
    assert_eq!(fake.requests().len(), before);
}

/// A user's function under test: closes every open session of a service.
async fn close_open_sessions(
    client: &twilio_proxy::Client,
    service: &ServiceSid,
) -> twilio_proxy::Result<usize> {
    let service = client.service(service);
    let mut closed = 0;
    for session in service.sessions().list().all().await? {
        if session.status == Some(SessionStatus::Open)
            && let Some(sid) = session.sid
        {
            service
                .session(sid)
                .update()
                .status(SessionStatus::Closed)
                .await?;
            closed += 1;
        }
    }
    Ok(closed)
}

#[tokio::test]
async fn a_users_function_tested_against_the_fake() {
    let fake = FakeTwilio::start().await;
    let sid = new_service(&fake, "ops").await;
    let sessions = format!("/v1/Services/{sid}/Sessions");
    fake.seed(&sessions, json!({"status": "open", "unique_name": "one"}))
        .unwrap();
    fake.seed(&sessions, json!({"status": "closed", "unique_name": "two"}))
        .unwrap();
    fake.seed(&sessions, json!({"status": "open", "unique_name": "three"}))
        .unwrap();

    assert_eq!(close_open_sessions(fake.client(), &sid).await.unwrap(), 2);
    let statuses: Vec<serde_json::Value> = fake
        .records(&sessions)
        .into_iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [json!("closed"), json!("closed"), json!("closed")]
    );
    let updates = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.starts_with(&sessions))
        .count();
    assert_eq!(updates, 2);
}
