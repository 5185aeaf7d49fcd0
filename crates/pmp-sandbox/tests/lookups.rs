//! The endpoints beyond the six of a resource (pmp-core's `EXTRAS`) over real HTTP: requests
//! built by pmp-core's `build_extra_request`, answers read by `decode_extra_rows`.

mod common;

use common::Sandbox;
use pmp_core::*;
use pmp_sandbox::{Config, Module, Role, Token, DEV_TOKEN};
use serde_json::{json, Value};

async fn rows<T: serde::de::DeserializeOwned>(
    sandbox: &Sandbox,
    extra: Extra,
    args: ExtraArgs<'_>,
) -> Result<Vec<T>, PmpError> {
    let request = build_extra_request(&sandbox.config, extra.endpoint(), args).unwrap();
    let answer = sandbox.send(&request).await;
    decode_extra_rows(&sandbox.config, &answer.response())
}

/// A sandbox of `module` that knows the development token and `limited`, which may only read
/// customers.
async fn with_limited_token(module: Module, limited: &str) -> Sandbox {
    Sandbox::with(Config {
        module,
        tokens: vec![
            pmp_sandbox::full_token(DEV_TOKEN),
            Token {
                value: limited.to_owned(),
                role: Role::ReadCustomers,
            },
        ],
        ..Config::in_memory()
    })
    .await
}

#[tokio::test]
async fn each_lookup_on_the_versions_that_serve_it() {
    for module in [Module::V2, Module::V3] {
        let sandbox = Sandbox::start_as(module).await;
        let categories: Vec<ExpenseCategory> = rows(&sandbox, Extra::ExpenseCategories, ExtraArgs::None)
            .await
            .unwrap();
        assert!(!categories.is_empty(), "{module:?}");
        let modes: Vec<PaymentMode> = rows(&sandbox, Extra::PaymentModes, ExtraArgs::None)
            .await
            .unwrap();
        assert_eq!(modes[0].name, Some(Some("Bank".to_owned())), "{module:?}");
        let gateway = modes
            .iter()
            .find(|m| m.id == Some(Some("paypal".to_owned())))
            .unwrap();
        assert!(gateway.extra["instance"].is_object(), "{module:?}");
        let taxes: Vec<Tax> = rows(&sandbox, Extra::Taxes, ExtraArgs::None).await.unwrap();
        assert!(taxes.iter().all(|t| t.taxrate.is_some()), "{module:?}");

        let of = |id| ExtraArgs::FieldTo(CustomFieldTarget::Customers, id);
        let fields: Vec<CustomField> = rows(&sandbox, Extra::CustomFields, of(Some(1))).await.unwrap();
        let by_type = |kind: &str| {
            fields
                .iter()
                .find(|f| f.field_type == Some(Some(kind.to_owned())))
                .unwrap_or_else(|| panic!("a {kind} field"))
        };
        let multiselect = by_type("multiselect");
        assert_eq!(multiselect.value, Some(Some(r#"["Email"," Phone"]"#.to_owned())));
        assert_eq!(
            multiselect.decoded_value,
            Some(CustomFieldValue::Options(vec![
                "Email".to_owned(),
                "Phone".to_owned()
            ]))
        );
        let select = by_type("select");
        assert_eq!(select.value, Some(Some(r#"[""]"#.to_owned())));
        assert_eq!(select.decoded_value, Some(CustomFieldValue::Options(vec![])));
        assert!(select.decoded_options.as_ref().is_some_and(|o| o.len() > 1));
        let input = by_type("input");
        assert_eq!(input.options, None);
        assert_eq!(input.decoded_value, Some(CustomFieldValue::Text(String::new())));
        // Without an id: nothing stored.
        let fields: Vec<CustomField> = rows(&sandbox, Extra::CustomFields, of(None)).await.unwrap();
        let multiselect = fields.iter().find(|f| f.label == multiselect.label).unwrap();
        assert_eq!(multiselect.decoded_value, Some(CustomFieldValue::Options(vec![])));
        // A target with no fields: `[]`, not 404.
        let none = ExtraArgs::FieldTo(CustomFieldTarget::Tickets, None);
        assert!(rows::<CustomField>(&sandbox, Extra::CustomFields, none)
            .await
            .unwrap()
            .is_empty());
        sandbox.running.stop().await;
    }
}

#[tokio::test]
async fn a_value_written_through_the_resource_is_the_one_answered() {
    let sandbox = Sandbox::start_as(Module::V3).await;
    let put = sandbox
        .raw(
            sandbox
                .http
                .put(sandbox.url("api/customers/1"))
                .header("content-type", "application/json")
                .body(json!({"custom_fields": {"customers": {"1": "AC-9"}}}).to_string()),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    let of = ExtraArgs::FieldTo(CustomFieldTarget::Customers, Some(1));
    let fields: Vec<CustomField> = rows(&sandbox, Extra::CustomFields, of).await.unwrap();
    let input = fields
        .iter()
        .find(|f| f.custom_field_id == Some(Some("1".to_owned())))
        .unwrap();
    assert_eq!(
        input.decoded_value,
        Some(CustomFieldValue::Text("AC-9".to_owned()))
    );
    sandbox.running.stop().await;
}

#[tokio::test]
async fn empty_unknown_refused_and_absent_answers() {
    let sandbox = Sandbox::with(Config {
        module: Module::V2,
        empty: true,
        ..Config::in_memory()
    })
    .await;
    for extra in [Extra::ExpenseCategories, Extra::PaymentModes, Extra::Taxes] {
        let request = build_extra_request(&sandbox.config, extra.endpoint(), ExtraArgs::None).unwrap();
        let answer = sandbox.send(&request).await;
        assert_eq!(answer.status, 404);
        assert_eq!(
            answer.json(),
            json!({"status": false, "message": "No data were found"})
        );
        let rows: Vec<Value> = decode_extra_rows(&sandbox.config, &answer.response()).unwrap();
        assert!(rows.is_empty());
    }
    let none = ExtraArgs::FieldTo(CustomFieldTarget::Customers, Some(1));
    let fields = rows::<CustomField>(&sandbox, Extra::CustomFields, none)
        .await
        .unwrap();
    assert!(fields.is_empty());
    for path in [
        "api/common/bogus",
        "api/common",
        "api/custom_fields/customer",
        "api/custom_fields",
    ] {
        let answer = sandbox.raw(sandbox.http.get(sandbox.url(path))).await;
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(
            answer.json(),
            json!({"status": false, "message": "Not valid data"}),
            "{path}"
        );
    }
    let post = sandbox
        .raw(sandbox.http.post(sandbox.url("api/common/tax_data")))
        .await;
    assert_eq!(post.status, 405);
    assert_eq!(post.json(), json!({"status": false, "error": "Unknown method"}));
    let put = sandbox
        .http
        .put(sandbox.url("api/custom_fields/customers/1"))
        .header("authtoken", DEV_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 405);
    assert_eq!(put.headers()["allow"], "GET");
    sandbox.running.stop().await;

    // 1.0 has no such controller: the 404 page of a resource it lacks.
    let v1 = Sandbox::start_as(Module::V1).await;
    for path in ["api/common/tax_data", "api/custom_fields/customers"] {
        let answer = v1.raw(v1.http.get(v1.url(path))).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(
            answer
                .content_type
                .as_deref()
                .is_some_and(|c| c.starts_with("text/html")),
            "{path}"
        );
    }
    v1.running.stop().await;

    // A token with permissions that do not include them: 403 (2.0.8 checks `common`, which no
    // token can be granted).
    for module in [Module::V2, Module::V3] {
        let limited = "lookups-limited-token";
        let sandbox = with_limited_token(module, limited).await;
        for path in ["api/common/tax_data", "api/custom_fields/customers"] {
            let answer = sandbox
                .http
                .get(sandbox.url(path))
                .header("authtoken", limited)
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status().as_u16(), 403, "{module:?} {path}");
        }
        sandbox.running.stop().await;
    }
}

/// Creates an invoice from the declaration's example; its id.
async fn new_invoice(sandbox: &Sandbox) -> u64 {
    let record = Resource::Invoices.example_record();
    let endpoint = Endpoint::of(Resource::Invoices, Operation::Create);
    let request = build_request(&sandbox.config, endpoint, Args::Fields(&record)).unwrap();
    let created = sandbox.send(&request).await;
    assert_eq!(created.status, 200, "{}", created.text());
    created.json()["record_id"].as_u64().unwrap()
}

async fn get_invoice(sandbox: &Sandbox, id: u64) -> Value {
    let endpoint = Endpoint::of(Resource::Invoices, Operation::Get);
    let request = build_request(&sandbox.config, endpoint, Args::Id(id)).unwrap();
    sandbox.send(&request).await.json()
}

async fn send_invoice(sandbox: &Sandbox, id: u64, cc: Option<&str>) -> common::Answer {
    let endpoint = Extra::SendInvoice.endpoint();
    let request = build_extra_request(&sandbox.config, endpoint, ExtraArgs::IdAndCc(id, cc)).unwrap();
    sandbox.send(&request).await
}

/// 3.0's `POST api/invoices/{id}/send`: the invoice marked sent with the time, the answer
/// naming it; an unknown id 404, a non-numeric one 400.
#[tokio::test]
async fn sending_an_invoice_marks_it_sent_on_3_0() {
    let sandbox = Sandbox::start_as(Module::V3).await;
    let id = new_invoice(&sandbox).await;
    let before = get_invoice(&sandbox, id).await;
    assert_eq!(before["sent"], "0");
    let answer = send_invoice(&sandbox, id, Some("a@example.com, b@example.com")).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    let sent: InvoiceSent = decode_extra_answer(&sandbox.config, &answer.response()).unwrap();
    assert_eq!(sent.invoice_id, Some(Some(id.to_string())));
    assert_eq!(sent.sent, Some(true));
    assert_eq!(sent.message.as_deref(), Some("Invoice sent to the customer."));
    let number = before["number"].as_str().unwrap();
    assert_eq!(
        sent.invoice_number,
        Some(Some(format!("INV-{number:0>6}"))),
        "prefix and number as the CRM formats them"
    );
    let datesend = sent.datesend.clone().flatten().unwrap();
    assert_eq!(datesend.len(), "2026-12-07 15:00:00".len(), "{datesend}");
    let after = get_invoice(&sandbox, id).await;
    assert_eq!(after["sent"], "1");
    assert_eq!(after["datesend"], datesend.as_str());
    // Without cc: no body, the same answer.
    let again = send_invoice(&sandbox, id, None).await;
    assert_eq!(again.status, 200, "{}", again.text());

    let unknown = send_invoice(&sandbox, 999_999, None).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(
        unknown.json(),
        json!({"status": false, "message": "Invoice not found"})
    );
    let error = decode_extra_answer::<InvoiceSent>(&sandbox.config, &unknown.response()).unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotFound);
    for bad in ["abc", "7x"] {
        let answer = sandbox
            .raw(
                sandbox
                    .http
                    .post(sandbox.url(&format!("api/invoices/{bad}/send"))),
            )
            .await;
        assert_eq!(answer.status, 400, "{bad}");
        assert_eq!(
            answer.json(),
            json!({"status": false, "message": "Invalid Invoice ID"})
        );
    }
    // Only POST: a GET of the path is not routed.
    let get_send = sandbox
        .raw(sandbox.http.get(sandbox.url(&format!("api/invoices/{id}/send"))))
        .await;
    assert_eq!(get_send.status, 405);
    sandbox.running.stop().await;
}

/// 1.0 and 2.0 route no `api/invoices/{id}/send`: the 405 `Unknown method` of any path
/// their invoices controller does not route (1.0 has no invoices: its 404 page).
#[tokio::test]
async fn older_versions_do_not_route_the_send() {
    let v2 = Sandbox::start_as(Module::V2).await;
    let unrouted = send_invoice(&v2, 1, None).await;
    assert_eq!(unrouted.status, 405);
    assert_eq!(
        unrouted.json(),
        json!({"status": false, "error": "Unknown method"})
    );
    v2.running.stop().await;
    let v1 = Sandbox::start_as(Module::V1).await;
    let missing = send_invoice(&v1, 1, None).await;
    assert_eq!(missing.status, 404);
    assert!(missing
        .content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("text/html")));
    v1.running.stop().await;
}

/// A token that may only read customers is refused the send (3.0.3 checks capability `send`
/// of feature `invoices`).
#[tokio::test]
async fn a_limited_token_may_not_send() {
    let limited = "send-limited-token";
    let sandbox = with_limited_token(Module::V3, limited).await;
    let id = new_invoice(&sandbox).await;
    let refused = sandbox
        .http
        .post(sandbox.url(&format!("api/invoices/{id}/send")))
        .header("authtoken", limited)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    sandbox.running.stop().await;
}
