//! The resources of the PMP API, each declared once in the table at the end of this file.
//!
//! A row of `resources!` holds everything about a resource: its path segment and names, its
//! id column, the server versions that have it, the nouns of its write messages (texts built
//! in `strings.rs`), the labels and create-mandatory fields of the server's validation (per
//! version), the summaries of its six endpoints, its row columns (and those that tell a person
//! which row it is: `shown`, the first of which names the row), its input fields, those of
//! them that hold another resource's id (`refers`: a ticket's `contactid`, a contact), the
//! answers of real servers that differ from the usual ones (`quirks`, whose types and rule
//! are in `quirks.rs`), and an example input (`example`: a create every version takes,
//! referring to the sandbox's seed rows). The [`Resource`] enum, [`Resource::ALL`], the table
//! of [`Resource::info`], the endpoint catalogue, the row and input models and the field
//! tables are generated from it; the sandbox, the spec, the JavaScript client, the demo and
//! the tests read them.
//!
//! # Adding a resource
//! A new resource is written in these files:
//!
//! - `crates/pmp-core/src/resources.rs` (this file): its row below. If the server's words
//!   for it break the usual patterns, put them in its row's `messages` (the patterns are in
//!   `strings.rs`); `parent:` names the resource its rows belong to (contacts: customers),
//!   `since:` its first version, `refers:` the input fields that hold another resource's id
//!   (the demo's pickers), `quirks:` how real servers answer it where that differs from
//!   [`Quirks::USUAL`], `example:` a valid create (every field mandatory on some version,
//!   every date field, a parent's id through its `refers` field).
//! - `crates/pmp-sandbox/src/crm.rs`: its row of CRM facts (table, the CRM's own columns,
//!   defaults, joins: the rule is at its top).
//! - `crates/pmp-sandbox/src/seed.rs`: the seed rows a new sandbox starts with, which the
//!   example's references name (records the PMP document itself shows may go in `seed.json`
//!   beside it instead).
//!
//! Nothing else is edited by hand: pmp-client's methods and re-exports come from
//! `for_each_resource!` (made here), the npm package's table of endpoints, TypeScript
//! declarations and its tests' table of resources from the catalogue and the declaration
//! (`xtask/src/generate.rs`), the tests' rows from `example`. Then regenerate with
//! `cargo xtask spec` (`openapi/`, `www/resources.js`) and run `cargo xtask test`. Its step
//! `synthetic resource` declares one more resource, of no real server, through the
//! `synthetic-resource` feature, with its rows in the files above (the step's test checks
//! that they are exactly the files listed here and in README.md), and runs every check
//! derived from the declaration with it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalogue::{Auth, BodyEncoding, Endpoint, InputKind, Method, Operation, OutputKind};
use crate::fields::{
    CustomFieldValues, FieldKind, FieldSpec, FilePart, InputRecord, InputValue, ToInputValue,
};
use crate::lines::LineItem;
use crate::model::{DateInput, NumberInput, ResourceInput, Row, WireValue};
use crate::quirks::{Lack, ListPaging, PutAnswer, Quirks};
use crate::strings::WriteOutcome;

/// A module version whose behaviour is recorded (wire/PMP-WIRE-FACTS.md), oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModuleVersion {
    /// 1.0.0, the version the PMP document describes.
    V1,
    /// 2.0.8, the long-lived 2.x line.
    V2,
    /// 3.0.3, the current 3.x line.
    V3,
}

impl ModuleVersion {
    /// Every version, oldest first.
    pub const ALL: [ModuleVersion; 3] = [ModuleVersion::V1, ModuleVersion::V2, ModuleVersion::V3];

    /// Reads `1.0`, `2.0`, `3.0` (or `1`, or the full versions `1.0.0`, `2.0.8`, `3.0.3`).
    pub fn parse(text: &str) -> Option<ModuleVersion> {
        match text.trim() {
            "1" | "1.0" | "1.0.0" => Some(ModuleVersion::V1),
            "2" | "2.0" | "2.0.8" => Some(ModuleVersion::V2),
            "3" | "3.0" | "3.0.3" => Some(ModuleVersion::V3),
            _ => None,
        }
    }

    /// The short name: `1.0`, `2.0`, `3.0`.
    pub const fn name(self) -> &'static str {
        match self {
            ModuleVersion::V1 => "1.0",
            ModuleVersion::V2 => "2.0",
            ModuleVersion::V3 => "3.0",
        }
    }

    /// The full module version recorded: `1.0.0`, `2.0.8`, `3.0.3`.
    pub const fn version(self) -> &'static str {
        match self {
            ModuleVersion::V1 => "1.0.0",
            ModuleVersion::V2 => "2.0.8",
            ModuleVersion::V3 => "3.0.3",
        }
    }

    /// The file of the repository's `wire/` that holds the exchanges recorded from a real
    /// server of this version (the tests' data): `module-1.0.0.jsonl`, ...
    pub const fn recording(self) -> &'static str {
        match self {
            ModuleVersion::V1 => "module-1.0.0.jsonl",
            ModuleVersion::V2 => "module-2.0.8.jsonl",
            ModuleVersion::V3 => "module-3.0.3.jsonl",
        }
    }

    /// Whether the version is 3.x (pages, rate limits, idempotency, `record_id`, JSON POST).
    pub const fn is_v3(self) -> bool {
        matches!(self, ModuleVersion::V3)
    }
}

/// A field's label in the server's validation messages (`The {label} field is required.`),
/// and from which version on a create without it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldRule {
    /// The input field.
    pub field: &'static str,
    /// Its label, from the module's `set_rules` calls.
    pub label: &'static str,
    /// The first version that refuses a call without it; `None`: never mandatory. A field
    /// mandatory on create from the resource's first version on is `required` in its input
    /// type.
    pub required_since: Option<ModuleVersion>,
    /// Which calls are refused without it.
    pub checked: Checked,
}

/// Which calls a rule checks. Most resources' updates check nothing (they change only the
/// fields sent); invoices and estimates check the whole document again on update, and answer
/// 409 with the validation failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// Creates only.
    Create,
    /// Creates and updates.
    Always,
    /// Updates only (an invoice update's kept `items`, where its create has `newitems`).
    Update,
}

impl Checked {
    /// Whether creates are checked.
    pub const fn on_create(self) -> bool {
        matches!(self, Checked::Create | Checked::Always)
    }

    /// Whether updates are checked.
    pub const fn on_update(self) -> bool {
        matches!(self, Checked::Update | Checked::Always)
    }
}

impl FieldRule {
    /// Whether a call on `version` the rule checks is refused without the field.
    pub fn required_on(&self, version: ModuleVersion) -> bool {
        self.required_since.is_some_and(|since| version >= since)
    }
}

/// The nouns of a resource's write messages (`Client add successful.`, `Customers Update
/// Successful.`, `Customer Delete Fail.`): the customers controller uses three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nouns {
    /// In create messages.
    pub create: &'static str,
    /// In update messages.
    pub update: &'static str,
    /// Everywhere else (delete, not found, invalid id).
    pub other: &'static str,
}

/// What every build reads of one resource at run time (one row of the declaration's table).
///
/// The rule of this table: a column here is linked into every build that reads any column,
/// so only what reads need (paths, names, the id, row columns, quirks) is one. The rest of
/// the declaration (the write messages, validation rules, input fields, summaries, examples,
/// references) is a function of [`Resource`] generated by the same macro, so that a build that
/// never calls it (the browser's first wasm, which only reads) links none of it.
#[derive(Debug, Clone, Copy)]
pub struct ResourceInfo {
    /// The resource.
    pub resource: Resource,
    /// Path segment: `customers`, ...
    pub segment: &'static str,
    /// Name of the row model: `Customer`, ...
    pub model_name: &'static str,
    /// Plural in operation ids: `listCustomers`.
    pub plural: &'static str,
    /// Name of the input model: `CustomerInput`, ...
    pub input_name: &'static str,
    /// The column that identifies a row.
    pub id_field: &'static str,
    /// The first module version that serves it.
    pub since: ModuleVersion,
    /// The resource its rows belong to, which its list and get name (contacts: customers).
    pub parent: Option<Resource>,
    /// Headers that carry the token.
    pub auth: Auth,
    /// The columns that tell a person which row it is, after the id (the demo's table).
    pub shown: &'static [&'static str],
    /// Its answers that differ from the usual ones (`quirks.rs`).
    pub quirks: Quirks,
}

impl Resource {
    /// What the declaration's table holds of the resource (the rest: functions of `Resource`).
    pub const fn info(self) -> &'static ResourceInfo {
        &RESOURCES[self as usize]
    }

    /// The path segment of the resource: `customers`, `leads`, ...
    pub const fn segment(self) -> &'static str {
        self.info().segment
    }

    /// The resource named by a path segment, if any.
    pub fn from_segment(segment: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.segment() == segment)
    }

    /// The name of the row model: `Customer`, `Lead`, ...
    pub const fn model_name(self) -> &'static str {
        self.info().model_name
    }

    /// The column that identifies a row: `userid` for customers, `ticketid` for tickets, else `id`.
    pub const fn id_field(self) -> &'static str {
        self.info().id_field
    }

    /// The authentication headers real servers read on this resource: `authtoken` on all
    /// (no version reads `Authorization`, which the document names for tickets).
    pub const fn auth(self) -> Auth {
        self.info().auth
    }

    /// Whether servers of `version` have the resource's endpoints.
    pub fn exists_on(self, version: ModuleVersion) -> bool {
        version >= self.info().since
    }

    /// The label of a field in the server's messages: its rule's, else its name humanised
    /// (`default_language` → `Default language`), as CodeIgniter does without a rule.
    pub fn label(self, field: &str) -> String {
        if let Some(rule) = self.rules().iter().find(|r| r.field == field) {
            return rule.label.to_owned();
        }
        let mut text = field.replace('_', " ");
        if let Some(first) = text.get(..1) {
            let upper = first.to_ascii_uppercase();
            text.replace_range(..1, &upper);
        }
        text
    }

    /// The fields a create on `version` must carry, with their labels, in the server's order.
    pub fn required_on(self, version: ModuleVersion) -> impl Iterator<Item = &'static FieldRule> {
        self.rules()
            .iter()
            .filter(move |r| r.checked.on_create() && r.required_on(version))
    }

    /// Whether an update carries the whole row again (invoices, estimates: every version
    /// checks their updates as their creates, and their kept lines go in `items`).
    pub fn updates_whole(self) -> bool {
        self.rules().iter().any(|r| r.checked.on_update())
    }

    /// The fields an update on `version` must carry (a whole-document update: invoices,
    /// estimates), in the server's order; none for most resources.
    pub fn required_on_update(self, version: ModuleVersion) -> impl Iterator<Item = &'static FieldRule> {
        self.rules()
            .iter()
            .filter(move |r| r.checked.on_update() && r.required_on(version))
    }

    /// The column that names a row to a person, the first of `shown` (a customer's
    /// `company`, a ticket's `subject`): a text field of the input and of the example too,
    /// which tests set to a mark of their own to find their rows again.
    pub fn title_field(self) -> &'static str {
        self.info().shown[0]
    }

    /// [`Resource::example`] as a JSON object, as a JavaScript caller passes an input.
    pub fn example_input(self) -> serde_json::Map<String, Value> {
        self.example()
            .iter()
            .map(|(field, json)| {
                let value = serde_json::from_str(json)
                    .unwrap_or_else(|e| panic!("{}'s example: {field}: {json}: {e}", self.segment()));
                ((*field).to_owned(), value)
            })
            .collect()
    }

    /// The id of the parent row the example belongs to, for a child's list and get: the value
    /// of its field that refers to the parent resource (a contact's `customer_id`). `None`
    /// for a resource without a parent.
    pub fn example_parent_id(self) -> Option<u64> {
        let parent = self.info().parent?;
        let (field, _) = self
            .references()
            .iter()
            .find(|(_, referred)| *referred == parent)?;
        self.example_input().get(*field)?.as_u64()
    }

    /// [`Resource::example`] as a record, each value of its field's kind (a `Number`
    /// field's is a JSON integer, a `Flag`'s a boolean, a `NumberList`'s an array of them,
    /// the others' a string). Panics on a value of another kind, which the declaration's tests
    /// rule out.
    pub fn example_record(self) -> InputRecord {
        let mut record = InputRecord::new(self);
        for (field, value) in self.example_input() {
            let kind = self
                .input_fields()
                .iter()
                .find(|f| f.name == field)
                .map(|f| f.kind);
            let input = match (kind, &value) {
                (Some(FieldKind::Text | FieldKind::Date), Value::String(text)) => {
                    Some(InputValue::Text(text.clone()))
                }
                (Some(FieldKind::Number), Value::Number(n)) => n.as_u64().map(InputValue::Number),
                (Some(FieldKind::Flag), Value::Bool(flag)) => Some(InputValue::Flag(*flag)),
                (Some(FieldKind::NewLines | FieldKind::Lines), Value::Array(_)) => {
                    serde_json::from_value(value.clone()).ok().map(InputValue::Lines)
                }
                (Some(FieldKind::NumberList), Value::Array(items)) => items
                    .iter()
                    .map(Value::as_u64)
                    .collect::<Option<_>>()
                    .map(InputValue::NumberList),
                _ => None,
            }
            .unwrap_or_else(|| {
                panic!(
                    "{}'s example: {field}: {value} is not of its field's kind",
                    self.segment()
                )
            });
            record
                .set(&field, input)
                .unwrap_or_else(|e| panic!("{}'s example: {e}", self.segment()));
        }
        record
    }
}

/// A generic function over row models, for [`Resource::visit_row`]: what a caller does with
/// the model type of a resource known only at run time (decode its rows, name its schema).
pub trait RowVisitor {
    /// What the function returns.
    type Output;
    /// The function, for the row model `T`.
    fn visit<T: Row>(self) -> Self::Output;
}

/// Which calls a rule checks: creates, or as written (`always`, `on_update`).
macro_rules! checked {
    () => {
        Checked::Create
    };
    (always) => {
        Checked::Always
    };
    (on_update) => {
        Checked::Update
    };
}

/// The `since` of a rule: the given version, or none.
macro_rules! since {
    () => {
        None
    };
    ($v:ident) => {
        Some(ModuleVersion::$v)
    };
}

/// What differs for a resource whose rows belong to a parent's (`parent: Customers`): its
/// list is the parent's rows (`GET api/{res}/{id}`, the parent's id), its get takes both ids
/// (`GET api/{res}/{parent_id}/{id}`). `parent: None` for the others.
macro_rules! child {
    (@parent None) => {
        None
    };
    (@parent $p:ident) => {
        Some(Resource::$p)
    };
    (@list_path $seg:literal None) => {
        concat!("api/", $seg)
    };
    (@list_path $seg:literal $p:ident) => {
        concat!("api/", $seg, "/{id}")
    };
    (@list_input None) => {
        InputKind::None
    };
    (@list_input $p:ident) => {
        InputKind::Id
    };
    (@get_path $seg:literal None) => {
        concat!("api/", $seg, "/{id}")
    };
    (@get_path $seg:literal $p:ident) => {
        concat!("api/", $seg, "/{parent_id}/{id}")
    };
    (@get_input None) => {
        InputKind::Id
    };
    (@get_input $p:ident) => {
        InputKind::ParentAndId
    };
}

/// Exports `for_each_resource!`, which hands a list of the resources to a macro of another
/// crate. `$d` is a `$` passed in as a token: a macro cannot write one into the macro it
/// defines.
macro_rules! export_for_each_resource {
    (($d:tt) $($rows:tt)*) => {
        /// Calls `callback! { Customers: Customer, CustomerInput, parent None; ... }`: one row
        /// per resource, in [`Resource::ALL`] order (the resource, its row and input models,
        /// and its parent resource or `None`). pmp-client's methods and re-exports are made
        /// from it, so that a resource added here needs no line there.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_resource {
            ($d callback:ident) => {
                $d callback! { $($rows)* }
            };
        }
    };
}

/// Declares the resources: see the module documentation.
macro_rules! resources {
    ($(
        $(#[doc = $doc:literal])*
        $Res:ident {
            segment: $seg:literal,
            plural: $Plural:literal,
            id: $id:literal,
            since: $since:ident,
            parent: $parent:ident,
            nouns: [$create_noun:literal, $update_noun:literal, $noun:literal],
            messages: [$($outcome:ident $text:literal),* $(,)?],
            rules: [$($rfield:ident $rlabel:literal $(required since $rsince:ident $($rchecked:ident)?)?),* $(,)?],
            summaries: [$list:literal, $get:literal, $search:literal, $create:literal, $update:literal, $delete:literal],
            shown: [$($shown:ident),* $(,)?],
            refers: [$($rfield_ref:ident $Referred:ident),* $(,)?],
            quirks: { $($quirk:ident: $quirk_value:expr),* $(,)? },
            example: { $($efield:ident: $evalue:tt),* $(,)? },
            $(#[doc = $rowdoc:literal])*
            row $Row:ident { $($column:ident),* $(,)? }
            $(#[doc = $indoc:literal])*
            input $Input:ident { $($input:tt)* }
        }
    )*) => {
        /// One resource of the PMP API (declared in `resources.rs`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Resource { $( $(#[doc = $doc])* $Res, )* }

        impl Resource {
            /// How many resources there are.
            pub const COUNT: usize = [$(stringify!($Res)),*].len();
            /// All resources, in declaration order.
            pub const ALL: [Resource; Resource::COUNT] = [$(Resource::$Res),*];
        }

        impl Resource {
            /// The input fields that hold the id of another resource's row, with that resource
            /// (a ticket's `contactid`: a contact), for pickers such as the demo's. A function,
            /// not a column of [`ResourceInfo`], so that only what calls it links it.
            pub const fn references(self) -> &'static [(&'static str, Resource)] {
                match self { $( Resource::$Res => &[$((stringify!($rfield_ref), Resource::$Referred)),*], )* }
            }

            /// The declared example input of a create: `(field, value as JSON text)`, every
            /// field mandatory on some version among them, each value referring to the
            /// sandbox's seed rows. Tests build their rows from it ([`Resource::example_input`],
            /// [`Resource::example_record`]), the spec shows its dates and the demo its values
            /// (as placeholders). A function,
            /// not a column of [`ResourceInfo`], so that the wasm build links none of it.
            pub const fn example(self) -> &'static [(&'static str, &'static str)] {
                match self { $( Resource::$Res => &[$((stringify!($efield), stringify!($evalue))),*], )* }
            }

            /// The summaries of its six endpoints, in [`Operation::ALL`] order (`""` without
            /// the `docs` feature).
            pub const fn summaries(self) -> [&'static str; 6] {
                match self { $( Resource::$Res => [doc_text!($list), doc_text!($get), doc_text!($search),
                    doc_text!($create), doc_text!($update), doc_text!($delete)], )* }
            }

            /// The nouns of its write messages.
            pub const fn nouns(self) -> Nouns {
                match self { $( Resource::$Res => Nouns { create: $create_noun, update: $update_noun, other: $noun }, )* }
            }

            /// Its write messages that break the patterns of `strings.rs`.
            pub const fn messages(self) -> &'static [(WriteOutcome, &'static str)] {
                match self { $( Resource::$Res => &[$((WriteOutcome::$outcome, $text)),*], )* }
            }

            /// Its validation labels and create-mandatory fields, in the order the server checks them.
            pub const fn rules(self) -> &'static [FieldRule] {
                match self { $( Resource::$Res => &[$(FieldRule {
                    field: stringify!($rfield),
                    label: $rlabel,
                    required_since: since!($($rsince)?),
                    checked: checked!($($($rchecked)?)?),
                }),*], )* }
            }

            /// The columns its row model names, the id column first.
            pub const fn row_fields(self) -> &'static [&'static str] {
                match self { $( Resource::$Res => <$Row as Row>::FIELDS, )* }
            }

            /// [`Resource::row_fields`], each followed by a comma (for JavaScript to split).
            pub const fn row_columns(self) -> &'static str {
                match self { $( Resource::$Res => <$Row as Row>::COLUMNS, )* }
            }

            /// The input fields of its create and update, mandatory ones first.
            pub const fn input_fields(self) -> &'static [FieldSpec] {
                match self { $( Resource::$Res => <$Input as ResourceInput>::FIELDS, )* }
            }

            /// Runs a generic function on the resource's row model type.
            pub fn visit_row<V: RowVisitor>(self, visitor: V) -> V::Output {
                match self { $( Resource::$Res => visitor.visit::<$Row>(), )* }
            }
        }

        $( row_model! { $(#[doc = $rowdoc])* $Row for $Res { $($column),* } } )*
        $( input_model! { $(#[doc = $indoc])* $Input for $Res $($input)* } )*

        /// The declaration: one row per resource, in [`Resource::ALL`] order.
        pub(crate) static RESOURCES: [ResourceInfo; Resource::COUNT] = [$(
            ResourceInfo {
                resource: Resource::$Res,
                segment: $seg,
                model_name: stringify!($Row),
                plural: $Plural,
                input_name: stringify!($Input),
                id_field: $id,
                since: ModuleVersion::$since,
                parent: child!(@parent $parent),
                auth: Auth::Token,
                shown: &[$(stringify!($shown)),*],
                quirks: Quirks { $($quirk: $quirk_value,)* ..Quirks::USUAL },
            },
        )*];

        /// Each resource's six endpoints, in [`Operation::ALL`] order: a `const`, so that only
        /// [`CATALOGUE`](crate::CATALOGUE), flattened from it, is in the binary (less wasm).
        const ENDPOINTS: [[Endpoint; 6]; Resource::COUNT] = [$(
            [
                    endpoint(Resource::$Res, Operation::List, concat!("list", $Plural), Method::Get,
                        child!(@list_path $seg $parent), BodyEncoding::None, child!(@list_input $parent),
                        OutputKind::Rows),
                    endpoint(Resource::$Res, Operation::Get, concat!("get", stringify!($Row)), Method::Get,
                        child!(@get_path $seg $parent), BodyEncoding::None, child!(@get_input $parent),
                        OutputKind::Row),
                    endpoint(Resource::$Res, Operation::Search, concat!("search", $Plural), Method::Get,
                        concat!("api/", $seg, "/search/{keysearch}"), BodyEncoding::None, InputKind::Keyword,
                        OutputKind::Rows),
                    endpoint(Resource::$Res, Operation::Create, concat!("create", stringify!($Row)), Method::Post,
                        concat!("api/", $seg), BodyEncoding::Form, InputKind::Fields, OutputKind::Message),
                    endpoint(Resource::$Res, Operation::Update, concat!("update", stringify!($Row)), Method::Put,
                        concat!("api/", $seg, "/{id}"), BodyEncoding::Json, InputKind::IdAndFields,
                        OutputKind::Message),
                    endpoint(Resource::$Res, Operation::Delete, concat!("delete", stringify!($Row)), Method::Delete,
                        concat!("api/delete/", $seg, "/{id}"), BodyEncoding::None, InputKind::Id,
                        OutputKind::Message),
            ],
        )*];

        export_for_each_resource! { ($) $( $Res: $Row, $Input, parent $parent; )* }
    };
}

/// One endpoint of the declaration (a function, so that the rows above stay readable).
#[allow(clippy::too_many_arguments)]
const fn endpoint(
    resource: Resource,
    operation: Operation,
    operation_id: &'static str,
    method: Method,
    path: &'static str,
    body: BodyEncoding,
    input: InputKind,
    output: OutputKind,
) -> Endpoint {
    Endpoint {
        operation_id,
        resource,
        operation,
        method,
        path,
        auth: Auth::Token,
        body,
        input,
        output,
    }
}

/// The endpoints of every resource, resource by resource, in [`Operation::ALL`] order.
pub(crate) const fn all_endpoints() -> [Endpoint; Resource::COUNT * 6] {
    first_endpoints(6)
}

/// The lists, gets and searches of every resource, resource by resource, in
/// [`Operation::ALL`] order (the first three operations).
pub(crate) const fn read_endpoints() -> [Endpoint; Resource::COUNT * 3] {
    first_endpoints(3)
}

/// The first `per_resource` endpoints of each resource, resource by resource (`N` is
/// `per_resource` times [`Resource::COUNT`]).
const fn first_endpoints<const N: usize>(per_resource: usize) -> [Endpoint; N] {
    let mut out = [ENDPOINTS[0][0]; N];
    let mut i = 0;
    while i < N {
        out[i] = ENDPOINTS[i / per_resource][i % per_resource];
        i += 1;
    }
    out
}

declaration! {
    /// Customers (the CRM's `clients` table, keyed by `userid`).
    Customers {
        segment: "customers",
        plural: "Customers",
        id: "userid",
        since: V1,
        parent: None,
        // The customers controller says "Client" on create, "Customers" on update.
        nouns: ["Client", "Customers", "Customer"],
        messages: [],
        rules: [company "Company" required since V1],
        summaries: ["List all customers", "Request customer information", "Search Customer Information",
            "Add New Customer", "Update a Customer", "Delete a Customer"],
        shown: [company, phonenumber, city, country, active],
        refers: [],
        // The customers controller checks the body; 3.x names a missing customer.
        quirks: { unusable_put: Quirks::CHECKED_PUT, missing_update_not_found_on_v3: true },
        example: { company: "Acme Ltd", vat: "GB123456789", groups_in: [1, 4] },
        /// A customer: a row of the CRM's clients table, keyed by `userid`.
        row Customer {
            userid, company, vat, phonenumber, country, city, zip, state, address, website,
            datecreated, active, leadid, billing_street, billing_city, billing_state, billing_zip,
            billing_country, shipping_street, shipping_city, shipping_state, shipping_zip,
            shipping_country, longitude, latitude, default_language, default_currency,
            show_primary_contact, stripe_id, registration_confirmed, addedfrom,
        }
        /// The fields of `createCustomer` and `updateCustomer`.
        input CustomerInput {
            required {
                /// Customer company.
                company: Text as String,
            }
            optional {
                /// Vat.
                vat: Text as Option<String>,
                /// Customer Phone.
                phonenumber: Text as Option<String>,
                /// Customer Website.
                website: Text as Option<String>,
                /// Customer groups (ids).
                groups_in: NumberList as Option<Vec<u64>>,
                /// Customer Default Language.
                default_language: Text as Option<String>,
                /// Default currency.
                default_currency: Text as Option<String>,
                /// Customer address.
                address: Text as Option<String>,
                /// Customer City.
                city: Text as Option<String>,
                /// Customer state.
                state: Text as Option<String>,
                /// Zip Code.
                zip: Text as Option<String>,
                /// Country.
                country: Text as Option<String>,
                /// Billing Address: Street.
                billing_street: Text as Option<String>,
                /// Billing Address: City.
                billing_city: Text as Option<String>,
                /// Billing Address: State.
                billing_state: Text as Option<String>,
                /// Billing Address: Zip.
                billing_zip: Text as Option<String>,
                /// Billing Address: Country.
                billing_country: Text as Option<String>,
                /// Shipping Address: Street.
                shipping_street: Text as Option<String>,
                /// Shipping Address: City.
                shipping_city: Text as Option<String>,
                /// Shipping Address: State.
                shipping_state: Text as Option<String>,
                /// Shipping Address: Zip.
                shipping_zip: Text as Option<String>,
                /// Shipping Address: Country.
                shipping_country: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Leads.
    Leads {
        segment: "leads",
        plural: "Leads",
        id: "id",
        since: V1,
        parent: None,
        nouns: ["Lead", "Lead", "Lead"],
        messages: [],
        rules: [
            name "Lead Name" required since V1,
            source "Source" required since V1,
            status "Status" required since V1,
            assigned "Assigned" required since V2,
        ],
        summaries: ["List all leads", "Request lead information", "Search Lead Information",
            "Add New Lead", "Update a lead", "Delete a Lead"],
        shown: [name, company, email, status, source],
        refers: [client_id Customers],
        // 3.x pages lead searches; its PUT without fields fails.
        quirks: {
            search_paged: true,
            unusable_put: [
                [PutAnswer::Crash, PutAnswer::Crash],
                [PutAnswer::ErrorPage, PutAnswer::ErrorPage],
                [PutAnswer::UpdateFail, PutAnswer::UpdateFail],
            ],
        },
        example: { name: "Ada Lovelace", source: "1", status: "1", assigned: "1", is_public: true },
        /// A lead. Attachments, where the server lists them, are in `attachments`.
        row Lead {
            id, hash, name, contact, title, company, description, country, zip, city, state,
            address, assigned, dateadded, from_form_id, status, source, email, website,
            phonenumber, lastcontact, is_public, default_language, client_id,
        }
        /// The fields of `createLead` and `updateLead`.
        input LeadInput {
            required {
                /// Lead source.
                source: Text as String,
                /// Lead Status.
                status: Text as String,
                /// Lead Name.
                name: Text as String,
            }
            optional {
                /// Lead assigned (staff id; mandatory on create on 2.x and 3.x).
                assigned: Text as Option<String>,
                /// Customer the lead belongs to.
                client_id: Text as Option<String>,
                /// Lead tags.
                tags: Text as Option<String>,
                /// Contact name.
                contact: Text as Option<String>,
                /// Position.
                title: Text as Option<String>,
                /// Lead Email Address.
                email: Text as Option<String>,
                /// Lead Website.
                website: Text as Option<String>,
                /// Lead Phone.
                phonenumber: Text as Option<String>,
                /// Lead company.
                company: Text as Option<String>,
                /// Lead address.
                address: Text as Option<String>,
                /// Lead City.
                city: Text as Option<String>,
                /// Lead state.
                state: Text as Option<String>,
                /// Lead Country.
                country: Text as Option<String>,
                /// Lead Default Language.
                default_language: Text as Option<String>,
                /// Lead description.
                description: Text as Option<String>,
                /// Lead From Customer (contact date).
                custom_contact_date: Text as Option<String>,
                /// Lead Contacted Today.
                contacted_today: Flag as Option<bool>,
                /// Lead is public.
                is_public: Flag as Option<bool>,
                /// Lead Last Contact.
                lastcontact: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
            files {
                /// Lead attachments, sent as `file[]` parts (create only).
            }
        }
    }

    /// Project milestones.
    Milestones {
        segment: "milestones",
        plural: "Milestones",
        id: "id",
        since: V1,
        parent: None,
        nouns: ["Milestone", "Milestone", "Milestone"],
        messages: [],
        rules: [
            project_id "Project id" required since V1,
            name "Milestone Name" required since V1,
            due_date "Milestone Due Date" required since V1,
        ],
        summaries: ["List all milestones", "Request Milestones information", "Search Milestones Information",
            "Add New Milestone", "Update a Milestone", "Delete a Milestone"],
        shown: [name, project_id, due_date, milestone_order],
        refers: [project_id Projects],
        // A milestone comes as an array of one row (every version); 3.x pages its list only
        // when asked.
        quirks: { list_paging: ListPaging::WhenAsked, get_as_array: true, unusable_put: Quirks::CHECKED_PUT },
        example: { project_id: "28", name: "Launch", due_date: "2019-07-30" },
        /// A project milestone.
        row Milestone {
            id, name, description, description_visible_to_customer, due_date, project_id, color,
            milestone_order, datecreated, total_tasks, total_finished_tasks,
        }
        /// The fields of `createMilestone` and `updateMilestone`.
        input MilestoneInput {
            required {
                /// Project id.
                project_id: Text as String,
                /// Milestone Name.
                name: Text as String,
                /// Milestone Due date.
                due_date: Date as DateInput,
            }
            optional {
                /// Milestone Description.
                description: Text as Option<String>,
                /// Show description to customer.
                description_visible_to_customer: Flag as Option<bool>,
                /// Milestone Order.
                milestone_order: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Projects.
    Projects {
        segment: "projects",
        plural: "Projects",
        id: "id",
        since: V1,
        parent: None,
        nouns: ["Project", "Project", "Project"],
        messages: [AddFailed "Project add failed."],
        rules: [
            name "Project Name" required since V1,
            billing_type "Billing Type" required since V1,
            start_date "Project Start Date" required since V1,
            status "Project Status" required since V1,
            // Labelled `ucwords(rel_type)`: empty without a `rel_type`, so CodeIgniter names the field.
            clientid "clientid" required since V1,
        ],
        summaries: ["List all projects", "Request project information", "Search Project Information",
            "Add New Project", "Update a Project", "Delete a Project"],
        shown: [name, clientid, status, start_date, deadline],
        refers: [clientid Customers],
        quirks: {},
        example: {
            name: "Website rollout", clientid: 1, billing_type: 1, start_date: "2019-07-30", status: 2,
            deadline: "2019-12-31",
        },
        /// A project. Attachments, where the server lists them, are in `attachments`.
        row Project {
            id, name, description, status, clientid, billing_type, start_date, deadline,
            project_created, date_finished, progress, progress_from_tasks, project_cost,
            project_rate_per_hour, estimated_hours, addedfrom, rel_type, potential_revenue,
            potential_margin, external,
        }
        /// The fields of `createProject` and `updateProject`.
        input ProjectInput {
            required {
                /// Project Name.
                name: Text as String,
                /// Related customer id.
                clientid: Number as NumberInput,
                /// Billing Type.
                billing_type: Number as NumberInput,
                /// Project Start Date.
                start_date: Date as DateInput,
                /// Project Status.
                status: Number as NumberInput,
            }
            optional {
                /// Progress from tasks.
                progress_from_tasks: Flag as Option<bool>,
                /// Project Cost.
                project_cost: Text as Option<String>,
                /// Project progress.
                progress: Text as Option<String>,
                /// Project rate per hour.
                project_rate_per_hour: Text as Option<String>,
                /// Project estimated hours.
                estimated_hours: Text as Option<String>,
                /// Project members (staff ids).
                project_members: NumberList as Option<Vec<u64>>,
                /// Project deadline.
                deadline: Date as Option<DateInput>,
                /// Project tags.
                tags: Text as Option<String>,
                /// Project description.
                description: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
            files {
                /// Project files, sent as `file[]` parts (create only).
            }
        }
    }

    /// Support tickets (keyed by `ticketid`).
    Tickets {
        segment: "tickets",
        plural: "Tickets",
        id: "ticketid",
        since: V1,
        parent: None,
        nouns: ["Ticket", "Ticket", "Ticket"],
        messages: [],
        rules: [
            subject "Ticket Name" required since V1,
            department "Department" required since V1,
            contactid "Contact" required since V1,
            userid "User",
        ],
        summaries: ["List all tickets", "Request Ticket information", "Search Ticket Information",
            "Add New Ticket", "Update a Ticket", "Delete a Ticket"],
        shown: [subject, department, priority, status],
        refers: [contactid Contacts, userid Customers, project_id Projects],
        // 2.0.8's ticket get fails on PHP 8 for every ticket that exists.
        quirks: { search_paged: true, get_crashes_on: &[ModuleVersion::V2] },
        example: { subject: "Cannot log in", department: "1", contactid: "1" },
        /// A support ticket, keyed by `ticketid`.
        row Ticket {
            ticketid, adminreplying, userid, contactid, email, name, department, priority, status,
            service, ticketkey, subject, message, admin, date, project_id, lastreply, clientread,
            adminread, assigned, line_manager, milestone, cc,
        }
        /// The fields of `createTicket` and `updateTicket`.
        input TicketInput {
            required {
                /// Ticket name.
                subject: Text as String,
                /// Ticket Department.
                department: Text as String,
                /// Ticket Contact.
                contactid: Text as String,
            }
            optional {
                /// Ticket user (customer id; servers take it from the contact when left out).
                userid: Text as Option<String>,
                /// Ticket Project.
                project_id: Text as Option<String>,
                /// Ticket message.
                message: Text as Option<String>,
                /// Ticket Service.
                service: Text as Option<String>,
                /// Assign ticket.
                assigned: Text as Option<String>,
                /// Ticket CC.
                cc: Text as Option<String>,
                /// Priority.
                priority: Text as Option<String>,
                /// Ticket tags.
                tags: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// A customer's contacts (2.x, 3.x: 1.0.0 has no `api/contacts`), the people tickets name.
    Contacts {
        segment: "contacts",
        plural: "Contacts",
        id: "id",
        since: V2,
        parent: Customers,
        nouns: ["Contact", "Contact", "Contact"],
        messages: [Added "Contact added successfully."],
        rules: [
            customer_id "Customer Id" required since V2,
            firstname "First Name" required since V2,
            lastname "Last Name" required since V2,
            email "Email" required since V2,
        ],
        summaries: ["List a customer's contacts", "Request a contact of a customer",
            "Search Contact Information", "Add New Contact", "Update a Contact", "Delete a Contact"],
        shown: [firstname, lastname, email, userid, is_primary],
        refers: [customer_id Customers],
        // A customer's contacts: never pages of the whole table.
        quirks: { list_paging: ListPaging::Never, unusable_put: Quirks::CHECKED_PUT },
        example: {
            customer_id: 4, firstname: "Ada", lastname: "Lovelace", email: "ada@example.com",
            password: "Secret-123",
        },
        /// A contact, joined with its customer's columns (which land in `extra`). The secrets
        /// the server sends, the contact's `password` hash and its reset key `new_pass_key`,
        /// are dropped by the decoders (`SECRET_COLUMNS`).
        row Contact {
            id, userid, is_primary, firstname, lastname, email, phonenumber, title, datecreated,
            new_pass_key_requested, email_verified_at, email_verification_key,
            email_verification_sent_at, last_ip, last_login, last_password_change, active,
            profile_image, direction, invoice_emails, estimate_emails, credit_note_emails,
            contract_emails, task_emails, project_emails, ticket_emails,
        }
        /// The fields of `createContact` and `updateContact`.
        input ContactInput {
            required {
                /// The customer the contact belongs to.
                customer_id: Number as NumberInput,
                /// First name.
                firstname: Text as String,
                /// Last name.
                lastname: Text as String,
                /// E-mail address (unique among contacts).
                email: Text as String,
            }
            optional {
                /// Portal password (the server wants it unless `send_set_password_email` is set).
                password: Text as Option<String>,
                /// Position.
                title: Text as Option<String>,
                /// Phone.
                phonenumber: Text as Option<String>,
                /// Text direction (`ltr`, `rtl`).
                direction: Text as Option<String>,
                /// The customer's primary contact.
                is_primary: Flag as Option<bool>,
                /// Portal permissions (ids).
                permissions: NumberList as Option<Vec<u64>>,
                /// Send an e-mail to set the password instead of giving one.
                send_set_password_email: Flag as Option<bool>,
                /// Send no welcome e-mail.
                donotsendwelcomeemail: Flag as Option<bool>,
                /// Invoice e-mails.
                invoice_emails: Flag as Option<bool>,
                /// Estimate e-mails.
                estimate_emails: Flag as Option<bool>,
                /// Credit note e-mails.
                credit_note_emails: Flag as Option<bool>,
                /// Contract e-mails.
                contract_emails: Flag as Option<bool>,
                /// Task e-mails.
                task_emails: Flag as Option<bool>,
                /// Project e-mails.
                project_emails: Flag as Option<bool>,
                /// Ticket e-mails.
                ticket_emails: Flag as Option<bool>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Tasks (of a project, a customer, a lead, ... through `rel_type` and `rel_id`).
    Tasks {
        segment: "tasks",
        plural: "Tasks",
        id: "id",
        since: V1,
        parent: None,
        nouns: ["Task", "Task", "Task"],
        messages: [AddFailed "Task add failed."],
        rules: [
            name "Task Name" required since V1,
            startdate "Task Start Date" required since V1,
        ],
        summaries: ["List all tasks", "Request Task information", "Search Task Information",
            "Add New Task", "Update a Task", "Delete a Task"],
        shown: [name, startdate, duedate, status, priority],
        refers: [],
        // 1.0.0's list looks up the task with id '' and answers 404 whatever the table holds.
        // 3.0.3 answers an empty PUT body 406 with a text of its own (`No data provided for
        // update`): `NotAcceptable` is the closest answer, its status the same. 3.x names a
        // missing task.
        quirks: {
            list_fails_on: &[ModuleVersion::V1],
            unusable_put: [
                [PutAnswer::Crash, PutAnswer::Crash],
                [PutAnswer::ErrorPage, PutAnswer::ErrorPage],
                [PutAnswer::NotAcceptable, PutAnswer::NotAcceptable],
            ],
            missing_update_not_found_on_v3: true,
        },
        example: { name: "Write the launch notes", startdate: "2019-07-30", duedate: "2019-08-30", priority: "2" },
        /// A task. A get also carries `assignees`, `followers`, `comments`, ... (in `extra`).
        row Task {
            id, name, description, priority, dateadded, startdate, duedate, datefinished,
            addedfrom, is_added_from_contact, status, recurring_type, repeat_every, recurring,
            is_recurring_from, cycles, total_cycles, custom_recurring, last_recurring_date,
            rel_id, rel_type, is_public, billable, billed, invoice_id, hourly_rate, milestone,
            kanban_order, milestone_order, visible_to_client, deadline_notified,
        }
        /// The fields of `createTask` and `updateTask`.
        input TaskInput {
            required {
                /// Task Name.
                name: Text as String,
                /// Task Start Date.
                startdate: Date as DateInput,
            }
            optional {
                /// Task Due Date.
                duedate: Date as Option<DateInput>,
                /// Task description.
                description: Text as Option<String>,
                /// Priority.
                priority: Text as Option<String>,
                /// Repeat every.
                repeat_every: Text as Option<String>,
                /// What the task belongs to (`project`, `customer`, `lead`, ...).
                rel_type: Text as Option<String>,
                /// The id of the row it belongs to.
                rel_id: Text as Option<String>,
                /// Publicly available task (1.0.0 always stores it set).
                is_public: Flag as Option<bool>,
                /// Billable (always stored set).
                billable: Flag as Option<bool>,
                /// Hourly rate.
                hourly_rate: Text as Option<String>,
                /// Milestone id.
                milestone: Text as Option<String>,
                /// Task tags.
                tags: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Staff members (the CRM's `staff` table, keyed by `staffid`).
    Staffs {
        segment: "staffs",
        plural: "Staffs",
        id: "staffid",
        since: V1,
        parent: None,
        nouns: ["Staff", "Staff", "Staff"],
        messages: [],
        rules: [
            firstname "First Name" required since V1,
            email "Email" required since V1,
            password "Password" required since V1,
        ],
        summaries: ["List all staff members", "Request staff information", "Search Staff Information",
            "Add New Staff", "Update a Staff", "Delete a Staff"],
        shown: [firstname, lastname, email, active],
        refers: [],
        // 3.x pages the staff list only when asked; 2.x and 3.x check the PUT body. Every
        // version answers success to an update or delete of an unknown id
        // (wire/MODULE-SOURCE.md, staffs).
        quirks: {
            list_paging: ListPaging::WhenAsked,
            writes_ignore_missing_on: &ModuleVersion::ALL,
            unusable_put: [
                [PutAnswer::Crash, PutAnswer::Crash],
                [PutAnswer::NotAcceptable, PutAnswer::NotAcceptable],
                [PutAnswer::NotAcceptable, PutAnswer::NotAcceptable],
            ],
        },
        example: { firstname: "Grace", email: "grace@example.com", password: "Secret-123" },
        /// A staff member. The server also sends the secrets `password`, `new_pass_key`,
        /// `two_factor_auth_code` and `google_auth_secret`, which the decoders of both clients
        /// drop (`SECRET_COLUMNS`): no row handed on carries them.
        row Staff {
            staffid, email, firstname, lastname, facebook, linkedin, phonenumber, skype,
            datecreated, profile_image, last_ip, last_login, last_activity, last_password_change,
            new_pass_key_requested, admin, role, active, default_language, direction,
            media_path_slug, is_not_staff, hourly_rate, two_factor_auth_enabled,
            two_factor_auth_code_requested, email_signature,
        }
        /// The fields of `createStaff` and `updateStaff`.
        input StaffInput {
            required {
                /// First name (the server sets `lastname` to `''` on create and update).
                firstname: Text as String,
                /// E-mail address (a duplicate ends the request: `Email already exists`).
                email: Text as String,
                /// Password.
                password: Text as String,
            }
            optional {
                /// Hourly rate.
                hourly_rate: Text as Option<String>,
                /// Phone.
                phonenumber: Text as Option<String>,
                /// Facebook.
                facebook: Text as Option<String>,
                /// LinkedIn.
                linkedin: Text as Option<String>,
                /// Skype.
                skype: Text as Option<String>,
                /// Default language.
                default_language: Text as Option<String>,
                /// E-mail signature.
                email_signature: Text as Option<String>,
                /// Text direction (`ltr`, `rtl`).
                direction: Text as Option<String>,
                /// Send the welcome e-mail (the server always sends it).
                send_welcome_email: Flag as Option<bool>,
                /// Departments (ids).
                departments: NumberList as Option<Vec<u64>>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Invoices (the CRM's `invoices` table with its lines in `itemable`; 2.0 and 3.x).
    Invoices {
        segment: "invoices",
        plural: "Invoices",
        id: "id",
        since: V2,
        parent: None,
        nouns: ["Invoice", "Invoice", "Invoice"],
        messages: [
            Added "Invoice Added Successfully",
            AddFailed "Invoice Add Fail",
            Updated "Invoice Updated Successfully",
            UpdateFailed "Invoice Update Fail",
            Deleted "Invoice Deleted Successfully",
            DeleteFailed "Invoice Delete Fail",
            NotFound "Invoice ID Doesn't Not Exist.",
        ],
        // An update is checked as a whole document again (409 on failure), with the kept
        // `items` where a create has `newitems`, and without the customer.
        rules: [
            clientid "Customer" required since V2,
            number "Invoice number" required since V2 always,
            date "Invoice date" required since V2 always,
            currency "Currency" required since V2 always,
            newitems "Items" required since V2,
            items "Items" required since V2 on_update,
            allowed_payment_modes "Allow Payment Mode" required since V2 always,
            billing_street "Billing Street" required since V2 always,
            subtotal "Sub Total" required since V2 always,
            total "Total" required since V2 always,
        ],
        summaries: ["List all invoices", "Request invoice information", "Search Invoice Information",
            "Add New Invoice", "Update an Invoice", "Delete an Invoice"],
        shown: [number, date, total, status, clientid],
        refers: [clientid Customers],
        // 2.0.8 sorts the answer of a get as if it were a list: PHP fails, 500 with no body.
        // An unknown id fails the update with 409 on every version.
        quirks: {
            get_crashes_on: &[ModuleVersion::V2],
            missing_update_conflict: true,
            unusable_put: Quirks::CHECKED_PUT,
            unique_in_year: Quirks::NUMBER_IN_YEAR,
            deletes_newest_only: true,
        },
        example: {
            clientid: 1, number: "1001", date: "2026-01-05", duedate: "2026-02-04", currency: 1,
            newitems: [{"description": "Design work", "qty": "2", "rate": "50", "taxname": ["VAT|19.00"]}],
            allowed_payment_modes: [1], billing_street: "1 Main Street",
        },
        /// An invoice, with its currency's `symbol` and `currency_name`. A get also carries
        /// its lines in `items` (each line's `id` is the `itemid` an update keeps it by),
        /// `client`, `payments`, `attachments`, ... (in `extra`).
        row Invoice {
            id, sent, datesend, clientid, deleted_customer_name, number, prefix, number_format,
            datecreated, date, duedate, currency, subtotal, total_tax, total, adjustment,
            addedfrom, hash, status, clientnote, adminnote, last_overdue_reminder,
            cancel_overdue_reminders, allowed_payment_modes, token, discount_percent,
            discount_total, discount_type, recurring, recurring_type, custom_recurring, cycles,
            total_cycles, is_recurring_from, last_recurring_date, terms, sale_agent,
            billing_street, billing_city, billing_state, billing_zip, billing_country,
            shipping_street, shipping_city, shipping_state, shipping_zip, shipping_country,
            include_shipping, show_shipping_on_invoice, show_quantity_as, project_id,
            subscription_id, short_link, currencyid, currency_name, symbol,
        }
        /// The fields of `createInvoice` and `updateInvoice`. An update sends the whole
        /// invoice again (every version checks it): its kept lines in `items`, new ones in
        /// `newitems`, the ids of dropped ones in `removed_items`. `subtotal` and `total` are
        /// computed from the lines when left out.
        input InvoiceInput {
            required {
                /// Customer (id).
                clientid: Number as NumberInput,
                /// Invoice number (digits on a real CRM, unique in the invoice date's year).
                number: Text as String,
                /// Invoice date.
                date: Date as DateInput,
                /// Currency (id).
                currency: Number as NumberInput,
                /// The lines to add.
                newitems: NewLines as Vec<LineItem>,
                /// Allowed payment modes (ids).
                allowed_payment_modes: NumberList as Vec<u64>,
                /// Billing street.
                billing_street: Text as String,
            }
            optional {
                /// Update only: the lines the invoice keeps, each with its `itemid`.
                items: Lines as Option<Vec<LineItem>>,
                /// Update only: the ids of the lines to remove.
                removed_items: NumberList as Option<Vec<u64>>,
                /// Sub total (computed from the lines when left out).
                subtotal: Text as Option<String>,
                /// Total (computed from the lines, taxes, discount and adjustment when left out).
                total: Text as Option<String>,
                /// Due date.
                duedate: Date as Option<DateInput>,
                /// Discount, a percent of the subtotal.
                discount_percent: Text as Option<String>,
                /// Discount, an amount (computed from `discount_percent` when left out).
                discount_total: Text as Option<String>,
                /// `before_tax` or `after_tax`.
                discount_type: Text as Option<String>,
                /// Adjustment, added to the total.
                adjustment: Text as Option<String>,
                /// Note to the customer.
                clientnote: Text as Option<String>,
                /// Admin note.
                adminnote: Text as Option<String>,
                /// Terms and conditions.
                terms: Text as Option<String>,
                /// Sale agent (staff id).
                sale_agent: Number as Option<NumberInput>,
                /// Billing city.
                billing_city: Text as Option<String>,
                /// Billing state.
                billing_state: Text as Option<String>,
                /// Billing zip.
                billing_zip: Text as Option<String>,
                /// Billing country (id).
                billing_country: Number as Option<NumberInput>,
                /// Shipping street.
                shipping_street: Text as Option<String>,
                /// Shipping city.
                shipping_city: Text as Option<String>,
                /// Shipping state.
                shipping_state: Text as Option<String>,
                /// Shipping zip.
                shipping_zip: Text as Option<String>,
                /// Shipping country (id).
                shipping_country: Number as Option<NumberInput>,
                /// Project (id).
                project_id: Number as Option<NumberInput>,
                /// Save as a draft (status 6).
                save_as_draft: Flag as Option<bool>,
                /// Tags.
                tags: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Estimates (the CRM's `estimates` table with its lines in `itemable`; 2.0 and 3.x).
    Estimates {
        segment: "estimates",
        plural: "Estimates",
        id: "id",
        since: V2,
        parent: None,
        nouns: ["Estimate", "Estimate", "Estimate"],
        messages: [
            Added "Estimate Added Successfully",
            AddFailed "Estimate Add Fail",
            Updated "Estimate Updated Successfully",
            UpdateFailed "Estimate Update Fail",
            Deleted "Estimate Deleted Successfully",
            DeleteFailed "Estimate Delete Fail",
            NotFound "Estimate ID Doesn't Not Exist.",
        ],
        // As invoices', but the customer and status are checked on update too.
        rules: [
            clientid "Customer" required since V2 always,
            currency "Currency" required since V2 always,
            status "Status" required since V2 always,
            date "Estimate date" required since V2 always,
            newitems "Items" required since V2,
            items "Items" required since V2 on_update,
            subtotal "Sub Total" required since V2 always,
            total "Total" required since V2 always,
            billing_street "Street" required since V2 always,
            number "Estimate Number" required since V2 always,
        ],
        summaries: ["List all estimates", "Request estimate information", "Search Estimate Information",
            "Add New Estimate", "Update an Estimate", "Delete an Estimate"],
        shown: [number, date, total, status, clientid],
        refers: [clientid Customers],
        // An unknown id fails the update with 409 on every version.
        quirks: {
            missing_update_conflict: true,
            unusable_put: Quirks::CHECKED_PUT,
            unique_in_year: Quirks::NUMBER_IN_YEAR,
            deletes_newest_only: true,
        },
        example: {
            clientid: 1, number: "2001", date: "2026-01-05", expirydate: "2026-02-04", currency: 1, status: 1,
            newitems: [{"description": "Audit", "qty": "1", "rate": "400"}],
            billing_street: "1 Main Street",
        },
        /// An estimate, with its currency's `symbol` and `currency_name`. A get also carries
        /// its lines in `items`, `client`, `attachments`, ... (in `extra`).
        row Estimate {
            id, sent, datesend, clientid, deleted_customer_name, project_id, number, prefix,
            number_format, hash, datecreated, date, expirydate, currency, subtotal, total_tax,
            total, adjustment, addedfrom, status, clientnote, adminnote, discount_percent,
            discount_total, discount_type, invoiceid, invoiced_date, terms, reference_no,
            sale_agent, billing_street, billing_city, billing_state, billing_zip,
            billing_country, shipping_street, shipping_city, shipping_state, shipping_zip,
            shipping_country, include_shipping, show_shipping_on_estimate, show_quantity_as,
            pipeline_order, is_expiry_notified, acceptance_firstname, acceptance_lastname,
            acceptance_email, acceptance_date, acceptance_ip, signature, short_link,
            currencyid, currency_name, symbol,
        }
        /// The fields of `createEstimate` and `updateEstimate`: as an invoice's, the whole
        /// estimate on update (`items`, `newitems`, `removed_items`), totals computed when
        /// left out.
        input EstimateInput {
            required {
                /// Customer (id).
                clientid: Number as NumberInput,
                /// Estimate number (digits: the server checks them, unique in the year).
                number: Text as String,
                /// Estimate date.
                date: Date as DateInput,
                /// Currency (id).
                currency: Number as NumberInput,
                /// Status: 1 draft, 2 sent, 3 declined, 4 accepted, 5 expired.
                status: Number as NumberInput,
                /// The lines to add.
                newitems: NewLines as Vec<LineItem>,
                /// Street.
                billing_street: Text as String,
            }
            optional {
                /// Update only: the lines the estimate keeps, each with its `itemid`.
                items: Lines as Option<Vec<LineItem>>,
                /// Update only: the ids of the lines to remove.
                removed_items: NumberList as Option<Vec<u64>>,
                /// Sub total (computed from the lines when left out).
                subtotal: Text as Option<String>,
                /// Total (computed from the lines, taxes, discount and adjustment when left out).
                total: Text as Option<String>,
                /// Project (id).
                project_id: Number as Option<NumberInput>,
                /// Expiry date (the server's default: the date plus the CRM's estimate days).
                expirydate: Date as Option<DateInput>,
                /// Discount, a percent of the subtotal.
                discount_percent: Text as Option<String>,
                /// Discount, an amount (computed from `discount_percent` when left out).
                discount_total: Text as Option<String>,
                /// `before_tax` or `after_tax`.
                discount_type: Text as Option<String>,
                /// Adjustment, added to the total.
                adjustment: Text as Option<String>,
                /// Reference.
                reference_no: Text as Option<String>,
                /// Note to the customer.
                clientnote: Text as Option<String>,
                /// Admin note.
                adminnote: Text as Option<String>,
                /// Terms and conditions.
                terms: Text as Option<String>,
                /// Sale agent (staff id).
                sale_agent: Number as Option<NumberInput>,
                /// Billing city.
                billing_city: Text as Option<String>,
                /// Billing state.
                billing_state: Text as Option<String>,
                /// Billing zip.
                billing_zip: Text as Option<String>,
                /// Billing country (id).
                billing_country: Number as Option<NumberInput>,
                /// Shipping street.
                shipping_street: Text as Option<String>,
                /// Shipping city.
                shipping_city: Text as Option<String>,
                /// Shipping state.
                shipping_state: Text as Option<String>,
                /// Shipping zip.
                shipping_zip: Text as Option<String>,
                /// Shipping country (id).
                shipping_country: Number as Option<NumberInput>,
                /// Tags.
                tags: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }

    /// Payments of invoices (the CRM's `invoicepaymentrecords`, keyed by `paymentid`; 2.x,
    /// 3.x: 1.0.0 has no `api/payments`). Read and added only: no version updates or deletes
    /// a payment (405 `Unknown method`), so the client refuses both when told the version.
    Payments {
        segment: "payments",
        plural: "Payments",
        id: "paymentid",
        since: V2,
        parent: None,
        nouns: ["Payment", "Payment", "Payment"],
        messages: [],
        // The controller's labels, as it writes them (copied from the leads controller).
        rules: [
            invoiceid "Payment Name" required since V2,
            amount "Source" required since V2,
            paymentmode "Status" required since V2,
        ],
        summaries: ["List all payments", "Request payment information", "Search Payment Information",
            "Add New Payment", "Update a Payment (no version has it)", "Delete a Payment (no version has it)"],
        shown: [paymentmode, amount, invoiceid, date],
        refers: [],
        // Neither controller has an update or a delete. 3.x pages the list only when asked.
        // Searches answer bare table rows (the payment's id in `id`, no `paymentid`); failures
        // say `paymentmode: false`; 2.0.8's create answers nothing.
        quirks: {
            list_paging: ListPaging::WhenAsked,
            lacks: &[
                Lack { version: ModuleVersion::V2, operation: Operation::Update, why: PAYMENTS_NO_UPDATE },
                Lack { version: ModuleVersion::V2, operation: Operation::Delete, why: PAYMENTS_NO_DELETE },
                Lack { version: ModuleVersion::V3, operation: Operation::Update, why: PAYMENTS_NO_UPDATE },
                Lack { version: ModuleVersion::V3, operation: Operation::Delete, why: PAYMENTS_NO_DELETE },
            ],
            id_alias: Some("id"),
            failure_member: "paymentmode",
            create_empty_on: &[ModuleVersion::V2],
        },
        example: { invoiceid: "1", amount: "100.00", paymentmode: "1" },
        /// A payment of an invoice, keyed by `paymentid`. Lists and gets also carry `id`
        /// (in `extra`): on 2.0.8 the payment's id again, on 3.0.3 **the id of the payment
        /// mode** joined into the row (with its `name`, `description`, `active`, ...; `null`
        /// for a gateway payment). Searches answer bare payment rows, whose `id` is the
        /// payment's and which have no `paymentid`: the decoders fill `paymentid` from it
        /// (the quirk `id_alias`), so every row has its payment's id in `paymentid`.
        row Payment {
            paymentid, invoiceid, amount, paymentmode, paymentmethod, date, daterecorded, note,
            transactionid,
        }
        /// The fields of `createPayment` (no version updates a payment). The server sets
        /// `date` and `daterecorded` to the time of the call.
        input PaymentInput {
            required {
                /// The invoice paid (its id; labelled `Payment Name` in the server's messages).
                invoiceid: Text as String,
                /// The amount (labelled `Source`).
                amount: Text as String,
                /// The payment mode: its id, or a gateway's name such as `paypal` (labelled
                /// `Status`).
                paymentmode: Text as String,
            }
            optional {
                /// Payment method.
                paymentmethod: Text as Option<String>,
                /// Note.
                note: Text as Option<String>,
                /// Transaction id.
                transactionid: Text as Option<String>,
            }
        }
    }

    /// Invoice items (the CRM's `items`, keyed by `itemid`; 2.x, 3.x: 1.0.0 has no
    /// `api/items`). 2.0.8 reads them only (no create, update or delete: 405 `Unknown
    /// method`); 3.0.3 has all six operations.
    Items {
        segment: "items",
        plural: "Items",
        id: "itemid",
        since: V2,
        parent: None,
        nouns: ["Item", "Item", "Item"],
        // 3.0.3's controller words; a missing row's delete answers `Item not found`.
        messages: [
            Added "Item created successfully",
            AddFailed "Item creation failed",
            Updated "Item updated successfully",
            Deleted "Item deleted successfully",
            DeleteFailed "Item not found",
        ],
        rules: [
            description "Description" required since V3,
            rate "Rate" required since V3,
        ],
        summaries: ["List all items", "Request item information", "Search Item Information",
            "Add New Item", "Update an Item", "Delete an Item"],
        shown: [description, rate, unit, group_name],
        refers: [],
        // 2.0.8 has no writes. 3.x pages lists and searches; searches answer rows of another
        // shape (`{rate, id, name, subtext}`, the id in `id`); 3.x answers an unusable PUT
        // body 406 and names a missing item.
        quirks: {
            search_paged: true,
            lacks: &[
                Lack { version: ModuleVersion::V2, operation: Operation::Create, why: ITEMS_READ_ONLY },
                Lack { version: ModuleVersion::V2, operation: Operation::Update, why: ITEMS_READ_ONLY },
                Lack { version: ModuleVersion::V2, operation: Operation::Delete, why: ITEMS_READ_ONLY },
            ],
            id_alias: Some("id"),
            unusable_put: [
                [PutAnswer::Crash, PutAnswer::Crash],
                [PutAnswer::ErrorPage, PutAnswer::ErrorPage],
                [PutAnswer::NotAcceptable, PutAnswer::NotAcceptable],
            ],
            missing_update_not_found_on_v3: true,
        },
        example: { description: "Consulting hour", rate: "100.00", unit: "hour" },
        /// An invoice item, keyed by `itemid`, with its taxes' and group's columns. A search
        /// answers rows of another shape, `{rate, id, name, subtext}`: `name` is
        /// `(<formatted rate>) <description>`, `subtext` the start of `long_description`
        /// without tags, and the id is in `id`, from which the decoders fill `itemid` (the
        /// quirk `id_alias`); the other columns are then absent (`None`).
        row Item {
            itemid, rate, taxrate, taxid, taxname, taxrate_2, taxid_2, taxname_2, description,
            long_description, group_id, group_name, unit, name, subtext,
        }
        /// The fields of `createItem` and `updateItem` (3.0.3; 2.0.8 has no writes).
        input ItemInput {
            required {}
            optional {
                /// Description (mandatory on create).
                description: Text as Option<String>,
                /// Rate, a number (mandatory on create).
                rate: Text as Option<String>,
                /// Long description.
                long_description: Text as Option<String>,
                /// Tax (id).
                tax: Text as Option<String>,
                /// Second tax (id).
                tax2: Text as Option<String>,
                /// Item group (id).
                group_id: Text as Option<String>,
                /// Unit.
                unit: Text as Option<String>,
                /// Custom fields: `{ fieldto: { field_id: value } }`.
                custom_fields: CustomFields as Option<CustomFieldValues>,
            }
        }
    }
}

/// Why payments have no update: neither 2.0.8's controller nor 3.0.3's has one.
const PAYMENTS_NO_UPDATE: &str = "its payments controller has no update (405 Unknown method)";
/// Why payments have no delete.
const PAYMENTS_NO_DELETE: &str = "its payments controller has no delete (405 Unknown method)";
/// Why 2.0.8 has no item writes.
const ITEMS_READ_ONLY: &str = "its items controller only reads (405 Unknown method)";

/// Hands the rows above to `resources!`: as they are, or with the synthetic resource's row
/// after them under the `synthetic-resource` feature (see `Cargo.toml`).
#[cfg(not(feature = "synthetic-resource"))]
macro_rules! with_synthetic_resource {
    ($($rows:tt)*) => {
        resources! { $($rows)* }
    };
}

/// Hands the rows above to `resources!` with one more: a resource no server has, so that the
/// test of the feature proves every place derived from the declaration follows a new row.
#[cfg(feature = "synthetic-resource")]
macro_rules! with_synthetic_resource {
    ($($rows:tt)*) => {
        resources! {
            $($rows)*

            /// A resource of no real server (the `synthetic-resource` feature): each place
            /// derived from the declaration serves, documents and types it with no other edit.
            Synthetics {
                segment: "synthetics",
                plural: "Synthetics",
                id: "id",
                since: V1,
                parent: None,
                nouns: ["Synthetic", "Synthetic", "Synthetic"],
                messages: [],
                rules: [
                    title "Synthetic Title" required since V1,
                    clientid "Customer" required since V1,
                    due_date "Due Date" required since V1,
                    grade "Grade" required since V2,
                ],
                summaries: ["List all synthetics", "Request synthetic information",
                    "Search Synthetic Information", "Add New Synthetic", "Update a Synthetic",
                    "Delete a Synthetic"],
                shown: [title, clientid, due_date, grade],
                refers: [clientid Customers],
                // Quirks of its own, so that the places that follow them are seen to.
                quirks: { get_as_array: true, search_paged: true, unusable_put: Quirks::CHECKED_PUT },
                example: {
                    title: "Synthetic example", clientid: 1, due_date: "2019-07-30", grade: "1", done: true,
                    members: [1, 2],
                },
                /// A synthetic row.
                row Synthetic { id, title, clientid, due_date, grade, done, description, datecreated }
                /// The fields of `createSynthetic` and `updateSynthetic`.
                input SyntheticInput {
                    required {
                        /// Title.
                        title: Text as String,
                        /// Customer id.
                        clientid: Number as NumberInput,
                        /// Due date.
                        due_date: Date as DateInput,
                    }
                    optional {
                        /// Grade (mandatory on create on 2.x and 3.x).
                        grade: Text as Option<String>,
                        /// Done.
                        done: Flag as Option<bool>,
                        /// Members (staff ids).
                        members: NumberList as Option<Vec<u64>>,
                        /// Description.
                        description: Text as Option<String>,
                        /// Custom fields: `{ fieldto: { field_id: value } }`.
                        custom_fields: CustomFields as Option<CustomFieldValues>,
                    }
                    files {
                        /// Attachments, sent as `file[]` parts (create only).
                    }
                }
            }
        }
    };
}

// Named by path, so that the rows above may come before the definitions.
use with_synthetic_resource as declaration;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_agree_with_their_models() {
        for (i, info) in RESOURCES.iter().enumerate() {
            assert_eq!(info.resource as usize, i);
            assert_eq!(info.resource.row_fields()[0], info.id_field, "{}", info.segment);
            // The id's alias is a column the model does not name (it lands in `extra`).
            if let Some(alias) = info.quirks.id_alias {
                assert!(
                    !info.resource.row_fields().contains(&alias),
                    "{}.{alias}",
                    info.segment
                );
            }
            // A secret is never handed on: no model names one (the decoders drop them).
            for secret in crate::strings::SECRET_COLUMNS {
                assert!(
                    !info.resource.row_fields().contains(secret),
                    "{}.{secret}",
                    info.segment
                );
            }
            for column in info.shown {
                assert!(
                    info.resource.row_fields().contains(column),
                    "{}.{column}",
                    info.segment
                );
            }
            // A rule names an input field; a field mandatory on every version is one whose
            // rule says so (the typed input makes it a non-optional member).
            let fields = info.resource.input_fields();
            for rule in info.resource.rules() {
                assert!(fields.iter().any(|f| f.name == rule.field), "{}", rule.field);
            }
            // A reference names an input field, and another resource.
            for (field, referred) in info.resource.references() {
                assert!(
                    fields.iter().any(|f| f.name == *field),
                    "{}.{field}",
                    info.segment
                );
                assert_ne!(*referred, info.resource, "{}.{field}", info.segment);
            }
            // Amounts the client computes are optional in the input though the server wants them.
            for field in fields {
                let rule = info.resource.rules().iter().find(|r| r.field == field.name);
                let always = rule
                    .is_some_and(|r| r.checked.on_create() && r.required_since == Some(info.since))
                    && !crate::lines::is_computed(info.resource, field.name);
                assert_eq!(field.required, always, "{}.{}", info.segment, field.name);
            }
        }
    }

    /// Every example is a create each version serving the resource takes: its fields are
    /// input fields, once each and of their kinds, the mandatory ones of every version among
    /// them; it sets the title field, a text; and it gives every date field (the example of
    /// the field in the spec and the demo).
    #[test]
    fn examples_are_creates_every_version_takes() {
        for resource in Resource::ALL {
            let what = resource.segment();
            let example = resource.example_input();
            assert_eq!(
                example.len(),
                resource.example().len(),
                "{what}: a field given twice"
            );
            let record = resource.example_record();
            record
                .validate(Operation::Create)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            for version in ModuleVersion::ALL.into_iter().filter(|v| resource.exists_on(*v)) {
                let sent = resource
                    .required_on(version)
                    .filter(|r| !crate::lines::is_computed(resource, r.field));
                for rule in sent {
                    assert!(
                        example.contains_key(rule.field),
                        "{what} on {}: {}",
                        version.name(),
                        rule.field
                    );
                }
            }
            let title = resource.title_field();
            let kind = resource
                .input_fields()
                .iter()
                .find(|f| f.name == title)
                .map(|f| f.kind);
            assert_eq!(kind, Some(FieldKind::Text), "{what}: the title field {title}");
            assert!(example[title].is_string(), "{what}: the example sets {title}");
            // A child's example names its parent row, which its list and get take.
            let parent = resource.example_parent_id();
            assert_eq!(
                parent.is_some(),
                resource.info().parent.is_some(),
                "{what}: the parent's id"
            );
            for field in resource
                .input_fields()
                .iter()
                .filter(|f| f.kind == FieldKind::Date)
            {
                assert!(
                    example.contains_key(field.name),
                    "{what}: no example of {}",
                    field.name
                );
            }
        }
    }

    /// `cargo xtask test "synthetic resource"` says how many resources its declaration has
    /// (one more than without the feature): its checks do not run without the resource.
    #[test]
    fn the_declaration_has_the_resources_the_run_expects() {
        if let Ok(expected) = std::env::var("PMP_RESOURCE_COUNT") {
            assert_eq!(Resource::COUNT.to_string(), expected, "PMP_RESOURCE_COUNT");
        }
    }

    #[test]
    fn versions_and_labels() {
        let leads: Vec<_> = Resource::Leads
            .required_on(ModuleVersion::V2)
            .map(|r| r.field)
            .collect();
        assert_eq!(leads, ["name", "source", "status", "assigned"]);
        assert_eq!(Resource::Leads.required_on(ModuleVersion::V1).count(), 3);
        assert_eq!(Resource::Projects.label("deadline"), "Deadline");
        assert_eq!(Resource::Leads.label("default_language"), "Default language");
        assert_eq!(Resource::Customers.label("company"), "Company");
        for v in ModuleVersion::ALL {
            assert_eq!(ModuleVersion::parse(v.name()), Some(v));
            assert_eq!(ModuleVersion::parse(v.version()), Some(v));
        }
        assert_eq!(ModuleVersion::parse("4.0"), None);
    }
}
