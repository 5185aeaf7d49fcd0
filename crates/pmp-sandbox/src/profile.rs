//! Server-version profiles: what differs between the module versions 1.0.0, 2.0.8 and 3.0.3
//! (wire/PMP-WIRE-FACTS.md and the recorded exchanges), as tables the handlers read.

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
    NotJson = 0,
    /// `{}`.
    EmptyObject = 1,
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

/// The PUT body table of wire/PMP-WIRE-FACTS.md ("PUT bodies that are empty, `{}` or not JSON"),
/// whose rows are `crm.rs`'s `unusable_put`.
pub(crate) fn unusable_put(module: Module, resource: Resource, body: UnusableBody) -> PutAnswer {
    crate::crm::of(resource).unusable_put[module as usize][body as usize]
}
