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
    args: ExtraArgs,
) -> Result<Vec<T>, PmpError> {
    let request = build_extra_request(&sandbox.config, extra.endpoint(), args).unwrap();
    let answer = sandbox.send(&request).await;
    decode_extra_rows(&sandbox.config, &answer.response())
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
        let sandbox = Sandbox::with(Config {
            module,
            tokens: vec![
                Token {
                    value: DEV_TOKEN.to_owned(),
                    role: Role::Full,
                },
                Token {
                    value: limited.to_owned(),
                    role: Role::ReadCustomers,
                },
            ],
            ..Config::in_memory()
        })
        .await;
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
