//! Server-version profiles: what differs between the module versions 1.0.0, 2.0.8 and 3.0.3
//! (PMP-WIRE-FACTS.md and the recorded exchanges), as tables the handlers read.

use pmp_core::Resource;

/// A module version whose answers the sandbox gives (the versions pmp-core's declaration knows).
pub use pmp_core::ModuleVersion as Module;

/// Whether tokens carry permissions (2.x, 3.x: a token may be refused a call with 403).
pub(crate) fn has_permissions(module: Module) -> bool {
    module >= Module::V2
}

/// A PUT body the module cannot use: empty, `{}`, not JSON (forms included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnusableBody {
    /// No bytes, or not a JSON object.
    NotJson,
    /// `{}`.
    EmptyObject,
}

/// What a version answers to an unusable PUT body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PutAnswer {
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
pub(crate) fn unusable_put(module: Module, resource: Resource, body: UnusableBody) -> PutAnswer {
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
pub(crate) fn enveloped_list(resource: Resource, paged: bool) -> bool {
    resource != Resource::Milestones || paged
}

/// Whether a 3.x search answers an envelope (leads and tickets) or a plain array.
pub(crate) fn enveloped_search(resource: Resource) -> bool {
    matches!(resource, Resource::Leads | Resource::Tickets)
}

/// The column 3.x's `created_after` / `created_before` filter on.
pub(crate) fn created_column(resource: Resource) -> &'static str {
    match resource {
        Resource::Customers | Resource::Milestones => "datecreated",
        Resource::Leads => "dateadded",
        Resource::Projects => "project_created",
        Resource::Tickets => "date",
        // The CRM's usual name, which a resource without an arm here has.
        _ => "datecreated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
