//! The shape of a row of `crm.rs` and how the sandbox reads it (the rows are in `crm.rs`).
//! Every type a row is made of lives here (views and their layers, columns' initial values),
//! so that `crm` stands below the modules that read its rows (`schema.rs`, `views.rs`,
//! `store.rs`, ...): they import it, and it imports none of them.

use pmp_core::{ModuleVersion as Module, Resource};

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

/// A small fixed table joined on one of the row's columns (ids from 1, in order).
#[derive(Debug)]
pub(crate) struct Lookup {
    /// The row's column that holds the id.
    pub key: &'static str,
    /// The table's columns.
    pub columns: &'static [&'static str],
    /// Its rows, ids 1, 2, ...
    pub rows: &'static [&'static [Option<&'static str>]],
}

/// The layers of the answers of some kinds on some versions (a row of `crm.rs`'s `views`).
#[derive(Debug)]
pub(crate) struct View {
    /// The answers it is for.
    pub kinds: &'static [Kind],
    /// The versions it is for.
    pub modules: &'static [Module],
    /// Its layers, in order (`customfields` is left out on 1.0.0, which adds it nowhere).
    pub layers: &'static [Source],
}

/// Where a layer's values come from.
#[derive(Debug)]
pub(crate) enum Source {
    /// The row itself.
    Own(&'static [&'static str]),
    /// The row of another resource named by one of the row's columns, with that resource's
    /// own columns (null columns when there is none).
    Join(Resource, &'static str),
    /// The parent's row (pmp-core's `parent`, on the column of `crm.rs`'s `parent`).
    Parent,
    /// A table joined on nothing the API sets: every column null.
    Null(&'static [&'static str]),
    /// A fixed table.
    Fixed(&'static Lookup),
    /// A column of the row under another name, or a list/object the module adds.
    Extra(Added),
}

/// Values the module adds to rows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Added {
    /// `customfields: []` (no custom fields are defined on a new install).
    CustomFields,
    /// The ticket query's `AS` columns and the columns it selects again after its joins.
    TicketAliases,
    /// The leads query selects `id` and `name` again after joining the status.
    LeadAliases,
    /// A lead's `attachments` and `public_url` (get).
    LeadFiles,
    /// A project's `shared_vault_entries`, `settings` and `client_data` (get; 2.x lists):
    /// the row of the resource named by the column.
    ProjectDetails(Resource, &'static str),
    /// 3.x project get: `tasks: []`.
    Tasks,
    /// A sales document's get: its lines, `items` (the store's `itemable` rows).
    Lines,
    /// A list column as the CRM stores it, PHP-serialized (`a:1:{i:0;s:1:"1";}`).
    PhpSerialized(&'static str),
    /// `(name, column)`: the row's `column` again under `name` (a payment's id as `id`).
    Alias(&'static str, &'static str),
    /// An item search's row: `rate`, `id` (the item's), `name` (`(<rate>) <description>`, the
    /// rate with two decimals) and `subtext` (the first 200 characters of `long_description`
    /// without tags, then `...`).
    ItemSearch,
}

/// Which answer a row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `GET api/{res}`.
    List,
    /// `GET api/{res}/{id}`.
    Get,
    /// `GET api/{res}/search/{keysearch}`.
    Search,
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
