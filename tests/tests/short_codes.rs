//! Short Code operations over real HTTP: exact request bytes and decoded answers.

use serde_json::json;
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

/// The collection's path below `/v1`, as [`page`] takes it.
fn collection() -> String {
    format!("/Services/{SERVICE_SID}/ShortCodes")
}

#[tokio::test]
async fn list_short_code_sends_paging_query_and_decodes_records() {
    let server = MockServer::start().await;
    let next = format!(
        "https://proxy.twilio.com/v1/Services/{SERVICE_SID}/ShortCodes?PageSize=1&Page=1&PageToken=PT456"
    );
    server.enqueue(Reply::json(
        200,
        &page(
            "short_codes",
            &collection(),
            vec![short_code()],
            Some(&next),
        ),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .short_codes()
        .list()
        .page_size(1)
        .page_number(0)
        .page_token("PT 1/2")
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes?PageSize=1&Page=0&PageToken=PT+1%2F2"),
    );
    assert_eq!(page.meta().key.as_deref(), Some("short_codes"));
    assert!(page.has_next_page());
    let [code] = page.records() else {
        panic!("expected one record, got {:?}", page.records());
    };
    assert_eq!(code.sid.as_deref(), Some(SHORT_CODE_SID));
    assert_eq!(code.short_code.as_deref(), Some("12345"));
    assert_eq!(
        code.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn list_short_code_with_only_required_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("short_codes", &collection(), vec![], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .short_codes()
        .list()
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes"),
    );
    assert!(page.records().is_empty());
}

#[tokio::test]
async fn list_short_code_limit_sets_page_size_and_all_collects_in_order() {
    let server = MockServer::start().await;
    let mut second = with_sid(short_code(), "SCbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    second["short_code"] = json!("67890");
    server.enqueue(Reply::json(
        200,
        &page(
            "short_codes",
            &collection(),
            vec![short_code(), second],
            None,
        ),
    ));
    let codes = client_for(&server)
        .service(SERVICE_SID)
        .short_codes()
        .list()
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes?PageSize=3"),
    );
    let decoded: Vec<_> = codes
        .iter()
        .map(|c| (c.sid.as_deref(), c.short_code.as_deref()))
        .collect();
    assert_eq!(
        decoded,
        [
            (Some(SHORT_CODE_SID), Some("12345")),
            (Some("SCbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), Some("67890")),
        ]
    );
}

#[tokio::test]
async fn create_short_code_sends_the_required_sid() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &short_code()));
    let code = client_for(&server)
        .service(SERVICE_SID)
        .short_codes()
        .create(SHORT_CODE_SID)
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes"),
    );
    assert_eq!(req.body_text(), format!("Sid={SHORT_CODE_SID}"));
    assert_eq!(code.sid.as_deref(), Some(SHORT_CODE_SID));
    assert_eq!(code.iso_country.as_deref(), Some("US"));
    assert_eq!(code.is_reserved, Some(false));
    let capabilities = code.capabilities.unwrap();
    assert_eq!(capabilities.mms, Some(true));
    assert_eq!(capabilities.voice, Some(false));
    assert_eq!(
        code.date_updated.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn fetch_short_code() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &short_code()));
    let code = client_for(&server)
        .service(SERVICE_SID)
        .short_code(SHORT_CODE_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes/{SHORT_CODE_SID}"),
    );
    assert_eq!(code.sid.as_deref(), Some(SHORT_CODE_SID));
    assert_eq!(code.account_sid.as_deref(), Some(ACCOUNT_SID));
    assert_eq!(code.service_sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(code.short_code.as_deref(), Some("12345"));
}

#[tokio::test]
async fn update_short_code_sends_is_reserved_true_as_text() {
    let server = MockServer::start().await;
    let mut answer = short_code();
    answer["is_reserved"] = json!(true);
    server.enqueue(Reply::json(200, &answer));
    let code = client_for(&server)
        .service(SERVICE_SID)
        .short_code(SHORT_CODE_SID)
        .update()
        .is_reserved(true)
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes/{SHORT_CODE_SID}"),
    );
    assert_eq!(req.body_text(), "IsReserved=true");
    assert_eq!(code.is_reserved, Some(true));
}

#[tokio::test]
async fn update_short_code_with_nothing_set_sends_an_empty_form() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &short_code()));
    let code = client_for(&server)
        .service(SERVICE_SID)
        .short_code(SHORT_CODE_SID)
        .update()
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes/{SHORT_CODE_SID}"),
    );
    assert_eq!(req.body_text(), "");
    assert_eq!(req.header("content-length"), Some("0"));
    assert_eq!(code.is_reserved, Some(false));
}

#[tokio::test]
async fn delete_short_code_accepts_204_without_body() {
    let server = MockServer::start().await;
    server.enqueue(Reply::empty(204));
    let () = client_for(&server)
        .service(SERVICE_SID)
        .short_code(SHORT_CODE_SID)
        .delete()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "DELETE",
        &format!("/v1/Services/{SERVICE_SID}/ShortCodes/{SHORT_CODE_SID}"),
    );
}
