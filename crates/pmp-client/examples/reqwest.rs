//! The README's server example (native, feature `reqwest`: the default). Compiled by
//! `cargo test`; tests/readme.rs checks that the README shows this code.
use pmp_client::{Client, ClientConfig, CustomerInput, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::new(ClientConfig::new("https://crm.example.com/", "my-token")?)?;
    let acme = CustomerInput {
        company: "Acme".into(),
        ..Default::default()
    };
    println!("new id: {:?}", client.create_customer(&acme).await?.record_id); // 3.x only
    for customer in client.list_customers().await? {
        println!("{:?} {:?}", customer.userid.flatten(), customer.company.flatten());
    }
    Ok(())
}
