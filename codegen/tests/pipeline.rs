//! Snapshot tests of each stage: the naming table, the lowered IR of the Proxy spec, emitter output
//! on tiny fixture specs, and the diagnostics of broken specs. Plus determinism.

use std::path::PathBuf;

use twilio_codegen::{Options, generate, lower_spec, naming};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn proxy_spec() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/twilio_proxy_v1.json");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn naming_table() {
    let mut table = String::new();
    type Namer = fn(&str) -> String;
    let rows: &[(&str, &str, Namer)] = &[
        ("field", "date_created", naming::field_name),
        ("field", "type", naming::field_name),
        ("field", "self", naming::field_name),
        ("field", "3pcc_enabled", naming::field_name),
        ("field", "", naming::field_name),
        ("field", "async", naming::field_name),
        ("param", "UniqueName", naming::param_name),
        ("param", "DateCreated<", naming::param_name),
        ("param", "DateCreated>", naming::param_name),
        ("param", "StartTime<=", naming::param_name),
        ("param", "Page", naming::param_name),
        ("param", "PageSize", naming::param_name),
        ("param", "Limit", naming::param_name),
        ("param", "Send", naming::param_name),
        ("param", "Type", naming::param_name),
        ("param", "X-Twilio-Webhook-Enabled", naming::param_name),
        ("path", "ServiceSid", naming::path_param_name),
        ("path", "Client", naming::path_param_name),
        ("variant", "in-progress", naming::variant_name),
        ("variant", "voice-and-message", naming::variant_name),
        ("variant", "+1", naming::variant_name),
        ("variant", "5", naming::variant_name),
        ("variant", "", naming::variant_name),
        ("variant", "Self", naming::variant_name),
        ("variant", "PREFER_STICKY", naming::variant_name),
        ("variant", "*", naming::variant_name),
        ("variant", "m²", naming::variant_name),
        ("variant", "٣", naming::variant_name),
        ("field", "½_price", naming::field_name),
        ("field", "emoji_😀", naming::field_name),
        ("param", "Request", naming::param_name),
        ("enum", "session_enum_mode", naming::enum_component_name),
        (
            "enum",
            "service_enum_geo_match_level",
            naming::enum_component_name,
        ),
        ("module", "MessageInteraction", naming::module_name),
        ("module", "Type", naming::module_name),
        ("module", "Runtime", naming::module_name),
        ("singular", "Sessions", naming::singular),
        ("singular", "Entities", naming::singular),
        ("singular", "Addresses", naming::singular),
        ("singular", "Status", naming::singular),
    ];
    for (kind, input, f) in rows {
        table.push_str(&format!("{kind:<9} {input:<28} -> {}\n", f(input)));
    }
    let components = [
        "proxy.v1.service",
        "proxy.v1.service.session.participant.message_interaction",
        "conversations.v1.conversation.message",
        "conversations.v1.service.conversation.message",
        "weird",
    ];
    for (component, name) in components.iter().zip(naming::model_names(&components)) {
        table.push_str(&format!("model     {component:<28} -> {name}\n"));
    }
    insta::assert_snapshot!(table);
}

#[test]
fn proxy_ir() {
    let (api, warnings) = lower_spec(&proxy_spec()).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    insta::assert_yaml_snapshot!(api);
}

#[test]
fn proxy_resource_tree_mirrors_x_twilio_parents() {
    let (api, _) = lower_spec(&proxy_spec()).unwrap();
    let mut tree = String::new();
    for r in &api.resources {
        let parent = r
            .parent
            .map(|p| api.resources[p].name.as_str())
            .unwrap_or("Client");
        let ops: Vec<String> = [&r.list, &r.instance]
            .into_iter()
            .flatten()
            .flat_map(|e| {
                e.operations
                    .iter()
                    .map(move |o| format!("{}.{}={}", e.accessor, o.method_name, o.id))
            })
            .collect();
        tree.push_str(&format!("{parent} -> {} [{}]\n", r.name, ops.join(", ")));
    }
    insta::assert_snapshot!(tree);
    let operations: usize = api
        .resources
        .iter()
        .flat_map(|r| [&r.list, &r.instance])
        .flatten()
        .map(|e| e.operations.len())
        .sum();
    assert_eq!(operations, 30);
}

fn generated_file(spec: &str, file: &str) -> String {
    let generated = generate(spec, &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    generated.files.get(file).cloned().unwrap_or_else(|| {
        panic!(
            "no {file}; files: {:?}",
            generated.files.keys().collect::<Vec<_>>()
        )
    })
}

#[test]
fn model_emitter_on_fixture() {
    insta::assert_snapshot!(generated_file(&fixture("models.json"), "src/call.rs"));
}

#[test]
fn resource_emitter_on_fixture() {
    insta::assert_snapshot!(
        "room",
        generated_file(&fixture("resources.json"), "src/room.rs")
    );
    insta::assert_snapshot!(
        "room_recording",
        generated_file(&fixture("resources.json"), "src/room_recording.rs")
    );
}

#[test]
fn crate_emitter_on_fixture() {
    let spec = fixture("resources.json");
    insta::assert_snapshot!("lib", generated_file(&spec, "src/lib.rs"));
    insta::assert_snapshot!("cargo_toml", generated_file(&spec, "Cargo.toml"));
    insta::assert_snapshot!("readme", generated_file(&spec, "README.md"));
}

#[test]
fn broken_specs_give_diagnostics_that_point_into_the_spec() {
    let mut report = String::new();
    for name in [
        "broken_dangling_ref.json",
        "broken_duplicate_operation_id.json",
        "broken_operation_id_case.json",
        "broken_truncated.json",
        "broken_swagger2.json",
    ] {
        let diags = match generate(&fixture(name), &Options::default()) {
            Ok(_) => panic!("{name} generated without errors"),
            Err(diags) => diags,
        };
        assert!(diags.has_errors(), "{name}");
        report.push_str(&format!("== {name}\n{diags}\n\n"));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn unsupported_constructs_leave_out_only_their_operation_with_a_warning() {
    let generated = generate(&fixture("broken_unsupported.json"), &Options::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let room = &generated.files["src/room.rs"];
    assert!(
        !room.contains("CreateRoomRequest"),
        "CreateRoom has an XML body"
    );
    assert!(room.contains("ListRoomRequest"));
    assert!(room.contains("DeleteRoomRequest"));
    // Its only operation takes a cookie: the resource, with nothing left to call, is not generated.
    assert!(!generated.files.contains_key("src/room_recording.rs"));
    assert!(!room.contains("fn recordings"));
    insta::assert_snapshot!(generated.warnings.to_string());
}

/// `x-twilio` steers naming and nesting, but never stops generation: a missing `pathType` (as in
/// twilio_lookups_v2), an unknown one, a malformed field and unknown fields are warnings, and the
/// paths are generated from the OpenAPI data.
#[test]
fn vendor_metadata_problems_are_warnings_and_everything_is_generated() {
    let generated = generate(&fixture("x_twilio_quirks.json"), &Options::default())
        .unwrap_or_else(|d| panic!("{d}"));
    let (api, _) = twilio_codegen::lower_spec(&fixture("x_twilio_quirks.json")).unwrap();
    let operations: Vec<&str> = api
        .resources
        .iter()
        .flat_map(|r| r.list.iter().chain(r.instance.iter()))
        .flat_map(|e| e.operations.iter().map(|o| o.id.as_str()))
        .collect();
    let raw: serde_json::Value = serde_json::from_str(&fixture("x_twilio_quirks.json")).unwrap();
    let spec_ops = raw["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter(|op| op.get("operationId").is_some())
        .count();
    assert_eq!(operations.len(), spec_ops, "{operations:?}");
    assert!(!generated.warnings.has_errors());
    insta::assert_snapshot!(generated.warnings.to_string());
}

/// Older specs (Proxy 2020-12 to 2021-04) have operations without operationId and no `servers`:
/// the operationIds are derived as Twilio's tooling names them and the host comes from the file
/// name, each with a warning. With both stripped from the Proxy spec, all 30 ids come back the same.
#[test]
fn missing_operation_ids_and_servers_are_derived() {
    let original = proxy_spec();
    let mut stripped: serde_json::Value = serde_json::from_str(&original).unwrap();
    stripped.as_object_mut().unwrap().remove("servers");
    let mut want = Vec::new();
    for item in stripped["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            if let Some(id) = op.as_object_mut().and_then(|o| o.remove("operationId")) {
                want.push(id.as_str().unwrap().to_owned());
            }
        }
    }
    want.sort();
    assert_eq!(want.len(), 30);
    // Path-level servers too: nothing in the document names the host.
    for item in stripped["paths"].as_object_mut().unwrap().values_mut() {
        item.as_object_mut().unwrap().remove("servers");
    }
    let options = Options::default();
    let generated = generate(&stripped.to_string(), &options).unwrap_or_else(|d| panic!("{d}"));
    let settings = twilio_codegen::lower::Settings {
        base_url: None,
        spec_name: Some(options.spec_name.clone()),
    };
    let (api, _) = twilio_codegen::lower_spec_with(&stripped.to_string(), &settings).unwrap();
    let mut got: Vec<String> = api
        .resources
        .iter()
        .flat_map(|r| r.list.iter().chain(r.instance.iter()))
        .flat_map(|e| e.operations.iter().map(|o| o.id.clone()))
        .collect();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(api.base_url, "https://proxy.twilio.com");
    assert!(generated.files["src/lib.rs"].contains("\"https://proxy.twilio.com\""));
    let warnings = generated.warnings.to_string();
    assert_eq!(
        warnings
            .matches("operation has no operationId; named `")
            .count(),
        30,
        "{warnings}"
    );
    assert!(warnings.contains("using https://proxy.twilio.com, the host Twilio uses for `proxy`"));
    insta::assert_snapshot!(warnings.lines().take(8).collect::<Vec<_>>().join("\n"));

    // Without a Twilio file name, `--base-url` is the way; without either, a clear error.
    let unnamed = Options {
        spec_name: "api.json".into(),
        ..Options::default()
    };
    let err = generate(&stripped.to_string(), &unnamed).unwrap_err();
    assert!(err.to_string().contains("pass --base-url"), "{err}");
    let with_base = Options {
        base_url: Some("https://api.example.com/".into()),
        ..unnamed
    };
    let generated = generate(&stripped.to_string(), &with_base).unwrap();
    assert!(generated.files["src/lib.rs"].contains("\"https://api.example.com\""));

    // Both views of the spec carry a derived id: a broken `$ref` inside an operation without one
    // is reported with the id it was given.
    let schema = "/paths/~1v1~1Services~1{Sid}/get/responses/200/content/application~1json/schema";
    *stripped.pointer_mut(schema).unwrap() =
        serde_json::json!({"$ref": "#/components/schemas/missing"});
    let err = generate(&stripped.to_string(), &with_base)
        .unwrap_err()
        .to_string();
    let line = err
        .lines()
        .position(|l| l.contains("#/components/schemas/missing"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        err.lines()
            .skip(line)
            .take(3)
            .any(|l| l.contains("FetchService")),
        "{err}"
    );
}

/// The files generated from the kitchen-sink fixture.
fn kitchen_sink_files() -> twilio_codegen::GeneratedFiles {
    generate(&fixture("kitchen_sink.json"), &Options::default())
        .unwrap_or_else(|d| panic!("{d}"))
        .files
}

/// A model that holds itself, and a model and a union that hold each other, are boxed (else the
/// crate does not compile: E0072); an operation with its own `servers` keeps its host.
#[test]
fn recursive_types_are_boxed_and_operation_servers_kept() {
    let files = kitchen_sink_files();
    let configuration = &files["src/configuration.rs"];
    assert!(
        configuration.contains("pub parent_configuration: Option<Box<Configuration>>,"),
        "{configuration}"
    );
    assert!(configuration.contains("pub child: Option<Box<NodeChild>>,"));
    assert!(configuration.contains("Node(Box<Node>),"));
    assert!(
        configuration.contains("pub tree: Option<Node>,"),
        "not recursive: not boxed"
    );
    assert!(
        files["src/call_events.rs"]
            .contains("request.server = Some(\"https://events.sink.twilio.com\");")
    );
    assert!(!files["src/call.rs"].contains("request.server"));
}

/// A segment that mixes a parameter with literal text (`{Sid}.json`) keeps the text and encodes the
/// parameter as one segment.
#[test]
fn mixed_path_segments_keep_their_literal_text() {
    let files = kitchen_sink_files();
    let recording = &files["src/recording.rs"];
    // The runtime fills the template (`Request::build`, unit-tested there): the literal `.json`
    // stays, the SID is encoded as one segment.
    assert!(
        recording.contains(
            "\"/v1/Recordings/{Sid}.json\",\n            &[(\"Sid\", &self.handle.sid)],"
        ),
        "{recording}"
    );
    assert!(
        recording.contains("pub fn recording(&self, sid: impl Into<String>) -> RecordingContext")
    );
}

/// Up to four required parameters are arguments; more are one struct whose fields the compiler
/// makes the caller set (never `#[allow(clippy::too_many_arguments)]`).
#[test]
fn many_required_parameters_are_one_struct() {
    let files = kitchen_sink_files();
    let address = &files["src/address.rs"];
    assert!(
        address.contains(
            "pub fn create(&self, required: CreateAddressRequired) -> CreateAddressRequest {"
        ),
        "{address}"
    );
    for field in ["customer_name", "street", "city", "region", "postal_code"] {
        assert!(
            address.contains(&format!("    pub {field}: String,")),
            "{field}"
        );
    }
    assert!(address.contains("pub fn friendly_name(mut self, friendly_name: impl Into<String>)"));
    for file in files.values() {
        assert!(!file.contains("too_many_arguments"));
    }
}

/// Twilio publishes every spec as YAML too: the YAML of the Proxy spec gives the same crate.
#[test]
fn a_yaml_spec_generates_the_same_crate_as_its_json() {
    let from_json = generate(&proxy_spec(), &Options::default()).unwrap().files;
    let yaml = Options {
        spec_name: "twilio_proxy_v1.yaml".into(),
        ..Options::default()
    };
    let from_yaml = generate(&fixture("twilio_proxy_v1.yaml"), &yaml)
        .unwrap()
        .files;
    assert_eq!(from_json.len(), from_yaml.len());
    for (path, text) in &from_yaml {
        let text = text.replace("twilio_proxy_v1.yaml", "twilio_proxy_v1.json");
        assert!(text == from_json[path], "{path} differs");
    }
}

/// YAML problems point into the spec like JSON ones, and also name the line.
#[test]
fn yaml_diagnostics_have_pointers_and_lines() {
    let yaml = |text: &str| {
        let options = Options {
            spec_name: "twilio_fixture_v1.yaml".into(),
            ..Options::default()
        };
        generate(text, &options)
    };
    let head = "openapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\nservers:\n- url: https://fixture.twilio.com\n";
    let err = yaml(&format!("{head}paths: [unclosed\n"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the spec is not valid YAML (line 8, column 1)"),
        "{err}"
    );

    let spec = format!(
        "{head}paths:\n  /v1/Things:\n    get:\n      operationId: ListThing\n      responses:\n        200:\n          description: OK\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/missing'\n"
    );
    let err = yaml(&spec).unwrap_err().to_string();
    assert!(
        err.contains("--> #/paths/~1v1~1Things/get/responses/200/content/application~1json/schema/$ref (line 17) (operation `ListThing`)"),
        "{err}"
    );

    // An unquoted status code is a YAML integer; it is the same key as "200".
    let fixed = spec.replace("$ref: '#/components/schemas/missing'", "type: object");
    let generated = yaml(&fixed).unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.files.contains_key("src/thing.rs"));

    // Anchors and aliases are expanded by the parser.
    let aliased = fixed.replace(
        "      responses:\n        200:",
        "      responses: &answers\n        200:",
    ) + "  /v1/Others:\n    get:\n      operationId: ListOther\n      responses: *answers\n";
    let generated = yaml(&aliased).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        generated.files.contains_key("src/other.rs"),
        "{:?}",
        generated.files.keys()
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = proxy_spec();
    let first = generate(&spec, &Options::default()).unwrap().files;
    for _ in 0..5 {
        let again = generate(&spec, &Options::default()).unwrap().files;
        assert_eq!(first, again);
    }
}

#[test]
fn every_generated_file_carries_the_header() {
    let files = generate(&proxy_spec(), &Options::default()).unwrap().files;
    // License texts are the licenses verbatim: a header would change them.
    let licenses = ["LICENSE-APACHE", "LICENSE-MIT"];
    for license in licenses {
        let text = &files[license];
        assert!(text.contains("Permission is hereby granted") || text.contains("Apache License"));
    }
    for (path, text) in files
        .iter()
        .filter(|(p, _)| !licenses.contains(&p.as_str()))
    {
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains(twilio_codegen::MARKER), "{path}: {first}");
    }
}

/// The Participants override applies while the spec says `items: {}` there; when the spec changes
/// under it (a real older spec says `{"type": "object"}`) or drops the location, a warning names the
/// override and the spec's own type is used.
#[test]
fn overrides_apply_only_while_the_spec_says_what_they_replace() {
    let (api, warnings) = lower_spec(&proxy_spec()).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(api.requests.len(), 1);
    assert_eq!(api.requests[0].name, "NewParticipant");
    assert_eq!(api.requests[0].module, "session");

    let changed = proxy_spec().replacen(r#""items": {},"#, r#""items": {"type": "object"},"#, 1);
    assert_ne!(changed, proxy_spec());
    let (api, warnings) = lower_spec(&changed).unwrap();
    assert!(api.requests.is_empty());
    let text = warnings.to_string();
    assert!(
        text.contains("override `NewParticipant`")
            && text.contains("Participants/items")
            && text.contains(r#"the spec now says `{"type":"object"}`"#),
        "{text}"
    );

    let dropped = proxy_spec().replacen(r#""Participants": {"#, r#""Attendees": {"#, 1);
    let (_, warnings) = lower_spec(&dropped).unwrap();
    assert!(
        warnings
            .to_string()
            .contains("names a location this spec does not have"),
        "{warnings}"
    );
}

fn extra_spec(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/extra/twilio-oai-2026-04-14")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// `PREFIX:Name` for every SID type of a spec.
fn sid_names(spec: &str) -> Vec<String> {
    let (api, _) = lower_spec(spec).unwrap();
    api.sids
        .iter()
        .map(|s| format!("{}:{}", s.prefix, s.name))
        .collect()
}

#[test]
fn sid_types_are_named_after_the_resources_they_identify() {
    assert_eq!(
        sid_names(&proxy_spec()),
        [
            "AC:AccountSid",
            "IS:ChatInstanceSid",
            "KC:SessionSid",
            "KI:InteractionSid",
            "KP:ParticipantSid",
            "KS:ServiceSid",
            "PN:PhoneNumberSid",
            "SC:ShortCodeSid"
        ]
    );
    let v2010 = sid_names(&extra_spec("twilio_api_v2010.json"));
    for expected in [
        "AC:AccountSid",
        "CA:CallSid",
        "PN:IncomingPhoneNumberSid",
        "RE:RecordingSid",
        "QU:QueueSid",
    ] {
        assert!(
            v2010.iter().any(|s| s == expected),
            "{expected} in {v2010:?}"
        );
    }
    let conversations = sid_names(&extra_spec("twilio_conversations_v1.json"));
    assert!(conversations.iter().any(|s| s == "CH:ConversationSid"));

    // The service handle's own `{Sid}` has no pattern: it takes the type its children's
    // `{ServiceSid}` has, and so does the Service record's `sid`.
    let service = generated_file(&proxy_spec(), "src/service.rs");
    assert!(
        service.contains("pub fn service(&self, sid: impl Into<ServiceSid>) -> ServiceContext")
    );
    assert!(service.contains("pub sid: Option<ServiceSid>,"));
    assert!(service.contains("pub chat_instance_sid: Option<ChatInstanceSid>,"));
}

/// For every endpoint: its path parameters' SID types, and the record property each one fills.
fn path_param_types(api: &twilio_codegen::ir::Api) -> Vec<(String, Vec<Option<String>>)> {
    api.resources
        .iter()
        .flat_map(|r| r.list.iter().chain(r.instance.iter()))
        .map(|e| {
            (
                e.path.template.clone(),
                e.path.params().map(|p| p.sid.clone()).collect(),
            )
        })
        .collect()
}

/// Checks that one path parameter has one type along the tree: in a resource's list and instance
/// paths, in its parent's instance path, and in the record property that holds it.
fn assert_one_type_per_parameter(name: &str, spec: &str) {
    let (api, _) = lower_spec(spec).unwrap_or_else(|d| panic!("{name}: {d}"));
    let params = |e: &twilio_codegen::ir::Endpoint| -> Vec<Option<String>> {
        e.path.params().map(|p| p.sid.clone()).collect()
    };
    for r in &api.resources {
        let endpoints: Vec<_> = r.list.iter().chain(r.instance.iter()).collect();
        if let [list, instance] = endpoints[..] {
            let (list, instance) = (params(list), params(instance));
            assert_eq!(list[..], instance[..list.len()], "{name}: {}", r.name);
        }
        if let Some(parent) = r.parent.and_then(|p| api.resources[p].instance.as_ref()) {
            let above = params(parent);
            for e in &endpoints {
                let inherited = &params(e)[..e.inherited_params];
                assert_eq!(
                    inherited,
                    &above[..inherited.len()],
                    "{name}: {} under its parent",
                    e.path.template
                );
            }
        }
        let record = r
            .record
            .as_ref()
            .and_then(|n| api.models.iter().find(|m| &m.name == n));
        for e in &endpoints {
            for p in e.path.params() {
                let (Some(sid), Some(field)) = (&p.sid, &p.field) else {
                    continue;
                };
                let field = record
                    .and_then(|m| m.fields.iter().find(|f| &f.wire == field))
                    .unwrap();
                assert!(
                    matches!(&field.ty, twilio_codegen::ir::TypeRef::Sid(t) if t == sid)
                        || field.ty != twilio_codegen::ir::TypeRef::String,
                    "{name}: {}.{} is {:?}, the parameter {sid}",
                    r.name,
                    field.wire,
                    field.ty
                );
            }
        }
    }
}

#[test]
fn one_path_parameter_has_one_sid_type_along_the_resource_tree() {
    let spec = fixture("sid_tree.json");
    assert_one_type_per_parameter("sid_tree.json", &spec);
    let (api, _) = lower_spec(&spec).unwrap();
    let types = path_param_types(&api);
    let sid = |name: &str| Some(name.to_owned());
    for (template, expected) in [
        // The parent's `{Sid}` has no pattern, a child's `{RoomSid}` has one: all are rooms.
        ("/v1/Rooms/{Sid}", vec![sid("RoomSid")]),
        ("/v1/Rooms/{RoomSid}/Participants", vec![sid("RoomSid")]),
        // The participant's own `{Sid}` has no pattern; its record's `sid` has one.
        (
            "/v1/Rooms/{RoomSid}/Participants/{Sid}",
            vec![sid("RoomSid"), sid("ParticipantSid")],
        ),
        // A child's unpatterned `{ChannelSid}` is its patterned parent's `{Sid}`.
        ("/v1/Channels/{ChannelSid}/Members", vec![sid("ChannelSid")]),
        (
            "/v1/Channels/{ChannelSid}/Members/{Sid}",
            vec![sid("ChannelSid"), sid("MemberSid")],
        ),
        // One pattern says `LY` where the rest of the group says `GA`: outvoted.
        (
            "/v1/Services/{ServiceSid}/Operators",
            vec![sid("ServiceSid")],
        ),
        (
            "/v1/Services/{ServiceSid}/Operators/{OperatorSid}",
            vec![sid("ServiceSid"), sid("OperatorSid")],
        ),
    ] {
        let found = types.iter().find(|(t, _)| t == template).map(|(_, p)| p);
        assert_eq!(found, Some(&expected), "{template}");
    }
    // The record properties that hold those parameters take their type.
    let field = |model: &str, wire: &str| {
        api.models
            .iter()
            .find(|m| m.name == model)
            .and_then(|m| m.fields.iter().find(|f| f.wire == wire))
            .map(|f| f.ty.clone())
            .unwrap()
    };
    use twilio_codegen::ir::TypeRef;
    assert_eq!(field("Room", "sid"), TypeRef::Sid("RoomSid".into()));
    assert_eq!(
        field("Participant", "room_sid"),
        TypeRef::Sid("RoomSid".into())
    );
    assert_eq!(
        field("Member", "channel_sid"),
        TypeRef::Sid("ChannelSid".into())
    );

    // And for every real spec in the repository.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut specs = vec![root.join("twilio_proxy_v1.json")];
    for dir in [root.join("extra"), root.join("extra/twilio-oai-2026-04-14")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        specs.extend(files);
    }
    assert!(specs.len() >= 58, "{specs:?}");
    for path in specs {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_one_type_per_parameter(&path.display().to_string(), &text);
    }
}

/// Every operation of an API, by id.
fn operation<'a>(api: &'a twilio_codegen::ir::Api, id: &str) -> &'a twilio_codegen::ir::Operation {
    api.resources
        .iter()
        .flat_map(|r| r.list.iter().chain(r.instance.iter()))
        .flat_map(|e| &e.operations)
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn conditional_parameter_groups_are_read_by_their_wire_names() {
    let (api, _) = lower_spec(&extra_spec("twilio_api_v2010.json")).unwrap();
    assert_eq!(
        operation(&api, "CreateMessage").one_of,
        [
            vec!["From", "MessagingServiceSid"],
            vec!["Body", "MediaUrl", "ContentSid"]
        ]
    );
    assert_eq!(
        operation(&api, "CreateCall").one_of,
        [vec!["Url", "Twiml", "ApplicationSid"]]
    );
    let (proxy, _) = lower_spec(&proxy_spec()).unwrap();
    assert_eq!(
        operation(&proxy, "CreateMessageInteraction").one_of,
        [vec!["Body", "MediaUrl"]]
    );
    // The check is emitted before the path, and the docs say what it asks.
    let files = generate(&proxy_spec(), &Options::default()).unwrap();
    let module = &files.files["src/message_interaction.rs"];
    assert!(
        module.contains("if self.body.is_none() && self.media_url.is_empty() {"),
        "{module}"
    );
    assert!(module.contains("/// Set at least one of `body`, `media_url`: Twilio requires one"));

    // A name the operation does not have is a warning pointing at it; a group with a required
    // parameter is always met.
    let mut spec: serde_json::Value = serde_json::from_str(&proxy_spec()).unwrap();
    let x = "/paths/~1v1~1Services~1{ServiceSid}~1Sessions~1{SessionSid}~1Participants~1{ParticipantSid}~1MessageInteractions/post/x-twilio";
    *spec.pointer_mut(&format!("{x}/conditional")).unwrap() =
        serde_json::json!([["body", "subject"], ["nothing"]]);
    let (api, warnings) = lower_spec(&spec.to_string()).unwrap();
    assert_eq!(
        operation(&api, "CreateMessageInteraction").one_of,
        [vec!["Body"]]
    );
    let text = warnings.to_string();
    assert!(
        text.contains(&format!("{x}/conditional/0"))
            && text.contains("names \"subject\", which is not a parameter")
            && text.contains(&format!("{x}/conditional/1")),
        "{text}"
    );
}

#[test]
fn maturity_is_in_the_operation_and_crate_docs() {
    let (api, _) = lower_spec(&proxy_spec()).unwrap();
    assert_eq!(api.maturity.len(), 1);
    assert_eq!(api.maturity[0].name, "Beta");
    assert_eq!(api.maturity[0].operations, 30);
    let files = generate(&proxy_spec(), &Options::default()).unwrap();
    let beta = "**Beta**: PLEASE NOTE that this is a Beta product that is subject to change. Use it with caution.";
    let session = &files.files["src/session.rs"];
    assert_eq!(
        session.matches(&format!("/// {beta}")).count(),
        5,
        "one per Session operation: list, create, fetch, update, delete"
    );
    assert!(
        files.files["src/lib.rs"]
            .contains("//! **Beta**: Twilio marks every operation (30) Beta. PLEASE NOTE")
    );
    assert!(files.files["README.md"].contains("**Beta**: Twilio marks every operation (30) Beta."));
    // A spec without `x-maturity` says nothing of it.
    let (v2010, _) = lower_spec(&extra_spec("twilio_api_v2010.json")).unwrap();
    assert!(v2010.maturity.is_empty());
}

#[test]
fn what_the_spec_deprecates_is_deprecated_in_rust() {
    let files = kitchen_sink_files();
    let attr = |file: &str, note: &str, item: &str| {
        let text = &files[file];
        let at = text
            .find(note)
            .unwrap_or_else(|| panic!("{file} lacks {note:?}:\n{text}"));
        let after = &text[at..];
        let next_item = after.find("pub ").unwrap();
        assert!(
            after[next_item..].starts_with(item),
            "{file}: the attribute is not on {item}: {}",
            &after[..next_item + item.len()]
        );
    };
    attr(
        "src/call.rs",
        "note = \"Twilio's API description marks the `StartDate` parameter deprecated\"",
        "pub fn start_date(",
    );
    attr(
        "src/address.rs",
        "note = \"Twilio's API description marks the `FriendlyName` parameter deprecated\"",
        "pub fn friendly_name(",
    );
    attr(
        "src/configuration.rs",
        "note = \"Twilio's API description marks the `limits` property deprecated\"",
        "pub limits:",
    );
    attr(
        "src/recording.rs",
        "#[deprecated(note = \"Twilio's API description marks `FetchRecording` deprecated\")]",
        "pub fn fetch(",
    );
    // Verify v2 deprecates `CustomMessage` in the real spec.
    let verify = generate(&extra_spec("twilio_verify_v2.json"), &Options::default()).unwrap();
    assert!(
        verify
            .files
            .values()
            .any(|t| t.contains("marks the `CustomMessage` parameter deprecated")),
        "Verify's CustomMessage setter is not deprecated"
    );
}

/// Resources and models named after what the crate reserves (`codegen/src/reserved.rs`) get other
/// names, so the crate compiles (the fixture is in `xtask/tests/specs.rs`'s list) and no generated
/// file replaces one of the crate's own.
#[test]
fn names_the_crate_reserves_are_never_taken_by_the_spec() {
    let files = generate(&fixture("reserved_names.json"), &Options::default())
        .unwrap_or_else(|d| panic!("{d}"))
        .files;
    for module in [
        "testing",
        "sid",
        "time",
        "serde_json",
        "serde",
        "types",
        "client",
        "runtime",
        "signature",
        "webhooks",
    ] {
        assert!(
            files.contains_key(&format!("src/{module}_.rs")),
            "no src/{module}_.rs: {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    // The crate's own files are its own.
    assert!(files["src/testing.rs"].contains("pub type FakeTwilio ="));
    assert!(files["src/client.rs"].contains("pub struct Client("));
    let lib = &files["src/lib.rs"];
    assert!(lib.contains("pub mod testing_;") && lib.contains("pub mod testing;"));
    for ty in [
        "Box",
        "Serialize",
        "Deserialize",
        "JsonBody",
        "Params",
        "Request",
        "Result",
        "Error",
        "ClientBuilder",
        "Option",
        "Vec",
    ] {
        assert!(
            files["src/testing_.rs"].contains(&format!("pub struct {ty}2 {{")),
            "the model {ty} was not renamed"
        );
    }
}
