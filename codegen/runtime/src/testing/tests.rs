//! Unit tests of the fake's parts.

use super::*;

#[test]
fn paths_match_templates_and_decode_like_paths() {
    assert_eq!(
        match_template("/v1/Services/{Sid}", "/v1/Services/KS1"),
        Some((3, vec!["KS1".to_owned()]))
    );
    assert_eq!(
        match_template(
            "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
            "/2010-04-01/Accounts/AC1/Calls/CA%2B1.json"
        ),
        Some((4, vec!["AC1".to_owned(), "CA+1".to_owned()]))
    );
    assert_eq!(match_template("/v1/Services/{Sid}", "/v1/Services/"), None);
    assert_eq!(
        match_template("/v1/Services/{Sid}", "/v1/Services/a/b"),
        None
    );
    assert_eq!(percent_decoded("a+b%20c%zz"), "a+b c%zz");
    assert_eq!(
        render(
            "/v1/Services/{ServiceSid}/Sessions/{Sid}",
            &["KS1".into(), "KC2".into()]
        ),
        "/v1/Services/KS1/Sessions/KC2"
    );
    assert_eq!(
        collection_key("/2010-04-01/Accounts/AC1/Calls.json"),
        "/2010-04-01/Accounts/AC1/Calls"
    );
}

async fn body(answer: Answered) -> Value {
    let bytes = answer.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

static NO_RESOURCES: Spec = Spec { resources: &[] };

#[tokio::test]
async fn page_links_keep_the_filters_and_huge_pages_are_empty() {
    static STATUS: Param = Param {
        wire: "Status",
        kind: Kind::Text,
        list: false,
        required: false,
        query: true,
        values: &[],
        field: Some("status"),
        filter: true,
    };
    let shared = Shared {
        spec: &NO_RESOURCES,
        base_url: "http://fake".into(),
        state: Mutex::new(State::default()),
    };
    let records: Vec<Map<String, Value>> = (0..5)
        .map(|n| {
            let status = if n % 2 == 0 { "open" } else { "closed" };
            let mut record = Map::new();
            record.insert("status".into(), json!(status));
            record.insert("n".into(), json!(n));
            record
        })
        .collect();
    let params = [(&STATUS, vec!["open".to_owned()])];
    let query = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let numbers = |page: &Value| -> Vec<i64> {
        page["things"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["n"].as_i64().unwrap())
            .collect()
    };
    let first = query(&[("Status", "open"), ("PageSize", "2")]);
    let page1 = body(page(
        &shared,
        "/v1/Things",
        &first,
        &params,
        &records,
        "things",
        false,
    ))
    .await;
    assert_eq!(numbers(&page1), [0, 2]);
    assert_eq!(
        page1["meta"]["next_page_url"],
        "http://fake/v1/Things?Status=open&PageSize=2&Page=1&PageToken=PT2"
    );
    let second = query(&[
        ("Status", "open"),
        ("PageSize", "2"),
        ("Page", "1"),
        ("PageToken", "PT2"),
    ]);
    let page2 = body(page(
        &shared,
        "/v1/Things",
        &second,
        &params,
        &records,
        "things",
        false,
    ))
    .await;
    assert_eq!(numbers(&page2), [4]);
    assert!(page2["meta"]["next_page_url"].is_null());
    assert_eq!(
        page2["meta"]["previous_page_url"],
        "http://fake/v1/Things?Status=open&PageSize=2&Page=0&PageToken=PT0"
    );
    for huge in [
        query(&[("Page", "9223372036854775807")]),
        query(&[
            ("PageToken", "PT18446744073709551615"),
            ("Page", "18446744073709551615"),
        ]),
    ] {
        let empty = body(page(
            &shared,
            "/v1/Things",
            &huge,
            &[],
            &records,
            "things",
            true,
        ))
        .await;
        assert_eq!(numbers(&empty), Vec::<i64>::new());
        assert!(empty["next_page_uri"].is_null());
    }
}
