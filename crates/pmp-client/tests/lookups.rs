//! The lookups and custom fields (pmp-core's endpoints beyond the six) against pmp-sandbox:
//! each on the 2.0 and 3.0 profiles, custom field values decoded from their JSON texts, an
//! empty install's `[]`, and the refusal before sending of a client told `1.0`; 3.0's
//! `send_invoice`, and its refusal by a client told `1.0` or `2.0`.
#![cfg(not(target_arch = "wasm32"))]

use pmp_client::{Client, ClientConfig, CustomFieldTarget, CustomFieldValue, ErrorKind, InvoiceInput};
use pmp_sandbox::{Config, Module, Running};

const TOKEN: &str = "rust-client-lookups-token-0123";

async fn sandbox(module: Module, empty: bool) -> Running {
    let config = Config {
        empty,
        ..Config::with_only_token(module, TOKEN)
    };
    pmp_sandbox::spawn(config).await.expect("sandbox starts")
}

fn client(running: &Running, version: Option<&str>) -> Client {
    let config = ClientConfig::new(&running.url(), TOKEN).unwrap();
    let config = match version {
        Some(v) => config.with_server_version(v).unwrap(),
        None => config,
    };
    Client::new(config).unwrap()
}

fn text(value: &Option<Option<String>>) -> &str {
    value.as_ref().and_then(Option::as_deref).unwrap_or("")
}

#[tokio::test]
async fn each_lookup_on_2_0_and_3_0() {
    for (module, version) in [(Module::V2, "2.0"), (Module::V3, "3.0")] {
        let running = sandbox(module, false).await;
        let pmp = client(&running, Some(version));
        let categories = pmp.list_expense_categories().await.unwrap();
        assert!(categories.iter().all(|c| !text(&c.name).is_empty()), "{version}");
        let modes = pmp.list_payment_modes().await.unwrap();
        assert_eq!(
            (text(&modes[0].id), text(&modes[0].name)),
            ("1", "Bank"),
            "{version}"
        );
        let paypal = modes.iter().find(|m| text(&m.id) == "paypal").expect("a gateway");
        assert!(
            paypal.extra["instance"].is_object(),
            "{version}: the gateway's instance is kept"
        );
        let taxes = pmp.list_taxes().await.unwrap();
        assert!(taxes.iter().all(|t| !text(&t.taxrate).is_empty()), "{version}");

        let fields = pmp
            .list_custom_fields(CustomFieldTarget::Customers, Some(1))
            .await
            .unwrap();
        let channels = fields
            .iter()
            .find(|f| text(&f.field_type) == "multiselect")
            .unwrap();
        assert_eq!(
            channels.decoded_value,
            Some(CustomFieldValue::Options(vec!["Email".into(), "Phone".into()])),
            "{version}"
        );
        assert_eq!(
            channels.decoded_options,
            Some(vec!["Email".into(), "Phone".into(), "Post".into()])
        );
        assert!(
            text(&channels.value).starts_with('['),
            "{version}: the wire's text is kept"
        );
        let tier = fields.iter().find(|f| text(&f.field_type) == "select").unwrap();
        assert_eq!(tier.decoded_value, Some(CustomFieldValue::Options(vec![])));
        let code = fields.iter().find(|f| text(&f.field_type) == "input").unwrap();
        assert_eq!(code.decoded_value, Some(CustomFieldValue::Text(String::new())));
        assert!(code.decoded_options.is_none());
        let none = pmp
            .list_custom_fields(CustomFieldTarget::Tickets, None)
            .await
            .unwrap();
        assert!(none.is_empty(), "{version}");
        running.stop().await;
    }
}

#[tokio::test]
async fn an_empty_install_lists_no_lookups() {
    let running = sandbox(Module::V3, true).await;
    let pmp = client(&running, None);
    assert!(pmp.list_expense_categories().await.unwrap().is_empty());
    assert!(pmp.list_payment_modes().await.unwrap().is_empty());
    assert!(pmp.list_taxes().await.unwrap().is_empty());
    let fields = pmp
        .list_custom_fields(CustomFieldTarget::Customers, Some(1))
        .await
        .unwrap();
    assert!(fields.is_empty());
    running.stop().await;
}

#[tokio::test]
async fn a_client_told_1_0_refuses_them_before_sending() {
    let running = sandbox(Module::V1, false).await;
    let pmp = client(&running, Some("1.0"));
    let refusals = [
        pmp.list_expense_categories().await.map(|_| ()),
        pmp.list_payment_modes().await.map(|_| ()),
        pmp.list_taxes().await.map(|_| ()),
        pmp.list_custom_fields(CustomFieldTarget::Leads, None)
            .await
            .map(|_| ()),
    ];
    for refusal in refusals {
        let error = refusal.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Unsupported);
        assert!(error.message().contains("module 1.0.0"), "{}", error.message());
        assert_eq!(error.attempts(), 0, "nothing was sent");
    }
    // Not told: the request goes, and 1.0's 404 page is an error, not rows.
    let error = client(&running, None).list_taxes().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Http);
    running.stop().await;
}

#[tokio::test]
async fn send_invoice_on_3_0_marks_it_sent() {
    let running = sandbox(Module::V3, false).await;
    let pmp = client(&running, Some("3.0"));
    let example = serde_json::Value::Object(pmp_core::Resource::Invoices.example_input());
    let input: InvoiceInput = serde_json::from_value(example).unwrap();
    let id = pmp.create_invoice(&input).await.unwrap().record_id.unwrap();
    let sent = pmp.send_invoice(id, Some("a@example.com")).await.unwrap();
    assert!(sent.status);
    assert_eq!(text(&sent.invoice_id), id.to_string());
    assert_eq!(sent.sent, Some(true));
    assert!(text(&sent.invoice_number).starts_with("INV-"));
    assert_eq!(sent.message.as_deref(), Some("Invoice sent to the customer."));
    let invoice = pmp.get_invoice(id).await.unwrap();
    let row = serde_json::to_value(&invoice).unwrap();
    assert_eq!(row["sent"], "1");
    assert_eq!(row["datesend"], text(&sent.datesend));
    // By its text, and without cc.
    let again = pmp.send_invoice(id.to_string().as_str(), None).await.unwrap();
    assert_eq!(again.sent, Some(true));
    let missing = pmp.send_invoice(999_999u64, None).await.unwrap_err();
    assert_eq!(
        (missing.kind(), missing.status(), missing.attempts()),
        (ErrorKind::NotFound, Some(404), 1)
    );
    let refused = pmp.send_invoice(0u64, None).await.unwrap_err();
    assert_eq!((refused.kind(), refused.attempts()), (ErrorKind::InvalidInput, 0));
    running.stop().await;
}

#[tokio::test]
async fn send_invoice_is_refused_unsent_when_told_1_0_or_2_0() {
    for (module, version) in [(Module::V1, "1.0"), (Module::V2, "2.0")] {
        let running = sandbox(module, false).await;
        let error = client(&running, Some(version))
            .send_invoice(1u64, None)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Unsupported, "{version}");
        assert!(error.message().contains("sendInvoice"), "{}", error.message());
        assert!(
            error.message().contains("from module 3.0 on"),
            "{}",
            error.message()
        );
        assert_eq!(error.attempts(), 0, "nothing was sent");
        // Not told: sent, and the server's answer is the error (2.0's 405, 1.0's 404 page).
        let error = client(&running, None).send_invoice(1u64, None).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Http, "{version}");
        assert_eq!(error.attempts(), 1);
        running.stop().await;
    }
}
