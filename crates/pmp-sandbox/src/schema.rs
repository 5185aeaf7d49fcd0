//! What the sandbox knows about each resource, derived from pmp-core's tables: the columns
//! (row model fields plus the input fields that are stored as columns), the labels and
//! messages the real module answers with, and the defaults a new row gets.

use pmp_core::{input_fields, FieldKind, FieldSpec, Resource, Row};

/// The columns of a resource's table, in the order rows list them: the row model's fields
/// (the id column first), then input fields the model does not name (`tags`, ...).
pub fn columns(resource: Resource) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = vec![resource.id_field()];
    for name in row_fields(resource) {
        if !columns.contains(name) {
            columns.push(name);
        }
    }
    for spec in input_fields(resource) {
        if is_column(spec) && !columns.contains(&spec.name) {
            columns.push(spec.name);
        }
    }
    // The CRM table's own columns, which rows show (views.rs).
    for name in crate::views::own_columns(resource) {
        if !columns.contains(name) {
            columns.push(name);
        }
    }
    columns
}

/// Whether an input field is stored in a column of its own (lists, custom fields and files
/// are stored in side tables).
pub fn is_column(spec: &FieldSpec) -> bool {
    matches!(
        spec.kind,
        FieldKind::Text | FieldKind::Number | FieldKind::Date | FieldKind::Flag
    )
}

/// The fields of the resource's row model.
pub fn row_fields(resource: Resource) -> &'static [&'static str] {
    use pmp_core::{Customer, Lead, Milestone, Project, Ticket};
    match resource {
        Resource::Customers => Customer::FIELDS,
        Resource::Leads => Lead::FIELDS,
        Resource::Milestones => Milestone::FIELDS,
        Resource::Projects => Project::FIELDS,
        Resource::Tickets => Ticket::FIELDS,
    }
}

/// The SQL table name of a resource (its path segment, which is a fixed identifier).
pub fn table(resource: Resource) -> &'static str {
    resource.segment()
}

/// The label the real module's form validation uses for a field ("The Company field is
/// required."), from the module's `set_rules` calls; other fields get their name, humanised.
pub fn label(resource: Resource, field: &str) -> String {
    let known = match (resource, field) {
        (Resource::Customers, "company") => "Company",
        (Resource::Leads, "name") => "Lead Name",
        (Resource::Leads, "source") => "Source",
        (Resource::Leads, "status") => "Status",
        (Resource::Milestones, "name") => "Milestone Name",
        (Resource::Milestones, "project_id") => "Project id",
        (Resource::Milestones, "due_date") => "Milestone Due Date",
        (Resource::Projects, "name") => "Project Name",
        (Resource::Projects, "clientid") => "Customer",
        (Resource::Projects, "billing_type") => "Billing Type",
        (Resource::Projects, "start_date") => "Project Start Date",
        (Resource::Projects, "status") => "Project Status",
        (Resource::Tickets, "subject") => "Ticket Name",
        (Resource::Tickets, "department") => "Department",
        (Resource::Tickets, "contactid") => "Contact",
        (Resource::Tickets, "userid") => "User",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let mut text = field.replace('_', " ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

/// The noun of the real module's write messages: `Client add successful.`, `Customer Update
/// Successful.`, `Lead add fail.`, ...
fn noun(resource: Resource) -> &'static str {
    match resource {
        Resource::Customers => "Customer",
        Resource::Leads => "Lead",
        Resource::Milestones => "Milestone",
        Resource::Projects => "Project",
        Resource::Tickets => "Ticket",
    }
}

/// What a write can answer, as the real module words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Create succeeded.
    Added,
    /// Create failed.
    AddFailed,
    /// Update succeeded.
    Updated,
    /// Update failed (missing row, or nothing changed).
    UpdateFailed,
    /// Delete succeeded.
    Deleted,
    /// Delete failed (missing row).
    DeleteFailed,
    /// The id in the path is not a number, or missing (3.x).
    InvalidId,
    /// 3.x: update of an id that does not exist.
    NotFound,
}

/// The message of a write outcome.
pub fn message(resource: Resource, outcome: Outcome) -> String {
    let noun = noun(resource);
    match (resource, outcome) {
        // The customers controller says "Client" on create, "Customer" elsewhere.
        (Resource::Customers, Outcome::Added) => "Client add successful.".to_owned(),
        (Resource::Customers, Outcome::AddFailed) => "Client add fail.".to_owned(),
        (Resource::Projects, Outcome::AddFailed) => "Project add failed.".to_owned(),
        (_, Outcome::Added) => format!("{noun} add successful."),
        (_, Outcome::AddFailed) => format!("{noun} add fail."),
        // The customers controller says "Customers" in its update messages.
        (Resource::Customers, Outcome::Updated) => "Customers Update Successful.".to_owned(),
        (Resource::Customers, Outcome::UpdateFailed) => "Customers Update Fail.".to_owned(),
        (_, Outcome::Updated) => format!("{noun} Update Successful."),
        (_, Outcome::UpdateFailed) => format!("{noun} Update Fail."),
        (_, Outcome::NotFound) => format!("{noun} not found"),
        (_, Outcome::Deleted) => format!("{noun} Delete Successful."),
        (_, Outcome::DeleteFailed) => format!("{noun} Delete Fail."),
        (_, Outcome::InvalidId) => format!("Invalid {noun} ID"),
    }
}

/// A column's value on a new row when the request does not set it, as the CRM's tables
/// default them. `Now` and `Today` are filled in at insert time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initial {
    /// A fixed text.
    Text(&'static str),
    /// The current date and time, `2019-07-18 08:59:28`.
    Now,
    /// The current date, `2019-07-19`.
    Today,
    /// 32 random hex digits (ticket keys).
    Key,
    /// A lead hash: two runs of 32 random hex digits joined by `-`.
    Hash,
}

/// The defaults of a resource's new rows.
pub fn defaults(resource: Resource) -> &'static [(&'static str, Initial)] {
    use Initial::*;
    match resource {
        Resource::Customers => &[
            ("datecreated", Now),
            ("active", Text("1")),
            ("addedfrom", Text("0")),
            ("show_primary_contact", Text("0")),
            ("registration_confirmed", Text("1")),
            ("default_currency", Text("0")),
            ("country", Text("0")),
            ("billing_country", Text("0")),
            ("shipping_country", Text("0")),
        ],
        Resource::Leads => &[
            ("hash", Hash),
            ("dateadded", Now),
            ("lastcontact", Now),
            ("dateassigned", Today),
            ("from_form_id", Text("0")),
            ("assigned", Text("0")),
            ("country", Text("0")),
            ("leadorder", Text("1")),
            ("lost", Text("0")),
            ("junk", Text("0")),
            ("last_lead_status", Text("0")),
            ("is_imported_from_email_integration", Text("0")),
            ("is_public", Text("0")),
            ("client_id", Text("0")),
            ("addedfrom", Text("0")),
        ],
        Resource::Milestones => &[
            ("datecreated", Today),
            ("milestone_order", Text("0")),
            ("description_visible_to_customer", Text("0")),
            ("hide_from_customer", Text("0")),
            ("total_tasks", Text("0")),
            ("total_finished_tasks", Text("0")),
        ],
        Resource::Projects => &[
            ("project_created", Today),
            ("progress", Text("0")),
            ("progress_from_tasks", Text("1")),
            ("project_rate_per_hour", Text("0.00")),
            ("addedfrom", Text("0")),
            ("contact_notification", Text("1")),
            ("rel_type", Text("customer")),
        ],
        Resource::Tickets => &[
            ("ticketkey", Key),
            ("date", Now),
            ("adminreplying", Text("0")),
            ("status", Text("1")),
            ("priority", Text("2")),
            ("service", Text("0")),
            ("project_id", Text("0")),
            ("assigned", Text("0")),
            ("clientread", Text("0")),
            ("adminread", Text("0")),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_start_with_the_id_and_hold_every_row_field_once() {
        for resource in Resource::ALL {
            let cols = columns(resource);
            assert_eq!(cols[0], resource.id_field());
            for field in row_fields(resource) {
                assert_eq!(cols.iter().filter(|c| *c == field).count(), 1, "{field}");
            }
            for (name, _) in defaults(resource) {
                assert!(cols.contains(name), "default for unknown column {name}");
            }
        }
        assert!(columns(Resource::Leads).contains(&"tags"));
        assert!(!columns(Resource::Customers).contains(&"groups_in"));
    }

    #[test]
    fn labels_and_messages_are_the_real_modules() {
        assert_eq!(label(Resource::Customers, "company"), "Company");
        assert_eq!(label(Resource::Projects, "deadline"), "Deadline");
        assert_eq!(label(Resource::Leads, "default_language"), "Default language");
        assert_eq!(
            message(Resource::Customers, Outcome::Added),
            "Client add successful."
        );
        assert_eq!(message(Resource::Leads, Outcome::Added), "Lead add successful.");
        assert_eq!(
            message(Resource::Tickets, Outcome::UpdateFailed),
            "Ticket Update Fail."
        );
        assert_eq!(
            message(Resource::Milestones, Outcome::InvalidId),
            "Invalid Milestone ID"
        );
    }
}
