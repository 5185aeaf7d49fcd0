//! Server-version profiles: the sandbox answers as module 1.0.0, 2.0.8 or 3.0.3 does. What
//! differs between them is pmp-core's (the declaration's `quirks`, [`Module::pages`],
//! [`Module::has_permissions`]) and `crm.rs`'s (the columns each version leaves null).

/// A module version whose answers the sandbox gives (the versions pmp-core's declaration knows).
pub use pmp_core::ModuleVersion as Module;
