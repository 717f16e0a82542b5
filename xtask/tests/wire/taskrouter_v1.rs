//! Copied into the crate generated from `twilio_taskrouter_v1.json` by `xtask/tests/specs.rs` and run
//! there: the `testing` fake answers fields the spec marks non-nullable with their default, or the
//! plain value of their type, never `null`.

use gen_twilio_taskrouter_v1::task::TaskStatus;
use gen_twilio_taskrouter_v1::testing::FakeTwilio;

#[tokio::test]
async fn a_new_task_has_its_spec_defaults_and_typed_zero_values() {
    let fake = FakeTwilio::start().await;
    let workspace = fake
        .client()
        .workspaces()
        .create("support")
        .await
        .unwrap();
    let workspace = fake.client().workspace(workspace.sid.unwrap());
    let task = workspace.tasks().create().await.unwrap();
    // `default: 0` in the spec.
    assert_eq!(task.age, Some(0));
    assert_eq!(task.priority, Some(0));
    // An enum the spec does not let be null, with no default: its first value.
    assert_eq!(task.assignment_status, Some(TaskStatus::Pending));
    // Nullable and unset: null.
    assert_eq!(task.task_channel_sid, None);
    let raw = &fake.records(&format!("/v1/Workspaces/{}/Tasks", workspace.sid()))[0];
    assert_eq!(raw["age"], serde_json::json!(0));
    assert_eq!(raw["assignment_status"], serde_json::json!("pending"));
    assert!(raw["task_channel_sid"].is_null());
}
