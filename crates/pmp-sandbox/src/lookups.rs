//! The endpoints beyond the six of a resource (pmp-core's `EXTRAS`): the common lookups
//! (`api/common/{type}`) and the custom fields (`api/custom_fields/{fieldto}[/{id}]`), which
//! the 2.0 and 3.0 profiles serve (1.0 answers them as a resource it lacks), and the
//! endpoints a resource has of its own (3.0's `POST api/invoices/{id}/send`, [`send_invoice`]),
//! routed by `api.rs` under their resource.
//!
//! What it assumes (wire/MODULE-SOURCE.md, "common" and "custom_fields"): GET only (other
//! methods 405 `Unknown method`); a type or `fieldto` the module does not know, or none, 404
//! `Not valid data`; the common lookups answer 404 `No data were found` when empty (a sandbox
//! started with `--empty` has none), custom fields `[]`. The lookups are fixed tables: the
//! sandbox has no write endpoints for them. Custom fields are defined for `customers` only
//! (three: an `input`, a `select`, a `multiselect`); the value of a field for a row is the one
//! the row stores (written through the resource's `custom_fields[customers][<id>]` input, and
//! seeded for customer 1's multiselect), `''` when none or without an id, and a field with
//! options answers `value` and `options` as JSON texts, as the module's
//! `json_encode(explode(',', ...))` does.

use pmp_core::{CustomFieldTarget, EmptyAnswer, Extra, ExtraEndpoint, ExtraInput, Resource, EXTRAS};
use serde_json::{json, Value};

use crate::input::Input;
use crate::profile::Module;
use crate::store::{Store, StoreError};

/// Whether the lookups have rows (`--empty` starts without).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookups {
    /// The seed below.
    Seeded,
    /// None: the common lookups answer 404 `No data were found`, custom fields `[]`.
    Empty,
}

/// A custom field definition of the seed: id, label, required, type, options.
struct FieldDef {
    id: &'static str,
    label: &'static str,
    required: &'static str,
    kind: &'static str,
    options: Option<&'static str>,
}

/// The custom fields of `customers` (stored as the CRM stores options: one text, `,` between).
const CUSTOMER_FIELDS: &[FieldDef] = &[
    FieldDef {
        id: "1",
        label: "Account code",
        required: "0",
        kind: "input",
        options: None,
    },
    FieldDef {
        id: "2",
        label: "Tier",
        required: "1",
        kind: "select",
        options: Some("Gold,Silver,Bronze"),
    },
    FieldDef {
        id: "3",
        label: "Channels",
        required: "0",
        kind: "multiselect",
        options: Some("Email,Phone,Post"),
    },
];

/// The customer whose multiselect the seed fills, and its value as the CRM stores a
/// multiselect's choices (joined by `, `).
pub(crate) const SEEDED_CUSTOMER: i64 = 1;
const SEEDED_CHANNELS: &str = "Email, Phone";

fn expense_categories() -> Value {
    json!([
        {"id": "1", "name": "Travel", "description": "Tickets, hotels"},
        {"id": "2", "name": "Office", "description": ""},
    ])
}

fn payment_modes() -> Value {
    json!([
        {"id": "1", "name": "Bank", "description": null, "show_on_pdf": "0", "invoices_only": "0",
         "expenses_only": "0", "selected_by_default": "1", "active": "1"},
        {"id": "2", "name": "Cash", "description": "", "show_on_pdf": "1", "invoices_only": "0",
         "expenses_only": "0", "selected_by_default": "0", "active": "1"},
        {"id": "paypal", "name": "Paypal", "description": "", "active": "1",
         "instance": {"name": "Paypal", "id": "paypal", "processingFees": false}},
    ])
}

fn taxes() -> Value {
    json!([
        {"id": "2", "name": "Reduced", "taxrate": "7.00"},
        {"id": "1", "name": "VAT", "taxrate": "19.00"},
    ])
}

/// Fills the seed's stored custom field value, on a new database only.
pub(crate) fn seed(store: &Store) -> Result<(), StoreError> {
    let mut input = Input::default();
    input.custom.insert(
        ("customers".to_owned(), "3".to_owned()),
        SEEDED_CHANNELS.to_owned(),
    );
    if let Some(resource) = resource_of(CustomFieldTarget::Customers) {
        store.update(resource, SEEDED_CUSTOMER, &input)?;
    }
    Ok(())
}

/// The endpoint beyond the six a path names on `module` (`path`: the decoded segments after
/// `api`), with what follows its template; `None` if it names none that `module` serves.
pub(crate) fn endpoint_of(module: Module, path: &[String]) -> Option<(&'static ExtraEndpoint, Vec<String>)> {
    EXTRAS.iter().filter(|e| e.served_on(module)).find_map(|e| {
        let template: Vec<&str> = e.path.trim_start_matches("api/").split('/').collect();
        let (head, rest) = (path.get(..template.len())?, &path[template.len()..]);
        let fits = template
            .iter()
            .zip(head)
            .all(|(t, segment)| t.starts_with('{') || t == segment);
        fits.then(|| {
            let mut args: Vec<String> = template
                .iter()
                .zip(head)
                .filter(|(t, _)| t.starts_with('{'))
                .map(|(_, s)| s.clone())
                .collect();
            args.extend(rest.iter().cloned());
            (e, args)
        })
    })
}

/// Whether the path is under a prefix of the endpoints beyond the six that `module` serves
/// and that belong to no resource (`api/common`, `api/custom_fields`), where the module's
/// own controller answers.
pub(crate) fn controller_of(module: Module, path: &[String]) -> bool {
    let first = path.first().map(String::as_str).unwrap_or_default();
    EXTRAS
        .iter()
        .filter(|e| e.served_on(module) && e.owner.is_none())
        .any(|e| e.path.trim_start_matches("api/").split('/').next() == Some(first))
}

/// The endpoint of a resource's own that `method` on `path` names on `module` (exactly its
/// template's segments: `invoices/7/send`), with its arguments; `None` on the versions that
/// do not serve it, whose router answers it as any path it does not route.
pub(crate) fn owned_endpoint(
    module: Module,
    method: &str,
    path: &[String],
) -> Option<(&'static ExtraEndpoint, Vec<String>)> {
    let (endpoint, args) = endpoint_of_owned(module, path)?;
    let segments = endpoint.path.trim_start_matches("api/").split('/').count();
    (endpoint.method.as_str() == method && path.len() == segments).then_some((endpoint, args))
}

fn endpoint_of_owned(module: Module, path: &[String]) -> Option<(&'static ExtraEndpoint, Vec<String>)> {
    endpoint_of(module, path).filter(|(e, _)| e.owner.is_some())
}

/// The answer, as (status, body), of an endpoint of [`owned_endpoint`] with its arguments.
pub(crate) fn owned_answer(
    store: &Store,
    endpoint: &ExtraEndpoint,
    args: &[String],
    cc: Option<&str>,
) -> Result<(u16, Value), StoreError> {
    let id = args.first().map(String::as_str).unwrap_or_default();
    match (endpoint.extra, endpoint.owner) {
        (Extra::SendInvoice, Some(invoices)) => send_invoice(store, invoices, id, cc),
        // Not an endpoint of a resource's own.
        _ => Ok((404, json!({"status": false, "message": "Not valid data"}))),
    }
}

/// 3.0.3's `POST api/invoices/{id}/send` (wire/MODULE-SOURCE.md, "invoices"), of the rows of
/// `invoices` (the endpoint's owner in pmp-core's declaration): an id that is
/// not a number 400 `Invalid Invoice ID`; a number naming no invoice 404 `Invoice not found`;
/// else the invoice is marked sent (`sent` `1`, `datesend` now, UTC) and the answer names it.
/// No email is sent, so the module's 500 for a mail that could not go out never comes; `cc`
/// (comma-separated addresses) is read and ignored.
pub(crate) fn send_invoice(
    store: &Store,
    invoices: Resource,
    id: &str,
    _cc: Option<&str>,
) -> Result<(u16, Value), StoreError> {
    let numeric = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    if !numeric {
        return Ok((400, json!({"status": false, "message": "Invalid Invoice ID"})));
    }
    let not_found = (404, json!({"status": false, "message": "Invoice not found"}));
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return Ok(not_found);
    };
    let Some(invoice) = store.get(invoices, id)? else {
        return Ok(not_found);
    };
    let (now, _) = crate::clock::now();
    let input = Input {
        columns: vec![("sent", "1".to_owned()), ("datesend", now.clone())],
        ..Input::default()
    };
    store.update(invoices, id, &input)?;
    let text = |name: &str| match invoice.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok((
        200,
        json!({
            "status": true,
            "invoice_id": id.to_string(),
            "invoice_number": invoice_number(&text("prefix"), &text("number")),
            "sent": true,
            "datesend": now,
            "message": "Invoice sent to the customer.",
        }),
    ))
}

/// An invoice's number as the CRM formats it with the default number format (`1`): its
/// prefix, then the number padded with zeros to six digits (`INV-000007`).
fn invoice_number(prefix: &str, number: &str) -> String {
    format!("{prefix}{number:0>6}")
}

/// The answer, as (status, body), to `method` on `path` under a controller of
/// [`controller_of`].
pub(crate) fn answer(
    module: Module,
    store: &Store,
    lookups: Lookups,
    method: &str,
    path: &[String],
) -> Result<(u16, Value), StoreError> {
    if method != "GET" {
        return Ok((405, json!({"status": false, "error": "Unknown method"})));
    }
    let not_valid = (404, json!({"status": false, "message": "Not valid data"}));
    let Some((endpoint, args)) = endpoint_of(module, path) else {
        return Ok(not_valid);
    };
    let rows = match endpoint.input {
        // A trailing `/{id}` is accepted and ignored.
        ExtraInput::None | ExtraInput::Id => match (lookups, endpoint.path) {
            (Lookups::Empty, _) => json!([]),
            (_, "api/common/expense_category") => expense_categories(),
            (_, "api/common/payment_mode") => payment_modes(),
            (_, "api/common/tax_data") => taxes(),
            _ => json!([]),
        },
        ExtraInput::FieldTo => {
            let Some(target) = args.first().and_then(|t| CustomFieldTarget::parse(t)) else {
                return Ok(not_valid);
            };
            custom_fields(store, lookups, target, args.get(1).and_then(|id| id.parse().ok()))?
        }
        // A resource's own endpoint is routed under its resource, never here.
        ExtraInput::IdAndCc => return Ok(not_valid),
    };
    let empty = rows.as_array().is_some_and(Vec::is_empty);
    Ok(match endpoint.empty {
        EmptyAnswer::NotFound if empty => (404, json!({"status": false, "message": "No data were found"})),
        _ => (200, rows),
    })
}

/// The resource whose rows a target's values belong to, where the sandbox has it (the target
/// that is the resource's path segment).
fn resource_of(target: CustomFieldTarget) -> Option<Resource> {
    Resource::from_segment(target.as_str())
}

fn custom_fields(
    store: &Store,
    lookups: Lookups,
    target: CustomFieldTarget,
    id: Option<i64>,
) -> Result<Value, StoreError> {
    if lookups == Lookups::Empty || target != CustomFieldTarget::Customers {
        return Ok(json!([]));
    }
    let row = match (resource_of(target), id) {
        (Some(resource), Some(id)) => store.get(resource, id)?,
        _ => None,
    };
    let stored = |field_id: &str| {
        row.as_ref()
            .and_then(|r| r.get("custom_fields"))
            .and_then(|c| c.get(target.as_str()))
            .and_then(|m| m.get(field_id))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let split = |text: &str| Value::String(json!(text.split(',').collect::<Vec<_>>()).to_string());
    let fields = CUSTOMER_FIELDS
        .iter()
        .map(|f| {
            let mut field = json!({
                "field_name": format!("custom_fields[{}][{}]", target.as_str(), f.id),
                "custom_field_id": f.id,
                "label": f.label,
                "required": f.required,
                "type": f.kind,
                "value": stored(f.id),
            });
            if let Some(options) = f.options {
                field["value"] = split(&stored(f.id));
                field["options"] = split(options);
            }
            field
        })
        .collect();
    Ok(Value::Array(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(path: &str) -> Vec<String> {
        path.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn paths_name_their_endpoints_on_the_versions_that_serve_them() {
        let of = |module, path| endpoint_of(module, &segs(path)).map(|(e, args)| (e.operation_id, args));
        assert_eq!(of(Module::V2, "common/tax_data"), Some(("listTaxes", vec![])));
        assert_eq!(
            of(Module::V3, "common/payment_mode/4"),
            Some(("listPaymentModes", vec!["4".to_owned()]))
        );
        assert_eq!(
            of(Module::V3, "custom_fields/customers/1"),
            Some(("listCustomFields", segs("customers/1")))
        );
        assert_eq!(of(Module::V3, "common/bogus"), None);
        assert_eq!(of(Module::V1, "common/tax_data"), None);
        assert!(controller_of(Module::V2, &segs("common")));
        assert!(!controller_of(Module::V1, &segs("common/tax_data")));
        assert!(!controller_of(Module::V3, &segs("customers")));
        // A resource's own endpoint: not a controller of its own, and on 3.0 only.
        assert!(!controller_of(Module::V3, &segs("invoices")));
        let owned = |module, method, path| {
            owned_endpoint(module, method, &segs(path)).map(|(e, args)| (e.operation_id, args))
        };
        assert_eq!(
            owned(Module::V3, "POST", "invoices/7/send"),
            Some(("sendInvoice", vec!["7".to_owned()]))
        );
        assert_eq!(owned(Module::V3, "GET", "invoices/7/send"), None);
        assert_eq!(owned(Module::V3, "POST", "invoices/7/send/x"), None);
        assert_eq!(owned(Module::V3, "POST", "invoices/7"), None);
        assert_eq!(owned(Module::V2, "POST", "invoices/7/send"), None);
        assert_eq!(owned(Module::V1, "POST", "invoices/7/send"), None);
        assert_eq!(invoice_number("INV-", "7"), "INV-000007");
        assert_eq!(invoice_number("INV-", "1234567"), "INV-1234567");
    }
}
