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
#![warn(missing_docs, unreachable_pub)]

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

mod catalogue;
pub mod defaults;
mod error;
mod extras;
mod fields;
mod lines;
#[macro_use]
mod model;
mod plan;
mod quirks;
mod request;
mod resources;
mod response;
mod retry;
pub mod strings;
mod untyped;
mod wire;

pub use catalogue::{
    read_endpoint, Auth, BodyEncoding, Endpoint, InputKind, Method, Operation, OutputKind, CATALOGUE,
};
pub use error::{decimal, text, ErrorKind, FieldMessages, PmpError};
pub use extras::{
    build_extra_request, decode_extra_answer, decode_extra_rows, CustomField, CustomFieldTarget,
    CustomFieldValue, EmptyAnswer, ExpenseCategory, Extra, ExtraArgs, ExtraEndpoint, ExtraInput, Features,
    InvoiceSent, PaymentMode, SendInvoiceInput, Tax, EXTRAS,
};
pub use fields::{
    expected_value, input_fields, unknown_field, wrong_kind, CustomFieldMap, CustomFieldValues, FieldKind,
    FieldSpec, FilePart, InputRecord, InputSource, InputValue, ToInputValue,
};
pub use lines::{is_computed, LineItem, REMOVED_LINES};
pub use model::{
    row_columns, ApiMessage, DateInput, ErrorBody, ErrorDetail, NumberInput, Page, PageMeta, ResourceInput,
    Row, RowSchema, WireValue,
};
pub use plan::{
    first_seen, is_asked_page, keeps, local_page, CheckEnd, CheckedWrite, ListPlan, LocalOrder, LocalPage,
    SeenIds, SortKey, UpdateEnd, UpdatePlan, UpdateStep,
};
pub use quirks::{Lack, ListPaging, PutAnswer, Quirks, UniqueInYear, UnusableBody};
pub use request::{
    argument_names, build_read_request, build_request, check_header, check_no_rows, id_from_f64, id_from_str,
    json_body, safe_id, Args, Body, ClientConfig, FormField, HttpRequest, ListQuery, ARG_ID, ARG_INPUT,
    ARG_KEYWORD, ARG_PARENT_ID, MIN_ECHO_LEN, REDACTED,
};
// Everything public in resources.rs is for callers: the resource types, the declaration's
// row types and the models it generates (a new resource's models appear without an edit here).
pub use resources::*;
pub use response::{
    check_response, classify_error, classify_unreadable, create_may_answer_empty, decode_created,
    decode_list, decode_listing, decode_message, decode_row, decode_search, is_token_message, HttpResponse,
    Listing,
};
pub use retry::{
    http_date_ms, outcome_of, parse_retry_after, parse_retry_after_seconds, server_wait, AttemptOutcome,
    FailedAttempt, Repeat, RetryPolicy, RetryStep, MAX_RETRIES,
};
pub use strings::{NOT_FOUND_MESSAGE, SECRET_COLUMNS, TOKEN_MESSAGES};
pub use untyped::{decimal_text, read_input, UntypedValue};
