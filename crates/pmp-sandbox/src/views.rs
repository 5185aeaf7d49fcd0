//! Rows as real servers send them: the CRM's table columns (taken from the recorded exchanges),
//! joined the way the module's queries join them. A view is a list of layers; each layer gives
//! some columns, and a column given by a later layer replaces the earlier value (as PHP builds
//! the row from a `SELECT *` over joined tables), keeping its first position. The views are
//! rows of `crm.rs` (their types, `View`, `Source` and `Added`, are in `crm/row.rs`); this
//! file builds the answers from them.

use serde_json::{Map, Value};

use crate::crm::{self, Added, Added::*, Kind, Lookup, Source, Source::*};
use crate::profile::Module;
use pmp_core::Resource;

/// What a view needs besides the row: the rows it joins.
pub(crate) trait Joins {
    /// The stored row of `resource` with this id.
    fn row(&self, resource: Resource, id: &str) -> Option<Map<String, Value>>;
}

/// The layers of a `kind` answer of `resource` on `module` (`crm.rs`'s views).
fn layers(module: Module, resource: Resource, kind: Kind) -> impl Iterator<Item = &'static Source> {
    crm::of(resource)
        .layers(module, kind)
        .iter()
        .filter(move |layer| module != Module::V1 || !matches!(layer, Extra(CustomFields)))
}

fn text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |v| Value::String(v.to_owned()))
}

fn columns_of(row: Option<&Map<String, Value>>, columns: &[&str], out: &mut Map<String, Value>) {
    for column in columns {
        let value = row.and_then(|r| r.get(*column)).cloned().unwrap_or(Value::Null);
        out.insert((*column).to_owned(), value);
    }
}

fn own_text(row: &Map<String, Value>, column: &str) -> Option<String> {
    row.get(column).and_then(Value::as_str).map(str::to_owned)
}

/// The row cut down to `columns` (null where the row has none), without copying a value.
/// The tables of columns name each column once.
fn keep_columns(mut row: Map<String, Value>, columns: &[&str]) -> Map<String, Value> {
    let present = columns.iter().filter(|c| row.contains_key(**c)).count();
    if present != row.len() {
        // Side values (lists, custom fields) that the answer does not show.
        row.retain(|key, _| columns.contains(&key.as_str()));
    }
    if present != columns.len() {
        for column in columns {
            if !row.contains_key(*column) {
                row.insert((*column).to_owned(), Value::Null);
            }
        }
    }
    row
}

impl Source {
    /// Whether the layer reads the stored row (its own columns, or a key to join on).
    fn reads_row(&self) -> bool {
        match self {
            Own(_) | Join(..) | Parent | Fixed(_) => true,
            Null(_) => false,
            Extra(added) => !matches!(added, CustomFields | Tasks),
        }
    }
}

/// The row as `module` answers it for `kind`, from the stored row `row`.
pub(crate) fn shape(
    module: Module,
    resource: Resource,
    kind: Kind,
    mut row: Map<String, Value>,
    joins: &dyn Joins,
) -> Value {
    let mut out = Map::new();
    // The row of the last join (the ticket's contact, for its aliases).
    let mut joined = None;
    // A list shapes every row of a page: when the own columns come first and are the only
    // layer reading the stored row, the row itself becomes the answer instead of a copy.
    let only_reader = layers(module, resource, kind).filter(|l| l.reads_row()).count() == 1;
    for layer in layers(module, resource, kind) {
        let join = match layer {
            Join(other, key) => Some((*other, *key)),
            Parent => resource
                .info()
                .parent
                .zip(crm::of(resource).parent.map(|p| p.column)),
            _ => None,
        };
        if let Some((other, key)) = join {
            joined = own_text(&row, key).and_then(|id| joins.row(other, &id));
            columns_of(joined.as_ref(), crm::of(other).columns, &mut out);
            continue;
        }
        match layer {
            Own(columns) if only_reader && out.is_empty() => {
                out = keep_columns(std::mem::take(&mut row), columns);
            }
            Own(columns) => columns_of(Some(&row), columns, &mut out),
            Join(..) | Parent => {}
            Null(columns) => columns_of(None, columns, &mut out),
            Fixed(lookup) => {
                let found = own_text(&row, lookup.key)
                    .and_then(|id| id.parse::<usize>().ok())
                    .and_then(|id| id.checked_sub(1))
                    .and_then(|i| lookup.rows.get(i));
                for (i, column) in lookup.columns.iter().enumerate() {
                    out.insert((*column).to_owned(), text(found.and_then(|r| r[i])));
                }
            }
            Extra(extra) => add_extra(*extra, &row, joined.as_ref(), &mut out, joins),
        }
    }
    Value::Object(out)
}

fn add_extra(
    extra: Added,
    row: &Map<String, Value>,
    contact: Option<&Map<String, Value>>,
    out: &mut Map<String, Value>,
    joins: &dyn Joins,
) {
    let own = |column: &str| row.get(column).cloned().unwrap_or(Value::Null);
    let of_contact = |column: &str| {
        contact
            .and_then(|c| c.get(column))
            .cloned()
            .unwrap_or(Value::Null)
    };
    match extra {
        CustomFields => {
            out.insert("customfields".to_owned(), Value::Array(Vec::new()));
        }
        LeadAliases => {
            for column in ["id", "name"] {
                out.insert(column.to_owned(), own(column));
            }
        }
        TicketAliases => {
            for column in [
                "userid",
                "ticketid",
                "lastreply",
                "message",
                "status",
                "subject",
                "department",
                "priority",
                "adminread",
                "clientread",
                "date",
            ] {
                out.insert(column.to_owned(), own(column));
            }
            let dept_name = crm::DEPARTMENTS
                .rows
                .first()
                .filter(|_| own_text(row, "department").as_deref() == Some("1"))
                .and_then(|r| r[1]);
            let lookup_name = |lookup: &Lookup, column: usize| {
                own_text(row, lookup.key)
                    .and_then(|id| id.parse::<usize>().ok())
                    .and_then(|id| id.checked_sub(1))
                    .and_then(|i| lookup.rows.get(i))
                    .and_then(|r| r[column])
            };
            let aliases = [
                ("email", of_contact("email")),
                ("from_name", own("name")),
                ("ticket_email", own("email")),
                ("department_name", text(dept_name)),
                ("priority_name", text(lookup_name(&crm::PRIORITIES, 1))),
                ("service_name", text(lookup_name(&crm::SERVICES, 1))),
                ("status_name", text(lookup_name(&crm::TICKET_STATUSES, 1))),
                ("user_firstname", of_contact("firstname")),
                ("user_lastname", of_contact("lastname")),
                ("staff_firstname", Value::Null),
                ("staff_lastname", Value::Null),
            ];
            for (column, value) in aliases {
                out.insert(column.to_owned(), value);
            }
        }
        LeadFiles => {
            let files = row
                .get("attachments")
                .cloned()
                .unwrap_or_else(|| Value::Array(Vec::new()));
            out.insert("attachments".to_owned(), files);
            let hash = own_text(row, "hash").unwrap_or_default();
            out.insert(
                "public_url".to_owned(),
                Value::String(format!("http://127.0.0.1/forms/l/{hash}")),
            );
        }
        ProjectDetails(client, key) => {
            out.insert("shared_vault_entries".to_owned(), Value::Array(Vec::new()));
            out.insert("settings".to_owned(), Value::Object(project_settings()));
            let found = own_text(row, key).and_then(|id| joins.row(client, &id));
            let mut data = Map::new();
            if let Some(found) = found {
                columns_of(Some(&found), crm::of(client).columns, &mut data);
            }
            out.insert("client_data".to_owned(), Value::Object(data));
        }
        Tasks => {
            out.insert("tasks".to_owned(), Value::Array(Vec::new()));
        }
        Lines => {
            let lines = row
                .get("items")
                .cloned()
                .unwrap_or_else(|| Value::Array(Vec::new()));
            out.insert("items".to_owned(), lines);
        }
        PhpSerialized(column) => {
            if let Some(Value::Array(items)) = row.get(column) {
                out.insert(column.to_owned(), Value::String(php_serialized(items)));
            }
        }
        Alias(name, column) => {
            out.insert(name.to_owned(), own(column));
        }
        ItemSearch => {
            let rate = own_text(row, "rate").unwrap_or_default();
            let shown = rate
                .trim()
                .parse::<f64>()
                .map_or_else(|_| rate.clone(), |r| format!("{r:.2}"));
            let description = own_text(row, "description").unwrap_or_default();
            let long = own_text(row, "long_description").unwrap_or_default();
            let subtext: String = strip_tags(&long).chars().take(200).collect();
            out.insert("rate".to_owned(), own("rate"));
            out.insert("id".to_owned(), own("itemid"));
            out.insert(
                "name".to_owned(),
                Value::String(format!("({shown}) {description}")),
            );
            out.insert("subtext".to_owned(), Value::String(format!("{subtext}...")));
        }
    }
}

/// A list of strings as PHP's `serialize()` writes it: `a:2:{i:0;s:1:"1";i:1;s:1:"2";}`.
fn php_serialized(items: &[Value]) -> String {
    let mut out = format!("a:{}:{{", items.len());
    for (i, item) in items.iter().enumerate() {
        let text = item.as_str().unwrap_or_default();
        out.push_str(&format!("i:{i};s:{}:\"{text}\";", text.len()));
    }
    out.push('}');
    out
}

/// The text of `html` without its tags (PHP's `strip_tags`, roughly).
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// A new project's settings: every customer permission off.
fn project_settings() -> Map<String, Value> {
    const OFF: &[&str] = &[
        "view_tasks",
        "create_tasks",
        "edit_tasks",
        "comment_on_tasks",
        "view_task_comments",
        "view_task_attachments",
        "view_task_checklist_items",
        "upload_on_tasks",
        "view_task_total_logged_time",
        "view_finance_overview",
        "upload_files",
        "open_discussions",
        "view_milestones",
        "view_gantt",
        "view_timesheets",
        "view_activity_log",
        "view_team_members",
        "hide_tasks_on_main_tasks_table",
    ];
    OFF.iter()
        .map(|k| ((*k).to_owned(), Value::String("0".to_owned())))
        .collect()
}

/// The columns of a resource's own table in the CRM (`crm.rs`), the id first: the columns
/// its rows show at the least.
pub fn own_columns(resource: Resource) -> &'static [&'static str] {
    crm::of(resource).columns
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::crm::CLIENTS;

    struct NoJoins;
    impl Joins for NoJoins {
        fn row(&self, _: Resource, _: &str) -> Option<Map<String, Value>> {
            None
        }
    }

    #[test]
    fn ticket_rows_join_like_the_module() {
        let mut row = Map::new();
        for c in own_columns(Resource::Tickets) {
            row.insert((*c).to_owned(), Value::String("1".to_owned()));
        }
        row.insert("priority".to_owned(), Value::String("2".to_owned()));
        let list = shape(Module::V1, Resource::Tickets, Kind::List, row.clone(), &NoJoins);
        assert_eq!(list.as_object().unwrap().len(), 115);
        assert_eq!(
            list["name"], "Medium",
            "the priority's name wins, as in the real row"
        );
        assert_eq!(list["userid"], "1", "selected again after the joins");
        let search = shape(Module::V1, Resource::Tickets, Kind::Search, row.clone(), &NoJoins);
        assert_eq!(search.as_object().unwrap().len(), 85);
        assert_eq!(search["name"], "Support");
        assert!(search["userid"].is_null(), "the missing contact's userid wins");
        let v2 = shape(Module::V2, Resource::Tickets, Kind::Search, row, &NoJoins);
        assert_eq!(v2["customfields"], serde_json::json!([]));
    }

    #[test]
    fn kept_columns_are_the_copied_ones() {
        let mut row = Map::new();
        for (i, c) in CLIENTS.iter().enumerate().skip(2) {
            row.insert((*c).to_owned(), Value::String(i.to_string()));
        }
        let mut copied = Map::new();
        columns_of(Some(&row), CLIENTS, &mut copied);
        assert_eq!(keep_columns(row.clone(), CLIENTS), copied, "missing columns");
        row.insert("groups_in".to_owned(), serde_json::json!(["1"]));
        assert_eq!(keep_columns(row.clone(), CLIENTS), copied, "side values");
        let mut full = row.clone();
        full.insert("userid".to_owned(), Value::String("7".to_owned()));
        full.insert("company".to_owned(), Value::String("C".to_owned()));
        full.remove("groups_in");
        assert_eq!(keep_columns(full.clone(), CLIENTS), full, "exactly the columns");
        assert!(copied["userid"].is_null() && copied["vat"] == "2");
        let listed = shape(Module::V3, Resource::Customers, Kind::List, row, &NoJoins);
        assert_eq!(listed.as_object().unwrap().len(), CLIENTS.len() + 1);
        assert_eq!(listed["zip"], "6");
    }
}
