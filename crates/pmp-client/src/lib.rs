//! The async Rust client of the PMP API (a rebrand of the Perfex CRM "REST API" module).
//!
//! [`Client`] has one async method per endpoint of pmp-core's catalogue, returning
//! pmp-core's models: `list_customers`, `get_customer`, `search_customers`,
//! `create_customer`, `update_customer`, `delete_customer`, and the same for every other
//! resource pmp-core declares (leads, milestones, projects, tickets, contacts), and the
//! lookups and custom fields of pmp-core's `EXTRAS` (`list_expense_categories`,
//! `list_payment_modes`, `list_taxes`, `list_custom_fields`, and 3.0's `send_invoice`). It
//! behaves as the JavaScript client does on every server version:
//!
//! - lists and searches return every row: on 3.x through pages of 100, [`IN_FLIGHT`] at a
//!   time after the first; `[]` when the server says "No data were found";
//! - updates send the fields given and nothing else (`serde_json::json!({"phonenumber": "1"})`);
//!   "nothing changed" is [`pmp_core::ApiMessage::unchanged`], "no such row" `not_found`;
//! - GETs are retried (pmp-core's [`RetryPolicy`]), after `Retry-After` or until
//!   `X-RateLimit-Reset` over a rate limit; creates carry one `Idempotency-Key` per call;
//!   `send_invoice` is never retried, whatever the policy (a repeat would email again);
//! - per-attempt and total timeouts ([`Options`]); dropping a call's future cancels it;
//! - every failure is one [`Error`] with pmp-core's [`ErrorKind`]s; no message holds the token.
//!
//! Transports: `reqwest` (default feature; rustls, no OpenSSL) natively, `gloo` on wasm32
//! (browsers, workers).
//!
//! ```no_run
//! # async fn run() -> Result<(), pmp_client::Error> {
//! use pmp_client::{Client, ClientConfig};
//! let client = Client::new(ClientConfig::new("https://crm.example.com/", "my-token")?)?;
//! for customer in client.list_customers().await? {
//!     println!("{:?}", customer.company);
//! }
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

mod client;
mod error;
mod input;
mod methods;
mod transport;

pub use client::{Client, Options, IN_FLIGHT};
pub use error::Error;
pub use input::IntoId;
pub use pmp_core::{
    ApiMessage, ClientConfig, CustomField, CustomFieldTarget, CustomFieldValue, ErrorKind, ExpenseCategory,
    InvoiceSent, LineItem, PaymentMode, PmpError, RetryPolicy, Tax, SECRET_COLUMNS,
};

/// Re-exports every resource's row and input models (`Customer`, `CustomerInput`, ...) from
/// pmp-core's declaration: a resource added there needs no line here.
macro_rules! models {
    ($( $Res:ident: $Row:ident, $Input:ident, parent $Parent:ident; )*) => {
        pub use pmp_core::{$($Row, $Input),*};
    };
}
pmp_core::for_each_resource!(models);
