//! The client inside a JavaScript engine, with scripted `fetch` functions: run in Node and in
//! headless Chromium by `cargo xtask test wasm` (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Reflect};
use pmp_core::{InputKind, CATALOGUE};
use pmp_wasm::PmpClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const TOKEN: &str = "tok-123-secret";

/// A fetch that records `[url, init]` in `calls` and answers `status` with `body`.
fn scripted_fetch(status: u16, body: &str, calls: &Array) -> Function {
    let make = Function::new_with_args(
        "status, body, calls",
        "return async (url, init) => { calls.push([url, init]); \
         return new Response(body, { status, headers: { 'content-type': 'application/json' } }); };",
    );
    make.call3(&JsValue::NULL, &status.into(), &body.into(), calls)
        .unwrap()
        .unchecked_into()
}

/// A fetch that answers only when its signal aborts (then rejects like fetch does).
fn hanging_fetch() -> Function {
    Function::new_with_args(
        "url, init",
        "return new Promise((_, reject) => init.signal.addEventListener('abort', \
         () => reject(new DOMException('This operation was aborted', 'AbortError'))));",
    )
}

fn options(fetch: &Function, extra: &[(&str, JsValue)]) -> JsValue {
    let options = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&options, &k.into(), v).unwrap();
    set("baseUrl", &"https://crm.example.com/sub".into());
    set("token", &TOKEN.into());
    set("fetch", fetch);
    for (k, v) in extra {
        set(k, v);
    }
    options.into()
}

fn client(fetch: &Function) -> JsValue {
    PmpClient::new(options(fetch, &[])).map(JsValue::from).unwrap()
}

/// Calls `method` on the client with `args` now; the future settles as the call does.
fn start(client: &JsValue, method: &str, args: &[JsValue]) -> JsFuture {
    let f: Function = Reflect::get(client, &method.into()).unwrap().unchecked_into();
    let promise: Promise = f
        .apply(client, &args.iter().collect::<Array>())
        .unwrap()
        .unchecked_into();
    JsFuture::from(promise)
}

/// Calls `method` on the client with `args`; the settled value, `Err` for a rejection.
async fn call(client: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    start(client, method, args).await
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// Checks that a rejection is a PmpError of `kind` without the token; returns its message.
fn expect_error(result: Result<JsValue, JsValue>, kind: &str) -> String {
    let err = result.expect_err("the call should fail");
    assert!(err.is_instance_of::<js_sys::Error>(), "instanceof Error");
    assert_eq!(get(&get(&err, "constructor"), "name"), "PmpError");
    assert_eq!(get(&err, "kind").as_string().as_deref(), Some(kind));
    let message = get(&err, "message").as_string().unwrap();
    assert!(!message.contains(TOKEN), "{message}");
    message
}

#[wasm_bindgen_test]
async fn every_catalogue_endpoint_has_its_method() {
    let client = client(&scripted_fetch(200, "[]", &Array::new()));
    for endpoint in CATALOGUE.iter() {
        let method = get(&client, endpoint.operation_id);
        assert!(method.is_function(), "{} is missing", endpoint.operation_id);
    }
}

#[wasm_bindgen_test]
async fn requests_follow_the_catalogue() {
    let calls = Array::new();
    let client = client(&scripted_fetch(200, r#"{"status":true,"message":"ok"}"#, &calls));
    let input = |name: &str| -> JsValue {
        let fields = match name {
            "Customer" => r#"{"company":"Acme","groups_in":[1,4]}"#,
            "Lead" => r#"{"source":"1","status":"1","name":"L"}"#,
            "Milestone" => r#"{"project_id":"2","name":"M","due_date":"2019-07-30"}"#,
            "Project" => r#"{"name":"P","clientid":3,"billing_type":1,"start_date":"2019-07-30","status":2}"#,
            _ => r#"{"subject":"S","department":"1","contactid":"1","userid":"3"}"#,
        };
        js_sys::JSON::parse(fields).unwrap()
    };
    for endpoint in CATALOGUE.iter() {
        let model = endpoint.resource.model_name();
        let args: Vec<JsValue> = match endpoint.input {
            InputKind::None => vec![],
            InputKind::Id => vec![7.into()],
            InputKind::Keyword => vec!["a/b c".into()],
            InputKind::Fields => vec![input(model)],
            InputKind::IdAndFields => vec!["7".into(), input(model)],
        };
        // Answers are a message object: fine for writes, a decode error for lists.
        let _ = call(&client, endpoint.operation_id, &args).await;
        let last = calls.get(calls.length() - 1);
        let url = last.unchecked_ref::<Array>().get(0).as_string().unwrap();
        let init = last.unchecked_ref::<Array>().get(1);
        let path = endpoint
            .path
            .replace("{id}", "7")
            .replace("{keysearch}", "a%2Fb%20c");
        assert_eq!(
            url,
            format!("https://crm.example.com/sub/{path}"),
            "{}",
            endpoint.operation_id
        );
        assert_eq!(
            get(&init, "method").as_string().unwrap(),
            endpoint.method.as_str()
        );
        let headers = get(&init, "headers");
        assert_eq!(get(&headers, "authtoken").as_string().as_deref(), Some(TOKEN));
        for name in endpoint.auth.headers() {
            assert_eq!(get(&headers, name).as_string().as_deref(), Some(TOKEN), "{name}");
        }
    }
    assert_eq!(calls.length(), 30);
}

#[wasm_bindgen_test]
async fn bodies_are_forms_on_create_and_json_on_update() {
    let calls = Array::new();
    let client = client(&scripted_fetch(200, r#"{"status":true,"message":"ok"}"#, &calls));
    let input = js_sys::JSON::parse(r#"{"company":"A&B","groups_in":[1,4],"vat":null}"#).unwrap();
    call(&client, "createCustomer", std::slice::from_ref(&input))
        .await
        .unwrap();
    call(&client, "updateCustomer", &[3.into(), input]).await.unwrap();
    let body = |i: u32| get(&calls.get(i).unchecked_ref::<Array>().get(1), "body");
    assert_eq!(
        body(0).as_string().unwrap(),
        "company=A%26B&groups_in%5B%5D=1&groups_in%5B%5D=4"
    );
    assert_eq!(
        body(1).as_string().unwrap(),
        r#"{"company":"A&B","groups_in":[1,4]}"#
    );
}

#[wasm_bindgen_test]
async fn answers_are_the_parsed_values() {
    let rows = r#"[{"userid":"3","company":"Jk","customfields":[{"label":"x","value":"y"}]}]"#;
    let client = client(&scripted_fetch(200, rows, &Array::new()));
    let list = call(&client, "listCustomers", &[]).await.unwrap();
    assert_eq!(js_sys::JSON::stringify(&list).unwrap(), rows);
    // The document shows a search answering one object: it becomes a one-row array.
    let one = client_answering(200, r#"{"id":"5","name":"M"}"#);
    let found = call(&one, "searchMilestones", &["M".into()]).await.unwrap();
    assert!(Array::is_array(&found));
    assert_eq!(found.unchecked_ref::<Array>().length(), 1);
}

fn client_answering(status: u16, body: &str) -> JsValue {
    client(&scripted_fetch(status, body, &Array::new()))
}

#[wasm_bindgen_test]
async fn failures_are_classified() {
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
    for (status, body, method, kind) in cases {
        let client = client_answering(status, body);
        let args: Vec<JsValue> = if method == "listLeads" {
            vec![]
        } else {
            vec![1.into()]
        };
        let message = expect_error(call(&client, method, &args).await, kind);
        assert!(!message.is_empty(), "{body}");
    }
}

#[wasm_bindgen_test]
async fn validation_errors_carry_field_errors() {
    let body = r#"{"status":false,"error":{"company":"The Company field is required."},"message":"<p>The Company field is required.</p>\n"}"#;
    let client = client_answering(404, body);
    let input = js_sys::JSON::parse(r#"{"company":"A"}"#).unwrap();
    let err = call(&client, "createCustomer", &[input]).await.unwrap_err();
    assert_eq!(get(&err, "kind"), "validation");
    assert_eq!(get(&err, "status"), 404);
    assert_eq!(
        get(&get(&err, "fieldErrors"), "company"),
        "The Company field is required."
    );
}

#[wasm_bindgen_test]
async fn the_token_is_redacted_from_server_messages() {
    let body = format!(r#"{{"status":false,"message":"bad token {TOKEN}"}}"#);
    let message = expect_error(
        call(&client_answering(500, &body), "listTickets", &[]).await,
        "http",
    );
    assert!(message.contains("[redacted]"), "{message}");
}

#[wasm_bindgen_test]
async fn timeouts_and_aborts() {
    let timeout = [("timeoutMs", JsValue::from(30))];
    let slow = PmpClient::new(options(&hanging_fetch(), &timeout))
        .map(JsValue::from)
        .unwrap();
    expect_error(call(&slow, "listProjects", &[]).await, "timeout");

    let controller: JsValue = js_sys::eval("new AbortController()").unwrap();
    let call_options = Object::new();
    Reflect::set(&call_options, &"signal".into(), &get(&controller, "signal")).unwrap();
    let slow = client(&hanging_fetch());
    let pending = start(&slow, "getProject", &[1.into(), call_options.into()]);
    let abort: Function = get(&controller, "abort").unchecked_into();
    abort.call0(&controller).unwrap();
    expect_error(pending.await, "aborted");
    // A fetch that ignores its signal still times out, or is aborted.
    let deaf = Function::new_no_args("return new Promise(() => {});");
    let deaf_slow = PmpClient::new(options(&deaf, &timeout))
        .map(JsValue::from)
        .unwrap();
    expect_error(call(&deaf_slow, "listTickets", &[]).await, "timeout");
    let controller: JsValue = js_sys::eval("new AbortController()").unwrap();
    let call_options = Object::new();
    Reflect::set(&call_options, &"signal".into(), &get(&controller, "signal")).unwrap();
    let deaf = client(&deaf);
    let pending = start(&deaf, "listTickets", &[call_options.into()]);
    let abort: Function = get(&controller, "abort").unchecked_into();
    abort.call0(&controller).unwrap();
    expect_error(pending.await, "aborted");

    // Nothing is left broken: the next call works.
    let fine = client_answering(200, "[]");
    assert!(call(&fine, "listProjects", &[]).await.is_ok());
}

#[wasm_bindgen_test]
fn bad_options_throw_a_pmp_error() {
    let fetch = scripted_fetch(200, "[]", &Array::new());
    let bad = [
        options(&fetch, &[("baseUrl", "ftp://x".into())]),
        options(&fetch, &[("token", 5.into())]),
        options(&fetch, &[("timeoutMs", 0.into())]),
        JsValue::NULL,
    ];
    for options in bad {
        let err = PmpClient::new(options).err().expect("refused");
        assert_eq!(get(&err, "kind"), "invalid_input");
        assert!(err.is_instance_of::<js_sys::Error>());
    }
}
