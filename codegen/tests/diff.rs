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

// Spec bumps that move the Rust API without removing anything: mutated copies of the real specs,
// each a fixture pair whose report and bump are checked.

const PROXY: &str = "../spec/twilio_proxy_v1.json";
const V2010: &str = "../spec/extra/twilio-oai-2026-04-14/twilio_api_v2010.json";

/// The spec at `path`, edited.
fn mutated(path: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut spec: Value = serde_json::from_str(&read(path)).unwrap();
    edit(&mut spec);
    spec.to_string()
}

/// The report from `old` to `new`: it must call the bump major and hold a breaking line that
/// contains each of `expected`.
fn breaking_report(old: &str, new: &str, expected: &[&str]) -> String {
    let report = diff(&api(old), &api(new));
    let text = report.to_string();
    println!("{text}");
    assert_eq!(report.bump(), Bump::Major, "{text}");
    for want in expected {
        assert!(
            report
                .changes
                .iter()
                .any(|c| c.impact == Impact::Breaking && c.what.contains(want)),
            "no breaking change says {want:?}:\n{text}"
        );
    }
    text
}

/// Moves `key` just before `before` in the object at `pointer`.
fn move_before(spec: &mut Value, pointer: &str, key: &str, before: &str) {
    let object = spec.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
    let value = object.shift_remove(key).unwrap();
    let rest = std::mem::take(object);
    for (k, v) in rest {
        if k == before {
            object.insert(key.to_owned(), value.clone());
        }
        object.insert(k, v);
    }
    assert!(object.contains_key(key), "{before} is not in {pointer}");
}

const CALLS_BODY: &str = "/paths/~12010-04-01~1Accounts~1{AccountSid}~1Calls.json/post/requestBody/content/application~1x-www-form-urlencoded/schema";

#[test]
fn required_arguments_that_swap_order_are_breaking() {
    let old = read(V2010);
    let new = mutated(V2010, |s| {
        let required = s
            .pointer_mut(&format!("{CALLS_BODY}/required"))
            .unwrap()
            .as_array_mut()
            .unwrap();
        assert_eq!(*required, [json!("To"), json!("From")]);
        required.reverse();
        move_before(s, &format!("{CALLS_BODY}/properties"), "From", "To");
    });
    breaking_report(
        &old,
        &new,
        &[
            "operation CreateCall: positional arguments reordered: (from: string, to: string) (was (to: string, from: string))",
        ],
    );
}

#[test]
fn an_enum_variant_whose_meaning_moves_is_breaking() {
    let old = read(PROXY);
    let new = mutated(PROXY, |s| {
        let values = s
            .pointer_mut("/components/schemas/session_enum_status/enum")
            .unwrap()
            .as_array_mut()
            .unwrap();
        let at = values.iter().position(|v| v == "in-progress").unwrap();
        values.insert(at, json!("in_progress"));
    });
    breaking_report(
        &old,
        &new,
        &[
            "variant InProgress now means \"in_progress\" (was \"in-progress\")",
            "value \"in-progress\" is now variant InProgress2 (was InProgress)",
        ],
    );
}

#[test]
fn a_model_field_renamed_by_a_new_sibling_is_breaking() {
    let old = read(PROXY);
    let new = mutated(PROXY, |s| {
        let properties = "/components/schemas/proxy.v1.service.session/properties";
        s.pointer_mut(properties)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(
                "dateCreated".into(),
                json!({"type": "string", "nullable": true}),
            );
        move_before(s, properties, "dateCreated", "date_created");
    });
    breaking_report(
        &old,
        &new,
        &["field date_created is now `.date_created2` (was `.date_created`)"],
    );
}

#[test]
fn a_handle_that_moves_when_an_instance_path_appears_is_breaking() {
    // Without the Session instance path, participants hang off the service with a session SID.
    let old = mutated(PROXY, |s| {
        s["paths"]
            .as_object_mut()
            .unwrap()
            .shift_remove("/v1/Services/{ServiceSid}/Sessions/{Sid}")
            .unwrap();
    });
    let new = read(PROXY);
    breaking_report(
        &old,
        &new,
        &[
            "operation CreateParticipant: reached as `client.service(sid: SID ServiceSid).session(sid: SID SessionSid).participants()`",
        ],
    );
}

#[test]
fn an_accessor_renamed_by_its_mount_name_is_breaking() {
    const ACCOUNTS: &str = "../spec/extra/twilio-oai-2026-04-14/twilio_accounts_v1.json";
    let old = read(ACCOUNTS);
    let new = mutated(ACCOUNTS, |s| {
        let x = s
            .pointer_mut("/paths/~1v1~1SafeList~1Numbers/x-twilio")
            .unwrap();
        assert_eq!(x["mountName"], "safelist");
        x["mountName"] = json!("safe_list");
    });
    breaking_report(
        &old,
        &new,
        &["reached as `client.safe_list()` (was `client.safelist()`)"],
    );
}

#[test]
fn an_accessor_renamed_by_a_new_sibling_is_breaking() {
    // A new child of the service, sorted before Sessions, whose mount name is `sessions` too: it
    // takes the name and the sessions' accessor becomes `sessions2`.
    let old = read(PROXY);
    let new = mutated(PROXY, |s| {
        let mut sibling = s["paths"]["/v1/Services/{ServiceSid}/Sessions"].clone();
        sibling.as_object_mut().unwrap().shift_remove("post");
        sibling["get"]["operationId"] = json!("ListConversation");
        sibling["x-twilio"]["mountName"] = json!("sessions");
        s["paths"]
            .as_object_mut()
            .unwrap()
            .insert("/v1/Services/{ServiceSid}/Conversations".into(), sibling);
    });
    breaking_report(
        &old,
        &new,
        &[
            "operation CreateSession: reached as `client.service(sid: SID ServiceSid).sessions2()` (was `client.service(sid: SID ServiceSid).sessions()`)",
        ],
    );
}

#[test]
fn an_override_type_that_no_longer_applies_is_breaking() {
    let old = read(PROXY);
    let new = mutated(PROXY, |s| {
        *s.pointer_mut("/paths/~1v1~1Services~1{ServiceSid}~1Sessions/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/Participants/items").unwrap() = json!({"type": "string"});
    });
    breaking_report(&old, &new, &["request object NewParticipant removed"]);
}

const SINK: &str = "tests/fixtures/kitchen_sink.json";

#[test]
fn a_field_boxed_by_a_new_back_reference_is_breaking() {
    // `Configuration.tree` holds a `Node`; a node that refers back to its configuration puts both
    // in one cycle, so the field becomes a `Box`.
    let old = read(SINK);
    let new = mutated(SINK, |s| {
        s.pointer_mut("/components/schemas/sink.v1.node/properties")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(
                "configuration".into(),
                json!({"$ref": "#/components/schemas/sink.v1.configuration", "nullable": true}),
            );
    });
    breaking_report(&old, &new, &["field tree is now held in a Box (was inline"]);
}

#[test]
fn a_union_variant_renamed_by_a_new_alternative_is_breaking() {
    // `Node.child` is a node or text; a date-time alternative put first takes the name `Text`.
    let old = read(SINK);
    let new = mutated(SINK, |s| {
        s.pointer_mut("/components/schemas/sink.v1.node/properties/child/oneOf")
            .unwrap()
            .as_array_mut()
            .unwrap()
            .insert(0, json!({"type": "string", "format": "date-time"}));
    });
    breaking_report(
        &old,
        &new,
        &["alternative string is now variant Text2 (was Text)"],
    );
}

#[test]
fn a_union_that_moves_module_is_breaking() {
    // Unions are named where they are used; the module the IR gives one is what `use` names.
    let old = api(&read(SINK));
    let mut new = old.clone();
    let was = new.unions[0].module.clone();
    new.unions[0].module = "elsewhere".into();
    let report = diff(&old, &new);
    assert_eq!(report.bump(), Bump::Major, "{report}");
    assert_eq!(
        report.changes[0].what,
        format!(
            "union {} moved from module {was} to elsewhere (its `use` path changes)",
            old.unions[0].name
        )
    );
}

#[test]
fn deprecations_are_reported_as_such_and_bump_minor() {
    let body = "/paths/~1v1~1Services~1{ServiceSid}~1Sessions/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties";
    let old = read(PROXY);
    let new = mutated(PROXY, |s| {
        s.pointer_mut(&format!("{body}/UniqueName")).unwrap()["deprecated"] = json!(true);
        s.pointer_mut("/components/schemas/proxy.v1.service.session/properties/ttl")
            .unwrap()["deprecated"] = json!(true);
        s.pointer_mut("/paths/~1v1~1Services~1{ServiceSid}~1Sessions~1{Sid}/delete")
            .unwrap()["deprecated"] = json!(true);
    });
    let report = diff(&api(&old), &api(&new));
    assert_eq!(report.bump(), Bump::Minor, "{report}");
    let deprecated: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Deprecated)
        .map(|c| c.what.as_str())
        .collect();
    assert_eq!(
        deprecated,
        [
            "model Session: field ttl deprecated (`.ttl` is `#[deprecated]`)",
            "operation CreateSession: parameter UniqueName deprecated (`unique_name` is `#[deprecated]`)",
            "operation DeleteSession deprecated (`delete` is `#[deprecated]`)",
        ]
    );
    assert_eq!(report.changes.len(), 3, "{report}");
    assert!(
        report.to_string().contains("\nDeprecated (3):\n"),
        "{report}"
    );
}

#[test]
fn a_new_conditional_group_is_reported() {
    let x = "/paths/~1v1~1Services~1{ServiceSid}~1Sessions~1{SessionSid}~1Participants~1{ParticipantSid}~1MessageInteractions/post/x-twilio";
    let old = mutated(PROXY, |s| {
        s.pointer_mut(x)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("conditional");
    });
    let report = diff(&api(&old), &api(&read(PROXY)));
    assert_eq!(report.bump(), Bump::Minor, "{report}");
    assert_eq!(
        report.changes[0].what,
        "operation CreateMessageInteraction: at least one of Body, MediaUrl is checked before sending (x-twilio conditional)"
    );
}
