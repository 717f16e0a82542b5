//! Pagination over real HTTP: following `next_page_url` across pages, limits, `meta.key`, and
//! errors in the middle of a stream.

use futures_util::StreamExt;
use serde_json::{Value, json};
use twilio_proxy::{Error, RetryPolicy};
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, client_for};

fn service_named(i: usize) -> Value {
    let mut s = service();
    s["sid"] = json!(format!("KS{i:032}"));
    s["unique_name"] = json!(format!("service-{i}"));
    s
}

fn names(records: &[twilio_proxy::service::Service]) -> Vec<String> {
    records
        .iter()
        .map(|s| s.unique_name.clone().unwrap_or_default())
        .collect()
}

/// Queues three pages of 2, 2 and 1 services whose next links point at `server`.
fn three_pages(server: &MockServer) {
    let next1 = format!(
        "{}/v1/Services?PageSize=2&Page=1&PageToken=PA1",
        server.url()
    );
    let next2 = format!(
        "{}/v1/Services?PageSize=2&Page=2&PageToken=PA2",
        server.url()
    );
    server.enqueue(Reply::json(
        200,
        &page(
            "services",
            "/Services",
            vec![service_named(1), service_named(2)],
            Some(&next1),
        ),
    ));
    server.enqueue(Reply::json(
        200,
        &page(
            "services",
            "/Services",
            vec![service_named(3), service_named(4)],
            Some(&next2),
        ),
    ));
    server.enqueue(Reply::json(
        200,
        &page("services", "/Services", vec![service_named(5)], None),
    ));
}

#[tokio::test]
async fn stream_follows_next_page_url_across_three_pages() {
    let server = MockServer::start().await;
    three_pages(&server);
    let records = client_for(&server)
        .services()
        .list()
        .page_size(2)
        .all()
        .await
        .unwrap();
    assert_eq!(
        names(&records),
        [
            "service-1",
            "service-2",
            "service-3",
            "service-4",
            "service-5"
        ]
    );
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/Services?PageSize=2",
            "/v1/Services?PageSize=2&Page=1&PageToken=PA1",
            "/v1/Services?PageSize=2&Page=2&PageToken=PA2",
        ]
    );
}

#[tokio::test]
async fn limit_stops_early_and_never_fetches_pages_it_does_not_need() {
    let server = MockServer::start().await;
    three_pages(&server);
    let records = client_for(&server)
        .services()
        .list()
        .page_size(2)
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_eq!(names(&records), ["service-1", "service-2", "service-3"]);
    assert_eq!(
        server.requests().len(),
        2,
        "the third page must not be fetched"
    );
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_reported_whatever_the_limit() {
    let server = MockServer::start().await;
    for limit in [0, 5] {
        let mut stream = client_for(&server)
            .service("..")
            .sessions()
            .list()
            .limit(limit)
            .stream();
        let first = stream.next().await;
        assert!(
            matches!(first, Some(Err(Error::InvalidParameter { .. }))),
            "limit {limit}: {first:?}"
        );
        assert!(
            stream.next().await.is_none(),
            "the stream ends after its error"
        );
    }
    assert!(server.requests().is_empty(), "nothing is sent");
}

#[tokio::test]
async fn limit_alone_sets_the_page_size() {
    let server = MockServer::start().await;
    three_pages(&server);
    let mut stream = client_for(&server).services().list().limit(5).stream();
    let mut seen = 0;
    while let Some(record) = stream.next().await {
        record.unwrap();
        seen += 1;
    }
    assert_eq!(seen, 5);
    assert_eq!(server.requests()[0].target, "/v1/Services?PageSize=5");
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("services", "/Services", vec![], None),
    ));
    client_for(&server)
        .services()
        .list()
        .limit(5000)
        .all()
        .await
        .unwrap();
    assert_eq!(server.single_request().target, "/v1/Services?PageSize=1000");
}

#[tokio::test]
async fn limit_zero_sends_nothing() {
    let server = MockServer::start().await;
    let records = client_for(&server)
        .services()
        .list()
        .limit(0)
        .all()
        .await
        .unwrap();
    assert!(records.is_empty());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn next_page_url_on_another_host_is_rebased_onto_the_client_base_url() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page(
            "services",
            "/Services",
            vec![service_named(1)],
            Some("https://proxy.twilio.com/v1/Services?PageSize=1&Page=1&PageToken=PA1"),
        ),
    ));
    server.enqueue(Reply::json(
        200,
        &page("services", "/Services", vec![service_named(2)], None),
    ));
    let records = client_for(&server).services().list().all().await.unwrap();
    assert_eq!(names(&records), ["service-1", "service-2"]);
    let second = &server.requests()[1];
    assert_eq!(
        second.target,
        "/v1/Services?PageSize=1&Page=1&PageToken=PA1"
    );
    assert_eq!(second.header("authorization"), Some(BASIC_AUTH));
}

#[tokio::test]
async fn records_are_read_from_the_array_meta_key_names() {
    let server = MockServer::start().await;
    let mut body = page("services", "/Services", vec![], None);
    body["meta"]["key"] = json!("items");
    body["items"] = json!([service_named(7)]);
    server.enqueue(Reply::json(200, &body));
    let first = client_for(&server).services().list().page().await.unwrap();
    assert_eq!(names(first.records()), ["service-7"]);

    // A meta.key that names nothing falls back to the spec's property.
    let server = MockServer::start().await;
    let mut body = page("services", "/Services", vec![service_named(8)], None);
    body["meta"]["key"] = json!("somethingElse");
    server.enqueue(Reply::json(200, &body));
    let first = client_for(&server).services().list().page().await.unwrap();
    assert_eq!(names(first.records()), ["service-8"]);

    // Neither: a decode error, not a silent empty page.
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &json!({"meta": {"key": "nope"}})));
    let err = client_for(&server)
        .services()
        .list()
        .page()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("no records array"), "{err}");
}

#[tokio::test]
async fn an_error_mid_stream_yields_every_record_received_then_the_error_then_ends() {
    let server = MockServer::start().await;
    let next = format!("{}/v1/Services?Page=1&PageToken=PA1", server.url());
    server.enqueue(Reply::json(
        200,
        &page(
            "services",
            "/Services",
            vec![service_named(1), service_named(2)],
            Some(&next),
        ),
    ));
    server.enqueue(Reply::json(
        503,
        &json!({"code": 20503, "message": "Service unavailable", "status": 503}),
    ));
    let mut stream = client_for(&server)
        .services()
        .list()
        .retry_policy(RetryPolicy::none())
        .stream();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0].as_ref().unwrap().unique_name.as_deref(),
        Some("service-1")
    );
    assert_eq!(
        items[1].as_ref().unwrap().unique_name.as_deref(),
        Some("service-2")
    );
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(err.api_error().map(|e| e.code), Some(20503));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn page_next_page_walks_one_page_at_a_time() {
    let server = MockServer::start().await;
    three_pages(&server);
    let first = client_for(&server)
        .services()
        .list()
        .page_size(2)
        .page()
        .await
        .unwrap();
    assert!(first.has_next_page());
    let second = first.next_page().await.unwrap().unwrap();
    assert_eq!(names(second.records()), ["service-3", "service-4"]);
    let third = second.next_page().await.unwrap().unwrap();
    assert!(!third.has_next_page());
    assert!(
        third.next_page().await.unwrap().is_none(),
        "no request past the last page"
    );
    assert_eq!(names(&third.into_records()), ["service-5"]);
    let server_targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(server_targets.len(), 3);
}

#[tokio::test]
async fn a_server_that_repeats_next_page_url_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let same = format!("{}/v1/Services?Page=1&PageToken=PA1", server.url());
    for _ in 0..5 {
        server.enqueue(Reply::json(
            200,
            &page("services", "/Services", vec![service_named(1)], Some(&same)),
        ));
    }
    let mut stream = client_for(&server).services().list().stream();
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    assert_eq!(items.len(), 3, "two pages of one record, then the error");
    assert!(
        matches!(items[2], Err(Error::Pagination { .. })),
        "{:?}",
        items[2]
    );
    assert_eq!(
        server.requests().len(),
        2,
        "the repeated page is not fetched again"
    );
}

#[tokio::test]
async fn a_thousand_record_page_decodes() {
    let server = MockServer::start().await;
    let records: Vec<Value> = (0..1000).map(service_named).collect();
    server.enqueue(Reply::json(
        200,
        &page("services", "/Services", records, None),
    ));
    let all = client_for(&server)
        .services()
        .list()
        .page_size(1000)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 1000);
    assert_eq!(all[999].unique_name.as_deref(), Some("service-999"));
}
