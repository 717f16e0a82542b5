//! Checks every generated crate runs on its own spec (its generated `tests/fake.rs`, run for every
//! spec by `xtask/tests/specs.rs`): they drive every resource through the fake with the runtime's
//! client.

use std::io::Write as _;

use super::*;
use crate::{Error, http::Request, params::Params};

/// The environment variable naming a directory where the checks write every JSON answer they get,
/// one line each (`{"operation", "status", "body"}`), in `<crate directory name>.jsonl`: the specs
/// test validates them against the spec's response schemas.
pub const ANSWERS: &str = "TWILIO_FAKE_ANSWERS";

/// Sends a request whose answer is JSON (panicking with `what` on an error), writes the answer down
/// where [`ANSWERS`] says, and returns it.
async fn json(client: &Client, request: Request, what: &str) -> Value {
    let operation = request.operation_id;
    let answer = client
        .send_json::<Value>(request)
        .await
        .unwrap_or_else(|e| panic!("{operation} {what}: {e}"));
    if let Some(dir) = std::env::var_os(ANSWERS) {
        static WRITING: Mutex<()> = Mutex::new(());
        let _one_at_a_time = WRITING.lock().unwrap_or_else(PoisonError::into_inner);
        let name = std::env::var_os("CARGO_MANIFEST_DIR")
            .and_then(|d| {
                std::path::Path::new(&d)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "answers".to_owned());
        let line = json!({
            "operation": operation,
            "status": answer.status().as_u16(),
            "body": answer.value(),
        });
        let path = std::path::Path::new(&dir).join(format!("{name}.jsonl"));
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        writeln!(file, "{line}").unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    answer.into_value()
}

/// A value the parameter accepts, and the record field it sets does too: an enum's first value, the
/// example its pattern or format gives (`KS000…`, a URL), else one of its kind.
fn sample(param: &Param, resource: &Resource) -> String {
    let field = param
        .field
        .and_then(|f| resource.fields.iter().find(|x| x.wire == f));
    let given = param.values.first().or(param.example.as_ref());
    let for_field = field.and_then(|f| f.values.first().or(f.example.as_ref()));
    if let Some(first) = given.or(for_field) {
        return (*first).to_owned();
    }
    match param.kind {
        Kind::Integer => "1".into(),
        Kind::Number => "1.5".into(),
        Kind::Boolean => "true".into(),
        Kind::DateTime => "2030-01-02T03:04:05Z".into(),
        Kind::DateTimeRfc2822 => "Wed, 02 Jan 2030 03:04:05 +0000".into(),
        Kind::Date => "2030-01-02".into(),
        Kind::Json => "{}".into(),
        Kind::Text => "sample".into(),
    }
}

fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap()
}

/// A request for `operation` on `path` with every required parameter set.
fn request(resource: &Resource, spec: &PathSpec, operation: &Operation, path: String) -> Request {
    let mut request = Request::new(method(operation.method), operation.id, spec.template, path);
    let mut form = Params::new();
    for param in operation.params.iter().filter(|p| p.required) {
        let value = sample(param, resource);
        if param.query {
            request.query.push(param.wire, &value);
        } else {
            form.push(param.wire, &value);
        }
    }
    if operation.method != "GET" && operation.method != "DELETE" {
        request.form = Some(form);
    }
    request
}

fn operation(spec: &PathSpec, method: &str) -> Option<&'static Operation> {
    let operations: &'static [Operation] = spec.operations;
    operations.iter().find(|o| o.method == method)
}

/// Creates a record of `index` (and of its ancestors first); its instance path's values.
async fn create(
    spec: &'static Spec,
    client: &Client,
    index: usize,
    counter: &mut u32,
) -> Option<Vec<String>> {
    let resource = &spec.resources[index];
    let list = resource.list.as_ref()?;
    let post = operation(list, "POST")?;
    let wanted = template_params(list.template);
    let mut values = match resource.parent {
        Some(parent) => Box::pin(parent_values(spec, client, parent, counter)).await,
        None => Vec::new(),
    };
    values.resize_with(wanted, || invented(counter));
    values.truncate(wanted);
    let path = render(list.template, &values);
    let created = json(client, request(resource, list, post, path.clone()), &path).await;
    let id = created.as_object().and_then(|r| record_id(resource, r))?;
    values.push(id);
    Some(values)
}

/// An identifier for a record nobody created (the fake lets it stand for any resource it cannot
/// create: those exist implicitly).
fn invented(counter: &mut u32) -> String {
    *counter += 1;
    format!("ZZ{:032x}", counter)
}

/// The instance path values of a record of `index`: created when the fake can create one, else
/// invented below a real chain of parents.
async fn parent_values(
    spec: &'static Spec,
    client: &Client,
    index: usize,
    counter: &mut u32,
) -> Vec<String> {
    if let Some(values) = create(spec, client, index, counter).await {
        return values;
    }
    let resource = &spec.resources[index];
    let mut values = match resource.parent {
        Some(parent) => Box::pin(parent_values(spec, client, parent, counter)).await,
        None => Vec::new(),
    };
    let wanted = resource
        .instance
        .as_ref()
        .map_or(values.len() + 1, |i| template_params(i.template));
    values.truncate(wanted);
    while values.len() + 1 < wanted {
        values.push(invented(counter));
    }
    if values.len() < wanted {
        // The record's own identifier, of the shape its resource's identifiers have (`CF…` for a
        // conference), apart from the ones the fake assigns.
        *counter += 1;
        values.push(new_id(resource, (1 << 40) + u64::from(*counter)));
    }
    values
}

/// The account the fake's client authenticates as can be fetched.
pub async fn the_account_the_client_authenticates_as_exists<A: Fake>() {
    let fake = FakeTwilio::<A>::start().await;
    let client = A::into_client(fake.client().clone());
    let accounts = A::SPEC.resources.iter().filter(|r| {
        r.sid_prefix == Some("AC")
            && r.list
                .as_ref()
                .is_some_and(|l| template_params(l.template) == 0)
    });
    for resource in accounts {
        let Some(instance) = &resource.instance else {
            continue;
        };
        let Some(get) = operation(instance, "GET") else {
            continue;
        };
        let path = render(instance.template, &[ACCOUNT_SID.to_owned()]);
        let account = json(
            &client,
            request(resource, instance, get, path.clone()),
            &path,
        )
        .await;
        assert_eq!(account["sid"], ACCOUNT_SID);
    }
}

/// Every resource that can be created is created, fetched, listed, updated and deleted, then
/// answers 404, parents first.
pub async fn every_resource_is_created_fetched_listed_updated_and_deleted<A: Fake>() {
    let fake = FakeTwilio::<A>::start().await;
    let client = &A::into_client(fake.client().clone());
    let mut counter = 0;
    let mut exercised = Vec::new();
    for (index, resource) in A::SPEC.resources.iter().enumerate() {
        let Some(instance) = &resource.instance else {
            continue;
        };
        if !ends_in_param(instance.template) {
            continue;
        }
        let Some(values) = create(A::SPEC, client, index, &mut counter).await else {
            continue;
        };
        eprintln!("{}: {}", resource.name, render(instance.template, &values));
        let id = values.last().unwrap().clone();
        let path = render(instance.template, &values);
        if let Some(get) = operation(instance, "GET") {
            let fetched = json(
                client,
                request(resource, instance, get, path.clone()),
                &path,
            )
            .await;
            let record = fetched.as_object().unwrap();
            assert_eq!(record_id(resource, record).as_deref(), Some(id.as_str()));
        }
        if let Some(list) = &resource.list
            && let Some(get) = operation(list, "GET")
            && let Answer::Page { key, .. } = get.answer
        {
            let list_path = render(list.template, &values[..values.len() - 1]);
            let page = json(
                client,
                request(resource, list, get, list_path.clone()),
                &list_path,
            )
            .await;
            let records = page[key].as_array().unwrap();
            assert!(
                records
                    .iter()
                    .any(|r| record_id(resource, r.as_object().unwrap()).as_deref()
                        == Some(id.as_str())),
                "{} lists {id}",
                get.id
            );
        }
        if let Some(update) = operation(instance, "POST") {
            json(
                client,
                request(resource, instance, update, path.clone()),
                &path,
            )
            .await;
        }
        if let Some(delete) = operation(instance, "DELETE") {
            client
                .send_empty(request(resource, instance, delete, path.clone()))
                .await
                .unwrap_or_else(|e| panic!("{} {path}: {e}", delete.id));
            if let Some(get) = operation(instance, "GET") {
                let gone = client
                    .send_json::<Value>(request(resource, instance, get, path.clone()))
                    .await
                    .unwrap_err();
                assert!(
                    matches!(&gone, Error::Api(api) if api.code == 20404 && api.status == 404),
                    "{gone}"
                );
            }
        }
        exercised.push(resource.name);
    }
    // Every resource that can be created and has an instance path was exercised.
    let missed: Vec<&str> = A::SPEC
        .resources
        .iter()
        .filter(|r| {
            r.creatable()
                && r.identifiable()
                && r.instance
                    .as_ref()
                    .is_some_and(|i| ends_in_param(i.template))
                && !exercised.contains(&r.name)
        })
        .map(|r| r.name)
        .collect();
    assert!(
        missed.is_empty(),
        "created but not found by their instance path: {missed:?}"
    );
}
