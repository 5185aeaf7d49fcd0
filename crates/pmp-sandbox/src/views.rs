//! Rows as real servers send them: the CRM's table columns (taken from the recorded exchanges),
//! joined the way the module's queries join them. A view is a list of layers; each layer gives
//! some columns, and a column given by a later layer replaces the earlier value (as PHP builds
//! the row from a `SELECT *` over joined tables), keeping its first position.

use serde_json::{Map, Value};

use crate::profile::Module;
use pmp_core::Resource;

/// The CRM's `clients` table (customers).
pub(crate) const CLIENTS: &[&str] = &[
    "userid",
    "company",
    "vat",
    "phonenumber",
    "country",
    "city",
    "zip",
    "state",
    "address",
    "website",
    "datecreated",
    "active",
    "leadid",
    "billing_street",
    "billing_city",
    "billing_state",
    "billing_zip",
    "billing_country",
    "shipping_street",
    "shipping_city",
    "shipping_state",
    "shipping_zip",
    "shipping_country",
    "longitude",
    "latitude",
    "default_language",
    "default_currency",
    "show_primary_contact",
    "stripe_id",
    "registration_confirmed",
    "addedfrom",
];

/// The `leads` table.
pub(crate) const LEADS: &[&str] = &[
    "id",
    "hash",
    "name",
    "title",
    "company",
    "description",
    "country",
    "zip",
    "city",
    "state",
    "address",
    "assigned",
    "dateadded",
    "from_form_id",
    "status",
    "source",
    "lastcontact",
    "dateassigned",
    "last_status_change",
    "addedfrom",
    "email",
    "website",
    "leadorder",
    "phonenumber",
    "date_converted",
    "lost",
    "junk",
    "last_lead_status",
    "is_imported_from_email_integration",
    "email_integration_uid",
    "is_public",
    "default_language",
    "client_id",
    "lead_value",
];

/// The `projects` table.
pub(crate) const PROJECTS: &[&str] = &[
    "id",
    "name",
    "description",
    "status",
    "clientid",
    "billing_type",
    "start_date",
    "deadline",
    "project_created",
    "date_finished",
    "progress",
    "progress_from_tasks",
    "project_cost",
    "project_rate_per_hour",
    "estimated_hours",
    "addedfrom",
    "contact_notification",
    "notify_contacts",
];

/// The `milestones` table.
pub(crate) const MILESTONES: &[&str] = &[
    "id",
    "name",
    "description",
    "description_visible_to_customer",
    "start_date",
    "due_date",
    "project_id",
    "color",
    "milestone_order",
    "datecreated",
    "hide_from_customer",
    "total_tasks",
    "total_finished_tasks",
];

/// The `tickets` table.
pub(crate) const TICKETS: &[&str] = &[
    "ticketid",
    "adminreplying",
    "userid",
    "contactid",
    "merged_ticket_id",
    "email",
    "name",
    "department",
    "priority",
    "status",
    "service",
    "ticketkey",
    "subject",
    "message",
    "admin",
    "date",
    "project_id",
    "lastreply",
    "clientread",
    "adminread",
    "assigned",
    "staff_id_replying",
    "cc",
];

/// The `contacts` table (people of a customer; tickets name one).
pub(crate) const CONTACTS: &[&str] = &[
    "id",
    "userid",
    "is_primary",
    "firstname",
    "lastname",
    "email",
    "phonenumber",
    "title",
    "datecreated",
    "password",
    "new_pass_key",
    "new_pass_key_requested",
    "email_verified_at",
    "email_verification_key",
    "email_verification_sent_at",
    "last_ip",
    "last_login",
    "last_password_change",
    "active",
    "profile_image",
    "direction",
    "invoice_emails",
    "estimate_emails",
    "credit_note_emails",
    "contract_emails",
    "task_emails",
    "project_emails",
    "ticket_emails",
];

/// The `staff` table, joined to tickets by their admin (never set by the API: all null).
const STAFF: &[&str] = &[
    "staffid",
    "email",
    "firstname",
    "lastname",
    "facebook",
    "linkedin",
    "phonenumber",
    "skype",
    "password",
    "datecreated",
    "profile_image",
    "last_ip",
    "last_login",
    "last_activity",
    "last_password_change",
    "new_pass_key",
    "new_pass_key_requested",
    "admin",
    "role",
    "active",
    "default_language",
    "direction",
    "media_path_slug",
    "is_not_staff",
    "hourly_rate",
    "two_factor_auth_enabled",
    "two_factor_auth_code",
    "two_factor_auth_code_requested",
    "email_signature",
    "google_auth_secret",
];

/// The ticket departments of a new install: id 1, "Support", without IMAP settings.
const DEPARTMENTS: Lookup = Lookup {
    key: "department",
    columns: &[
        "departmentid",
        "name",
        "imap_username",
        "email",
        "email_from_header",
        "host",
        "password",
        "encryption",
        "folder",
        "delete_after_import",
        "calendar_id",
        "hidefromclient",
    ],
    rows: &[&[
        Some("1"),
        Some("Support"),
        None,
        Some(""),
        Some("0"),
        None,
        None,
        Some(""),
        Some("INBOX"),
        Some("0"),
        None,
        Some("0"),
    ]],
};

/// The ticket statuses of a new install.
const TICKET_STATUSES: Lookup = Lookup {
    key: "status",
    columns: &[
        "ticketstatusid",
        "name",
        "isdefault",
        "statuscolor",
        "statusorder",
    ],
    rows: &[
        &[Some("1"), Some("Open"), Some("1"), Some("#ff2d42"), Some("1")],
        &[
            Some("2"),
            Some("In progress"),
            Some("1"),
            Some("#22c55e"),
            Some("2"),
        ],
        &[Some("3"), Some("Answered"), Some("1"), Some("#2563eb"), Some("3")],
        &[Some("4"), Some("On Hold"), Some("1"), Some("#64748b"), Some("4")],
        &[Some("5"), Some("Closed"), Some("1"), Some("#03a9f4"), Some("5")],
    ],
};

/// Ticket services: a new install has none.
const SERVICES: Lookup = Lookup {
    key: "service",
    columns: &["serviceid", "name"],
    rows: &[],
};

/// The ticket priorities of a new install.
const PRIORITIES: Lookup = Lookup {
    key: "priority",
    columns: &["priorityid", "name"],
    rows: &[
        &[Some("1"), Some("Low")],
        &[Some("2"), Some("Medium")],
        &[Some("3"), Some("High")],
    ],
};

/// The lead statuses of a new install (the lead's `id` and `name` are selected again after it).
const LEAD_STATUSES: Lookup = Lookup {
    key: "status",
    columns: &["statusorder", "color", "isdefault", "status_name"],
    rows: &[&[Some("1000"), Some("#7cb342"), Some("1"), Some("Customer")]],
};

/// The lead sources of a new install.
const LEAD_SOURCES: Lookup = Lookup {
    key: "source",
    columns: &["source_name"],
    rows: &[&[Some("Google")], &[Some("Facebook")]],
};

/// A small fixed table joined on one of the row's columns (ids from 1, in order).
struct Lookup {
    key: &'static str,
    columns: &'static [&'static str],
    rows: &'static [&'static [Option<&'static str>]],
}

/// Where a layer's values come from.
enum Source {
    /// The row itself.
    Own(&'static [&'static str]),
    /// The customer named by one of the row's columns (null columns when there is none).
    Customer(&'static str),
    /// The contact named by one of the row's columns.
    Contact(&'static str),
    /// A table joined on nothing the API sets: every column null.
    Null(&'static [&'static str]),
    /// A fixed table.
    Fixed(&'static Lookup),
    /// A column of the row under another name, or a list/object the module adds.
    Extra(Added),
}

/// Values the module adds to rows.
#[derive(Clone, Copy)]
enum Added {
    /// `customfields: []` (no custom fields are defined on a new install).
    CustomFields,
    /// The ticket query's `AS` columns and the columns it selects again after its joins.
    TicketAliases,
    /// The leads query selects `id` and `name` again after joining the status.
    LeadAliases,
    /// A lead's `attachments` and `public_url` (get).
    LeadFiles,
    /// A project's `shared_vault_entries`, `settings` and `client_data` (get; 2.x lists).
    ProjectDetails,
    /// 3.x project get: `tasks: []`.
    Tasks,
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

/// What a view needs besides the row: the joined customers and contacts.
pub(crate) trait Joins {
    /// The stored customer row with this id.
    fn customer(&self, id: &str) -> Option<Map<String, Value>>;
    /// The stored contact row with this id.
    fn contact(&self, id: &str) -> Option<Map<String, Value>>;
}

use Added::*;
use Source::*;

fn layers(module: Module, resource: Resource, kind: Kind) -> Vec<Source> {
    let v1 = module == Module::V1;
    let v2 = module == Module::V2;
    let v3 = module == Module::V3;
    let mut out = Vec::new();
    match (resource, kind) {
        (Resource::Customers, _) => out.push(Own(CLIENTS)),
        (Resource::Leads, Kind::Search) => out.push(Own(LEADS)),
        (Resource::Leads, _) => {
            out.extend([
                Own(LEADS),
                Fixed(&LEAD_STATUSES),
                Fixed(&LEAD_SOURCES),
                Extra(LeadAliases),
            ]);
            if kind == Kind::Get {
                out.push(Extra(LeadFiles));
            }
        }
        (Resource::Milestones, _) => out.push(Own(MILESTONES)),
        (Resource::Projects, Kind::Search) => out.push(Own(PROJECTS)),
        (Resource::Projects, Kind::List) if !v2 => out.extend([Own(PROJECTS), Customer("clientid")]),
        (Resource::Projects, _) => out.extend([Own(PROJECTS), Extra(ProjectDetails)]),
        (Resource::Tickets, Kind::Search) => out.extend([
            Own(TICKETS),
            Fixed(&DEPARTMENTS),
            Customer("userid"),
            Contact("contactid"),
        ]),
        (Resource::Tickets, _) => out.extend([
            Own(TICKETS),
            Fixed(&DEPARTMENTS),
            Fixed(&TICKET_STATUSES),
            Fixed(&SERVICES),
            Customer("userid"),
            Contact("contactid"),
            Null(STAFF),
            Fixed(&PRIORITIES),
            Extra(TicketAliases),
        ]),
        // Rows of a child resource (contacts) are shaped by `crate::contacts`.
        (_, _) => out.push(Own(own_columns(resource))),
    }
    let custom_fields = match resource {
        Resource::Milestones => false,
        Resource::Tickets => kind == Kind::Search,
        _ => true,
    };
    if !v1 && custom_fields {
        out.push(Extra(CustomFields));
    }
    if v3 && resource == Resource::Projects && kind == Kind::Get {
        out.push(Extra(Tasks));
    }
    out
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
            Own(_) | Customer(_) | Contact(_) | Fixed(_) => true,
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
    let mut contact = None;
    let layers = layers(module, resource, kind);
    // A list shapes every row of a page: when the own columns come first and are the only
    // layer reading the stored row, the row itself becomes the answer instead of a copy.
    let only_reader = layers.iter().filter(|l| l.reads_row()).count() == 1;
    for layer in layers {
        match layer {
            Own(columns) if only_reader && out.is_empty() => {
                out = keep_columns(std::mem::take(&mut row), columns);
            }
            Own(columns) => columns_of(Some(&row), columns, &mut out),
            Customer(key) => {
                let customer = own_text(&row, key).and_then(|id| joins.customer(&id));
                columns_of(customer.as_ref(), CLIENTS, &mut out);
            }
            Contact(key) => {
                contact = own_text(&row, key).and_then(|id| joins.contact(&id));
                columns_of(contact.as_ref(), CONTACTS, &mut out);
            }
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
            Extra(extra) => add_extra(extra, &row, contact.as_ref(), &mut out, joins),
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
            let dept_name = DEPARTMENTS
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
                ("priority_name", text(lookup_name(&PRIORITIES, 1))),
                ("service_name", text(lookup_name(&SERVICES, 1))),
                ("status_name", text(lookup_name(&TICKET_STATUSES, 1))),
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
        ProjectDetails => {
            out.insert("shared_vault_entries".to_owned(), Value::Array(Vec::new()));
            out.insert("settings".to_owned(), Value::Object(project_settings()));
            let client = own_text(row, "clientid").and_then(|id| joins.customer(&id));
            let mut data = Map::new();
            if let Some(client) = client {
                columns_of(Some(&client), CLIENTS, &mut data);
            }
            out.insert("client_data".to_owned(), Value::Object(data));
        }
        Tasks => {
            out.insert("tasks".to_owned(), Value::Array(Vec::new()));
        }
    }
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

/// The columns of a resource's own table, where the CRM's table has more than the declaration
/// names (a resource without an arm here: its declared columns).
pub fn own_columns(resource: Resource) -> &'static [&'static str] {
    match resource {
        Resource::Customers => CLIENTS,
        Resource::Leads => LEADS,
        Resource::Milestones => MILESTONES,
        Resource::Projects => PROJECTS,
        Resource::Tickets => TICKETS,
        _ => resource.info().row_fields,
    }
}

/// Columns that a new row leaves null (the others default to `""` unless `schema::defaults`
/// names them), as the CRM's tables and models do.
pub(crate) fn null_by_default(module: Module, resource: Resource) -> &'static [&'static str] {
    match resource {
        Resource::Customers => &["leadid", "longitude", "latitude", "stripe_id"],
        Resource::Leads if module == Module::V1 => &[
            "last_status_change",
            "date_converted",
            "email_integration_uid",
            "lead_value",
        ],
        Resource::Leads => &[
            "zip",
            "last_status_change",
            "date_converted",
            "email_integration_uid",
            "lead_value",
        ],
        Resource::Milestones => &["start_date", "color"],
        Resource::Projects => &[
            "deadline",
            "date_finished",
            "project_cost",
            "estimated_hours",
            "notify_contacts",
        ],
        Resource::Tickets => &[
            "merged_ticket_id",
            "email",
            "name",
            "admin",
            "lastreply",
            "staff_id_replying",
            "cc",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoJoins;
    impl Joins for NoJoins {
        fn customer(&self, _: &str) -> Option<Map<String, Value>> {
            None
        }
        fn contact(&self, _: &str) -> Option<Map<String, Value>> {
            None
        }
    }

    #[test]
    fn ticket_rows_join_like_the_module() {
        let mut row = Map::new();
        for c in TICKETS {
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
        for table in [CLIENTS, LEADS, PROJECTS, MILESTONES, TICKETS, CONTACTS, STAFF] {
            let distinct: std::collections::BTreeSet<_> = table.iter().collect();
            assert_eq!(distinct.len(), table.len(), "{} named twice", table[0]);
        }
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
