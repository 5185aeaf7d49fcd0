//! The README's browser example (wasm32, feature `gloo`): the same calls in a Leptos, Yew or
//! Dioxus app, or a worker. Built for wasm32 by `cargo xtask test "rust client wasm"`;
//! tests/readme.rs checks that the README shows this code.
use pmp_client::{Client, ClientConfig, Error, ErrorKind};
use serde_json::json;

/// Moves every lead matching `keyword` to Oslo; returns their names.
pub async fn move_leads(client: &Client, keyword: &str) -> Result<Vec<String>, Error> {
    let leads = client.search_leads(keyword).await?; // every row; `[]` for none
    for lead in &leads {
        match client.update_lead(&lead.id, &json!({ "city": "Oslo" })).await {
            Err(e) if e.kind() == ErrorKind::NotFound => continue, // deleted meanwhile
            other => other?,
        };
    }
    Ok(leads.into_iter().filter_map(|lead| lead.name.flatten()).collect())
}
// (not in the README)

fn main() {
    let client = Client::new(ClientConfig::new("/crm/", "my-token").unwrap()).unwrap();
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        let _ = move_leads(&client, "Acme").await;
    });
    #[cfg(not(target_arch = "wasm32"))]
    drop(client);
}
