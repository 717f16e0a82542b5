//! Phone Number operations over real HTTP: exact request bytes and decoded answers.

use serde_json::json;
use twilio_proxy_tests::fixtures::*;
use twilio_proxy_tests::{MockServer, Reply, assert_common, client_for};

/// The collection's path below `/v1`, as [`page`] takes it.
fn collection() -> String {
    format!("/Services/{SERVICE_SID}/PhoneNumbers")
}

#[tokio::test]
async fn list_phone_number_sends_paging_query_and_decodes_records() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("phone_numbers", &collection(), vec![phone_number()], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .phone_numbers()
        .list()
        .page_size(20)
        .page_number(2)
        .page_token("PT123")
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers?PageSize=20&Page=2&PageToken=PT123"),
    );
    assert_eq!(page.meta().key.as_deref(), Some("phone_numbers"));
    assert!(!page.has_next_page());
    let [number] = page.records() else {
        panic!("expected one record, got {:?}", page.records());
    };
    assert_eq!(number.sid.as_deref(), Some(PHONE_NUMBER_SID));
    assert_eq!(number.phone_number.as_deref(), Some("+1987654321"));
    assert_eq!(number.in_use, Some(0));
    assert_eq!(
        number.date_updated.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn list_phone_number_with_only_required_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(
        200,
        &page("phone_numbers", &collection(), vec![], None),
    ));
    let page = client_for(&server)
        .service(SERVICE_SID)
        .phone_numbers()
        .list()
        .page()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers"),
    );
    assert!(page.records().is_empty());
}

#[tokio::test]
async fn list_phone_number_limit_sets_page_size_and_all_collects_in_order() {
    let server = MockServer::start().await;
    let second = with_sid(phone_number(), "PNbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    server.enqueue(Reply::json(
        200,
        &page(
            "phone_numbers",
            &collection(),
            vec![phone_number(), second],
            None,
        ),
    ));
    let numbers = client_for(&server)
        .service(SERVICE_SID)
        .phone_numbers()
        .list()
        .limit(3)
        .all()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers?PageSize=3"),
    );
    let sids: Vec<_> = numbers.iter().map(|n| n.sid.as_deref()).collect();
    assert_eq!(
        sids,
        [
            Some(PHONE_NUMBER_SID),
            Some("PNbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
        ]
    );
    assert_eq!(numbers[1].iso_country.as_deref(), Some("US"));
}

#[tokio::test]
async fn create_phone_number_sends_every_parameter_in_spec_order() {
    let server = MockServer::start().await;
    let mut answer = phone_number();
    answer["is_reserved"] = json!(true);
    answer["phone_number"] = json!("+14155551234");
    server.enqueue(Reply::json(201, &answer));
    let number = client_for(&server)
        .service(SERVICE_SID)
        .phone_numbers()
        .create()
        .is_reserved(true)
        .phone_number("+14155551234")
        .sid(PHONE_NUMBER_SID)
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers"),
    );
    assert_eq!(
        req.body_text(),
        format!("IsReserved=true&PhoneNumber=%2B14155551234&Sid={PHONE_NUMBER_SID}")
    );
    assert_eq!(number.sid.as_deref(), Some(PHONE_NUMBER_SID));
    assert_eq!(number.phone_number.as_deref(), Some("+14155551234"));
    assert_eq!(number.is_reserved, Some(true));
    assert_eq!(number.friendly_name.as_deref(), Some("Friendly Name"));
    let capabilities = number.capabilities.unwrap();
    assert_eq!(capabilities.sms, Some(true));
    assert_eq!(capabilities.mms, Some(false));
    assert_eq!(capabilities.voice, Some(true));
    assert_eq!(
        number.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn create_phone_number_with_nothing_set_sends_an_empty_form() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(201, &phone_number()));
    let number = client_for(&server)
        .service(SERVICE_SID)
        .phone_numbers()
        .create()
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers"),
    );
    assert_eq!(req.body_text(), "");
    assert_eq!(req.header("content-length"), Some("0"));
    assert_eq!(number.is_reserved, Some(false));
}

#[tokio::test]
async fn fetch_phone_number() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &phone_number()));
    let number = client_for(&server)
        .service(SERVICE_SID)
        .phone_number(PHONE_NUMBER_SID)
        .fetch()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "GET",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers/{PHONE_NUMBER_SID}"),
    );
    assert_eq!(number.sid.as_deref(), Some(PHONE_NUMBER_SID));
    assert_eq!(number.account_sid.as_deref(), Some(ACCOUNT_SID));
    assert_eq!(number.service_sid.as_deref(), Some(SERVICE_SID));
    assert_eq!(number.capabilities.and_then(|c| c.fax), Some(false));
    assert_eq!(
        number.url.as_deref(),
        Some(
            format!(
                "https://proxy.twilio.com/v1/Services/{SERVICE_SID}/PhoneNumbers/{PHONE_NUMBER_SID}"
            )
            .as_str()
        )
    );
}

#[tokio::test]
async fn update_phone_number_sends_is_reserved_false_as_text() {
    let server = MockServer::start().await;
    let mut answer = phone_number();
    answer["in_use"] = json!(2);
    server.enqueue(Reply::json(200, &answer));
    let number = client_for(&server)
        .service(SERVICE_SID)
        .phone_number(PHONE_NUMBER_SID)
        .update()
        .is_reserved(false)
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers/{PHONE_NUMBER_SID}"),
    );
    assert_eq!(req.body_text(), "IsReserved=false");
    assert_eq!(number.is_reserved, Some(false));
    assert_eq!(number.in_use, Some(2));
}

#[tokio::test]
async fn update_phone_number_with_nothing_set_sends_an_empty_form() {
    let server = MockServer::start().await;
    server.enqueue(Reply::json(200, &phone_number()));
    let number = client_for(&server)
        .service(SERVICE_SID)
        .phone_number(PHONE_NUMBER_SID)
        .update()
        .await
        .unwrap();
    let req = server.single_request();
    assert_common(
        &req,
        "POST",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers/{PHONE_NUMBER_SID}"),
    );
    assert_eq!(req.body_text(), "");
    assert_eq!(req.header("content-length"), Some("0"));
    assert_eq!(number.sid.as_deref(), Some(PHONE_NUMBER_SID));
}

#[tokio::test]
async fn delete_phone_number_accepts_204_without_body() {
    let server = MockServer::start().await;
    server.enqueue(Reply::empty(204));
    let () = client_for(&server)
        .service(SERVICE_SID)
        .phone_number(PHONE_NUMBER_SID)
        .delete()
        .await
        .unwrap();
    assert_common(
        &server.single_request(),
        "DELETE",
        &format!("/v1/Services/{SERVICE_SID}/PhoneNumbers/{PHONE_NUMBER_SID}"),
    );
}
