//! The wasm half of the client (`Core`) inside a JavaScript engine: run in Node and in
//! headless Chromium by `cargo xtask test wasm` (wasm-bindgen-test). The JavaScript half
//! (js/client.js and js/client/: fetch, time limits, retries) is tested through the packed package in
//! tests/node.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use pmp_core::{argument_names, InputKind, Operation, CATALOGUE, EXTRAS};
use pmp_wasm::Core;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

const TOKEN: &str = "tok-123-secret";

/// A JavaScript object of `pairs`, each value parsed as JSON.
fn object(pairs: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (name, json) in pairs {
        Reflect::set(&object, &(*name).into(), &js_sys::JSON::parse(json).unwrap()).unwrap();
    }
    object.into()
}

/// A core as `PmpClient` makes one, from options by name: `baseUrl`, `token`, `headers` and
/// the JSON of any others (`("retryWrites", "true")`).
fn core_with(
    base_url: &str,
    token: &str,
    headers: &[(&str, &str)],
    others: &[(&str, &str)],
) -> Result<Core, JsValue> {
    let options = object(others);
    let headers_object = Object::new();
    for (name, value) in headers {
        Reflect::set(&headers_object, &(*name).into(), &(*value).into()).unwrap();
    }
    Reflect::set(&options, &"baseUrl".into(), &base_url.into()).unwrap();
    Reflect::set(&options, &"token".into(), &token.into()).unwrap();
    Reflect::set(&options, &"headers".into(), &headers_object).unwrap();
    Core::new(&options)
}

/// The arguments of a call by name (`{ id, input }`).
fn args(values: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in values {
        Reflect::set(&object, &(*name).into(), value).unwrap();
    }
    object.into()
}

fn core() -> Core {
    core_with("https://crm.example.com/sub", TOKEN, &[], &[]).unwrap_or_else(|_| panic!("options refused"))
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

/// The endpoints beyond the six: their ops follow the catalogue's, `{ fieldto, id }` by name.
#[wasm_bindgen_test]
fn extra_endpoints_follow_the_catalogue() {
    let core = core();
    let extra = |name: &str| CATALOGUE.len() + EXTRAS.iter().position(|e| e.operation_id == name).unwrap();
    let url = |op, named: &[(&str, JsValue)]| {
        get(&core.prepare(op, &args(named)).unwrap(), "url")
            .as_string()
            .unwrap()
    };
    assert_eq!(
        url(extra("listTaxes"), &[]),
        "https://crm.example.com/sub/api/common/tax_data"
    );
    let fields = extra("listCustomFields");
    assert_eq!(
        url(fields, &[("fieldto", "credit_note".into()), ("id", 3.into())]),
        "https://crm.example.com/sub/api/custom_fields/credit_note/3"
    );
    assert_eq!(
        url(fields, &[("fieldto", "customers".into()), ("id", JsValue::NULL)]),
        "https://crm.example.com/sub/api/custom_fields/customers"
    );
    let err = core
        .prepare(fields, &args(&[("fieldto", "customer".into())]))
        .err()
        .unwrap();
    assert!(expect_error(&err, "invalid_input").contains("credit_note"));
    assert_eq!(
        Core::row_columns(extra("listTaxes")).as_string().unwrap(),
        "id,name,taxrate"
    );
    let old = core_with(
        "https://crm.example.com/",
        TOKEN,
        &[],
        &[("serverVersion", "\"1.0\"")],
    )
    .unwrap();
    let err = old.prepare(extra("listPaymentModes"), &args(&[])).err().unwrap();
    assert!(expect_error(&err, "unsupported").contains("module 1.0.0"));
}

/// `sendInvoice(id, { cc })`: a POST with `cc` as a form field (none without), refused unsent
/// by a core told 2.0, and never retried, even with `retryCreates` and `retryWrites`.
#[wasm_bindgen_test]
fn send_invoice_posts_cc_and_is_never_retried() {
    let send = CATALOGUE.len()
        + EXTRAS
            .iter()
            .position(|e| e.operation_id == "sendInvoice")
            .unwrap();
    let every = [
        ("retries", "3"),
        ("retryCreates", "true"),
        ("retryWrites", "true"),
    ];
    let core = core_with("https://crm.example.com/", TOKEN, &[], &every).unwrap();
    let input = object(&[("cc", "\"a@example.com\"")]);
    let request = core
        .prepare(send, &args(&[("id", 7.into()), ("input", input)]))
        .unwrap();
    assert_eq!(
        get(&request, "url").as_string().unwrap(),
        "https://crm.example.com/api/invoices/7/send"
    );
    assert_eq!(
        get(&request, "body").as_string().as_deref(),
        Some("cc=a%40example.com")
    );
    let headers = get(&request, "headers");
    assert_eq!(
        get(&headers, "Content-Type").as_string().as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let bare = core.prepare(send, &args(&[("id", 7.into())])).unwrap();
    assert!(get(&bare, "body").is_undefined());
    assert!(get(&get(&bare, "headers"), "Content-Type").is_undefined());
    let bad = object(&[("cc", "7")]);
    let err = core
        .prepare(send, &args(&[("id", 7.into()), ("input", bad)]))
        .err()
        .unwrap();
    expect_error(&err, "invalid_input");
    for (kind, status) in [
        ("http", Some(503)),
        ("rate_limited", Some(429)),
        ("network", None),
        ("timeout", None),
    ] {
        assert_eq!(
            core.retry_delay(send, &failure(kind, status, 1), &waits(None)),
            -1,
            "{kind} {status:?}"
        );
    }
    // The same core retries a create.
    let create = op("createCustomer");
    assert!(core.retry_delay(create, &failure("http", Some(503), 1), &waits(None)) >= 0);
    let told = core_with(
        "https://crm.example.com/",
        TOKEN,
        &[],
        &[("serverVersion", "\"2.0\"")],
    )
    .unwrap();
    let err = told.prepare(send, &args(&[("id", 7.into())])).err().unwrap();
    assert!(expect_error(&err, "unsupported").contains("module 2.0.8"));
}

#[wasm_bindgen_test]
fn requests_follow_the_catalogue() {
    let core = core();
    for (i, endpoint) in CATALOGUE.iter().enumerate() {
        // The arguments by the names the package's JavaScript gives them (the catalogue table
        // `cargo xtask pkg` writes from `argument_names`); the input is the resource's
        // declared example, as a JavaScript object.
        let value = |name: &str| -> JsValue {
            match name {
                "id" | "parentId" => "7".into(),
                "keyword" => "a/b c".into(),
                // An invoice's update is the whole document again, with a line it keeps.
                _ if endpoint.operation == Operation::Update && endpoint.resource.updates_whole() => {
                    let mut pairs: Vec<(&str, &str)> = endpoint
                        .resource
                        .example()
                        .iter()
                        .copied()
                        .filter(|(name, _)| *name != "newitems")
                        .collect();
                    pairs.push((
                        "items",
                        r#"[{"itemid": "1", "description": "Kept", "qty": 1, "rate": "2.5"}]"#,
                    ));
                    object(&pairs)
                }
                _ => object(endpoint.resource.example()),
            }
        };
        let names = argument_names(endpoint.input);
        let named: Vec<(&str, JsValue)> = names.iter().map(|n| (*n, value(n))).collect();
        let request = core
            .prepare(i, &args(&named))
            .unwrap_or_else(|_| panic!("{} refused", endpoint.operation_id));
        // Each named argument is read: without one, the call is refused.
        for left_out in names {
            let others: Vec<(&str, JsValue)> = named.iter().filter(|(n, _)| n != left_out).cloned().collect();
            let err = core.prepare(i, &args(&others)).err().unwrap();
            expect_error(&err, "invalid_input");
        }
        let path = endpoint
            .path
            .replace("{id}", "7")
            .replace("{parent_id}", "7")
            .replace("{keysearch}", "a%2Fb%20c");
        assert_eq!(
            get(&request, "url").as_string().unwrap(),
            format!("https://crm.example.com/sub/{path}"),
            "{}",
            endpoint.operation_id
        );
        let headers = get(&request, "headers");
        for name in endpoint.auth.headers() {
            assert_eq!(get(&headers, name).as_string().as_deref(), Some(TOKEN), "{name}");
        }
        let has_body = matches!(endpoint.input, InputKind::Fields | InputKind::IdAndFields);
        assert_eq!(
            !get(&request, "body").is_undefined(),
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
        .prepare(op("createCustomer"), &args(&[("input", input.clone())]))
        .ok()
        .unwrap();
    let update = core
        .prepare(op("updateCustomer"), &args(&[("id", 3.into()), ("input", input)]))
        .ok()
        .unwrap();
    assert_eq!(
        get(&create, "body").as_string().unwrap(),
        "company=A%26B&groups_in%5B%5D=1&groups_in%5B%5D=4"
    );
    assert_eq!(
        get(&get(&create, "headers"), "Content-Type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        get(&update, "body").as_string().unwrap(),
        r#"{"company":"A&B","groups_in":[1,4]}"#
    );
    assert_eq!(get(&get(&update, "headers"), "Content-Type"), "application/json");
}

#[wasm_bindgen_test]
fn bad_arguments_are_refused_before_sending() {
    let core = core();
    let cases: [(&str, &str, JsValue, &str); 4] = [
        ("getCustomer", "id", (-1).into(), "id"),
        ("getCustomer", "id", 1.5.into(), "id"),
        ("searchLeads", "keyword", 5.into(), "keyword"),
        ("createCustomer", "input", JsValue::NULL, "CustomerInput"),
    ];
    for (name, arg_name, arg, named) in cases {
        let err = core.prepare(op(name), &args(&[(arg_name, arg)])).err().unwrap();
        let message = expect_error(&err, "invalid_input");
        assert!(message.contains(named), "{message}");
        assert_eq!(get(&err, "attempts"), 0);
    }
    let unknown = js_sys::JSON::parse(r#"{"company":"A","colour":"red"}"#).unwrap();
    let err = core
        .prepare(op("createCustomer"), &args(&[("input", unknown)]))
        .err()
        .unwrap();
    assert!(expect_error(&err, "invalid_input").contains("colour"));
}

/// An answer as the JavaScript side passes it to `failure`.
fn answer(status: u16, text: &str, excerpt: &str, attempts: u32) -> JsValue {
    args(&[
        ("status", status.into()),
        ("text", text.into()),
        ("excerpt", excerpt.into()),
        ("attempts", attempts.into()),
    ])
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
        let err = core.failure(op(method), &answer(status, body, "`a body`", 2));
        let message = expect_error(&err, kind);
        assert!(!message.is_empty(), "{body}");
        assert_eq!(get(&err, "attempts"), 2);
    }
}

#[wasm_bindgen_test]
fn validation_errors_carry_field_errors() {
    let body = r#"{"status":false,"error":{"company":"The Company field is required."},"message":"<p>The Company field is required.</p>\n"}"#;
    let err = core().failure(op("createCustomer"), &answer(404, body, "", 1));
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
        &core.failure(op("listTickets"), &answer(500, &body, "", 1)),
        "http",
    );
    assert!(message.contains("[redacted]"), "{message}");
    let made = core.error(&args(&[
        ("kind", "network".into()),
        ("message", format!("the request failed: {TOKEN}").into()),
        ("attempts", 1.into()),
    ]));
    assert!(expect_error(&made, "network").contains("[redacted]"));
}

/// A failure as the JavaScript side passes it to `retryDelay`: a `PmpError` of `kind`, its
/// HTTP status if any, after `attempts` attempts.
fn failure(kind: &str, status: Option<u16>, attempts: u32) -> JsValue {
    let status = status.map_or("null".to_owned(), |s| s.to_string());
    object(&[
        ("kind", &format!("\"{kind}\"")),
        ("status", &status),
        ("attempts", &attempts.to_string()),
    ])
}

/// What the JavaScript side passes to `retryDelay` of the answer: its `Retry-After` header, if
/// any, and no `X-RateLimit-Reset` seen.
fn waits(retry_after: Option<&str>) -> JsValue {
    let retry_after = retry_after.map_or(JsValue::UNDEFINED, JsValue::from);
    args(&[("retryAfter", retry_after), ("rateReset", f64::NAN.into())])
}

#[wasm_bindgen_test]
fn retries_follow_the_policy() {
    let core = core();
    let get_lead = op("getLead");
    // Defaults: two retries of GET on network errors, timeouts, rate limits and 5xx gateways.
    let retried = [
        ("network", None),
        ("timeout", None),
        ("rate_limited", Some(429)),
        // 3.x's "time limit for this method" answer is a 401 of kind rate_limited.
        ("rate_limited", Some(401)),
        ("http", Some(502)),
        ("http", Some(503)),
        ("http", Some(504)),
    ];
    for (kind, status) in retried {
        assert!(
            core.retry_delay(get_lead, &failure(kind, status, 1), &waits(None)) >= 0,
            "{kind} {status:?}"
        );
        assert!(
            core.retry_delay(get_lead, &failure(kind, status, 2), &waits(None)) >= 0,
            "{kind} {status:?}"
        );
        assert_eq!(
            core.retry_delay(get_lead, &failure(kind, status, 3), &waits(None)),
            -1,
            "{kind} {status:?}"
        );
    }
    // Not retried: other answers, and auth failures whatever their status (3.x's lock-out 429).
    for (kind, status) in [
        ("validation", Some(400)),
        ("not_found", Some(404)),
        ("http", Some(500)),
        ("auth", Some(429)),
    ] {
        assert_eq!(
            core.retry_delay(get_lead, &failure(kind, status, 1), &waits(None)),
            -1,
            "{kind} {status:?}"
        );
    }
    // POST never, PUT and DELETE only with retryWrites.
    let unavailable = failure("http", Some(503), 1);
    assert_eq!(core.retry_delay(op("createLead"), &unavailable, &waits(None)), -1);
    assert_eq!(core.retry_delay(op("deleteLead"), &unavailable, &waits(None)), -1);
    let writes = core_with("https://crm.example.com", TOKEN, &[], &[("retryWrites", "true")])
        .ok()
        .unwrap();
    assert!(writes.retry_delay(op("deleteLead"), &unavailable, &waits(None)) >= 0);
    // The server's wait (Retry-After, or X-RateLimit-Reset over a rate limit), capped by
    // retryAfterMaxMs; over a rate limit it is also the failure's retryAfterMs.
    assert_eq!(core.retry_delay(get_lead, &unavailable, &waits(Some("2"))), 2000);
    let limited = failure("rate_limited", Some(429), 1);
    assert_eq!(core.retry_delay(get_lead, &limited, &waits(Some("3600"))), 30_000);
    assert_eq!(get(&limited, "retryAfterMs").as_f64(), Some(3_600_000.0));
    assert_eq!(core.retry_delay(get_lead, &unavailable, &waits(Some("0"))), 0);
    // An hour ahead, so that the cap decides and not the time the test takes.
    let hour = js_sys::Date::now() + 3_600_000.0;
    let date = js_sys::Date::new(&JsValue::from(hour)).to_utc_string();
    let until = core.retry_delay(get_lead, &unavailable, &waits(date.as_string().as_deref()));
    assert_eq!(until, 30_000, "an HTTP date read by Date.parse");
    let reset = args(&[("rateReset", (hour / 1000.0).into())]);
    let limited = failure("rate_limited", Some(429), 1);
    assert_eq!(
        core.retry_delay(get_lead, &limited, &reset),
        30_000,
        "until X-RateLimit-Reset"
    );
    assert!(get(&limited, "retryAfterMs").as_f64().unwrap() > 3_000_000.0);
}

/// A JavaScript value of JSON text.
fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().into()
}

#[wasm_bindgen_test]
fn lists_follow_pmp_cores_plan() {
    let none = json("{}");
    let first = json(r#"{"page":1,"per_page":100,"total":350,"total_pages":4,"has_more":true}"#);
    let plan = Core::list_plan(&first, &none).unwrap();
    assert_eq!(
        stringify(&plan),
        r#"{"wholeTable":false,"lastPage":4,"inFlight":4}"#
    );
    let bad = Core::list_plan(&json(r#"{"page":1,"total_pages":0}"#), &none).unwrap_err();
    expect_error(&bad, "decode");
    // A whole table: its sort and columns, done by the client; date filters refused.
    let query = json(r#"{"sort":"company,-userid","fields":"userid"}"#);
    assert_eq!(
        stringify(&Core::list_plan(&JsValue::NULL, &query).unwrap()),
        r#"{"wholeTable":true,"sort":[{"column":"company","descending":false},{"column":"userid","descending":true}],"fields":["userid"]}"#
    );
    assert_eq!(
        stringify(&Core::list_plan(&JsValue::NULL, &none).unwrap()),
        r#"{"wholeTable":true,"sort":[]}"#
    );
    let dated = Core::list_plan(&JsValue::NULL, &json(r#"{"created_after":"2026-01-01"}"#)).unwrap_err();
    expect_error(&dated, "invalid_input");

    let last = json(r#"{"page":3,"per_page":100,"total":250,"total_pages":3,"has_more":false}"#);
    assert!(!Core::past_the_end(3, &last));
    assert!(Core::past_the_end(4, &last));

    let rows = js_sys::Array::from(&json(
        r#"[{"userid":"1"},{"userid":"2"},{"company":"x"},{"userid":"1"}]"#,
    ));
    let kept = Core::first_seen(op("listCustomers"), &rows);
    assert_eq!(
        stringify(&kept),
        r#"[{"userid":"1"},{"userid":"2"},{"company":"x"}]"#
    );
    let unique = js_sys::Array::from(&json(r#"[{"userid":"1"},{"userid":"2"}]"#));
    let same = Core::first_seen(op("listCustomers"), &unique);
    assert!(
        js_sys::Object::is(&same, &unique),
        "nothing dropped: the same array"
    );

    assert_eq!(
        stringify(&Core::local_page(45, 3, 20)),
        r#"{"start":40,"end":45,"meta":{"page":3,"per_page":20,"total":45,"total_pages":3,"has_more":false,"current_page":3,"last_page":3}}"#
    );
}

#[wasm_bindgen_test]
fn update_fail_is_told_apart_with_one_get() {
    let core = core();
    let update = op("updateCustomer");
    let body = r#"{"status":false,"message":"Customers Update Fail."}"#;
    let fail = core.failure(update, &answer(404, body, "", 1));
    assert_eq!(get(&fail, "updateFail"), JsValue::TRUE, "marked for the get");
    let keys = js_sys::Object::keys(fail.unchecked_ref::<js_sys::Object>());
    assert!(!keys.includes(&"updateFail".into(), 0), "not enumerable");
    let other = core.failure(
        update,
        &answer(404, r#"{"status":false,"message":"Something else"}"#, "", 1),
    );
    assert!(get(&other, "updateFail").is_undefined());
    let delete = core.failure(op("deleteCustomer"), &answer(404, body, "", 1));
    assert!(get(&delete, "updateFail").is_undefined(), "updates only");

    let unchanged = core.after_get(&fail, &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        stringify(&unchanged),
        r#"{"status":false,"message":"Customers Update Fail.","unchanged":true}"#
    );
    let missing = json(r#"{"kind":"not_found","status":404,"message":"No data were found","attempts":1}"#);
    let no_row = core.after_get(&fail, &missing).unwrap_err();
    assert!(expect_error(&no_row, "not_found").ends_with("(no row with this id)"));
    let down = json(r#"{"kind":"network","message":"down","attempts":1}"#);
    assert!(
        core.after_get(&fail, &down).unwrap_err() == fail,
        "the update's own failure"
    );
}

/// Staff updates and deletes name the get to send first (pmp-core's `CheckedWrite`); its
/// `not_found` becomes the write's, any other failure stands.
#[wasm_bindgen_test]
fn staff_writes_get_their_row_first() {
    let core = core();
    let id = || {
        args(&[
            ("id", JsValue::from(7)),
            ("input", json(r#"{"firstname":"Ada"}"#)),
        ])
    };
    for name in ["updateStaff", "deleteStaff"] {
        let request = core.prepare(op(name), &id()).unwrap();
        assert_eq!(
            get(&request, "getFirst").as_f64(),
            Some(op("getStaff") as f64),
            "{name}"
        );
        let missing =
            json(r#"{"kind":"not_found","status":404,"message":"No data were found","attempts":2}"#);
        let no_row = core.after_check(op(name), &missing);
        assert!(expect_error(&no_row, "not_found").contains("nothing was written"));
        assert_eq!(get(&no_row, "attempts").as_f64(), Some(2.0));
        let down = json(r#"{"kind":"network","message":"down","attempts":1}"#);
        assert!(core.after_check(op(name), &down) == down, "the get's own failure");
    }
    let customer = args(&[("id", JsValue::from(7)), ("input", json(r#"{"company":"x"}"#))]);
    for name in ["updateCustomer", "deleteCustomer", "getStaff"] {
        let request = core.prepare(op(name), &customer).unwrap();
        assert!(get(&request, "getFirst").is_undefined(), "{name}");
    }
}

/// An empty 200 is a create's success only where the server may answer so (2.0.8's payments).
#[wasm_bindgen_test]
fn empty_creates_succeed_only_where_the_quirk_says() {
    let core = core();
    assert!(core.created_empty(op("createPayment")));
    assert!(!core.created_empty(op("createLead")));
    assert!(!core.created_empty(op("listPayments")));
    let told = |version: &str| {
        let version = format!("\"{version}\"");
        core_with(
            "https://crm.example.com/",
            TOKEN,
            &[],
            &[("serverVersion", version.as_str())],
        )
        .unwrap_or_else(|_| panic!("options refused"))
    };
    assert!(told("2.0").created_empty(op("createPayment")));
    assert!(!told("3.0").created_empty(op("createPayment")));
}

#[wasm_bindgen_test]
fn bad_options_throw_a_pmp_error() {
    let bad = [
        core_with("ftp://x", TOKEN, &[], &[]),
        core_with("https://crm.example.com", "", &[], &[]),
        core_with("https://crm.example.com", TOKEN, &[("authtoken", "x")], &[]),
        core_with("https://crm.example.com", TOKEN, &[("X-A", "b\nc")], &[]),
        core_with("https://x", TOKEN, &[], &[("retries", "11")]),
        core_with(
            "https://x",
            TOKEN,
            &[],
            &[("retryBaseMs", "10"), ("retryMaxMs", "5")],
        ),
        core_with("https://crm.example.com", TOKEN, &[("Idempotency-Key", "k")], &[]),
    ];
    for result in bad {
        let err = result.err().expect("refused");
        expect_error(&err, "invalid_input");
    }
    let with_header = core_with("https://crm.example.com", TOKEN, &[("X-Trace", "7")], &[])
        .ok()
        .unwrap();
    let request = with_header.prepare(op("listLeads"), &args(&[])).ok().unwrap();
    assert_eq!(get(&get(&request, "headers"), "X-Trace"), "7");
}
