//! The committed OpenAPI document's examples against what the sandbox answers: both take the
//! server's words from pmp-core's `strings.rs`, and this test fails when either drifts (or
//! when the document is not regenerated after a change there).

mod common;

use common::Sandbox;
use pmp_core::*;
use pmp_sandbox::Module;
use serde_json::{json, Value};

/// The committed document, or the one in `$PMP_OPENAPI_DIR`: `cargo xtask test "synthetic
/// resource"` generates the documents of its declaration there, as a contributor adding a
/// resource regenerates `openapi/`.
fn document() -> Value {
    let dir = std::env::var_os("PMP_OPENAPI_DIR").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi"),
        std::path::PathBuf::from,
    );
    let path = dir.join("pmp.openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The example `key` of an endpoint's answer with `status`.
fn example(doc: &Value, endpoint: &Endpoint, status: &str, key: &str) -> Value {
    let method = endpoint.method.as_str().to_ascii_lowercase();
    let path = format!("/{}", endpoint.path);
    let value = &doc["paths"][&path][&method]["responses"][status]["content"]["application/json"]["examples"]
        [key]["value"];
    assert!(
        !value.is_null(),
        "no example {key} of {status} for {}",
        endpoint.operation_id
    );
    value.clone()
}

/// The mandatory fields of a create, with values every profile takes.
fn valid_create(resource: Resource, module: Module) -> InputRecord {
    let mut record = InputRecord::new(resource);
    for rule in resource.required_on(module) {
        let spec = input_fields(resource)
            .iter()
            .find(|f| f.name == rule.field)
            .unwrap();
        let value = match spec.kind {
            FieldKind::Number => InputValue::Number(1),
            // A year of no seeded row: an invoice's number `1` is free in it.
            FieldKind::Date => InputValue::Text("2019-01-31".to_owned()),
            FieldKind::NumberList => InputValue::NumberList(vec![1]),
            FieldKind::NewLines => InputValue::Lines(vec![LineItem::new("1", "1", "1")]),
            FieldKind::Lines => continue,
            _ => InputValue::Text("1".to_owned()),
        };
        record.set(spec.name, value).unwrap();
    }
    record
}

/// An update that changes the row: its first text field, to a text no row has. A
/// whole-document update (invoices) carries the rest of `valid_create` too, and a kept line
/// (the sandbox changes no line of another document).
fn changing_update(resource: Resource, module: Module) -> InputRecord {
    let mut record = if resource.updates_whole() {
        let mut whole = valid_create(resource, module);
        whole.remove("newitems");
        let kept = LineItem {
            itemid: Some(1),
            ..LineItem::new("1", "1", "1")
        };
        whole.set("items", InputValue::Lines(vec![kept])).unwrap();
        whole
    } else {
        InputRecord::new(resource)
    };
    let spec = input_fields(resource)
        .iter()
        .find(|f| f.kind == FieldKind::Text)
        .unwrap();
    record
        .set(
            spec.name,
            InputValue::Text("Changed by the examples test".to_owned()),
        )
        .unwrap();
    record
}

#[tokio::test]
async fn write_and_not_found_examples_are_what_the_sandbox_answers() {
    let doc = document();
    let sandboxes = [
        &Sandbox::start().await,
        &Sandbox::start_as(Module::V2).await,
        &Sandbox::start_as(Module::V3).await,
    ];
    for resource in Resource::ALL {
        // Each resource on the oldest version that creates it (1.0 and 2.0 word writes
        // alike; 2.0.8's items have no writes: 3.0).
        let module = Module::ALL
            .into_iter()
            .find(|m| resource.serves(*m, Operation::Create))
            .unwrap();
        let sandbox = sandboxes[module as usize];
        let serves = |operation| resource.serves(module, operation);
        let config = &sandbox.config;
        // A child's list and get name its parent row (the seeded customer 1).
        let parent = resource.info().parent.map(|_| 1);
        let at = |operation| Endpoint::of(resource, operation);
        let send = |operation, args| {
            let request = build_request(config, at(operation), args).unwrap();
            async move { sandbox.send(&request).await.json() }
        };
        let what = resource.segment();

        // The client refuses this create itself: the form goes raw.
        let post = sandbox.http.post(sandbox.url(at(Operation::Create).path));
        let refused = sandbox.raw(post.form(&[("unknown_field", "1")])).await.json();
        assert_eq!(
            refused,
            example(&doc, at(Operation::Create), "404", "validation"),
            "{what}"
        );

        let fields = valid_create(resource, module);
        let request = build_request(config, at(Operation::Create), Args::Fields(&fields)).unwrap();
        let added = sandbox.send(&request).await;
        if resource.quirks().create_empty(module) {
            // 2.0.8's payments answer nothing.
            assert_eq!((added.status, added.body.len()), (200, 0), "{what}");
        } else {
            let mut added = added.json();
            // 3.x adds the new id, which the example leaves out.
            added.as_object_mut().unwrap().remove("record_id");
            assert_eq!(
                added,
                example(&doc, at(Operation::Create), "200", "success"),
                "{what}"
            );
        }

        // The same number again in its year (invoices, estimates).
        if resource.quirks().unique_in_year.is_some() {
            let again = sandbox.send(&request).await.json();
            assert_eq!(
                again,
                example(&doc, at(Operation::Create), "404", "numberInUse"),
                "{what}"
            );
        }

        let get = parent.map_or(Args::Id(999_999), |p| Args::ParentAndId(p, 999_999));
        let missing = send(Operation::Get, get).await;
        assert_eq!(
            missing,
            example(&doc, at(Operation::Get), "404", "noData"),
            "{what}"
        );

        // Payments are never updated or deleted (405: the examples of other resources).
        if !serves(Operation::Update) || !serves(Operation::Delete) {
            continue;
        }
        let change = changing_update(resource, module);
        let not_updated = send(Operation::Update, Args::IdAndFields(999_999, &change)).await;
        // A whole-document update checks the id last, and answers 409; 3.x names the
        // missing row where the controller says so.
        // Staffs: success whatever the id (the quirk `writes_ignore_missing_on`).
        let ignores_missing = resource.quirks().writes_ignore_missing(module);
        let expected = if ignores_missing {
            example(&doc, at(Operation::Update), "200", "success")
        } else if resource.quirks().missing_update_conflict {
            example(&doc, at(Operation::Update), "409", "noSuchRow")
        } else if module.is_v3() && resource.quirks().missing_update_not_found_on_v3 {
            json!({"status": false, "message": strings::write_message(resource, strings::WriteOutcome::NotFound)})
        } else {
            example(&doc, at(Operation::Update), "404", "writeFailure")
        };
        assert_eq!(not_updated, expected, "{what}");
        if resource.updates_whole() {
            let mut partial = InputRecord::new(resource);
            partial.set("adminnote", InputValue::Text("x".into())).unwrap();
            let refused = build_request(config, at(Operation::Update), Args::IdAndFields(1, &partial));
            assert_eq!(refused.unwrap_err().kind, ErrorKind::InvalidInput, "{what}");
            let put = sandbox.http.put(sandbox.url(&format!("api/{what}/1")));
            let answer = sandbox.raw(put.json(&json!({"adminnote": "x"}))).await;
            assert_eq!(answer.status, 409, "{what}");
            assert_eq!(
                answer.json(),
                example(&doc, at(Operation::Update), "409", "validation"),
                "{what}"
            );
        }

        // The newest row (the one just added) is updated, then deleted. Where the version's
        // list always answers 404 (1.0.0's tasks), it is found by its title, `1`.
        let rows = if resource.quirks().list_fails(module) {
            send(Operation::Search, Args::Keyword("1")).await
        } else {
            send(Operation::List, parent.map_or(Args::None, Args::Id)).await
        };
        // A 3.x page's rows (its default page holds the seed's and the new one).
        let rows = if rows["data"].is_array() {
            rows["data"].clone()
        } else {
            rows
        };
        let id: u64 = rows
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|row| row[resource.id_field()].as_str()?.parse().ok())
            .max()
            .unwrap();
        let updated = send(Operation::Update, Args::IdAndFields(id, &change)).await;
        assert_eq!(
            updated,
            example(&doc, at(Operation::Update), "200", "success"),
            "{what}"
        );
        let deleted = send(Operation::Delete, Args::Id(id)).await;
        assert_eq!(
            deleted,
            example(&doc, at(Operation::Delete), "200", "success"),
            "{what}"
        );
        let again = send(Operation::Delete, Args::Id(id)).await;
        let expected = if ignores_missing {
            example(&doc, at(Operation::Delete), "200", "success")
        } else if resource.quirks().deletes_newest_only {
            example(&doc, at(Operation::Delete), "404", "noSuchRow")
        } else {
            example(&doc, at(Operation::Delete), "404", "writeFailure")
        };
        assert_eq!(again, expected, "{what}");
    }
}

#[tokio::test]
async fn token_examples_are_what_each_version_answers() {
    let doc = document();
    let endpoint = Endpoint::of(Resource::Customers, Operation::List);
    for (module, key) in [
        (Module::V1, "tokenMissing"),
        (Module::V2, "tokenMissing"),
        (Module::V3, "tokenRefused"),
    ] {
        let sandbox = Sandbox::start_as(module).await;
        let answer = common::answer(
            sandbox
                .http
                .get(sandbox.url("api/customers"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, 404);
        assert_eq!(answer.json(), example(&doc, endpoint, "404", key), "{module:?}");
        sandbox.running.stop().await;
    }
    let v2 = Sandbox::start_as(Module::V2).await;
    let answer = v2
        .raw(v2.http.put(v2.url("api/customers/1")).body("not json"))
        .await;
    assert_eq!(answer.status, 406);
    let update = Endpoint::of(Resource::Customers, Operation::Update);
    assert_eq!(answer.json(), example(&doc, update, "406", "notAcceptable"));
    assert_eq!(
        answer.json(),
        json!({"status": false, "message": strings::NOT_ACCEPTABLE})
    );
    v2.running.stop().await;
}
