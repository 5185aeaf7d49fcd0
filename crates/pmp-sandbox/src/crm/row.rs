//! The shape of a row of `crm.rs` and how the sandbox reads it (the rows are in `crm.rs`).

use pmp_core::{ModuleVersion as Module, Resource};

use crate::schema::Initial;
use crate::views::{Kind, Source, View};

/// The CRM facts of one resource (the fields are described at the top of `crm.rs`).
#[derive(Debug)]
pub(crate) struct Crm {
    /// The resource of the row.
    pub resource: Resource,
    /// The SQLite table that holds its rows.
    pub table: &'static str,
    /// The CRM table's own columns, the id first, in the order rows show them.
    pub columns: &'static [&'static str],
    /// Columns a new row leaves null, from the first version that does (the others
    /// default to `""` unless `defaults` names them).
    pub nulls: &'static [(Module, &'static [&'static str])],
    /// Values of a new row's columns that the request does not set.
    pub defaults: &'static [(&'static str, Initial)],
    /// `(field, column, versions)`: a create without the field leaves the column null there.
    pub unset_without: &'static [(&'static str, &'static str, &'static [Module])],
    /// Columns an update blanking them stores as null.
    pub blank_is_null: &'static [&'static str],
    /// The column of 3.x's `created_after` / `created_before`.
    pub created: &'static str,
    /// The order of lists: columns, then `_seq` (the order rows were added).
    pub order: &'static str,
    /// What a search matches.
    pub search: Matches,
    /// The layers of each answer: the first view naming the kind and version is used.
    pub views: &'static [View],
    /// Where the id of the parent row (pmp-core's `parent`) is sent and stored.
    pub parent: Option<ParentKey>,
    /// Columns stored as a bcrypt hash of the value sent (blank: not stored).
    pub hashed: &'static [&'static str],
    /// Input fields an update may change (`None`: every one).
    pub writable: Option<&'static [&'static str]>,
    /// Whether the sandbox's limited token (`Role::ReadCustomers`) may read it.
    pub limited_token_reads: bool,
}

/// The parent's id in a child's input and table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParentKey {
    /// The input field that carries it on create (a `Number` field of the declaration).
    pub field: &'static str,
    /// The column it is stored in, which lists and gets of the child filter on.
    pub column: &'static str,
}

/// What a search's keyword is matched against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Matches {
    /// Every stored column.
    pub every_column: bool,
    /// A further SQL condition (`?1` is the `LIKE` pattern), joined with `OR`.
    pub also: &'static str,
}

/// The CRM facts of a resource.
pub(crate) fn of(resource: Resource) -> &'static Crm {
    &super::CRM[resource as usize]
}

impl Crm {
    /// The columns a new row of `module` leaves null.
    pub(crate) fn null_on(&self, module: Module) -> impl Iterator<Item = &'static str> {
        self.nulls
            .iter()
            .filter(move |(since, _)| module >= *since)
            .flat_map(|(_, columns)| columns.iter().copied())
    }

    /// The layers of a `kind` answer on `module`.
    pub(crate) fn layers(&self, module: Module, kind: Kind) -> &'static [Source] {
        self.views
            .iter()
            .find(|v| v.kinds.contains(&kind) && v.modules.contains(&module))
            .map_or(&[], |v| v.layers)
    }
}
