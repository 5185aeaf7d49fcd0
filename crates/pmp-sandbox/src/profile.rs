//! Server-version profiles: what differs between the module versions 1.0.0, 2.0.8 and 3.0.3
//! (PMP-WIRE-FACTS.md and the recorded exchanges), as tables the handlers read.

use pmp_core::Resource;

/// A module version whose answers the sandbox gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// 1.0.0, the version the PMP document describes.
    V1,
    /// 2.0.8, the long-lived 2.x line.
    V2,
    /// 3.0.3, the current 3.x line.
    V3,
}

impl Module {
    /// Every profile, oldest first.
    pub const ALL: [Module; 3] = [Module::V1, Module::V2, Module::V3];

    /// Reads `1.0`, `2.0`, `3.0` (or the full versions `1.0.0`, `2.0.8`, `3.0.3`).
    pub fn parse(text: &str) -> Option<Module> {
        match text.trim() {
            "1" | "1.0" | "1.0.0" => Some(Module::V1),
            "2" | "2.0" | "2.0.8" => Some(Module::V2),
            "3" | "3.0" | "3.0.3" => Some(Module::V3),
            _ => None,
        }
    }

    /// The flag's value for this profile: `1.0`, `2.0`, `3.0`.
    pub fn name(self) -> &'static str {
        match self {
            Module::V1 => "1.0",
            Module::V2 => "2.0",
            Module::V3 => "3.0",
        }
    }

    /// The full module version it answers as.
    pub fn version(self) -> &'static str {
        match self {
            Module::V1 => "1.0.0",
            Module::V2 => "2.0.8",
            Module::V3 => "3.0.3",
        }
    }

    /// Whether the version is 2.x or later (contacts, token permissions, `customfields`).
    pub fn has_contacts(self) -> bool {
        self >= Module::V2
    }

    /// Whether the version is 3.x (pages, rate limits, idempotency, `record_id`, JSON POST).
    pub fn is_v3(self) -> bool {
        self == Module::V3
    }
}

/// The mandatory fields of a create, in the order the module checks them, with the labels
/// of its messages (`The Company field is required.`).
pub fn required(module: Module, resource: Resource) -> &'static [(&'static str, &'static str)] {
    match resource {
        Resource::Customers => &[("company", "Company")],
        Resource::Leads if module == Module::V1 => {
            &[("name", "Lead Name"), ("source", "Source"), ("status", "Status")]
        }
        Resource::Leads => &[
            ("name", "Lead Name"),
            ("source", "Source"),
            ("status", "Status"),
            ("assigned", "Assigned"),
        ],
        Resource::Milestones => &[
            ("project_id", "Project id"),
            ("name", "Milestone Name"),
            ("due_date", "Milestone Due Date"),
        ],
        Resource::Projects => &[
            ("name", "Project Name"),
            ("billing_type", "Billing Type"),
            ("start_date", "Project Start Date"),
            ("status", "Project Status"),
            ("clientid", "clientid"),
        ],
        Resource::Tickets => &[
            ("subject", "Ticket Name"),
            ("department", "Department"),
            ("contactid", "Contact"),
        ],
    }
}

/// The mandatory fields of a contact (2.x, 3.x).
pub const CONTACT_REQUIRED: &[(&str, &str)] = &[
    ("customer_id", "Customer Id"),
    ("firstname", "First Name"),
    ("lastname", "Last Name"),
    ("email", "Email"),
];

/// A PUT body the module cannot use: empty, `{}`, not JSON (forms included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnusableBody {
    /// No bytes, or not a JSON object.
    NotJson,
    /// `{}`.
    EmptyObject,
}

/// What a version answers to an unusable PUT body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutAnswer {
    /// Go on with no fields (1.0.0 customers and milestones with `{}`: `Update Fail.`).
    NoFields,
    /// 500 with an empty body (a PHP fatal error).
    Crash,
    /// 500 with CodeIgniter's HTML error page.
    ErrorPage,
    /// 406 `Data Not Acceptable OR Not Provided`.
    NotAcceptable,
    /// 404 `... Update Fail.`.
    UpdateFail,
    /// 200 `... Update Successful.` without changing anything.
    Success,
}

/// The PUT body table of PMP-WIRE-FACTS.md ("PUT bodies that are empty, `{}` or not JSON").
pub fn unusable_put(module: Module, resource: Resource, body: UnusableBody) -> PutAnswer {
    let plain = matches!(resource, Resource::Customers | Resource::Milestones);
    match (module, plain) {
        (Module::V1, true) if body == UnusableBody::EmptyObject => PutAnswer::NoFields,
        (Module::V1, _) => PutAnswer::Crash,
        (_, true) => PutAnswer::NotAcceptable,
        (Module::V2, false) => PutAnswer::ErrorPage,
        (Module::V3, false) if resource == Resource::Leads => PutAnswer::UpdateFail,
        (Module::V3, false) => PutAnswer::Success,
    }
}

/// Whether a version's 3.x list endpoint always answers an envelope (`data` + `meta`);
/// milestones only when `page` or `per_page` is given.
pub fn enveloped_list(resource: Resource, paged: bool) -> bool {
    resource != Resource::Milestones || paged
}

/// Whether a 3.x search answers an envelope (leads and tickets) or a plain array.
pub fn enveloped_search(resource: Resource) -> bool {
    matches!(resource, Resource::Leads | Resource::Tickets)
}

/// The column 3.x's `created_after` / `created_before` filter on.
pub fn created_column(resource: Resource) -> &'static str {
    match resource {
        Resource::Customers | Resource::Milestones => "datecreated",
        Resource::Leads => "dateadded",
        Resource::Projects => "project_created",
        Resource::Tickets => "date",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for module in Module::ALL {
            assert_eq!(Module::parse(module.name()), Some(module));
            assert_eq!(Module::parse(module.version()), Some(module));
        }
        assert_eq!(Module::parse("4.0"), None);
    }

    #[test]
    fn put_table_rows() {
        use PutAnswer::*;
        use UnusableBody::*;
        assert_eq!(
            unusable_put(Module::V1, Resource::Customers, EmptyObject),
            NoFields
        );
        assert_eq!(unusable_put(Module::V1, Resource::Customers, NotJson), Crash);
        assert_eq!(
            unusable_put(Module::V2, Resource::Milestones, NotJson),
            NotAcceptable
        );
        assert_eq!(unusable_put(Module::V2, Resource::Leads, NotJson), ErrorPage);
        assert_eq!(unusable_put(Module::V3, Resource::Leads, NotJson), UpdateFail);
        assert_eq!(unusable_put(Module::V3, Resource::Tickets, NotJson), Success);
    }
}
