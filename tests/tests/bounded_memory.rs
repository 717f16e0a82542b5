//! Memory stays bounded whatever the server answers: a 1 GiB error body is read only up to 64 KiB, a
//! success body larger than `max_response_body` is refused (before the first byte when declared),
//! and in every case the client stops early: the server manages to send far fewer bytes than it
//! declared. The peak RSS of the same scenarios is measured by `examples/bounded_memory.rs`.

use twilio_proxy::{Client, Credentials, DEFAULT_MAX_RESPONSE_BODY, Error, RetryPolicy};
use twilio_proxy_tests::MockServer;
use twilio_proxy_tests::fixtures::{ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID, service};
use twilio_proxy_tests::flood::{Flood, Framing, GIB};

/// What the kernel's loopback socket buffers can absorb is a few MiB; the client reading at most
/// 64 KiB (errors) or the limit (success) must stop the server long before this.
const FAR_FEWER: u64 = 64 << 20;

fn client(url: &str, max_response_body: Option<usize>) -> Client {
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(url)
        .retry_policy(RetryPolicy::none());
    if let Some(limit) = max_response_body {
        builder = builder.max_response_body(limit);
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn a_one_gib_error_answer_is_read_only_up_to_64_kib() {
    for framing in [Framing::Declared, Framing::Chunked] {
        let flood = Flood::start(502, framing, GIB).await;
        let err = client(&flood.url(), None)
            .service(SERVICE_SID)
            .fetch()
            .await
            .unwrap_err();
        let Error::UnexpectedResponse { status, body, .. } = &err else {
            panic!("{framing:?}: {err:?}");
        };
        assert_eq!(status.as_u16(), 502);
        assert!(!body.is_complete(), "{framing:?}");
        assert_eq!(body.total_len(), 64 * 1024, "{framing:?}");
        assert_eq!(
            body.declared_len(),
            (framing == Framing::Declared).then_some(GIB)
        );
        assert_eq!(body.text().len(), 1024);
        let sent = flood.settled_sent().await;
        assert!(
            sent < FAR_FEWER,
            "{framing:?}: the server sent {sent} bytes"
        );
    }
}

#[tokio::test]
async fn a_declared_success_body_over_the_limit_is_refused_before_reading() {
    let flood = Flood::start(200, Framing::Declared, GIB).await;
    let err = client(&flood.url(), None)
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    match err {
        Error::BodyTooLarge {
            status,
            limit,
            declared,
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(limit, DEFAULT_MAX_RESPONSE_BODY);
            assert_eq!(declared, Some(GIB));
        }
        other => panic!("{other:?}"),
    }
    let sent = flood.settled_sent().await;
    assert!(sent < FAR_FEWER, "the server sent {sent} bytes");
}

#[tokio::test]
async fn a_streamed_success_body_stops_at_the_limit() {
    let flood = Flood::start(200, Framing::Chunked, GIB).await;
    let err = client(&flood.url(), Some(1 << 20))
        .service(SERVICE_SID)
        .fetch()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                limit: 1_048_576,
                declared: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("max_response_body"), "{err}");
    let sent = flood.settled_sent().await;
    assert!(sent < FAR_FEWER, "the server sent {sent} bytes");
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_is_accepted_one_byte_more_is_not() {
    let body = service().to_string();
    for (extra, ok) in [(0, true), (1, false)] {
        let server = MockServer::start().await;
        server.enqueue(twilio_proxy_tests::Reply::json(200, &service()));
        let result = client(&server.url(), Some(body.len() - extra))
            .service(SERVICE_SID)
            .fetch()
            .await;
        assert_eq!(result.is_ok(), ok, "{result:?}");
    }
}
