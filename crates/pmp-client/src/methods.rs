//! The methods: one per endpoint of pmp-core's catalogue, made for every resource of
//! pmp-core's declaration (`pmp_core::for_each_resource!`), so that a resource added there
//! needs no line here, and one per endpoint beyond the six (`pmp_core::for_each_extra!`). A method is named after its operation id in snake_case
//! (`listCustomers`: `list_customers`); a test checks that every catalogue entry has its
//! method, under that name, with the arguments its input kind takes.

#[cfg(test)]
use pmp_core::ExtraInput;
use pmp_core::{ApiMessage, Args, CustomFieldTarget, Extra, ExtraArgs, Operation, Resource, ResourceInput};

use serde::Serialize;

use crate::input::{record_of, IntoId};
use crate::{Client, Error};

/// The list and get of a resource: a table's own (`None`), or those of a resource whose rows
/// belong to a parent's (`Customers`: the list takes the parent's id, the get both ids), as
/// pmp-core's declaration says.
macro_rules! list_and_get {
    ($Res:ident $Row:ident $list:ident $get:ident None) => {
        #[doc = concat!("Every ", stringify!($Row), " (`", stringify!($Res), "`: through all pages on 3.x; `[]` for none).")]
        pub async fn $list(&self) -> Result<Vec<pmp_core::$Row>, Error> {
            self.every(Resource::$Res, Operation::List, Args::None).await
        }

        #[doc = concat!("One ", stringify!($Row), " by id (a number, its text, or a row's id column); `not_found` if there is none.")]
        pub async fn $get(&self, id: impl IntoId) -> Result<pmp_core::$Row, Error> {
            self.row(Resource::$Res, Args::Id(id.into_id()?)).await
        }
    };
    ($Res:ident $Row:ident $list:ident $get:ident $Parent:ident) => {
        #[doc = concat!("Every ", stringify!($Row), " of one of the ", stringify!($Parent), " (its id: a number, its text, or a row's id column; `[]` for none).")]
        pub async fn $list(&self, parent_id: impl IntoId) -> Result<Vec<pmp_core::$Row>, Error> {
            self.every(Resource::$Res, Operation::List, Args::Id(parent_id.into_id()?)).await
        }

        #[doc = concat!("One ", stringify!($Row), " by the id of its row of ", stringify!($Parent), " and its own id; `not_found` if there is none.")]
        pub async fn $get(&self, parent_id: impl IntoId, id: impl IntoId) -> Result<pmp_core::$Row, Error> {
            let args = Args::ParentAndId(parent_id.into_id()?, id.into_id()?);
            self.row(Resource::$Res, args).await
        }
    };
    (@list_input None) => { pmp_core::InputKind::None };
    (@list_input $Parent:ident) => { pmp_core::InputKind::Id };
    (@get_input None) => { pmp_core::InputKind::Id };
    (@get_input $Parent:ident) => { pmp_core::InputKind::ParentAndId };
}

/// The six methods of every resource (list, get, search, create, update, delete), named as
/// pmp-core names the operations: `list` + the resource, `get`/`create`/`update`/`delete` +
/// the row model, `search` + the resource. A resource with a parent gets the list and get of
/// [`list_and_get!`].
macro_rules! methods {
    ($( $Res:ident: $Row:ident, $Input:ident, parent $Parent:ident; )*) => { pastey::paste! {
        impl Client {
            $(
                list_and_get!($Res $Row [<list_ $Res:snake>] [<get_ $Row:snake>] $Parent);

                #[doc = concat!("Every ", stringify!($Row), " matching a keyword (`[]` for none).")]
                pub async fn [<search_ $Res:snake>](&self, keyword: &str) -> Result<Vec<pmp_core::$Row>, Error> {
                    self.every(Resource::$Res, Operation::Search, Args::Keyword(keyword)).await
                }

                #[doc = concat!("Creates a ", stringify!($Row), " (3.x answers its `record_id`). Sent once unless `retry_creates` is set.")]
                pub async fn [<create_ $Row:snake>](&self, input: &pmp_core::$Input) -> Result<ApiMessage, Error> {
                    let record = input.to_record();
                    self.write(Resource::$Res, Operation::Create, Args::Fields(&record)).await
                }

                #[doc = concat!("Changes the fields given of a ", stringify!($Row), " and nothing else: `fields` is any value that serializes to an object of `", stringify!($Input), "` fields (`serde_json::json!({...})`, a struct). `unchanged` is set when the row exists but nothing changed. Where the server answers an update success whatever the id (staffs), the row is got first: an unknown id is `not_found` and nothing is sent.")]
                pub async fn [<update_ $Row:snake>](&self, id: impl IntoId, fields: &impl Serialize) -> Result<ApiMessage, Error> {
                    let record = record_of(<pmp_core::$Input as ResourceInput>::RESOURCE, fields)?;
                    self.update::<pmp_core::$Row>(id.into_id()?, &record).await
                }

                #[doc = concat!("Deletes a ", stringify!($Row), ". Where the server answers a delete success whatever the id (staffs), the row is got first: an unknown id is `not_found` and nothing is deleted.")]
                pub async fn [<delete_ $Row:snake>](&self, id: impl IntoId) -> Result<ApiMessage, Error> {
                    self.delete::<pmp_core::$Row>(id.into_id()?).await
                }
            )*
        }

        /// Every method: (resource, operation, method name, the input kind its arguments are).
        #[cfg(test)]
        pub(crate) const METHODS: &[(Resource, Operation, &str, pmp_core::InputKind)] = &[ $(
            (Resource::$Res, Operation::List, stringify!([<list_ $Res:snake>]), list_and_get!(@list_input $Parent)),
            (Resource::$Res, Operation::Get, stringify!([<get_ $Row:snake>]), list_and_get!(@get_input $Parent)),
            (Resource::$Res, Operation::Search, stringify!([<search_ $Res:snake>]), pmp_core::InputKind::Keyword),
            (Resource::$Res, Operation::Create, stringify!([<create_ $Row:snake>]), pmp_core::InputKind::Fields),
            (Resource::$Res, Operation::Update, stringify!([<update_ $Row:snake>]), pmp_core::InputKind::IdAndFields),
            (Resource::$Res, Operation::Delete, stringify!([<delete_ $Row:snake>]), pmp_core::InputKind::Id),
        )* ];
    } };
}

pmp_core::for_each_resource!(methods);

/// One method of an endpoint beyond the six, by what it takes (pmp-core's `ExtraInput`).
macro_rules! extra_method {
    (None $Extra:ident $Model:ident $name:ident) => {
        #[doc = concat!("Every ", stringify!($Model), " (`", stringify!($Extra), "`; `[]` for none). Served from module 2.0 on: a client told `1.0` refuses it with `unsupported`.")]
        pub async fn $name(&self) -> Result<Vec<pmp_core::$Model>, Error> {
            self.extra_rows(Extra::$Extra, ExtraArgs::None).await
        }
    };
    (FieldTo $Extra:ident $Model:ident $name:ident) => {
        #[doc = concat!("Every ", stringify!($Model), " of a kind of row (`fieldto`), with the values stored for the row `id` when given (`\"\"` or `[]` without). Values and options are decoded from the wire's JSON texts (`decoded_value`, `decoded_options`). Served from module 2.0 on.")]
        pub async fn $name(
            &self,
            fieldto: CustomFieldTarget,
            id: Option<u64>,
        ) -> Result<Vec<pmp_core::$Model>, Error> {
            self.extra_rows(Extra::$Extra, ExtraArgs::FieldTo(fieldto, id)).await
        }
    };
    (IdAndCc $Extra:ident $Model:ident $name:ident) => {
        #[doc = concat!("`", stringify!($Extra), "` of the row `id` (a number, its text, or a row's id column), with `cc` (more recipients, comma-separated emails) when given; answers its ", stringify!($Model), ". Served by module 3.0 only: a client told `1.0` or `2.0` refuses it with `unsupported`, unsent. Never retried, whatever the retry options: a repeat would send the email again. An unknown id is `not_found`; an email the server could not send `http` with status 500 and the server's message.")]
        pub async fn $name(&self, id: impl IntoId, cc: Option<&str>) -> Result<pmp_core::$Model, Error> {
            self.extra_answer(Extra::$Extra, ExtraArgs::IdAndCc(id.into_id()?, cc)).await
        }
    };
}

/// The methods of the endpoints beyond the six (pmp-core's `EXTRAS`), named after their
/// operation ids in snake_case.
macro_rules! extra_methods {
    ($( $Extra:ident: $Model:ident, $op:ident, $input:ident; )*) => { pastey::paste! {
        impl Client {
            $( extra_method!($input $Extra $Model [<$op:snake>]); )*
        }

        /// Every method of an endpoint beyond the six: (endpoint, method name, what it takes).
        #[cfg(test)]
        pub(crate) const EXTRA_METHODS: &[(Extra, &str, ExtraInput)] = &[ $(
            (Extra::$Extra, stringify!([<$op:snake>]), ExtraInput::$input),
        )* ];
    } };
}

pmp_core::for_each_extra!(extra_methods);

#[cfg(test)]
mod tests {
    use super::{EXTRA_METHODS, METHODS};
    use pmp_core::{Endpoint, CATALOGUE, EXTRAS};

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

    /// A method is named after its endpoint's operation id and takes what the endpoint takes:
    /// a resource whose names break the pattern of `methods!` cannot slip through.
    #[test]
    fn every_catalogue_endpoint_has_its_method() {
        for endpoint in CATALOGUE.iter() {
            let found = METHODS
                .iter()
                .find(|m| Endpoint::of(m.0, m.1).operation_id == endpoint.operation_id);
            let Some((_, _, name, input)) = found else {
                panic!("{} has no method in pmp-client", endpoint.operation_id);
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

    /// Each endpoint beyond the six has its method, named after its operation id.
    #[test]
    fn every_extra_endpoint_has_its_method() {
        for endpoint in &EXTRAS {
            let found = EXTRA_METHODS.iter().find(|m| m.0 == endpoint.extra);
            let Some((_, name, input)) = found else {
                panic!("{} has no method in pmp-client", endpoint.operation_id);
            };
            assert_eq!(
                *name,
                snake_case(endpoint.operation_id),
                "method name of {}",
                endpoint.operation_id
            );
            assert_eq!(*input, endpoint.input, "arguments of {}", endpoint.operation_id);
        }
        assert_eq!(EXTRA_METHODS.len(), EXTRAS.len());
    }
}
