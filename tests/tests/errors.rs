//! Every error kind over real HTTP: Twilio error documents, non-JSON and empty error bodies,
//! undecodable success bodies, truncated bodies, timeouts, refused and dropped connections. None panics,
//! and none shows a secret. Retries are off here (`faults.rs` tests them), so each case is one attempt.

use std::time::Duration;

use serde_json::json;
use twilio_proxy::{Client, Credentials, Error, RetryPolicy};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, client_for, refused_url, strict_client_for};

async fn fetch_with(reply: Reply) -> Error {
    let server = MockServer::start().await;
    server.enqueue(reply);
    let err = client_for(&server)
        .service(SERVICE_SID)
        .fetch()
        .retry_policy(RetryPolicy::none())
        .await
        .expect_err("the call must fail");
    assert_no_secret(&err);
    err
}

fn assert_no_secret(err: &Error) {
    for text in [format!("{err}"), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!text.contains(AUTH_TOKEN), "secret leaked: {text}");
        assert!(
            !text.contains(&BASIC_AUTH[6..]),
            "auth header leaked: {text}"
        );
    }
}

#[tokio::test]
async fn twilio_error_document_becomes_a_typed_api_error() {
    let err = fetch_with(Reply::json(
        404,
        &json!({
            "code": 20404,
            "message": "The requested resource /Services/KS123 was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
            "details": {"hint": "check the SID"}
        }),
    ))
    .await;
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 404);
    assert_eq!(api.code, 20404);
    assert_eq!(
        api.message,
        "The requested resource /Services/KS123 was not found"
    );
    assert_eq!(
        api.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/20404")
    );
    assert_eq!(api.details, Some(json!({"hint": "check the SID"})));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.to_string(),
        r#"Twilio error 20404 (HTTP 404): The requested resource /Services/KS123 was not found (https://www.twilio.com/docs/errors/20404); details: {"hint":"check the SID"}"#
    );
}

#[tokio::test]
async fn an_error_document_without_code_uses_the_http_status() {
    let err = fetch_with(Reply::json(429, &json!({"message": "Too Many Requests"}))).await;
    assert_eq!(
        err.api_error().map(|a| (a.code, a.status)),
        Some((429, 429))
    );
}

#[tokio::test]
async fn an_html_error_page_keeps_status_content_type_and_a_snippet() {
    let html = format!(
        "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
        "x".repeat(5000)
    );
    let err = fetch_with(Reply::text(502, "text/html", &html)).await;
    match &err {
        Error::UnexpectedResponse {
            status,
            content_type,
            body,
        } => {
            assert_eq!(status.as_u16(), 502);
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(
                body.text()
                    .starts_with("<html><body><h1>502 Bad Gateway</h1>")
            );
            assert_eq!(body.text().len(), 1024);
            assert_eq!(body.total_len(), html.len());
        }
        other => panic!("wrong kind: {other:?}"),
    }
    assert!(err.to_string().contains("502"), "{err}");
}

#[tokio::test]
async fn an_empty_error_body_is_an_unexpected_response() {
    let err = fetch_with(Reply::empty(500)).await;
    match &err {
        Error::UnexpectedResponse { status, body, .. } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(body.total_len(), 0);
        }
        other => panic!("wrong kind: {other:?}"),
    }
    assert!(err.to_string().contains("<empty body>"), "{err}");
}

#[tokio::test]
async fn malformed_json_on_success_is_a_decode_error_with_a_masked_snippet() {
    let err = fetch_with(Reply::text(200, "application/json", "{\"sid\": \"KS")).await;
    match &err {
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            // The structure and keys stay; text values (which may be secrets) do not.
            assert_eq!(body.text(), "{\"sid\": \"…\"");
            assert_eq!(body.total_len(), 11);
        }
        other => panic!("wrong kind: {other:?}"),
    }
}

#[tokio::test]
async fn a_wrongly_typed_field_is_a_decode_error_naming_the_field_with_strict_decoding() {
    let mut body = service();
    body["default_ttl"] = json!("one hour");
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &body));
    let err = strict_client_for(&server)
        .service(SERVICE_SID)
        .fetch()
        .retry_policy(RetryPolicy::none())
        .await
        .expect_err("strict decoding fails the call");
    assert_no_secret(&err);
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message
            .contains("field `default_ttl` of a Service record: expected an integer, found text"),
        "{message}"
    );
    // The message names the field, never its value (the body snippet in `Debug` is the body's start).
    assert!(!message.contains("one hour"), "{message}");
}

#[tokio::test]
async fn an_empty_success_body_where_a_record_is_expected_is_a_decode_error() {
    let err = fetch_with(Reply::empty(200)).await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error() {
    let err = fetch_with(Reply::Truncated {
        status: 200,
        declared: 500,
        body: b"{\"sid\": \"KSaaaa".to_vec(),
    })
    .await;
    match &err {
        Error::Body { status, .. } => assert_eq!(status.as_u16(), 200),
        other => panic!("wrong kind: {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    server.enqueue(Reply::Hang);
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.url())
        .timeout(Some(Duration::from_millis(200)))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.service(SERVICE_SID).fetch().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout { .. }));
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(refused_url())
        .build()
        .unwrap();
    let err = client.services().list().page().await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_transport_error() {
    let err = fetch_with(Reply::Close).await;
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    server.enqueue(
        Reply::text(302, "text/plain", "moved")
            .with_header("location", "http://127.0.0.1:9/elsewhere"),
    );
    let err = client_for(&server)
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert!(matches!(err, Error::UnexpectedResponse { .. }));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_configuration_errors_are_typed() {
    let missing = Client::builder().build().unwrap_err();
    assert!(matches!(missing, Error::Config { .. }));
    let bad_url = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url("not a url")
        .build()
        .unwrap_err();
    assert!(matches!(bad_url, Error::Config { .. }));
    let creds_in_url = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(format!(
            "https://{ACCOUNT_SID}:{AUTH_TOKEN}@proxy.twilio.com"
        ))
        .build()
        .unwrap_err();
    assert!(matches!(creds_in_url, Error::Config { .. }));
    assert_no_secret(&creds_in_url);
    // Also when the URL with credentials is invalid for another reason: it is never echoed.
    for bad in [
        format!("https://{ACCOUNT_SID}:{AUTH_TOKEN}@proxy.twilio.com:99999"),
        format!("ftp://{ACCOUNT_SID}:{AUTH_TOKEN}@proxy.twilio.com"),
    ] {
        let err = Client::builder()
            .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
            .base_url(bad)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        assert_no_secret(&err);
    }
}
