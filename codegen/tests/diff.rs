//! The API change report between spec versions, from the IR.

use std::path::PathBuf;

use serde_json::{Value, json};
use twilio_codegen::diff::{Bump, Impact, diff};
use twilio_codegen::lower_spec;

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn api(text: &str) -> twilio_codegen::ir::Api {
    lower_spec(text).unwrap_or_else(|d| panic!("{d}")).0
}

#[test]
fn proxy_2021_to_the_current_spec() {
    let report = diff(
        &api(&read("../spec/extra/twilio_proxy_v1.2021-06.json")),
        &api(&read("../spec/twilio_proxy_v1.json")),
    );
    assert_eq!(report.bump(), Bump::Major);
    insta::assert_snapshot!(report.to_string());
}

#[test]
fn current_spec_to_proxy_2026() {
    let report = diff(
        &api(&read("../spec/twilio_proxy_v1.json")),
        &api(&read("../spec/extra/twilio_proxy_v1.2026-02.json")),
    );
    assert_eq!(report.bump(), Bump::Major);
    insta::assert_snapshot!(report.to_string());
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    let text = read("../spec/twilio_proxy_v1.json");
    let report = diff(&api(&text), &api(&text));
    assert!(report.changes.is_empty(), "{report}");
    assert_eq!(report.bump(), Bump::Patch);
}

fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut spec: Value = serde_json::from_str(&read("tests/fixtures/resources.json")).unwrap();
    edit(&mut spec);
    spec.to_string()
}

fn impacts(old: &str, new: &str) -> Vec<(Impact, String)> {
    diff(&api(old), &api(new))
        .changes
        .into_iter()
        .map(|c| (c.impact, c.what))
        .collect()
}

#[test]
fn each_kind_of_change_is_classified() {
    let base = edited(|_| {});
    let body =
        "/paths/~1v1~1Rooms/post/requestBody/content/application~1x-www-form-urlencoded/schema";
    // An enum value added: additive (enums are non-exhaustive with a catch-all); removed: breaking.
    let more_types = edited(|s| {
        s.pointer_mut(&format!("{body}/properties/Type/enum"))
            .unwrap()
            .as_array_mut()
            .unwrap()
            .push(json!("broadcast"));
    });
    assert_eq!(
        impacts(&base, &more_types),
        [(
            Impact::Additive,
            "enum CreateRoomType: value \"broadcast\" added".to_owned()
        )]
    );
    assert_eq!(impacts(&more_types, &base)[0].0, Impact::Breaking);

    // A new optional parameter: additive. A new required one, or optional becoming required: breaking.
    let optional = edited(|s| {
        s.pointer_mut(&format!("{body}/properties"))
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert("Ttl".into(), json!({"type": "integer"}));
    });
    assert_eq!(
        impacts(&base, &optional),
        [(
            Impact::Additive,
            "operation CreateRoom: optional parameter Ttl added".to_owned()
        )]
    );
    let required = edited(|s| {
        s.pointer_mut(&format!("{body}/required"))
            .unwrap()
            .as_array_mut()
            .unwrap()
            .push(json!("Type"));
    });
    assert_eq!(impacts(&base, &required)[0].0, Impact::Breaking);

    // A model field added: additive; its type changed: breaking.
    let field = edited(|s| {
        s.pointer_mut("/components/schemas/fixture.v1.room/properties")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert("status".into(), json!({"type": "string", "nullable": true}));
    });
    assert_eq!(
        impacts(&base, &field),
        [(
            Impact::Additive,
            "model Room: field status added".to_owned()
        )]
    );
    let retyped = edited(|s| {
        *s.pointer_mut("/components/schemas/fixture.v1.room/properties/sid")
            .unwrap() = json!({"type": "integer"});
    });
    assert_eq!(
        impacts(&base, &retyped),
        [(
            Impact::Breaking,
            "model Room: field sid changed type from string to int64".to_owned()
        )]
    );
}
