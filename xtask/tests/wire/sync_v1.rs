//! Copied into the crate generated from `twilio_sync_v1.json` by `xtask/tests/specs.rs` and run there:
//! the `testing` fake numbers a Sync list's items as Twilio does (integers 0, 1, 2 in their list, never
//! reused after a delete) and gives a non-nullable field its spec default.

use gen_twilio_sync_v1::testing::FakeTwilio;

#[tokio::test]
async fn list_items_are_numbered_0_1_2_and_an_index_is_never_reused() {
    let fake = FakeTwilio::start().await;
    let service = fake.client().services().create().await.unwrap();
    // Not nullable in the spec, with `default: 0`.
    assert_eq!(service.reachability_debouncing_window, Some(0));
    let service = fake.client().service(service.sid.unwrap());
    let list = service.sync_lists().create().await.unwrap();
    let list = service.sync_list(list.sid.unwrap());
    let mut indexes = Vec::new();
    for n in 0..3 {
        let item = list
            .sync_list_items()
            .create(serde_json::json!({"n": n}))
            .await
            .unwrap();
        indexes.push(item.index);
    }
    assert_eq!(indexes, [Some(0), Some(1), Some(2)]);
    // On the wire the index is a JSON integer, as the spec says, not text.
    let raw = fake.records(&format!(
        "/v1/Services/{}/Lists/{}/Items",
        service.sid(),
        list.sid()
    ));
    assert_eq!(raw[1]["index"], serde_json::json!(1));
    let fetched = list.item("1").fetch().await.unwrap();
    assert_eq!(fetched.data, Some(serde_json::json!({"n": 1})));
    list.item("2").delete().await.unwrap();
    let next = list
        .sync_list_items()
        .create(serde_json::json!({"n": 3}))
        .await
        .unwrap();
    assert_eq!(next.index, Some(3));
    // Another list numbers its own items from 0.
    let other = service.sync_lists().create().await.unwrap();
    let first = service
        .sync_list(other.sid.unwrap())
        .sync_list_items()
        .create(serde_json::json!({}))
        .await
        .unwrap();
    assert_eq!(first.index, Some(0));
}
