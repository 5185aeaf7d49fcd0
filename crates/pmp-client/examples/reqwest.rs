//! The README's server example (feature `reqwest`, the default): `cargo run --example reqwest`
//! with PMP_URL and PMP_TOKEN set (e.g. a running `pmp-sandbox`).
use pmp_client::{Client, ClientConfig, CustomerInput, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let (url, token) = (
        std::env::var("PMP_URL").unwrap_or_default(),
        std::env::var("PMP_TOKEN").unwrap_or_default(),
    );
    let client = Client::new(ClientConfig::new(&url, &token)?)?;
    let input = CustomerInput {
        company: "Acme".into(),
        ..Default::default()
    };
    println!("created: {:?}", client.create_customer(&input).await?.record_id);
    for customer in client.list_customers().await? {
        println!("{:?} {:?}", customer.userid.flatten(), customer.company.flatten());
    }
    Ok(())
}
