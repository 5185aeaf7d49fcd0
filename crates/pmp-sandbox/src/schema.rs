//! What the sandbox stores of each resource, derived from pmp-core's declaration and the
//! CRM facts of `crm.rs`: the columns (row model fields, the input fields that are stored as
//! columns, the CRM table's own columns). (Labels and messages are pmp-core's:
//! `Resource::label`, `write_message`.)

use pmp_core::{input_fields, FieldKind, FieldSpec, Resource};

use crate::crm;

/// The columns of a resource's table, in the order rows list them: the row model's fields
/// (the id column first), then input fields the model does not name (`tags`, ...; not the
/// parent's id, which is stored in the parent's column), then the CRM table's own.
pub(crate) fn columns(resource: Resource) -> Vec<&'static str> {
    let parent_field = crm::of(resource).parent.map(|p| p.field);
    let mut columns: Vec<&'static str> = vec![resource.id_field()];
    for name in resource.row_fields() {
        if !columns.contains(name) {
            columns.push(name);
        }
    }
    for spec in input_fields(resource) {
        if is_column(spec) && !columns.contains(&spec.name) && parent_field != Some(spec.name) {
            columns.push(spec.name);
        }
    }
    for name in crm::of(resource).columns {
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

/// The SQL table name of a resource (a fixed identifier of `crm.rs`).
pub(crate) fn table(resource: Resource) -> &'static str {
    crm::of(resource).table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_start_with_the_id_and_hold_every_row_field_once() {
        for resource in Resource::ALL {
            let cols = columns(resource);
            assert_eq!(cols[0], resource.id_field());
            for field in resource.row_fields() {
                assert_eq!(cols.iter().filter(|c| *c == field).count(), 1, "{field}");
            }
            let crm = crm::of(resource);
            let named = crm.defaults.iter().map(|(name, _)| name);
            let named = named.chain(crm.nulls.iter().flat_map(|(_, columns)| columns.iter()));
            let named = named.chain(crm.unset_without.iter().map(|(_, column, _)| column));
            let named = named.chain(crm.blank_is_null).chain(crm.hashed);
            for name in named.chain([&crm.created]) {
                assert!(cols.contains(name), "{}: no column {name}", crm.table);
            }
        }
        assert!(columns(Resource::Leads).contains(&"tags"));
        assert!(!columns(Resource::Customers).contains(&"groups_in"));
        assert!(
            !columns(Resource::Contacts).contains(&"customer_id"),
            "stored in userid"
        );
    }
}
