//! Numbers unique in their year (pmp-core's quirk `unique_in_year`: invoices, estimates), checked
//! as the CRM's `validate_invoice_number` callback does, after the form's own checks: its
//! error joins theirs, in the order of the resource's rules, as CodeIgniter lists them.

use pmp_core::{strings, Operation, Resource};

use crate::body::{Form, Raw};
use crate::input::{self, FieldErrors, Input, Invalid};
use crate::profile::Module;
use crate::store::Store;

/// The form checked for a create (`id` `None`) or an update of row `id`, as `input::check`
/// does, with a number that another row of its year has refused.
pub(crate) fn check(
    store: &Store,
    module: Module,
    resource: Resource,
    id: Option<i64>,
    form: &Form,
) -> Result<Input, Invalid> {
    let operation = if id.is_some() {
        Operation::Update
    } else {
        Operation::Create
    };
    let checked = input::check(module, resource, operation, form);
    let Some((field, message)) = taken(store, resource, id, form) else {
        return checked;
    };
    match checked {
        Ok(_) => Err(Invalid::Fields(vec![(field.to_owned(), message)])),
        Err(Invalid::Fields(mut errors)) => {
            insert_in_rule_order(&mut errors, module, resource, operation, field, message);
            Err(Invalid::Fields(errors))
        }
        failed => failed,
    }
}

/// The field and error of a number another row of its year has, if the resource's numbers
/// are unique. A blank number is the required rule's; a date the CRM cannot read, its crash.
fn taken(store: &Store, resource: Resource, id: Option<i64>, form: &Form) -> Option<(&'static str, String)> {
    let unique = resource.quirks().unique_in_year?;
    let text = |name| match form.get(name) {
        Some(Raw::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    };
    let number = text(unique.field)?;
    let date = match text(unique.date) {
        Some(sent) => Some(input::parse_date(sent)?),
        None => None,
    };
    match store.number_taken(resource, unique, id, number, date.as_deref()) {
        Ok(true) => Some((unique.field, strings::field_in_use(&resource.label(unique.field)))),
        Ok(false) => None,
        Err(e) => {
            eprintln!("pmp-sandbox: {} number check: {e}", resource.segment());
            None
        }
    }
}

/// Puts the error of `field` among `errors` where CodeIgniter lists it: in the order the
/// rules are declared (a list's key is `name[]`), after errors of fields without a rule.
fn insert_in_rule_order(
    errors: &mut FieldErrors,
    module: Module,
    resource: Resource,
    operation: Operation,
    field: &str,
    message: String,
) {
    let rules = input::rules(module, resource, operation);
    let rank = |name: &str| {
        let name = name.trim_end_matches("[]");
        rules.iter().position(|r| r.field == name).unwrap_or(usize::MAX)
    };
    let at = errors
        .iter()
        .position(|(name, _)| rank(name) > rank(field))
        .unwrap_or(errors.len());
    errors.insert(at, (field.to_owned(), message));
}
