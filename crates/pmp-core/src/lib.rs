//! Sans-IO core of the PMP API client.
//!
//! A call becomes an [`HttpRequest`] value ([`build_request`]); an answer becomes a typed
//! result or a [`PmpError`] ([`decode_list`], [`decode_row`], ...). Transports (the wasm
//! crate's fetch, a test's HTTP client) are thin and swappable; everything here is testable
//! without a network.
//!
//! ```
//! use pmp_core::*;
//! let config = ClientConfig::new("https://crm.example.com/", "my-token").unwrap();
//! let request = build_request(&config, Endpoint::of(Resource::Customers, Operation::Get), Args::Id(3)).unwrap();
//! assert_eq!(request.url, "https://crm.example.com/api/customers/3");
//! let answer = HttpResponse { status: 404, content_type: None, body: br#"{"status":false,"message":"No data were found"}"# };
//! let err = decode_row::<Customer>(&config, &answer).unwrap_err();
//! assert_eq!(err.kind, ErrorKind::NotFound);
//! ```
#![warn(missing_docs)]

/// A description from the PMP document, or `""` without the `docs` feature.
#[cfg(feature = "docs")]
macro_rules! doc_text {
    ($text:expr) => {
        $text
    };
}
#[cfg(not(feature = "docs"))]
macro_rules! doc_text {
    ($text:expr) => {
        ""
    };
}

pub mod catalogue;
pub mod defaults;
pub mod error;
pub mod fields;
pub mod model;
pub mod request;
pub mod response;
pub mod retry;
pub mod wire;

pub use catalogue::{
    Auth, BodyEncoding, Endpoint, InputKind, Method, Operation, OutputKind, Resource, CATALOGUE,
};
pub use error::{decimal, text, ErrorKind, FieldMessages, PmpError};
pub use fields::{
    input_fields, is_iso_date, CustomFieldMap, CustomFieldValues, FieldKind, FieldSpec, FilePart,
    InputRecord, InputValue,
};
pub use model::*;
pub use request::{
    argument_names, build_request, check_header, encode_keyword, id_from_f64, id_from_str, safe_id, Args,
    Body, ClientConfig, FormField, HttpRequest, ListQuery, ARG_ID, ARG_INPUT, ARG_KEYWORD, MAX_PER_PAGE,
};
pub use response::{
    check_response, classify_error, classify_unreadable, decode_list, decode_listing, decode_message,
    decode_row, decode_search, is_token_message, HttpResponse, Listing, LOCKOUT_MESSAGE, NOT_FOUND_MESSAGE,
    PASSWORD_COLUMN, TIME_LIMIT_MESSAGE, TOKEN_MESSAGES,
};
pub use retry::{
    is_retryable_status, outcome_of, parse_retry_after, parse_retry_after_seconds, AttemptOutcome,
    RetryPolicy, MAX_RETRIES,
};
