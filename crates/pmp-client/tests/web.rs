//! The gloo-net client in a JavaScript engine (Node, headless Chromium) against a running
//! pmp-sandbox: `cargo xtask test wasm` starts one (3.0 profile, more than one page of
//! customers) and passes its URL and token at compile time.
#![cfg(target_arch = "wasm32")]

use pmp_client::{Client, ClientConfig, CustomerInput, ErrorKind};
use serde_json::json;
use wasm_bindgen_test::*;

const URL: &str = env!(
    "PMP_CLIENT_SANDBOX_URL",
    "run through `cargo xtask test \"rust client wasm\"`"
);
const TOKEN: &str = env!(
    "PMP_CLIENT_SANDBOX_TOKEN",
    "run through `cargo xtask test \"rust client wasm\"`"
);

fn text(value: &Option<Option<String>>) -> &str {
    value.as_ref().and_then(Option::as_deref).unwrap_or("")
}

#[wasm_bindgen_test]
async fn list_create_search_get_update_delete() {
    let pmp = Client::new(ClientConfig::new(URL, TOKEN).unwrap()).unwrap();
    let rows = pmp.list_customers().await.unwrap();
    assert!(rows.len() > 100, "every page: {} rows", rows.len());

    let name = format!("wasm-{}", (js_sys::Math::random() * 1e9) as u64);
    let made = pmp
        .create_customer(&CustomerInput {
            company: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(made.status && made.record_id.is_some(), "{made:?}");
    let found = pmp.search_customers(&name).await.unwrap();
    let customer = found
        .iter()
        .find(|c| text(&c.company) == name)
        .expect("found by search");
    assert_eq!(customer.userid, Some(made.record_id.map(|id| id.to_string())));
    let updated = pmp
        .update_customer(&customer.userid, &json!({"city": "Oslo"}))
        .await
        .unwrap();
    assert!(updated.status, "{updated:?}");
    let got = pmp.get_customer(&customer.userid).await.unwrap();
    assert_eq!((text(&got.city), text(&got.company)), ("Oslo", name.as_str()));
    assert!(pmp.delete_customer(&customer.userid).await.unwrap().status);
    let gone = pmp.get_customer(&customer.userid).await.unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound, "{gone}");
}

#[wasm_bindgen_test]
async fn a_wrong_token_is_auth() {
    let stranger = Client::new(ClientConfig::new(URL, "wrong-token-0000").unwrap()).unwrap();
    let error = stranger.list_customers().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    assert!(!format!("{error} {error:?}").contains("wrong-token"));
}
