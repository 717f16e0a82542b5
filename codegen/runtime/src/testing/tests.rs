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
        example: None,
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
        PageShape {
            key: "things",
            legacy: false,
            links_nullable: true,
        },
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
        PageShape {
            key: "things",
            legacy: false,
            links_nullable: true,
        },
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
            PageShape {
                key: "things",
                legacy: true,
                links_nullable: true,
            },
        ))
        .await;
        assert_eq!(numbers(&empty), Vec::<i64>::new());
        assert!(empty["next_page_uri"].is_null());
    }
}

#[test]
fn a_failing_accept_waits_longer_each_time_up_to_a_second() {
    let waits: Vec<u128> = (1..=13).map(|n| accept_backoff(n).as_millis()).collect();
    assert_eq!(
        waits,
        [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 1000, 1000]
    );
    assert_eq!(accept_backoff(u32::MAX), Duration::from_secs(1));
}

#[tokio::test]
async fn page_links_the_spec_does_not_let_be_null_are_left_out_when_there_is_no_such_page() {
    let shared = Shared {
        spec: &NO_RESOURCES,
        base_url: "http://fake".into(),
        state: Mutex::new(State::default()),
    };
    let records: Vec<Map<String, Value>> = (0..3)
        .map(|n| Map::from_iter([("n".to_owned(), json!(n))]))
        .collect();
    let query = vec![("PageSize".to_owned(), "2".to_owned())];
    for (legacy, links_nullable) in [(false, false), (true, false), (false, true)] {
        let shape = PageShape {
            key: "things",
            legacy,
            links_nullable,
        };
        let answer = body(page(&shared, "/v1/Things", &query, &[], &records, shape)).await;
        let links = if legacy { &answer } else { &answer["meta"] };
        let (next, previous) = if legacy {
            ("next_page_uri", "previous_page_uri")
        } else {
            ("next_page_url", "previous_page_url")
        };
        assert!(links[next].is_string(), "{answer}");
        assert_eq!(
            links.get(previous),
            (links_nullable).then_some(&Value::Null),
            "{answer}"
        );
    }
}

#[test]
fn new_identifiers_follow_the_prefix_or_the_example_of_the_identifying_field() {
    static FIELDS: [Field; 1] = [Field {
        wire: "id",
        kind: Kind::Text,
        list: false,
        nullable: false,
        default: None,
        values: &[],
        example: Some("aia_know_a0"),
    }];
    static RESOURCE: Resource = Resource {
        name: "Knowledge",
        parent: None,
        list: None,
        instance: None,
        sid_prefix: None,
        id_field: Some("id"),
        link_name: "knowledge",
        fields: &FIELDS,
    };
    assert_eq!(new_id(&RESOURCE, 7), "aia_know_a7");
    assert_eq!(new_id(&RESOURCE, 12), "aia_know_a12");
    let sid = Resource {
        name: "Service",
        parent: None,
        list: None,
        instance: None,
        sid_prefix: Some("KS"),
        id_field: None,
        link_name: "services",
        fields: &FIELDS,
    };
    assert_eq!(new_id(&sid, 10), format!("KS{:032x}", 10));
}
