//! The document's examples: pmp-core's fixtures (the PMP document's example responses),
//! reshaped where the wire facts say the document is wrong, and the error bodies the real
//! server sends that the document does not show.

use pmp_core::{input_fields, Endpoint, Operation, Resource};
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
pub fn row(resource: Resource) -> Option<Value> {
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
pub fn rows(resource: Resource, operation: Operation) -> Option<Value> {
    match fixture(resource, operation.verb(), 200) {
        Some(Value::Array(rows)) if rows.iter().all(|r| r.get(resource.id_field()).is_some()) => {
            Some(Value::Array(rows))
        }
        _ => row(resource).map(|r| json!([r])),
    }
}

/// The success answer of a write: the document's example, or the message shape with the
/// operation's usual text.
pub fn message(endpoint: &Endpoint) -> Value {
    fixture(endpoint.resource, endpoint.operation.verb(), 200).unwrap_or_else(|| {
        let text = match endpoint.operation {
            Operation::Create => "add successful.",
            Operation::Update => "Update Successful.",
            _ => "Delete Successful.",
        };
        json!({"status": true, "message": format!("{} {text}", endpoint.resource.model_name())})
    })
}

/// Named 404 examples of an endpoint, `(key, summary, value)`.
pub fn not_found(endpoint: &Endpoint) -> Vec<(&'static str, &'static str, Value)> {
    let mut all = Vec::new();
    let documented = fixture(endpoint.resource, endpoint.operation.verb(), 404);
    match endpoint.operation {
        Operation::List | Operation::Get | Operation::Search => {
            let value = documented.unwrap_or_else(no_data);
            all.push(("noData", "No row found (or an empty table)", value));
        }
        Operation::Create | Operation::Update => {
            all.push((
                "validation",
                "A mandatory field is missing",
                validation(endpoint.resource),
            ));
            let value = documented.unwrap_or_else(|| write_fail(endpoint));
            all.push(("writeFailure", "The write failed or changed nothing", value));
        }
        Operation::Delete => {
            let value = documented.unwrap_or_else(|| write_fail(endpoint));
            all.push(("writeFailure", "The row could not be deleted", value));
        }
    }
    all.push((
        "tokenMissing",
        "No authtoken header",
        json!({"status": false, "message": "Token is not defined."}),
    ));
    all.push((
        "tokenExpired",
        "Expired token",
        json!({"status": false, "message": "Token Time Expire."}),
    ));
    all.push((
        "tokenUnknown",
        "A well-formed token the server does not know",
        json!({"status": false, "message": null}),
    ));
    all
}

fn no_data() -> Value {
    json!({"status": false, "message": "No data were found"})
}

fn write_fail(endpoint: &Endpoint) -> Value {
    let what = match endpoint.operation {
        Operation::Create => "add fail.",
        Operation::Update => "Update Fail.",
        _ => "Delete Fail.",
    };
    json!({"status": false, "message": format!("{} {what}", endpoint.resource.model_name())})
}

/// A validation failure on the resource's first mandatory field, in the server's shape:
/// `error` maps fields to messages, `message` is the same text as HTML.
fn validation(resource: Resource) -> Value {
    let field = input_fields(resource)
        .iter()
        .find(|f| f.required)
        .map_or("name", |f| f.name);
    let mut label = field.replace('_', " ");
    label[..1].make_ascii_uppercase();
    let text = format!("The {label} field is required.");
    json!({"status": false, "error": {field: text}, "message": format!("<p>{text}</p>\n")})
}

/// The 406 answer of an update without a JSON body.
pub fn not_acceptable() -> Value {
    json!({"status": false, "message": "Data Not Acceptable OR Not Provided"})
}
