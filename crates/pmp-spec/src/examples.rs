//! The document's examples: pmp-core's fixtures (the PMP document's example responses),
//! reshaped where the wire facts say the document is wrong, and the error bodies the real
//! server sends that the document does not show.

use pmp_core::strings::{self, WriteOutcome};
use pmp_core::{Endpoint, Operation, Resource};
use serde_json::{json, Value};

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// The fixture `{res}-{op}-{status}`, parsed.
fn fixture(resource: Resource, verb: &str, status: u16) -> Option<Value> {
    let stem = format!("{}-{verb}-{status}", resource.segment());
    let (_, text) = FIXTURES.iter().find(|(name, _)| *name == stem)?;
    // A fixture that is not JSON is a broken test file: fail loudly when generating.
    Some(serde_json::from_str(text).unwrap_or_else(|e| panic!("fixture {stem}.json: {e}")))
}

/// One row of the resource: the document's `get` (or `search`) example when it is a row of
/// this resource (it carries the id column), else the first row of its `list` example.
/// (The document's customer `get` and `search` examples are project rows, a copy-paste
/// error of the vendor's.)
pub(crate) fn row(resource: Resource) -> Option<Value> {
    let is_row = |v: &Value| v.get(resource.id_field()).is_some();
    let single = ["get", "search"]
        .into_iter()
        .filter_map(|verb| fixture(resource, verb, 200))
        .flat_map(|v| match v {
            Value::Array(rows) => rows,
            one => vec![one],
        })
        .find(is_row);
    single.or_else(|| match fixture(resource, "list", 200) {
        Some(Value::Array(rows)) => rows.into_iter().find(is_row),
        _ => None,
    })
}

/// The rows of a `list` or `search` answer: always an array (the document shows search
/// answers as one object; the server sends an array).
pub(crate) fn rows(resource: Resource, operation: Operation) -> Option<Value> {
    match fixture(resource, operation.verb(), 200) {
        Some(Value::Array(rows)) if rows.iter().all(|r| r.get(resource.id_field()).is_some()) => {
            Some(Value::Array(rows))
        }
        _ => row(resource).map(|r| json!([r])),
    }
}

/// The success answer of a write, worded as the server words it (`strings.rs`; the document's
/// customer messages are not the server's: `Customer add successful.` is `Client add
/// successful.` on the wire).
pub(crate) fn message(endpoint: &Endpoint) -> Value {
    let outcome = match endpoint.operation {
        Operation::Create => WriteOutcome::Added,
        Operation::Update => WriteOutcome::Updated,
        _ => WriteOutcome::Deleted,
    };
    json!({"status": true, "message": strings::write_message(endpoint.resource, outcome)})
}

/// Named 404 examples of an endpoint, `(key, summary, value)`.
pub(crate) fn not_found(endpoint: &Endpoint) -> Vec<(&'static str, &'static str, Value)> {
    let mut all = Vec::new();
    match endpoint.operation {
        Operation::List | Operation::Get | Operation::Search => {
            all.push((
                "noData",
                "No row found (or an empty table)",
                no_data(endpoint.resource),
            ));
        }
        Operation::Create | Operation::Update => {
            if endpoint.operation == Operation::Create {
                all.push((
                    "validation",
                    "A mandatory field is missing",
                    validation(endpoint.resource),
                ));
                if let Some(taken) = number_in_use(endpoint.resource) {
                    all.push(taken);
                }
            }
            all.push((
                "writeFailure",
                "The write failed or changed nothing",
                write_fail(endpoint),
            ));
        }
        Operation::Delete if endpoint.resource.quirks().deletes_newest_only => {
            all.push((
                "writeFailure",
                "Not the newest row (a CRM deletes only its newest)",
                write_fail(endpoint),
            ));
            all.push((
                "noSuchRow",
                "No row has this id",
                json!({"status": false, "message": strings::write_message(endpoint.resource, WriteOutcome::InvalidId)}),
            ));
        }
        Operation::Delete => {
            all.push((
                "writeFailure",
                "The row could not be deleted",
                write_fail(endpoint),
            ));
        }
    }
    all.push((
        "tokenMissing",
        "No authtoken header (1.0, 2.0)",
        json!({"status": false, "message": strings::TOKEN_MISSING}),
    ));
    all.push((
        "tokenExpired",
        "Expired token (1.0, 2.0)",
        json!({"status": false, "message": strings::TOKEN_EXPIRED}),
    ));
    all.push((
        "tokenUnknown",
        "A well-formed token the server does not know (1.0, 2.0)",
        json!({"status": false, "message": null}),
    ));
    all.push((
        "tokenRefused",
        "Any token failure (3.x)",
        json!({"status": false, "message": strings::TOKEN_NOT_FOUND}),
    ));
    all
}

/// The validation failure of a number another row of its year has (the quirk
/// `unique_in_year`: invoices, estimates), on create (404) and update (409).
fn number_in_use(resource: Resource) -> Option<(&'static str, &'static str, Value)> {
    let unique = resource.quirks().unique_in_year?;
    let message = strings::field_in_use(&resource.label(unique.field));
    Some((
        "numberInUse",
        "Another row dated in the same year has this number",
        validation_body(resource, &[(unique.field.to_owned(), message)]),
    ))
}

/// `No data were found`, `false` in the resource's failure member (payments: `paymentmode`).
fn no_data(resource: Resource) -> Value {
    json!({resource.quirks().failure_member: false, "message": strings::NOT_FOUND_MESSAGE})
}

fn write_fail(endpoint: &Endpoint) -> Value {
    let outcome = match endpoint.operation {
        Operation::Create => WriteOutcome::AddFailed,
        Operation::Update => WriteOutcome::UpdateFailed,
        _ => WriteOutcome::DeleteFailed,
    };
    let member = endpoint.resource.quirks().failure_member;
    json!({member: false, "message": strings::write_message(endpoint.resource, outcome)})
}

/// The 409 examples of a whole-document update: its checks fail, or no row has the id.
pub(crate) fn conflicts(resource: Resource) -> Vec<(&'static str, &'static str, Value)> {
    let since = resource.info().since;
    let failed: Vec<(String, String)> = resource
        .required_on_update(since)
        .map(|r| (bracketed(resource, r.field), strings::field_required(r.label)))
        .collect();
    let mut all = vec![
        (
            "validation",
            "A field every update carries is missing",
            validation_body(resource, &failed),
        ),
        (
            "noSuchRow",
            "No row has this id",
            json!({"status": false, "message": strings::write_message(resource, WriteOutcome::NotFound)}),
        ),
    ];
    all.extend(number_in_use(resource));
    all
}

/// A field as CodeIgniter's error map names its rule: a list's as `name[]`.
pub(crate) fn bracketed(resource: Resource, field: &str) -> String {
    let list = pmp_core::input_fields(resource).iter().any(|f| {
        f.name == field
            && matches!(
                f.kind,
                pmp_core::FieldKind::NumberList | pmp_core::FieldKind::NewLines | pmp_core::FieldKind::Lines
            )
    });
    if list {
        format!("{field}[]")
    } else {
        field.to_owned()
    }
}

/// The validation failure of a create without any field, as the oldest version serving the
/// resource's create answers it (items: 3.0): `error` maps each mandatory field to its
/// message, `message` is the same texts as HTML.
pub(crate) fn validation(resource: Resource) -> Value {
    let oldest = pmp_core::ModuleVersion::ALL
        .into_iter()
        .find(|v| resource.serves(*v, pmp_core::Operation::Create))
        .unwrap_or(resource.info().since);
    let texts: Vec<(String, String)> = resource
        .required_on(oldest)
        .map(|rule| {
            (
                bracketed(resource, rule.field),
                strings::field_required(rule.label),
            )
        })
        .collect();
    validation_body(resource, &texts)
}

/// A validation failure's body: `error` maps each field to its message, `message` is the
/// same texts as HTML.
fn validation_body(resource: Resource, texts: &[(String, String)]) -> Value {
    let map: serde_json::Map<String, Value> = texts
        .iter()
        .map(|(field, text)| (field.clone(), Value::String(text.clone())))
        .collect();
    let html = strings::validation_html(texts.iter().map(|(_, t)| t.as_str()));
    json!({resource.quirks().failure_member: false, "error": map, "message": html})
}

/// The 406 answer of an update without a JSON body.
pub(crate) fn not_acceptable() -> Value {
    json!({"status": false, "message": strings::NOT_ACCEPTABLE})
}
