//! The README's quick start is `tests/examples/quick_start/main.rs`, word for word, and it runs: here,
//! against the `testing` fake, on a multi-threaded runtime.

// Skipped here: rustfmt formats the file once, as the example, with the configuration beside it.
#[path = "../examples/quick_start/main.rs"]
#[rustfmt::skip]
#[allow(
    dead_code,
    reason = "its `main` needs Twilio credentials; the test calls the rest"
)]
mod quick_start;

use twilio_proxy::testing::FakeTwilio;

#[test]
fn the_readme_quick_start_is_the_example_verbatim() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/quick_start/main.rs");
    // The README shows the file from its first `use` on, without the file's own doc comment.
    let shown = &example[example.find("use ").unwrap()..];
    let block = format!("```rust,no_run\n{shown}```\n");
    assert!(
        readme.contains(&block),
        "README.md's quick start differs from tests/examples/quick_start/main.rs; copy the file into it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quick_start_runs_against_the_fake() {
    let fake = FakeTwilio::start().await;
    let number = "PN0123456789abcdef0123456789abcdef".parse().unwrap();
    quick_start::support_line(fake.client(), number)
        .await
        .unwrap();

    let service = fake.client().services().list().all().await.unwrap();
    let [service] = service.as_slice() else {
        panic!("one service, got {service:?}");
    };
    let service_sid = service.sid.clone().unwrap();
    assert_eq!(service.unique_name.as_deref(), Some("support-line"));
    let sessions = fake.records(&format!("/v1/Services/{service_sid}/Sessions"));
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["mode"], "message-only");
    let session_sid = sessions[0]["sid"].as_str().unwrap();
    let participants = fake.records(&format!(
        "/v1/Services/{service_sid}/Sessions/{session_sid}/Participants"
    ));
    let names: Vec<&str> = participants
        .iter()
        .map(|p| p["friendly_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alice", "Bob"]);
    let posts = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(
        posts, 6,
        "service, number, session, two participants, one message"
    );
}
