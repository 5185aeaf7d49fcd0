//! The CRM facts of every resource: one row of [`CRM`] per [`Resource`], in `Resource::ALL`
//! order (the array's length is `Resource::COUNT`, and a compile-time check below fails on a
//! row out of place).
//!
//! # The rule of this file
//! Every fact about a resource's CRM table and its answers that pmp-core's declaration
//! (`crates/pmp-core/src/resources.rs`) does not hold lives here, and only here: the table's
//! name, its own columns, which start null (per version) and which get defaults, the
//! created-date column, the list order, which columns a search matches, the layers joined
//! into each answer (per kind and
//! version, custom fields included), the join to a parent's row, columns stored as hashes,
//! columns an update may change. The rest of the sandbox reads this table and names no
//! resource (`Resource::X`) itself; seed rows are `seed.rs`'s and `seed.json`'s, server
//! texts pmp-core's `strings.rs`, how real servers' answers differ (pages, arrays of one row,
//! PUT bodies, crashes) the declaration's `quirks` (pmp-core's `quirks.rs`).
//!
//! A new resource gets a row here: its table, its columns and views, and only what differs
//! from [`USUAL`] (the usual table: no parent). Column lists sit below the rows,
//! with the small fixed tables the answers join.

use pmp_core::{ModuleVersion as Module, Resource};

use row::Added::*;
use row::Initial::*;
use row::Kind::{Get, List, Search};
use row::Source::*;

mod row;
pub(crate) use row::{of, Crm, Matches, ParentKey};
pub(crate) use row::{Added, Initial, Kind, Lookup, Source, View};

/// What a search matches of a contact (its name or e-mail): the contacts' own search, and the
/// searches that look through contacts.
macro_rules! contact_matches {
    () => {
        "firstname || ' ' || lastname LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'"
    };
}

const ALL: &[Module] = &Module::ALL;
const ANY: &[Kind] = &[List, Get, Search];

/// Matches every column, and nothing else.
const EVERY_COLUMN: Matches = Matches {
    every_column: true,
    also: "",
};

/// What a row leaves out: the usual CRM table (no quirks, no parent). `table`, `columns` and
/// `views` are every row's own (tests fail on a row without them).
const USUAL: Crm = Crm {
    resource: Resource::ALL[0],
    table: "",
    columns: &[],
    nulls: &[],
    defaults: &[],
    unset_without: &[],
    blank_is_null: &[],
    created: "datecreated",
    order: "_seq",
    search: EVERY_COLUMN,
    views: &[],
    parent: None,
    hashed: &[],
    writable: None,
    limited_token_reads: false,
};

/// The CRM facts, one row per resource in `Resource::ALL` order.
pub(crate) static CRM: [Crm; Resource::COUNT] = [
    Crm {
        resource: Resource::Customers,
        table: "customers",
        columns: CLIENTS,
        nulls: &[(Module::V1, &["leadid", "longitude", "latitude", "stripe_id"])],
        defaults: &[
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
        blank_is_null: &["company"],
        order: "\"company\" ASC, _seq",
        // The module searches the company and the customer's contacts, not every column.
        search: Matches {
            every_column: false,
            also: concat!(
                "company LIKE ?1 ESCAPE '\\' OR userid IN (SELECT userid FROM contacts WHERE ",
                contact_matches!(),
                ")"
            ),
        },
        views: &[View {
            kinds: ANY,
            modules: ALL,
            layers: &[Own(CLIENTS), Extra(CustomFields)],
        }],
        limited_token_reads: true,
        ..USUAL
    },
    Crm {
        resource: Resource::Leads,
        table: "leads",
        columns: LEADS,
        nulls: &[
            (
                Module::V1,
                &[
                    "last_status_change",
                    "date_converted",
                    "email_integration_uid",
                    "lead_value",
                ],
            ),
            (Module::V2, &["zip"]),
        ],
        defaults: &[
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
        // A lead created without a staff member has no assignment date (and on 1.0.0 no
        // public-form hash either).
        unset_without: &[
            ("assigned", "dateassigned", ALL),
            ("assigned", "hash", &[Module::V1]),
        ],
        created: "dateadded",
        views: &[
            View {
                kinds: &[Search],
                modules: ALL,
                layers: &[Own(LEADS), Extra(CustomFields)],
            },
            View {
                kinds: &[Get],
                modules: ALL,
                layers: &[
                    Own(LEADS),
                    Fixed(&LEAD_STATUSES),
                    Fixed(&LEAD_SOURCES),
                    Extra(LeadAliases),
                    Extra(LeadFiles),
                    Extra(CustomFields),
                ],
            },
            View {
                kinds: &[List],
                modules: ALL,
                layers: &[
                    Own(LEADS),
                    Fixed(&LEAD_STATUSES),
                    Fixed(&LEAD_SOURCES),
                    Extra(LeadAliases),
                    Extra(CustomFields),
                ],
            },
        ],
        ..USUAL
    },
    Crm {
        resource: Resource::Milestones,
        table: "milestones",
        columns: MILESTONES,
        nulls: &[(Module::V1, &["start_date", "color"])],
        defaults: &[
            ("datecreated", Today),
            ("milestone_order", Text("0")),
            ("description_visible_to_customer", Text("0")),
            ("hide_from_customer", Text("0")),
            ("total_tasks", Text("0")),
            ("total_finished_tasks", Text("0")),
        ],
        // No custom fields on milestone rows.
        views: &[View {
            kinds: ANY,
            modules: ALL,
            layers: &[Own(MILESTONES)],
        }],
        ..USUAL
    },
    Crm {
        resource: Resource::Projects,
        table: "projects",
        columns: PROJECTS,
        nulls: &[(
            Module::V1,
            &[
                "deadline",
                "date_finished",
                "project_cost",
                "estimated_hours",
                "notify_contacts",
            ],
        )],
        defaults: &[
            ("project_created", Today),
            ("progress", Text("0")),
            ("progress_from_tasks", Text("1")),
            ("project_rate_per_hour", Text("0.00")),
            ("addedfrom", Text("0")),
            ("contact_notification", Text("1")),
            ("rel_type", Text("customer")),
        ],
        created: "project_created",
        order: "\"name\" ASC, _seq",
        views: &[
            View {
                kinds: &[Search],
                modules: ALL,
                layers: &[Own(PROJECTS), Extra(CustomFields)],
            },
            View {
                kinds: &[List],
                modules: &[Module::V1, Module::V3],
                layers: &[
                    Own(PROJECTS),
                    Join(Resource::Customers, "clientid"),
                    Extra(CustomFields),
                ],
            },
            View {
                kinds: &[Get],
                modules: &[Module::V3],
                layers: &[
                    Own(PROJECTS),
                    Extra(ProjectDetails(Resource::Customers, "clientid")),
                    Extra(CustomFields),
                    Extra(Tasks),
                ],
            },
            View {
                kinds: ANY,
                modules: ALL,
                layers: &[
                    Own(PROJECTS),
                    Extra(ProjectDetails(Resource::Customers, "clientid")),
                    Extra(CustomFields),
                ],
            },
        ],
        ..USUAL
    },
    Crm {
        resource: Resource::Tickets,
        table: "tickets",
        columns: TICKETS,
        nulls: &[(
            Module::V1,
            &[
                "merged_ticket_id",
                "email",
                "name",
                "admin",
                "lastreply",
                "staff_id_replying",
                "cc",
            ],
        )],
        defaults: &[
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
        created: "date",
        // The ticket search also matches the joined customer's company and contact's name.
        search: Matches {
            every_column: true,
            also: concat!(
                "userid IN (SELECT userid FROM customers WHERE company LIKE ?1 ESCAPE '\\')",
                " OR contactid IN (SELECT id FROM contacts WHERE ",
                contact_matches!(),
                ")"
            ),
        },
        views: &[
            View {
                kinds: &[Search],
                modules: ALL,
                layers: &[
                    Own(TICKETS),
                    Fixed(&DEPARTMENTS),
                    Join(Resource::Customers, "userid"),
                    Join(Resource::Contacts, "contactid"),
                    Extra(CustomFields),
                ],
            },
            View {
                kinds: ANY,
                modules: ALL,
                layers: &[
                    Own(TICKETS),
                    Fixed(&DEPARTMENTS),
                    Fixed(&TICKET_STATUSES),
                    Fixed(&SERVICES),
                    Join(Resource::Customers, "userid"),
                    Join(Resource::Contacts, "contactid"),
                    Null(STAFF),
                    Fixed(&PRIORITIES),
                    Extra(TicketAliases),
                ],
            },
        ],
        ..USUAL
    },
    Crm {
        resource: Resource::Contacts,
        table: "contacts",
        columns: CONTACTS,
        nulls: &[(
            Module::V1,
            &[
                "title",
                "password",
                "new_pass_key",
                "new_pass_key_requested",
                "email_verification_key",
                "email_verification_sent_at",
                "last_ip",
                "last_login",
                "last_password_change",
                "profile_image",
                "direction",
            ],
        )],
        defaults: &[
            ("phonenumber", Text("")),
            ("datecreated", Now),
            ("email_verified_at", Now),
            ("active", Text("1")),
            ("is_primary", Text("0")),
            ("invoice_emails", Text("0")),
            ("estimate_emails", Text("0")),
            ("credit_note_emails", Text("0")),
            ("contract_emails", Text("0")),
            ("task_emails", Text("0")),
            ("project_emails", Text("0")),
            ("ticket_emails", Text("0")),
        ],
        search: Matches {
            every_column: false,
            also: contact_matches!(),
        },
        // The contact's id, its customer's columns, then the contact's (which win).
        views: &[View {
            kinds: ANY,
            modules: ALL,
            layers: &[Own(&["id"]), Parent, Own(CONTACTS), Extra(CustomFields)],
        }],
        parent: Some(ParentKey {
            field: "customer_id",
            column: "userid",
        }),
        // The CRM keeps a bcrypt hash; the sandbox too (cost 4: it holds no real data).
        hashed: &["password"],
        // The id and the customer are fixed; `is_primary` is set on create only.
        writable: Some(&[
            "firstname",
            "lastname",
            "email",
            "password",
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
        ]),
        ..USUAL
    },
    Crm {
        resource: Resource::Tasks,
        table: "tasks",
        columns: TASKS,
        defaults: &[
            ("dateadded", Now),
            ("status", Text("1")),
            ("priority", Text("2")),
            ("addedfrom", Text("0")),
            ("is_added_from_contact", Text("0")),
            ("recurring", Text("0")),
            ("repeat_every", Text("0")),
            ("cycles", Text("0")),
            ("total_cycles", Text("0")),
            ("custom_recurring", Text("0")),
            ("is_recurring_from", Text("0")),
            ("rel_id", Text("0")),
            ("is_public", Text("0")),
            // Every version stores a new task billable.
            ("billable", Text("1")),
            ("billed", Text("0")),
            ("invoice_id", Text("0")),
            ("hourly_rate", Text("0.00")),
            ("milestone", Text("0")),
            ("kanban_order", Text("1")),
            ("milestone_order", Text("0")),
            ("visible_to_client", Text("0")),
            ("deadline_notified", Text("0")),
        ],
        created: "dateadded",
        // The module searches the name and the id.
        search: Matches {
            every_column: false,
            also: "name LIKE ?1 ESCAPE '\\' OR id LIKE ?1 ESCAPE '\\'",
        },
        views: &[View {
            kinds: ANY,
            modules: ALL,
            layers: &[Own(TASKS), Extra(CustomFields)],
        }],
        ..USUAL
    },
    Crm {
        resource: Resource::Staffs,
        table: "staff",
        columns: STAFF,
        defaults: &[
            ("datecreated", Now),
            // The controller sets no last name and role 1.
            ("lastname", Text("")),
            ("role", Text("1")),
            ("admin", Text("0")),
            ("active", Text("1")),
            ("is_not_staff", Text("0")),
            ("hourly_rate", Text("0.00")),
            ("two_factor_auth_enabled", Text("0")),
        ],
        order: "\"firstname\" DESC, _seq",
        // The module searches the names and the contact columns.
        search: Matches {
            every_column: false,
            also: concat!(
                "firstname LIKE ?1 ESCAPE '\\' OR lastname LIKE ?1 ESCAPE '\\'",
                " OR firstname || ' ' || lastname LIKE ?1 ESCAPE '\\'",
                " OR facebook LIKE ?1 ESCAPE '\\' OR linkedin LIKE ?1 ESCAPE '\\'",
                " OR phonenumber LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'",
                " OR skype LIKE ?1 ESCAPE '\\'"
            ),
        },
        views: &[View {
            kinds: ANY,
            modules: ALL,
            layers: &[Own(STAFF), Extra(CustomFields)],
        }],
        // The CRM keeps a bcrypt hash; the sandbox too.
        hashed: &["password"],
        ..USUAL
    },
    Crm {
        resource: Resource::Invoices,
        table: "invoices",
        columns: INVOICES,
        defaults: &INVOICE_DEFAULTS,
        search: Matches {
            every_column: false,
            also: SALES_SEARCH,
        },
        views: &INVOICE_VIEWS,
        ..USUAL
    },
    Crm {
        resource: Resource::Estimates,
        table: "estimates",
        columns: ESTIMATES,
        defaults: &ESTIMATE_DEFAULTS,
        search: Matches {
            every_column: false,
            also: SALES_SEARCH,
        },
        views: &ESTIMATE_VIEWS,
        ..USUAL
    },
    Crm {
        resource: Resource::Payments,
        table: "payments",
        columns: PAYMENTS,
        // The controller sets both dates to the time of the call.
        defaults: &[("date", Today), ("daterecorded", Now)],
        created: "daterecorded",
        // The payment mode's name is matched too on real servers (the sandbox's modes are
        // matched by id only).
        search: Matches {
            every_column: false,
            also: "paymentmode LIKE ?1 ESCAPE '\\' OR amount LIKE ?1 ESCAPE '\\'",
        },
        views: &[
            // 3.0.3 joins the payment mode over the payment: its `id` is the mode's.
            View {
                kinds: &[List, Get],
                modules: &[Module::V3],
                layers: &[
                    Extra(Alias("id", "paymentid")),
                    Own(PAYMENT_RECORD),
                    Fixed(&PAYMENT_MODES),
                    Own(&["paymentid"]),
                ],
            },
            View {
                kinds: &[List, Get],
                modules: ALL,
                layers: &[
                    Extra(Alias("id", "paymentid")),
                    Own(PAYMENT_RECORD),
                    Own(&["paymentid"]),
                ],
            },
            // A search: the bare payment row, its id in `id`.
            View {
                kinds: &[Search],
                modules: ALL,
                layers: &[Extra(Alias("id", "paymentid")), Own(PAYMENT_RECORD)],
            },
        ],
        ..USUAL
    },
    Crm {
        resource: Resource::Items,
        table: "items",
        columns: ITEMS,
        defaults: &[("datecreated", Now)],
        order: "\"description\" ASC, _seq",
        search: Matches {
            every_column: false,
            also: "description LIKE ?1 ESCAPE '\\' OR long_description LIKE ?1 ESCAPE '\\'",
        },
        views: &[
            // The sandbox has no taxes or item groups: their columns are null.
            View {
                kinds: &[List, Get],
                modules: ALL,
                layers: &[
                    Own(&["itemid", "rate"]),
                    Null(&["taxrate", "taxid", "taxname", "taxrate_2", "taxid_2", "taxname_2"]),
                    Own(&["description", "long_description", "group_id"]),
                    Null(&["group_name"]),
                    Own(&["unit"]),
                    Extra(CustomFields),
                ],
            },
            View {
                kinds: &[Search],
                modules: ALL,
                layers: &[Extra(ItemSearch)],
            },
        ],
        ..USUAL
    },
    // The synthetic resource of pmp-core's `synthetic-resource` feature: the usual table.
    #[cfg(feature = "synthetic-resource")]
    Crm {
        resource: Resource::Synthetics,
        table: "synthetics",
        columns: SYNTHETICS,
        defaults: &[("datecreated", Now), ("done", Text("0"))],
        views: &[View {
            kinds: ANY,
            modules: ALL,
            layers: &[Own(SYNTHETICS), Extra(CustomFields)],
        }],
        ..USUAL
    },
];

/// The bcrypt cost of `hashed` columns (the lowest: the sandbox holds no real data).
pub(crate) const HASH_COST: u32 = 4;

// A row out of `Resource::ALL` order does not compile.
const _: () = {
    let mut i = 0;
    while i < Resource::COUNT {
        assert!(
            CRM[i].resource as usize == i,
            "crm.rs: rows out of Resource::ALL order"
        );
        i += 1;
    }
};

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
const LEADS: &[&str] = &[
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
const PROJECTS: &[&str] = &[
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
const MILESTONES: &[&str] = &[
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
const TICKETS: &[&str] = &[
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
const CONTACTS: &[&str] = &[
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

/// The `synthetics` table of the synthetic resource.
#[cfg(feature = "synthetic-resource")]
const SYNTHETICS: &[&str] = &[
    "id",
    "title",
    "clientid",
    "due_date",
    "grade",
    "done",
    "description",
    "datecreated",
];

/// The `tasks` table.
const TASKS: &[&str] = &[
    "id",
    "name",
    "description",
    "priority",
    "dateadded",
    "startdate",
    "duedate",
    "datefinished",
    "addedfrom",
    "is_added_from_contact",
    "status",
    "recurring_type",
    "repeat_every",
    "recurring",
    "is_recurring_from",
    "cycles",
    "total_cycles",
    "custom_recurring",
    "last_recurring_date",
    "rel_id",
    "rel_type",
    "is_public",
    "billable",
    "billed",
    "invoice_id",
    "hourly_rate",
    "milestone",
    "kanban_order",
    "milestone_order",
    "visible_to_client",
    "deadline_notified",
];

/// The `staff` table (staffs), joined to tickets by their admin (never set by the API: all
/// null).
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

/// What a sales document's search matches: its number and notes, its street, its
/// customer's company (the module's `_search_invoices` / `_search_estimates`).
const SALES_SEARCH: &str = concat!(
    "number LIKE ?1 ESCAPE '\\' OR clientnote LIKE ?1 ESCAPE '\\' OR adminnote LIKE ?1 ESCAPE '\\'",
    " OR billing_street LIKE ?1 ESCAPE '\\'",
    " OR clientid IN (SELECT userid FROM customers WHERE company LIKE ?1 ESCAPE '\\')"
);

/// A sales document's answers: its columns and its currency's (`SELECT *, currencies.id as
/// currencyid, ... currencies.name as currency_name`), its payment modes as the CRM stores
/// them (PHP-serialized), its lines on a get; a search selects the customer's columns after
/// the document's (the customer's win on shared names) and no currency.
macro_rules! sales_views {
    ($own:expr) => {
        [
            View {
                kinds: &[List],
                modules: ALL,
                layers: &[
                    Own($own),
                    Fixed(&CURRENCIES),
                    Extra(PhpSerialized("allowed_payment_modes")),
                    Extra(CustomFields),
                ],
            },
            View {
                kinds: &[Get],
                modules: ALL,
                layers: &[
                    Own($own),
                    Fixed(&CURRENCIES),
                    Extra(PhpSerialized("allowed_payment_modes")),
                    Extra(Lines),
                    Extra(CustomFields),
                ],
            },
            View {
                kinds: &[Search],
                modules: ALL,
                layers: &[
                    Own($own),
                    Join(Resource::Customers, "clientid"),
                    Extra(PhpSerialized("allowed_payment_modes")),
                ],
            },
        ]
    };
}

/// The columns a new sales document gets unless sent (both tables have them).
macro_rules! sales_defaults {
    ($prefix:literal $(, $more:expr)*) => {
        [
            ("datecreated", Now),
            ("hash", Key),
            ("prefix", Text($prefix)),
            ("number_format", Text("1")),
            ("sent", Text("0")),
            ("addedfrom", Text("0")),
            ("total_tax", Text("0.00")),
            ("adjustment", Text("0.00")),
            ("discount_percent", Text("0.00")),
            ("discount_total", Text("0.00")),
            ("project_id", Text("0")),
            ("sale_agent", Text("0")),
            ("include_shipping", Text("0")),
            ("show_quantity_as", Text("1")),
            ("billing_country", Text("0")),
            ("shipping_country", Text("0")),
            $($more,)*
        ]
    };
}

const INVOICE_VIEWS: [View; 3] = sales_views!(INVOICES);
const ESTIMATE_VIEWS: [View; 3] = sales_views!(ESTIMATES);
// A new invoice is unpaid (status 1), its reminders on, its shipping shown.
const INVOICE_DEFAULTS: [(&str, Initial); 24] = sales_defaults!(
    "INV-",
    ("status", Text("1")),
    ("cancel_overdue_reminders", Text("0")),
    ("recurring", Text("0")),
    ("cycles", Text("0")),
    ("total_cycles", Text("0")),
    ("is_recurring_from", Text("0")),
    ("show_shipping_on_invoice", Text("1")),
    ("subscription_id", Text("0"))
);
const ESTIMATE_DEFAULTS: [(&str, Initial); 20] = sales_defaults!(
    "EST-",
    ("invoiceid", Text("0")),
    ("show_shipping_on_estimate", Text("1")),
    ("pipeline_order", Text("1")),
    ("is_expiry_notified", Text("0"))
);

/// The `invoices` table's columns (`tblinvoices`).
const INVOICES: &[&str] = &[
    "id",
    "sent",
    "datesend",
    "clientid",
    "deleted_customer_name",
    "number",
    "prefix",
    "number_format",
    "datecreated",
    "date",
    "duedate",
    "currency",
    "subtotal",
    "total_tax",
    "total",
    "adjustment",
    "addedfrom",
    "hash",
    "status",
    "clientnote",
    "adminnote",
    "last_overdue_reminder",
    "cancel_overdue_reminders",
    "allowed_payment_modes",
    "token",
    "discount_percent",
    "discount_total",
    "discount_type",
    "recurring",
    "recurring_type",
    "custom_recurring",
    "cycles",
    "total_cycles",
    "is_recurring_from",
    "last_recurring_date",
    "terms",
    "sale_agent",
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
    "include_shipping",
    "show_shipping_on_invoice",
    "show_quantity_as",
    "project_id",
    "subscription_id",
    "short_link",
];

/// The `estimates` table's columns (`tblestimates`).
const ESTIMATES: &[&str] = &[
    "id",
    "sent",
    "datesend",
    "clientid",
    "deleted_customer_name",
    "project_id",
    "number",
    "prefix",
    "number_format",
    "hash",
    "datecreated",
    "date",
    "expirydate",
    "currency",
    "subtotal",
    "total_tax",
    "total",
    "adjustment",
    "addedfrom",
    "status",
    "clientnote",
    "adminnote",
    "discount_percent",
    "discount_total",
    "discount_type",
    "invoiceid",
    "invoiced_date",
    "terms",
    "reference_no",
    "sale_agent",
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
    "include_shipping",
    "show_shipping_on_estimate",
    "show_quantity_as",
    "pipeline_order",
    "is_expiry_notified",
    "acceptance_firstname",
    "acceptance_lastname",
    "acceptance_email",
    "acceptance_date",
    "acceptance_ip",
    "signature",
    "short_link",
];

/// The currencies of a new install: id 1, US dollars, the default, as a sales document's
/// answers join them.
pub(crate) const CURRENCIES: Lookup = Lookup {
    key: "currency",
    columns: &[
        "symbol",
        "name",
        "decimal_separator",
        "thousand_separator",
        "placement",
        "isdefault",
        "currencyid",
        "currency_name",
    ],
    rows: &[&[
        Some("$"),
        Some("USD"),
        Some("."),
        Some(","),
        Some("before"),
        Some("1"),
        Some("1"),
        Some("USD"),
    ]],
};

/// The `invoicepaymentrecords` table (payments), the id (`id`, which the module also selects
/// as `paymentid`) first.
const PAYMENTS: &[&str] = &[
    "paymentid",
    "invoiceid",
    "amount",
    "paymentmode",
    "paymentmethod",
    "date",
    "daterecorded",
    "note",
    "transactionid",
];

/// A payment's columns after its id, as `invoicepaymentrecords.*` lists them.
const PAYMENT_RECORD: &[&str] = &[
    "invoiceid",
    "amount",
    "paymentmode",
    "paymentmethod",
    "date",
    "daterecorded",
    "note",
    "transactionid",
];

/// The payment modes of a new install, joined into 3.0.3's payment rows by `paymentmode`
/// (a gateway's name, such as `paypal`, joins none: every column null).
const PAYMENT_MODES: Lookup = Lookup {
    key: "paymentmode",
    columns: &[
        "id",
        "name",
        "description",
        "show_on_pdf",
        "invoices_only",
        "expenses_only",
        "selected_by_default",
        "active",
    ],
    rows: &[&[
        Some("1"),
        Some("Bank"),
        None,
        Some("0"),
        Some("0"),
        Some("0"),
        Some("1"),
        Some("1"),
    ]],
};

/// The `items` table (its `id` answered as `itemid`), and the sandbox's creation date, which
/// no answer shows (3.x's `created_after` and `created_before` read it).
const ITEMS: &[&str] = &[
    "itemid",
    "description",
    "long_description",
    "rate",
    "tax",
    "tax2",
    "unit",
    "group_id",
    "datecreated",
];

/// The ticket departments of a new install: id 1, "Support", without IMAP settings.
pub(crate) const DEPARTMENTS: Lookup = Lookup {
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
pub(crate) const TICKET_STATUSES: Lookup = Lookup {
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
pub(crate) const SERVICES: Lookup = Lookup {
    key: "service",
    columns: &["serviceid", "name"],
    rows: &[],
};

/// The ticket priorities of a new install.
pub(crate) const PRIORITIES: Lookup = Lookup {
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

#[cfg(test)]
mod tests {
    use super::*;
    use pmp_core::{input_fields, FieldKind};

    #[test]
    fn every_resource_has_its_row_and_every_view() {
        for resource in Resource::ALL {
            let crm = of(resource);
            assert_eq!(crm.resource, resource);
            assert!(!crm.table.is_empty(), "{resource:?} has no table");
            assert_eq!(crm.columns.first(), Some(&resource.id_field()), "{}", crm.table);
            let distinct: std::collections::BTreeSet<_> = crm.columns.iter().collect();
            assert_eq!(
                distinct.len(),
                crm.columns.len(),
                "{}: a column named twice",
                crm.table
            );
            for module in Module::ALL.into_iter().filter(|m| resource.exists_on(*m)) {
                for &kind in ANY {
                    assert!(!crm.layers(module, kind).is_empty(), "{} {kind:?}", crm.table);
                }
            }
            // A child names where its parent's id goes; a resource without a parent does not.
            assert_eq!(crm.parent.is_some(), resource.info().parent.is_some());
            if let Some(parent) = crm.parent {
                let spec = input_fields(resource).iter().find(|f| f.name == parent.field);
                assert_eq!(spec.map(|s| s.kind), Some(FieldKind::Number), "{}", parent.field);
                assert!(crm.columns.contains(&parent.column));
                // Lists of a child are its parent's rows: never pages of the whole table.
                assert_eq!(resource.quirks().list_paging, pmp_core::ListPaging::Never);
            }
            for column in crm.hashed.iter().chain(crm.writable.unwrap_or_default()) {
                assert!(
                    input_fields(resource).iter().any(|f| f.name == *column),
                    "{column}"
                );
            }
        }
    }

    #[test]
    fn the_layers_name_each_column_once() {
        for crm in &CRM {
            for view in crm.views {
                for layer in view.layers {
                    let (Own(columns) | Null(columns)) = layer else {
                        continue;
                    };
                    let distinct: std::collections::BTreeSet<_> = columns.iter().collect();
                    assert_eq!(distinct.len(), columns.len(), "{}: {}", crm.table, columns[0]);
                }
            }
        }
    }

    /// The rule of this file: outside it (and the seed rows), the sandbox's code names no
    /// resource; tests may.
    #[test]
    fn no_other_file_names_a_resource() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join("crm/row.rs")];
        for entry in std::fs::read_dir(&src).unwrap() {
            files.push(entry.unwrap().path());
        }
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs") || ["crm.rs", "seed.rs"].contains(&name.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for resource in Resource::ALL {
                let named = format!("Resource::{resource:?}");
                assert!(
                    !code.contains(&named),
                    "{name} names {named}: put the fact in crm.rs"
                );
            }
        }
    }
}
