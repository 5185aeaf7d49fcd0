//! What the sandbox stores of each resource, derived from pmp-core's declaration: the columns
//! (row model fields plus the input fields that are stored as columns) and the defaults a new
//! row gets. (Labels and messages are pmp-core's: `Resource::label`, `write_message`.)

use pmp_core::{input_fields, FieldKind, FieldSpec, Resource};

/// The columns of a resource's table, in the order rows list them: the row model's fields
/// (the id column first), then input fields the model does not name (`tags`, ...).
pub(crate) fn columns(resource: Resource) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = vec![resource.id_field()];
    for name in resource.info().row_fields {
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
pub(crate) fn is_column(spec: &FieldSpec) -> bool {
    matches!(
        spec.kind,
        FieldKind::Text | FieldKind::Number | FieldKind::Date | FieldKind::Flag
    )
}

/// The SQL table name of a resource (its path segment, which is a fixed identifier).
pub(crate) fn table(resource: Resource) -> &'static str {
    resource.segment()
}

/// A column's value on a new row when the request does not set it, as the CRM's tables
/// default them. `Now` and `Today` are filled in at insert time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Initial {
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
pub(crate) fn defaults(resource: Resource) -> &'static [(&'static str, Initial)] {
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
        // A resource without an arm here: its columns start empty.
        _ => &[],
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
            for field in resource.info().row_fields {
                assert_eq!(cols.iter().filter(|c| *c == field).count(), 1, "{field}");
            }
            for (name, _) in defaults(resource) {
                assert!(cols.contains(name), "default for unknown column {name}");
            }
        }
        assert!(columns(Resource::Leads).contains(&"tags"));
        assert!(!columns(Resource::Customers).contains(&"groups_in"));
    }
}
