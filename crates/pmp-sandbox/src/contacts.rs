//! `api/contacts` (2.x, 3.x): a customer's people, which tickets name. Create, list by customer
//! (`GET api/contacts/{customer_id}`), get (`GET api/contacts/{customer_id}/{contact_id}`),
//! search, update and delete. Rows are the customer's columns joined with the contact's.

use serde_json::{Map, Value};

use pmp_core::{strings, Resource};

use crate::body::{Form, Raw};
use crate::profile::Module;
use crate::store::{Store, StoreError, Updated};
use crate::views::{CLIENTS, CONTACTS};

/// Columns a contact update may change (the id and the customer are fixed).
const WRITABLE: &[&str] = &[
    "firstname",
    "lastname",
    "email",
    "phonenumber",
    "title",
    "direction",
    "invoice_emails",
    "estimate_emails",
    "credit_note_emails",
    "contract_emails",
    "task_emails",
    "project_emails",
    "ticket_emails",
];

/// The columns of a new contact of `customer` (no portal password).
pub(crate) fn new_contact(
    customer: i64,
    firstname: &str,
    lastname: &str,
    email: &str,
    primary: bool,
) -> Vec<(&'static str, Option<String>)> {
    let (now, _) = crate::clock::now();
    let text = |s: &str| Some(s.to_owned());
    let mut values = vec![
        ("userid", Some(customer.to_string())),
        ("is_primary", text(if primary { "1" } else { "0" })),
        ("firstname", text(firstname)),
        ("lastname", text(lastname)),
        ("email", text(email)),
        ("phonenumber", text("")),
        ("datecreated", Some(now.clone())),
        ("email_verified_at", Some(now)),
        ("active", text("1")),
    ];
    for column in &CONTACTS[21..] {
        values.push((column, text("0")));
    }
    values
}

/// Why a contact create failed.
pub(crate) enum CreateError {
    /// Missing fields, in order, with their messages.
    Fields(Vec<(String, String)>),
    /// The database failed.
    Store(StoreError),
}

fn text_of<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    match form.get(name) {
        Some(Raw::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    }
}

/// Adds a contact from a form; returns its id.
pub(crate) fn create(store: &Store, module: Module, form: &Form) -> Result<i64, CreateError> {
    let errors: Vec<(String, String)> = Resource::Contacts
        .required_on(module)
        .filter(|rule| text_of(form, rule.field).is_none())
        .map(|rule| (rule.field.to_owned(), strings::field_required(rule.label)))
        .collect();
    let customer = text_of(form, "customer_id").and_then(|c| c.parse::<i64>().ok());
    let (Some(customer), true) = (customer, errors.is_empty()) else {
        let mut errors = errors;
        if errors.is_empty() {
            errors.push((
                "customer_id".to_owned(),
                "The Customer Id field must contain an integer.".to_owned(),
            ));
        }
        return Err(CreateError::Fields(errors));
    };
    let get = |name| text_of(form, name).unwrap_or_default();
    let mut values = new_contact(
        customer,
        get("firstname"),
        get("lastname"),
        get("email"),
        form.get("is_primary").is_some(),
    );
    if let Some(password) = text_of(form, "password") {
        // The CRM keeps a bcrypt hash; the sandbox too (the lowest cost: it holds no real data).
        let hash = bcrypt::hash(password, 4).map_err(|e| CreateError::Store(StoreError(e.to_string())))?;
        values.push(("password", Some(hash)));
    }
    for column in ["title", "phonenumber", "direction"] {
        if let Some(value) = text_of(form, column) {
            values.retain(|(c, _)| *c != column);
            values.push((column, Some(value.to_owned())));
        }
    }
    store.insert_contact(&values).map_err(CreateError::Store)
}

/// Changes the contact's columns named in the form.
pub(crate) fn update(store: &Store, id: i64, form: &Form) -> Result<Updated, StoreError> {
    let mut values: Vec<(&'static str, String)> = WRITABLE
        .iter()
        .filter_map(|column| match form.get(column) {
            Some(Raw::Text(t)) => Some((*column, t.clone())),
            _ => None,
        })
        .collect();
    // A new password is stored as its hash, as on create.
    if let Some(password) = text_of(form, "password") {
        let hash = bcrypt::hash(password, 4).map_err(|e| StoreError(e.to_string()))?;
        values.push(("password", hash));
    }
    store.update_contact(id, &values)
}

/// A contact row as the module answers it: its customer's columns, then the contact's
/// (which win where both have a column), then `customfields: []`.
pub(crate) fn shape(store: &Store, contact: &Map<String, Value>) -> Result<Value, StoreError> {
    let customer = contact
        .get("userid")
        .and_then(Value::as_str)
        .and_then(|id| id.parse::<i64>().ok())
        .map(|id| store.get(pmp_core::Resource::Customers, id))
        .transpose()?
        .flatten();
    let mut out = Map::new();
    out.insert("id".to_owned(), contact.get("id").cloned().unwrap_or(Value::Null));
    for column in CLIENTS {
        let value = customer
            .as_ref()
            .and_then(|c| c.get(*column))
            .cloned()
            .unwrap_or(Value::Null);
        out.insert((*column).to_owned(), value);
    }
    for column in CONTACTS {
        out.insert(
            (*column).to_owned(),
            contact.get(*column).cloned().unwrap_or(Value::Null),
        );
    }
    out.insert("customfields".to_owned(), Value::Array(Vec::new()));
    Ok(Value::Object(out))
}
