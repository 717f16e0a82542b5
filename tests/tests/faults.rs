//! Fault injection over loopback: the retry policy, timeouts, cancellation and tracing under a
//! misbehaving network and API. Every case asserts the outcome, how many attempts reached the server
//! and, where the policy fixes it, how long the client waited.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use twilio_proxy::{Client, Credentials, Error, RetryPolicy};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::trace::capture;
use twilio_proxy_tests::{MockServer, Reply, refused_url};

/// Short backoffs so the suite stays fast: waits are at most 100 ms unless `Retry-After` asks.
fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_millis(100))
}

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(server.url())
        .retry_policy(policy)
        .timeout(Some(Duration::from_secs(10)))
        .build()
        .unwrap()
}

fn twilio_error(status: u16, code: i64) -> Reply {
    Reply::json(
        status,
        &json!({"code": code, "message": format!("error {code}"), "status": status}),
    )
}

#[tokio::test]
async fn rate_limited_429_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    server.enqueue(twilio_error(429, 20429).with_header("retry-after", "1"));
    server.enqueue(Reply::json(200, &service()));
    // The default policy: Retry-After (1 s) is below its 20 s cap, so it is honoured exactly.
    let s = client(&server, RetryPolicy::default())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(s.sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(server.requests().len(), 2);
    let gap = server.gaps()[0];
    assert!(gap >= Duration::from_millis(950), "waited only {gap:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_waits_only_the_cap() {
    let server = MockServer::start().await;
    server.enqueue(twilio_error(429, 20429).with_header("retry-after", "3600"));
    server.enqueue(Reply::json(200, &service()));
    let started = Instant::now();
    client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        server.gaps()[0] >= Duration::from_millis(95),
        "the cap is the wait"
    );
}

#[tokio::test]
async fn service_unavailable_then_success_is_one_retry() {
    let server = MockServer::start().await;
    server.enqueue(twilio_error(503, 20503));
    server.enqueue(Reply::json(200, &service()));
    let (subscriber, captured) = capture();
    let _guard = twilio_proxy_tests::trace::set_default(subscriber);
    client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
    let retries = captured.events("retrying");
    assert_eq!(retries.len(), 1, "{:#?}", captured.lines());
    assert!(retries[0].contains("attempt=1"), "{}", retries[0]);
    assert!(retries[0].contains("status=503"), "{}", retries[0]);
    let delay_ms: u64 = retries[0]
        .split(" delay_ms=")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        delay_ms <= 20,
        "first retry waits at most the initial backoff: {delay_ms}"
    );
}

#[tokio::test]
async fn three_500s_in_a_row_exhaust_three_attempts() {
    let server = MockServer::start().await;
    for _ in 0..3 {
        server.enqueue(twilio_error(500, 20500));
    }
    server.enqueue(Reply::json(200, &service()));
    let (subscriber, captured) = capture();
    let _guard = twilio_proxy_tests::trace::set_default(subscriber);
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert_eq!(
        err.api_error().map(|a| (a.status, a.code)),
        Some((500, 20500))
    );
    assert_eq!(
        server.requests().len(),
        3,
        "3 attempts in all, then the error"
    );
    // Full jitter: the n-th retry waits at most min(100 ms, 20 ms × 2^(n-1)).
    let delays: Vec<u64> = captured
        .events("retrying")
        .iter()
        .filter_map(|e| {
            e.split(" delay_ms=")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(delays.len(), 2);
    assert!(delays[0] <= 20 && delays[1] <= 40, "{delays:?}");
}

#[tokio::test]
async fn connection_reset_mid_body_is_retried() {
    let server = MockServer::start().await;
    server.enqueue(Reply::ResetMidBody {
        declared: 400,
        body: b"{\"sid\": \"KS".to_vec(),
    });
    server.enqueue(Reply::json(200, &service()));
    client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);

    let server = MockServer::start().await;
    for _ in 0..3 {
        server.enqueue(Reply::ResetMidBody {
            declared: 400,
            body: b"{\"sid\": \"KS".to_vec(),
        });
    }
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Body { .. } | Error::Transport { .. }),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_every_attempt() {
    let server = MockServer::start().await;
    for _ in 0..3 {
        server.enqueue(Reply::Hang);
    }
    let started = Instant::now();
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .timeout(Some(Duration::from_millis(150)))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.requests().len(), 3);
    assert!(started.elapsed() >= Duration::from_millis(450));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_and_not_retried() {
    let server = MockServer::start().await;
    server.enqueue(Reply::text(200, "application/json", "{\"sid\": "));
    server.enqueue(Reply::json(200, &service()));
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_html_502_page_is_retried_then_reported_with_a_snippet() {
    let server = MockServer::start().await;
    for _ in 0..3 {
        server.enqueue(Reply::text(
            502,
            "text/html",
            "<html><h1>502 Bad Gateway</h1></html>",
        ));
    }
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    match &err {
        Error::UnexpectedResponse { status, body, .. } => {
            assert_eq!(status.as_u16(), 502);
            assert!(body.text().contains("502 Bad Gateway"));
        }
        other => panic!("wrong kind: {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error_and_not_retried() {
    let server = MockServer::start().await;
    server.enqueue(Reply::empty(200));
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_truncated_body_is_retried_then_reported() {
    let server = MockServer::start().await;
    for _ in 0..3 {
        server.enqueue(Reply::Truncated {
            status: 200,
            declared: 300,
            body: b"{\"sid\": \"KSa".to_vec(),
        });
    }
    let err = client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Body { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn post_is_not_retried_once_the_server_may_have_acted() {
    let server = MockServer::start().await;
    server.enqueue(twilio_error(503, 20503));
    server.enqueue(Reply::json(201, &service()));
    let err = client(&server, fast())
        .services()
        .create("svc")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn post_retries_when_opted_in() {
    let server = MockServer::start().await;
    server.enqueue(twilio_error(503, 20503));
    server.enqueue(Reply::json(201, &service()));
    client(&server, fast())
        .services()
        .create("svc")
        .retry_policy(fast().retry_post(true))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the same form is sent again"
    );
}

#[tokio::test]
async fn post_is_retried_when_the_connection_was_refused() {
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(refused_url())
        .retry_policy(fast())
        .build()
        .unwrap();
    let (subscriber, captured) = capture();
    let _guard = twilio_proxy_tests::trace::set_default(subscriber);
    let err = client.services().create("svc").await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(
        captured.events("retrying").len(),
        2,
        "a refused POST never reached the server, so all 3 attempts are made: {:#?}",
        captured.lines()
    );
}

#[tokio::test]
async fn retries_can_be_disabled_per_client_and_per_request() {
    let server = MockServer::start().await;
    server.enqueue(twilio_error(503, 20503));
    let err = client(&server, RetryPolicy::none())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);

    let server = MockServer::start().await;
    server.enqueue(twilio_error(503, 20503));
    client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);

    let server = MockServer::start().await;
    for _ in 0..4 {
        server.enqueue(twilio_error(503, 20503));
    }
    server.enqueue(Reply::json(200, &service()));
    client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .retry_policy(fast().max_attempts(5))
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn a_per_request_timeout_overrides_the_clients() {
    let server = MockServer::start().await;
    server.enqueue(Reply::Hang);
    let started = Instant::now();
    let err = client(&server, RetryPolicy::none())
        .service(SERVICE_SID)
        .fetch()
        .timeout(Some(Duration::from_millis(100)))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the client's 10 s did not apply"
    );
}

#[tokio::test]
async fn dropping_the_future_cancels_the_request() {
    let server = MockServer::start().await;
    server.enqueue(Reply::Hang);
    let call = client(&server, RetryPolicy::none())
        .service(SERVICE_SID)
        .fetch();
    let outcome = tokio::time::timeout(Duration::from_millis(200), call.send()).await;
    assert!(outcome.is_err(), "the call cannot have finished");
    // The dropped future closed its connection: the server sees the client go away.
    assert!(
        server.abandoned_soon(1).await,
        "the connection stayed open after the future was dropped"
    );
}

fn named(i: usize) -> Value {
    let mut s = service();
    s["unique_name"] = json!(format!("service-{i}"));
    s
}

#[tokio::test]
async fn pagination_retries_a_failed_page_and_yields_nothing_twice() {
    let server = MockServer::start().await;
    let next = format!("{}/v1/Services?Page=1&PageToken=PA1", server.url());
    server.enqueue(Reply::json(
        200,
        &page(
            "services",
            "/Services",
            vec![named(1), named(2)],
            Some(&next),
        ),
    ));
    server.enqueue(twilio_error(503, 20503));
    server.enqueue(Reply::json(
        200,
        &page("services", "/Services", vec![named(3), named(4)], None),
    ));
    let records = client(&server, fast())
        .services()
        .list()
        .all()
        .await
        .unwrap();
    let names: Vec<_> = records
        .iter()
        .filter_map(|s| s.unique_name.clone())
        .collect();
    assert_eq!(names, ["service-1", "service-2", "service-3", "service-4"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/Services",
            "/v1/Services?Page=1&PageToken=PA1",
            "/v1/Services?Page=1&PageToken=PA1",
        ]
    );
}

#[tokio::test]
async fn pagination_ends_with_the_error_after_every_record_received() {
    let server = MockServer::start().await;
    let next = format!("{}/v1/Services?Page=1&PageToken=PA1", server.url());
    server.enqueue(Reply::json(
        200,
        &page(
            "services",
            "/Services",
            vec![named(1), named(2)],
            Some(&next),
        ),
    ));
    for _ in 0..3 {
        server.enqueue(twilio_error(503, 20503));
    }
    let mut stream = client(&server, fast()).services().list().stream();
    let mut outcomes = Vec::new();
    while let Some(item) = stream.next().await {
        outcomes.push(item.map(|s| s.unique_name.unwrap_or_default()));
    }
    assert_eq!(outcomes.len(), 3);
    assert_eq!(outcomes[0].as_deref().ok(), Some("service-1"));
    assert_eq!(outcomes[1].as_deref().ok(), Some("service-2"));
    assert_eq!(
        outcomes[2]
            .as_ref()
            .err()
            .and_then(|e| e.api_error())
            .map(|a| a.code),
        Some(20503)
    );
    assert_eq!(
        server.requests().len(),
        4,
        "1 page + 3 attempts at the second"
    );
}

#[tokio::test]
async fn tracing_describes_each_request_without_secrets() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &service()).with_header("twilio-request-id", "RQ0123456789"));
    let (subscriber, captured) = capture();
    let _guard = twilio_proxy_tests::trace::set_default(subscriber);
    client(&server, fast())
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap();
    let answered = captured.events("answered");
    assert_eq!(answered.len(), 1, "{:#?}", captured.lines());
    let line = &answered[0];
    for expected in [
        "attempt=1",
        "status=200",
        "latency_ms=",
        "request_id=RQ0123456789",
        "operation=FetchService",
        "method=GET",
        "path=/v1/Services/{Sid}",
    ] {
        assert!(line.contains(expected), "{expected} missing from {line}");
    }
    for line in captured.lines() {
        assert!(!line.contains(AUTH_TOKEN), "{line}");
        assert!(!line.contains("Basic"), "{line}");
    }
}

#[tokio::test]
async fn status_and_headers_of_a_successful_call_are_available() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &session()).with_header("twilio-request-id", "RQ42"));
    let response = client(&server, fast())
        .service(SERVICE_SID)
        .sessions()
        .create()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.request_id(), Some("RQ42"));
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(response.value().sid.as_deref(), Some(SESSION_SID));

    let server = MockServer::start().await;
    server.enqueue(
        Reply::json(200, &page("services", "/Services", vec![], None))
            .with_header("twilio-request-id", "RQ43"),
    );
    let page = client(&server, fast())
        .services()
        .list()
        .page()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(
        page.headers()
            .get("twilio-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("RQ43")
    );
}

#[test]
fn configuration_debug_output_never_contains_secrets() {
    let client = Client::builder()
        .credentials(Credentials::api_key(ACCOUNT_SID, "SKkey", "api-key-secret"))
        .retry_policy(fast())
        .build()
        .unwrap();
    let texts = [
        format!("{client:?}"),
        format!("{:?}", client.retry_policy()),
        format!(
            "{:?}",
            client.service(SERVICE_SID).fetch().retry_policy(fast())
        ),
        format!(
            "{}",
            Error::InvalidParameter {
                name: "Sid",
                reason: "x".into()
            }
        ),
    ];
    for text in texts {
        assert!(!text.contains("api-key-secret"), "{text}");
    }
}
