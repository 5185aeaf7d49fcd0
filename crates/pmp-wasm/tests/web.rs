//! The wasm half of the client (`Core`) inside a JavaScript engine: run in Node and in
//! headless Chromium by `cargo xtask test wasm` (wasm-bindgen-test). The JavaScript half
//! (js/client.js: fetch, time limits, retries) is tested through the packed package in
//! tests/node.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use pmp_core::{InputKind, OutputKind, CATALOGUE};
use pmp_wasm::{catalogue, Core};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

const TOKEN: &str = "tok-123-secret";

/// A core as `PmpClient` makes one, with `retries` and `retryWrites` as given.
fn core_with(
    base_url: &str,
    token: &str,
    headers: &[&str],
    retry_writes: Option<bool>,
) -> Result<Core, JsValue> {
    let headers: Array = headers.iter().map(|h| JsValue::from(*h)).collect();
    Core::new(
        base_url,
        token,
        headers,
        None,
        retry_writes,
        None,
        None,
        None,
        None,
    )
}

fn core() -> Core {
    core_with("https://crm.example.com/sub", TOKEN, &[], None).unwrap_or_else(|_| panic!("options refused"))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn op(name: &str) -> usize {
    CATALOGUE.iter().position(|e| e.operation_id == name).unwrap()
}

/// Checks that a value is a PmpError of `kind` without the token; returns its message.
fn expect_error(err: &JsValue, kind: &str) -> String {
    assert!(err.is_instance_of::<js_sys::Error>(), "instanceof Error");
    assert_eq!(get(&get(err, "constructor"), "name"), "PmpError");
    assert_eq!(get(err, "kind").as_string().as_deref(), Some(kind));
    let message = get(err, "message").as_string().unwrap();
    assert!(!message.contains(TOKEN), "{message}");
    message
}

#[wasm_bindgen_test]
fn the_catalogue_export_is_pmp_cores() {
    let exported = catalogue();
    assert_eq!(exported.length() as usize, CATALOGUE.len());
    for (i, endpoint) in CATALOGUE.iter().enumerate() {
        let entry: Array = exported.get(i as u32).unchecked_into();
        assert_eq!(entry.get(0), endpoint.operation_id);
        assert_eq!(entry.get(1), endpoint.method.as_str());
        assert_eq!(entry.get(2), endpoint.input as u32);
        assert_eq!(entry.get(3), endpoint.output as u32);
        let columns = entry.get(4).as_string().unwrap();
        assert_eq!(columns.is_empty(), endpoint.output == OutputKind::Message);
        let token_headers: Vec<String> = entry
            .get(5)
            .unchecked_into::<Array>()
            .iter()
            .filter_map(|h| h.as_string())
            .collect();
        assert_eq!(token_headers, endpoint.auth.headers());
    }
}

#[wasm_bindgen_test]
fn requests_follow_the_catalogue() {
    let core = core();
    let input = |name: &str| -> JsValue {
        let fields = match name {
            "Customer" => r#"{"company":"Acme","groups_in":[1,4]}"#,
            "Lead" => r#"{"source":"1","status":"1","name":"L"}"#,
            "Milestone" => r#"{"project_id":"2","name":"M","due_date":"2019-07-30"}"#,
            "Project" => r#"{"name":"P","clientid":3,"billing_type":1,"start_date":"2019-07-30","status":2}"#,
            "Contact" => r#"{"customer_id":3,"firstname":"A","lastname":"B","email":"a@b.c"}"#,
            _ => r#"{"subject":"S","department":"1","contactid":"1","userid":"3"}"#,
        };
        js_sys::JSON::parse(fields).unwrap()
    };
    for (i, endpoint) in CATALOGUE.iter().enumerate() {
        let model = endpoint.resource.model_name();
        let (first, second) = match endpoint.input {
            InputKind::None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
            InputKind::Id => (7.into(), JsValue::UNDEFINED),
            InputKind::Keyword => ("a/b c".into(), JsValue::UNDEFINED),
            InputKind::Fields => (input(model), JsValue::UNDEFINED),
            InputKind::IdAndFields => ("7".into(), input(model)),
            // A child's get: the parent's id, then the row's.
            InputKind::ParentAndId => (3.into(), "7".into()),
        };
        let request = core
            .prepare(i, first, second)
            .unwrap_or_else(|_| panic!("{} refused", endpoint.operation_id));
        let path = endpoint
            .path
            .replace("{parent_id}", "3")
            .replace("{id}", "7")
            .replace("{keysearch}", "a%2Fb%20c");
        assert_eq!(
            request.get(0).as_string().unwrap(),
            format!("https://crm.example.com/sub/{path}"),
            "{}",
            endpoint.operation_id
        );
        let headers = request.get(1);
        for name in endpoint.auth.headers() {
            assert_eq!(get(&headers, name).as_string().as_deref(), Some(TOKEN), "{name}");
        }
        let has_body = matches!(endpoint.input, InputKind::Fields | InputKind::IdAndFields);
        assert_eq!(
            !request.get(2).is_undefined(),
            has_body,
            "{}",
            endpoint.operation_id
        );
    }
}

#[wasm_bindgen_test]
fn bodies_are_forms_on_create_and_json_on_update() {
    let core = core();
    let input = js_sys::JSON::parse(r#"{"company":"A&B","groups_in":[1,4],"vat":null}"#).unwrap();
    let create = core
        .prepare(op("createCustomer"), input.clone(), JsValue::UNDEFINED)
        .ok()
        .unwrap();
    let update = core.prepare(op("updateCustomer"), 3.into(), input).ok().unwrap();
    assert_eq!(
        create.get(2).as_string().unwrap(),
        "company=A%26B&groups_in%5B%5D=1&groups_in%5B%5D=4"
    );
    assert_eq!(
        get(&create.get(1), "Content-Type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        update.get(2).as_string().unwrap(),
        r#"{"company":"A&B","groups_in":[1,4]}"#
    );
    assert_eq!(get(&update.get(1), "Content-Type"), "application/json");
}

#[wasm_bindgen_test]
fn bad_arguments_are_refused_before_sending() {
    let core = core();
    let cases: [(&str, JsValue, &str); 4] = [
        ("getCustomer", (-1).into(), "id"),
        ("getCustomer", 1.5.into(), "id"),
        ("searchLeads", 5.into(), "keyword"),
        ("createCustomer", JsValue::NULL, "CustomerInput"),
    ];
    for (name, arg, named) in cases {
        let err = core.prepare(op(name), arg, JsValue::UNDEFINED).err().unwrap();
        let message = expect_error(&err, "invalid_input");
        assert!(message.contains(named), "{message}");
        assert_eq!(get(&err, "attempts"), 0);
    }
    let unknown = js_sys::JSON::parse(r#"{"company":"A","colour":"red"}"#).unwrap();
    let err = core
        .prepare(op("createCustomer"), unknown, JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert!(expect_error(&err, "invalid_input").contains("colour"));
}

#[wasm_bindgen_test]
fn failures_are_classified() {
    let cases = [
        (
            404,
            r#"{"status":false,"message":"No data were found"}"#,
            "getLead",
            "not_found",
        ),
        (
            404,
            r#"{"status":false,"message":"Token Time Expire."}"#,
            "listLeads",
            "auth",
        ),
        (404, r#"{"status":false,"message":null}"#, "listLeads", "auth"),
        (401, "", "listLeads", "auth"),
        (
            200,
            r#"{"status":false,"message":"Client add fail."}"#,
            "deleteLead",
            "http",
        ),
        (500, "<html>Fatal error</html>", "getLead", "http"),
        (200, "<html>login</html>", "getLead", "decode"),
        (200, r#"[{"id":"1"}]"#, "getLead", "decode"),
        (200, r#"[1, 2]"#, "listLeads", "decode"),
    ];
    let core = core();
    for (status, body, method, kind) in cases {
        let err = core.failure(op(method), status, body.into(), "`a body`", 2);
        let message = expect_error(&err, kind);
        assert!(!message.is_empty(), "{body}");
        assert_eq!(get(&err, "attempts"), 2);
    }
}

#[wasm_bindgen_test]
fn validation_errors_carry_field_errors() {
    let body = r#"{"status":false,"error":{"company":"The Company field is required."},"message":"<p>The Company field is required.</p>\n"}"#;
    let err = core().failure(op("createCustomer"), 404, body.into(), "", 1);
    assert_eq!(get(&err, "kind"), "validation");
    assert_eq!(get(&err, "status"), 404);
    assert_eq!(
        get(&get(&err, "fieldErrors"), "company"),
        "The Company field is required."
    );
}

#[wasm_bindgen_test]
fn the_token_is_redacted_from_every_message() {
    let body = format!(r#"{{"status":false,"message":"bad token {TOKEN}"}}"#);
    let core = core();
    let message = expect_error(
        &core.failure(op("listTickets"), 500, body.as_str().into(), "", 1),
        "http",
    );
    assert!(message.contains("[redacted]"), "{message}");
    let made = core.error("network", &format!("the request failed: {TOKEN}"), 1);
    assert!(expect_error(&made, "network").contains("[redacted]"));
}

#[wasm_bindgen_test]
fn retries_follow_the_policy() {
    let core = core();
    let get_lead = op("getLead");
    // Defaults: two retries of GET on network errors, timeouts, 429 and 5xx gateways.
    for status in [0, 1, 429, 502, 503, 504] {
        assert!(core.retry_delay(get_lead, 1, status, f64::NAN) >= 0, "{status}");
        assert!(core.retry_delay(get_lead, 2, status, f64::NAN) >= 0, "{status}");
        assert_eq!(core.retry_delay(get_lead, 3, status, f64::NAN), -1, "{status}");
    }
    for status in [400, 404, 500] {
        assert_eq!(core.retry_delay(get_lead, 1, status, f64::NAN), -1, "{status}");
    }
    // POST never, PUT and DELETE only with retryWrites.
    assert_eq!(core.retry_delay(op("createLead"), 1, 503, f64::NAN), -1);
    assert_eq!(core.retry_delay(op("deleteLead"), 1, 503, f64::NAN), -1);
    let writes = core_with("https://crm.example.com", TOKEN, &[], Some(true))
        .ok()
        .unwrap();
    assert!(writes.retry_delay(op("deleteLead"), 1, 503, f64::NAN) >= 0);
    // The server's wait (Retry-After or X-RateLimit-Reset, read in JavaScript), capped by
    // retryAfterMaxMs.
    assert_eq!(core.retry_delay(get_lead, 1, 503, 2000.0), 2000);
    assert_eq!(core.retry_delay(get_lead, 1, 429, 3_600_000.0), 30_000);
    assert_eq!(core.retry_delay(get_lead, 1, 503, 0.0), 0);
}

#[wasm_bindgen_test]
fn bad_options_throw_a_pmp_error() {
    let bad = [
        core_with("ftp://x", TOKEN, &[], None),
        core_with("https://crm.example.com", "", &[], None),
        core_with("https://crm.example.com", TOKEN, &["authtoken", "x"], None),
        core_with("https://crm.example.com", TOKEN, &["X-A", "b\nc"], None),
        Core::new(
            "https://x",
            TOKEN,
            Array::new(),
            Some(11),
            None,
            None,
            None,
            None,
            None,
        ),
        Core::new(
            "https://x",
            TOKEN,
            Array::new(),
            None,
            None,
            None,
            Some(10),
            Some(5),
            None,
        ),
        core_with("https://crm.example.com", TOKEN, &["Idempotency-Key", "k"], None),
    ];
    for result in bad {
        let err = result.err().expect("refused");
        expect_error(&err, "invalid_input");
    }
    let with_header = core_with("https://crm.example.com", TOKEN, &["X-Trace", "7"], None)
        .ok()
        .unwrap();
    let request = with_header
        .prepare(op("listLeads"), JsValue::UNDEFINED, JsValue::UNDEFINED)
        .ok()
        .unwrap();
    assert_eq!(get(&request.get(1), "X-Trace"), "7");
}
