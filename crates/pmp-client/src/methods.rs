//! The methods: one per endpoint of pmp-core's catalogue, generated per resource, so that a
//! resource is one row of [`resources!`]. A test checks that every catalogue entry has its
//! method, under its operation id's snake_case name, with the arguments its input kind takes.

use pmp_core::{ApiMessage, Args, ResourceInput};
use serde::Serialize;

use crate::client::RowId;
use crate::input::{record_of, IntoId};
use crate::{Client, Error};

/// The list and get of a resource: a table's own (`[]`), or those of a resource whose rows
/// belong to a parent's (`[Customers]`: the list takes the parent's id, the get both ids), as
/// pmp-core's declaration says.
macro_rules! list_and_get {
    ($Res:ident $Row:ident $list:ident $get:ident []) => {
        #[doc = concat!("Every ", stringify!($Row), " (`", stringify!($Res), "`: through all pages on 3.x; `[]` for none).")]
        pub async fn $list(&self) -> Result<Vec<pmp_core::$Row>, Error> {
            self.every(concat!("list", stringify!($Res)), Args::None).await
        }

        #[doc = concat!("One ", stringify!($Row), " by id (a number, its text, or a row's id column); `not_found` if there is none.")]
        pub async fn $get(&self, id: impl IntoId) -> Result<pmp_core::$Row, Error> {
            self.row(concat!("get", stringify!($Row)), Args::Id(id.into_id()?)).await
        }
    };
    ($Res:ident $Row:ident $list:ident $get:ident [$Parent:ident]) => {
        #[doc = concat!("Every ", stringify!($Row), " of one of the ", stringify!($Parent), " (its id: a number, its text, or a row's id column; `[]` for none).")]
        pub async fn $list(&self, parent_id: impl IntoId) -> Result<Vec<pmp_core::$Row>, Error> {
            self.every(concat!("list", stringify!($Res)), Args::Id(parent_id.into_id()?)).await
        }

        #[doc = concat!("One ", stringify!($Row), " by the id of its row of ", stringify!($Parent), " and its own id; `not_found` if there is none.")]
        pub async fn $get(&self, parent_id: impl IntoId, id: impl IntoId) -> Result<pmp_core::$Row, Error> {
            let args = Args::ParentAndId(parent_id.into_id()?, id.into_id()?);
            self.row(concat!("get", stringify!($Row)), args).await
        }
    };
    (@list_input []) => { pmp_core::InputKind::None };
    (@list_input [$Parent:ident]) => { pmp_core::InputKind::Id };
    (@get_input []) => { pmp_core::InputKind::Id };
    (@get_input [$Parent:ident]) => { pmp_core::InputKind::ParentAndId };
}

/// One row per resource: `Resource: Row, Input, id column;` then its six methods (list,
/// get, search, create, update, delete). The operation ids are `list` + the resource,
/// `get`/`create`/`update`/`delete` + the row model (pmp-core's naming). A resource whose
/// `child of Parent` marks a resource whose rows belong to a parent's (see [`list_and_get!`]).
macro_rules! resources {
    ($( $Res:ident: $Row:ident, $Input:ident, $id:ident $(, child of $Parent:ident)?;
        $list:ident $get:ident $search:ident $create:ident $update:ident $delete:ident )*) => {
        $(
            impl RowId for pmp_core::$Row {
                fn row_id(&self) -> Option<&str> {
                    self.$id.as_ref().and_then(Option::as_deref)
                }
                fn drop_password(&mut self) {
                    self.extra.remove(crate::client::PASSWORD_COLUMN);
                }
            }
        )*

        impl Client {
            $(
                list_and_get!($Res $Row $list $get [$($Parent)?]);

                #[doc = concat!("Every ", stringify!($Row), " matching a keyword (`[]` for none).")]
                pub async fn $search(&self, keyword: &str) -> Result<Vec<pmp_core::$Row>, Error> {
                    self.every(concat!("search", stringify!($Res)), Args::Keyword(keyword)).await
                }

                #[doc = concat!("Creates a ", stringify!($Row), " (3.x answers its `record_id`). Sent once unless `retry_creates` is set.")]
                pub async fn $create(&self, input: &pmp_core::$Input) -> Result<ApiMessage, Error> {
                    let record = input.to_record();
                    self.write(concat!("create", stringify!($Row)), Args::Fields(&record)).await
                }

                #[doc = concat!("Changes the fields given of a ", stringify!($Row), " and nothing else: `fields` is any value that serializes to an object of `", stringify!($Input), "` fields (`serde_json::json!({...})`, a struct). `unchanged` is set when the row exists but nothing changed.")]
                pub async fn $update(&self, id: impl IntoId, fields: &impl Serialize) -> Result<ApiMessage, Error> {
                    let record = record_of(<pmp_core::$Input as ResourceInput>::RESOURCE, fields)?;
                    self.update::<pmp_core::$Row>(concat!("update", stringify!($Row)), id.into_id()?, &record).await
                }

                #[doc = concat!("Deletes a ", stringify!($Row), ".")]
                pub async fn $delete(&self, id: impl IntoId) -> Result<ApiMessage, Error> {
                    self.write(concat!("delete", stringify!($Row)), Args::Id(id.into_id()?)).await
                }
            )*
        }

        /// Every method: (operation id, method name, the input kind its arguments are).
        #[cfg(test)]
        pub(crate) const METHODS: &[(&str, &str, pmp_core::InputKind)] = &[ $(
            (concat!("list", stringify!($Res)), stringify!($list), list_and_get!(@list_input [$($Parent)?])),
            (concat!("get", stringify!($Row)), stringify!($get), list_and_get!(@get_input [$($Parent)?])),
            (concat!("search", stringify!($Res)), stringify!($search), pmp_core::InputKind::Keyword),
            (concat!("create", stringify!($Row)), stringify!($create), pmp_core::InputKind::Fields),
            (concat!("update", stringify!($Row)), stringify!($update), pmp_core::InputKind::IdAndFields),
            (concat!("delete", stringify!($Row)), stringify!($delete), pmp_core::InputKind::Id),
        )* ];

        /// Every row model's id column, as [`RowId`] reads it.
        #[cfg(test)]
        pub(crate) const ID_COLUMNS: &[(&str, &str)] = &[ $( (stringify!($Res), stringify!($id)), )* ];
    };
}

resources! {
    Customers: Customer, CustomerInput, userid;
        list_customers get_customer search_customers create_customer update_customer delete_customer
    Leads: Lead, LeadInput, id;
        list_leads get_lead search_leads create_lead update_lead delete_lead
    Milestones: Milestone, MilestoneInput, id;
        list_milestones get_milestone search_milestones create_milestone update_milestone delete_milestone
    Projects: Project, ProjectInput, id;
        list_projects get_project search_projects create_project update_project delete_project
    Tickets: Ticket, TicketInput, ticketid;
        list_tickets get_ticket search_tickets create_ticket update_ticket delete_ticket
    Contacts: Contact, ContactInput, id, child of Customers;
        list_contacts get_contact search_contacts create_contact update_contact delete_contact
}

#[cfg(test)]
mod tests {
    use super::{ID_COLUMNS, METHODS};
    use pmp_core::{Resource, CATALOGUE};

    fn snake_case(id: &str) -> String {
        let mut out = String::new();
        for c in id.chars() {
            if c.is_ascii_uppercase() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// A resource added to pmp-core's catalogue (contacts) cannot be missed here.
    #[test]
    fn every_catalogue_endpoint_has_its_method() {
        for endpoint in CATALOGUE.iter() {
            let Some((_, name, input)) = METHODS.iter().find(|m| m.0 == endpoint.operation_id) else {
                panic!(
                    "{} has no method in pmp-client (add its resource to `resources!`)",
                    endpoint.operation_id
                );
            };
            assert_eq!(
                *name,
                snake_case(endpoint.operation_id),
                "method name of {}",
                endpoint.operation_id
            );
            assert_eq!(*input, endpoint.input, "arguments of {}", endpoint.operation_id);
        }
        assert_eq!(METHODS.len(), CATALOGUE.len(), "a method without an endpoint");
    }

    #[test]
    fn rows_are_deduplicated_by_their_id_column() {
        for (res, column) in ID_COLUMNS {
            let resource = CATALOGUE
                .iter()
                .map(|e| e.resource)
                .find(|r| format!("{r:?}") == *res);
            let resource: Resource = resource.unwrap_or_else(|| panic!("{res} is not a resource"));
            assert_eq!(*column, resource.id_field(), "{res}");
        }
    }
}
