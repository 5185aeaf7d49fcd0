//! The README's browser example (wasm32, feature `gloo`): the same calls in a Leptos, Yew or
//! Dioxus app or a worker, run with `wasm_bindgen_futures::spawn_local`.
use pmp_client::{Client, ClientConfig, Error, ErrorKind};
use serde_json::json;

/// Moves every lead matching `keyword` to Oslo; returns their names.
pub async fn move_leads(url: &str, token: &str, keyword: &str) -> Result<Vec<String>, Error> {
    let client = Client::new(ClientConfig::new(url, token)?)?;
    let leads = client.search_leads(keyword).await?; // every row, `[]` for none
    for lead in &leads {
        match client.update_lead(&lead.id, &json!({ "city": "Oslo" })).await {
            Err(e) if e.kind() == ErrorKind::NotFound => continue, // deleted meanwhile
            other => other?,
        };
    }
    Ok(leads.into_iter().filter_map(|lead| lead.name.flatten()).collect())
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async {
        let _ = move_leads("http://127.0.0.1:8080/", "token", "Acme").await;
    });
}
