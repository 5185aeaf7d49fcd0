//! The endpoints beyond the six of a resource (`catalogue.rs`), each declared once in the
//! table at the end of this file: the common lookups (`api/common/{type}`) and the custom
//! field definitions (`api/custom_fields/{fieldto}[/{id}]`), which 2.0.8 and 3.0.3 serve and
//! 1.0.0 does not (wire/MODULE-SOURCE.md, sections "common" and "custom_fields"), and 3.0.3's
//! `POST api/invoices/{id}/send`, which emails an invoice to its customer (section "invoices").
//!
//! A row of `extras!` holds everything about one endpoint: its operation id, method, path,
//! the resource it belongs to (`owner`: none for the lookups; `api/invoices/{id}/send` names
//! its resource there), the first version that serves it, what it takes, the model of its
//! rows or answer, how a server answers "nothing", whether a failed attempt may be repeated
//! (`retried`), the permission features each version checks, and its summary. The [`Extra`] enum, [`Extra::ALL`] and [`EXTRAS`]
//! are generated from it, and `for_each_extra!` hands the rows to pmp-client's methods; the
//! spec, the sandbox, the npm package and the demo read [`EXTRAS`].
//!
//! [`Endpoint::of`](crate::Endpoint::of) and [`CATALOGUE`](crate::CATALOGUE) stay the six
//! endpoints of each resource; these are requested with [`build_extra_request`] and decoded
//! with [`decode_extra_rows`] (rows) or [`decode_extra_answer`] (one answer object).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalogue::{Auth, Method, OutputKind};
use crate::error::{decimal, text, ErrorKind, PmpError};
use crate::model::WireValue;
use crate::request::FormField;
use crate::request::{encode_keyword, Body, ClientConfig, HttpRequest};
use crate::resources::{ModuleVersion, Resource};
use crate::response::HttpResponse;
use crate::retry::Repeat;

/// What an endpoint beyond the six takes besides the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraInput {
    /// Nothing.
    None,
    /// A row id of its owner resource (`{id}` in the path).
    Id,
    /// A [`CustomFieldTarget`] (`{fieldto}`) and optionally a row id (`/{id}` appended): the
    /// values stored for that row.
    FieldTo,
    /// A row id of its owner resource (`{id}` in the path) and optionally the text of a form
    /// field `cc` ([`ExtraArgs::IdAndCc`]: `sendInvoice`'s extra recipients, comma-separated
    /// emails); without it, no body is sent.
    IdAndCc,
}

impl ExtraInput {
    /// The names of the arguments, as the JavaScript methods take them.
    pub const fn argument_names(self) -> &'static [&'static str] {
        match self {
            ExtraInput::None => &[],
            ExtraInput::Id => &["id"],
            ExtraInput::FieldTo => &["fieldto", "id"],
            // `sendInvoice(id, { cc })`: the object is the input (`SendInvoiceInput`).
            ExtraInput::IdAndCc => &["id", "input"],
        }
    }
}

/// How a server answers an endpoint that has nothing to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyAnswer {
    /// 404 `{"status":false,"message":"No data were found"}` (the common lookups).
    NotFound,
    /// 200 `[]` (custom fields).
    EmptyArray,
    /// Not a list: an unknown row is `not_found` (`sendInvoice`'s 404 `Invoice not found`).
    NotAList,
}

/// The permission features a version checks for an endpoint (2.0.8 and 3.0.3 check tokens;
/// a token whose permissions are not enabled passes every check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    /// The feature 2.0.8 checks (`""` for an endpoint 2.0.8 does not serve).
    pub v2: &'static str,
    /// Whether 2.0.8 can grant it: it checks `common` for every common lookup, which is not in
    /// its list of grantable features, so a token with permissions enabled is refused there.
    pub v2_grantable: bool,
    /// The feature 3.0.3 checks.
    pub v3: &'static str,
    /// The capability 3.0.3 checks on that feature, where it is not the one the HTTP method
    /// names (`send` for `api/invoices/{id}/send`).
    pub v3_capability: Option<&'static str>,
}

/// One endpoint beyond the six of a resource (one row of the declaration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtraEndpoint {
    /// Which one.
    pub extra: Extra,
    /// Stable operation id: `listTaxes`, ...
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL: `api/common/tax_data`,
    /// `api/custom_fields/{fieldto}` (with [`ExtraInput::FieldTo`] an optional `/{id}` follows).
    pub path: &'static str,
    /// The resource it belongs to, if any.
    pub owner: Option<Resource>,
    /// The first module version that serves it.
    pub since: ModuleVersion,
    /// Headers that carry the token.
    pub auth: Auth,
    /// What the call takes.
    pub input: ExtraInput,
    /// What a success returns: [`OutputKind::Rows`] (decoded with [`decode_extra_rows`]) or
    /// [`OutputKind::Message`], one `{"status": true, ...}` object ([`decode_extra_answer`]).
    pub output: OutputKind,
    /// Name of the row or answer model (`Tax`, `InvoiceSent`, ...).
    pub output_type: &'static str,
    /// The wire columns the model names (the JavaScript client writes a number or boolean
    /// a server sent in one of them as text, as the model reads it).
    pub columns: &'static [&'static str],
    /// How a server answers nothing to list (both are read as no rows).
    pub empty: EmptyAnswer,
    /// Whether a failed attempt may be sent again: [`Repeat::Never`] for a call that does
    /// something a repeat would do twice (an email), whatever the retry policy says.
    pub retried: Repeat,
    /// The permission features each version checks.
    pub features: Features,
    /// Summary.
    pub summary: &'static str,
}

impl ExtraEndpoint {
    /// Whether servers of `version` serve it.
    pub fn served_on(&self, version: ModuleVersion) -> bool {
        version >= self.since
    }

    /// The versions that serve it, oldest first.
    pub fn versions(&self) -> impl Iterator<Item = ModuleVersion> + '_ {
        ModuleVersion::ALL.into_iter().filter(|v| self.served_on(*v))
    }

    /// The operation id of its form that names a row (`api/custom_fields/{fieldto}/{id}`:
    /// `listCustomFieldsOfRow`), for an [`ExtraInput::FieldTo`] endpoint: the OpenAPI
    /// document has one operation per path. The clients have one method for both.
    pub fn row_operation_id(&self) -> Option<String> {
        (self.input == ExtraInput::FieldTo).then(|| text(&[self.operation_id, "OfRow"]))
    }

    /// The endpoint with this operation id, if any.
    pub fn by_operation_id(id: &str) -> Option<&'static ExtraEndpoint> {
        EXTRAS.iter().find(|e| e.operation_id == id)
    }
}

macro_rules! owner {
    (None) => {
        None
    };
    ($res:ident) => {
        Some(Resource::$res)
    };
}

/// Exports `for_each_extra!`, which hands the rows of the declaration to a macro of another
/// crate (`$d` is a `$` passed in as a token).
macro_rules! export_for_each_extra {
    (($d:tt) $($rows:tt)*) => {
        /// Calls `callback! { ExpenseCategories: ExpenseCategory, listExpenseCategories, None; ... }`:
        /// one row per endpoint beyond the six, in [`Extra::ALL`] order (the endpoint, its row
        /// model, its operation id and its [`ExtraInput`]). pmp-client's methods are made from
        /// it.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_extra {
            ($d callback:ident) => {
                $d callback! { $($rows)* }
            };
        }
    };
}

macro_rules! extras {
    ($(
        $(#[doc = $doc:literal])*
        $Extra:ident {
            operation: $op:ident,
            method: $method:ident,
            path: $path:literal,
            owner: $owner:ident,
            since: $since:ident,
            input: $input:ident,
            output: $output:ident,
            model: $Model:ident,
            empty: $empty:ident,
            retried: $retried:ident,
            features: [$v2:literal $(($v2_grantable:ident))?, $v3:literal $(/ $cap:literal)?],
            summary: $summary:literal $(,)?
        }
    )*) => {
        /// An endpoint beyond the six of a resource.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Extra {
            $( $(#[doc = $doc])* $Extra, )*
        }

        impl Extra {
            /// Every one, in declaration order.
            pub const ALL: [Extra; Extra::COUNT] = [$(Extra::$Extra),*];
            /// How many there are.
            pub const COUNT: usize = [$(stringify!($Extra)),*].len();

            /// Its row of the declaration.
            pub const fn endpoint(self) -> &'static ExtraEndpoint {
                &EXTRAS[self as usize]
            }
        }

        /// Every endpoint beyond the six of a resource, in [`Extra::ALL`] order.
        pub static EXTRAS: [ExtraEndpoint; Extra::COUNT] = [$(
            ExtraEndpoint {
                extra: Extra::$Extra,
                operation_id: stringify!($op),
                method: Method::$method,
                path: $path,
                owner: owner!($owner),
                since: ModuleVersion::$since,
                auth: Auth::Token,
                input: ExtraInput::$input,
                output: OutputKind::$output,
                output_type: stringify!($Model),
                columns: $Model::FIELDS,
                empty: EmptyAnswer::$empty,
                retried: Repeat::$retried,
                features: Features {
                    v2: $v2,
                    v2_grantable: extras!(@grantable $($v2_grantable)?),
                    v3: $v3,
                    v3_capability: extras!(@capability $($cap)?),
                },
                summary: $summary,
            }
        ),*];

        export_for_each_extra! { ($) $( $Extra: $Model, $op, $input; )* }
    };
    (@grantable) => { true };
    (@grantable ungrantable) => { false };
    (@capability) => { None };
    (@capability $cap:literal) => { Some($cap) };
}

/// A model of a lookup's rows: every value as the wire has it (see `model.rs`), every field it
/// does not name kept in `extra`.
macro_rules! lookup_model {
    ($(#[doc = $doc:literal])* $Model:ident { $($field:ident),* $(,)? }) => {
        crate::model::row_model! { @struct $(#[doc = $doc])* $Model { $($field),* } }

        impl $Model {
            /// The columns the model names.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
}

lookup_model! {
    /// An expense category (`tblexpenses_categories`).
    ExpenseCategory { id, name, description }
}

lookup_model! {
    /// A payment mode: an active row of `tblpayment_modes` (`id` a number), or an active online
    /// gateway (`id` a name such as `paypal`, with an `instance` object kept in `extra`).
    PaymentMode { id, name, description, show_on_pdf, invoices_only, expenses_only, selected_by_default, active }
}

lookup_model! {
    /// A tax (`tbltaxes`).
    Tax { id, name, taxrate }
}

/// What custom fields belong to: the `{fieldto}` of `api/custom_fields/{fieldto}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub enum CustomFieldTarget {
    /// `company`
    Company,
    /// `leads`
    Leads,
    /// `customers`
    Customers,
    /// `contacts`
    Contacts,
    /// `staff`
    Staff,
    /// `contracts`
    Contracts,
    /// `tasks`
    Tasks,
    /// `expenses`
    Expenses,
    /// `invoice`
    Invoice,
    /// `items`
    Items,
    /// `credit_note`
    CreditNote,
    /// `estimate`
    Estimate,
    /// `contract`
    Contract,
    /// `proposal`
    Proposal,
    /// `projects`
    Projects,
    /// `tickets`
    Tickets,
}

impl CustomFieldTarget {
    /// Every target, in the module's order.
    pub const ALL: [CustomFieldTarget; 16] = [
        CustomFieldTarget::Company,
        CustomFieldTarget::Leads,
        CustomFieldTarget::Customers,
        CustomFieldTarget::Contacts,
        CustomFieldTarget::Staff,
        CustomFieldTarget::Contracts,
        CustomFieldTarget::Tasks,
        CustomFieldTarget::Expenses,
        CustomFieldTarget::Invoice,
        CustomFieldTarget::Items,
        CustomFieldTarget::CreditNote,
        CustomFieldTarget::Estimate,
        CustomFieldTarget::Contract,
        CustomFieldTarget::Proposal,
        CustomFieldTarget::Projects,
        CustomFieldTarget::Tickets,
    ];

    /// As the path has it: `customers`, `credit_note`, ...
    pub const fn as_str(self) -> &'static str {
        match self {
            CustomFieldTarget::Company => "company",
            CustomFieldTarget::Leads => "leads",
            CustomFieldTarget::Customers => "customers",
            CustomFieldTarget::Contacts => "contacts",
            CustomFieldTarget::Staff => "staff",
            CustomFieldTarget::Contracts => "contracts",
            CustomFieldTarget::Tasks => "tasks",
            CustomFieldTarget::Expenses => "expenses",
            CustomFieldTarget::Invoice => "invoice",
            CustomFieldTarget::Items => "items",
            CustomFieldTarget::CreditNote => "credit_note",
            CustomFieldTarget::Estimate => "estimate",
            CustomFieldTarget::Contract => "contract",
            CustomFieldTarget::Proposal => "proposal",
            CustomFieldTarget::Projects => "projects",
            CustomFieldTarget::Tickets => "tickets",
        }
    }

    /// The target a path segment names, if any (exactly as the module spells it).
    pub fn parse(text: &str) -> Option<CustomFieldTarget> {
        CustomFieldTarget::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// The same, or an `invalid_input` error listing the targets.
    pub fn parse_checked(text: &str) -> Result<CustomFieldTarget, PmpError> {
        CustomFieldTarget::parse(text).ok_or_else(|| {
            let names: Vec<&str> = CustomFieldTarget::ALL.iter().map(|t| t.as_str()).collect();
            PmpError::invalid_input(crate::error::text(&[
                "fieldto must be one of ",
                &names.join(", "),
                "; got `",
                &text.chars().take(40).collect::<String>(),
                "`",
            ]))
        })
    }
}

/// A custom field's value, decoded from the wire's `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub enum CustomFieldValue {
    /// A field without options: the stored text (`""` when nothing is stored or no row was
    /// named).
    Text(String),
    /// A field with options (select, multiselect, checkbox): the chosen options, `[]` when
    /// nothing is stored.
    Options(Vec<String>),
}

/// A custom field of a [`CustomFieldTarget`], with the value stored for the row named (if
/// one was).
///
/// The wire's `value` and `options` are kept as sent; a field with options carries both as
/// JSON text inside the JSON (`"options": "[\"a\",\"b\"]"`, `"value": "[\"a\"]"`, or
/// `"[\"\"]"` when nothing is stored), which the decoder reads into `decoded_options` and
/// `decoded_value`. The rule: each element is trimmed (the CRM joins a multiselect's values
/// with `, `, and the module splits them at `,`) and empty ones are dropped; a field whose
/// `options` or `value` is not a JSON array of strings is a `decode` error naming the field,
/// never read as something else.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CustomFieldWire")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct CustomField {
    /// `custom_fields[<fieldto>][<field id>]`: the input field that writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub field_name: WireValue,
    /// The field's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub custom_field_id: WireValue,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub label: WireValue,
    /// `"1"` when mandatory, else `"0"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub required: WireValue,
    /// Its kind: `input`, `textarea`, `select`, `multiselect`, `checkbox`, `date_picker`, ...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub field_type: WireValue,
    /// The stored value as sent (JSON text of an array for a field with options).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub value: WireValue,
    /// The options as sent (JSON text of an array); absent for a field without options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub options: WireValue,
    /// The options, decoded from `options`; absent for a field without options (not on the
    /// wire: the OpenAPI document leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub decoded_options: Option<Vec<String>>,
    /// The value, decoded from `value`: the chosen options for a field with options, else the
    /// text; absent when the wire's `value` is absent or `null` (not on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub decoded_value: Option<CustomFieldValue>,
    /// Fields this model does not name, kept as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, unknown>"))]
    pub extra: BTreeMap<String, Value>,
}

impl CustomField {
    /// The wire columns the model names.
    pub const FIELDS: &'static [&'static str] = &[
        "field_name",
        "custom_field_id",
        "label",
        "required",
        "type",
        "value",
        "options",
    ];
}

/// A custom field as the wire has it, before its JSON texts are decoded.
#[derive(Deserialize)]
struct CustomFieldWire {
    #[serde(default, deserialize_with = "crate::wire::present_value")]
    field_name: WireValue,
    #[serde(default, deserialize_with = "crate::wire::present_value")]
    custom_field_id: WireValue,
    #[serde(default, deserialize_with = "crate::wire::present_value")]
    label: WireValue,
    #[serde(default, deserialize_with = "crate::wire::present_value")]
    required: WireValue,
    #[serde(rename = "type", default, deserialize_with = "crate::wire::present_value")]
    field_type: WireValue,
    #[serde(default, deserialize_with = "crate::wire::present_value")]
    value: WireValue,
    #[serde(default, deserialize_with = "crate::wire::present_value")]
    options: WireValue,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

impl TryFrom<CustomFieldWire> for CustomField {
    type Error = String;

    fn try_from(wire: CustomFieldWire) -> Result<CustomField, String> {
        let id = wire.custom_field_id.clone().flatten().unwrap_or_default();
        let options = wire.options.clone().flatten();
        let value = wire.value.clone().flatten();
        let decoded_options = match &options {
            Some(options) => Some(decode_list_text(options).map_err(|why| bad(&id, "options", why))?),
            None => None,
        };
        let decoded_value = match (&options, value) {
            (Some(_), Some(value)) => Some(CustomFieldValue::Options(
                decode_list_text(&value).map_err(|why| bad(&id, "value", why))?,
            )),
            (None, Some(value)) => Some(CustomFieldValue::Text(value)),
            (_, None) => None,
        };
        let mut extra = wire.extra;
        // A model serialized by a client and read again: decoded anew from the wire's texts.
        extra.remove("decoded_options");
        extra.remove("decoded_value");
        Ok(CustomField {
            field_name: wire.field_name,
            custom_field_id: wire.custom_field_id,
            label: wire.label,
            required: wire.required,
            field_type: wire.field_type,
            value: wire.value,
            options: wire.options,
            decoded_options,
            decoded_value,
            extra,
        })
    }
}

fn bad(id: &str, what: &str, why: String) -> String {
    text(&["custom field `", id, "`: its `", what, "` ", &why])
}

/// A JSON text of an array of strings (the module's `json_encode(explode(',', ...))`), each
/// trimmed, empty ones dropped. The error does not quote the text (nor does the JavaScript
/// client's): the field's id and which of its members say where.
fn decode_list_text(text_value: &str) -> Result<Vec<String>, String> {
    match serde_json::from_str::<Vec<String>>(text_value) {
        Ok(items) => Ok(items
            .into_iter()
            .map(|item| item.trim().to_owned())
            .filter(|item| !item.is_empty())
            .collect()),
        Err(_) => Err("is not the JSON text of an array of strings".to_owned()),
    }
}

/// The answer of 3.0.3's `POST api/invoices/{id}/send`: `{"status": true, "invoice_id":
/// "7", "invoice_number": "INV-000007", "sent": true, "datesend": "2026-12-07 15:00:00",
/// "message": "Invoice sent to the customer."}`. Values as the server sends them; fields it
/// does not name kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct InvoiceSent {
    /// `true` on success (a failure is an error, never this model).
    pub status: bool,
    /// The invoice's id, as sent (text: `"7"`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::wire::present_value"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub invoice_id: WireValue,
    /// Its number as the CRM formats it (`INV-000007`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::wire::present_value"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub invoice_number: WireValue,
    /// `true`: the email went out (the invoice's `sent` column is now `1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub sent: Option<bool>,
    /// When it was sent (`Y-m-d H:i:s`, the server's time; the invoice's `datesend`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::wire::present_value"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub datesend: WireValue,
    /// The server's message (`Invoice sent to the customer.`).
    #[serde(default, deserialize_with = "crate::wire::lenient_string")]
    pub message: Option<String>,
    /// Fields this model does not name, kept as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, unknown>"))]
    pub extra: BTreeMap<String, Value>,
}

impl InvoiceSent {
    /// The text columns the model names (a number a server sent in one is read as its text).
    pub const FIELDS: &'static [&'static str] = &["invoice_id", "invoice_number", "datesend"];
}

/// What `sendInvoice` takes besides the invoice's id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct SendInvoiceInput {
    /// More recipients: email addresses separated by commas, sent as the form field `cc`
    /// (left out: no body is sent, and the email goes to the customer's contacts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
    pub cc: Option<String>,
}

/// The arguments of a call of an endpoint beyond the six.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraArgs<'a> {
    /// Nothing ([`ExtraInput::None`]).
    None,
    /// A row id ([`ExtraInput::Id`]).
    Id(u64),
    /// A target and optionally a row id ([`ExtraInput::FieldTo`]).
    FieldTo(CustomFieldTarget, Option<u64>),
    /// A row id and optionally the `cc` field's text ([`ExtraInput::IdAndCc`]).
    IdAndCc(u64, Option<&'a str>),
}

/// Refuses a call that module `version` does not serve, naming the version.
fn check_extra_served(endpoint: &ExtraEndpoint, version: ModuleVersion) -> Result<(), PmpError> {
    if endpoint.served_on(version) {
        return Ok(());
    }
    // A resource's own endpoint is named whole (the version may have the resource); the
    // others by the prefix the version lacks.
    let base = match endpoint.owner {
        Some(_) => endpoint.path,
        None => endpoint
            .path
            .find('{')
            .map_or(endpoint.path, |open| endpoint.path[..open].trim_end_matches('/')),
    };
    Err(crate::request::not_served(
        endpoint.operation_id,
        version,
        &crate::request::lacks_path(base, endpoint.since),
    ))
}

/// Appends `path` with its one `{placeholder}` replaced by `value`. By the braces, not
/// `str::replacen`, whose substring searcher would add about a kilobyte to the wasm client.
fn push_filled(url: &mut String, path: &str, value: &str) {
    match (path.find('{'), path.find('}')) {
        (Some(open), Some(close)) if open < close => {
            url.push_str(&path[..open]);
            url.push_str(value);
            url.push_str(&path[close + 1..]);
        }
        _ => url.push_str(path),
    }
}

/// Builds the request of a call of an endpoint beyond the six: refuses, with an
/// `unsupported` error, a call the configured server version does not serve, and with an
/// `invalid_input` one arguments that do not fit the endpoint (a zero id, a `cc` with a
/// control character).
pub fn build_extra_request(
    config: &ClientConfig,
    endpoint: &ExtraEndpoint,
    args: ExtraArgs<'_>,
) -> Result<HttpRequest, PmpError> {
    if let Some(version) = config.server_version() {
        check_extra_served(endpoint, version)?;
    }
    let zero = || PmpError::invalid_input("id must be a positive integer, got 0");
    let path = endpoint.path;
    let mut url = String::from(config.base_url());
    let mut body = Body::None;
    match (endpoint.input, args) {
        (ExtraInput::None, ExtraArgs::None) => url.push_str(path),
        (ExtraInput::Id, ExtraArgs::Id(id)) => {
            if id == 0 {
                return Err(zero());
            }
            push_filled(&mut url, path, &decimal(id));
        }
        (ExtraInput::IdAndCc, ExtraArgs::IdAndCc(id, cc)) => {
            if id == 0 {
                return Err(zero());
            }
            push_filled(&mut url, path, &decimal(id));
            if let Some(cc) = cc {
                // Mail headers are built from it: a line break would add headers.
                if cc.chars().any(char::is_control) {
                    return Err(PmpError::invalid_input(
                        "cc must not contain control characters (line breaks, tabs, ...)",
                    ));
                }
                body = Body::Form(vec![FormField::Text {
                    name: "cc".to_owned(),
                    value: cc.to_owned(),
                }]);
            }
        }
        (ExtraInput::FieldTo, ExtraArgs::FieldTo(target, id)) => {
            push_filled(&mut url, path, &encode_keyword(target.as_str())?);
            match id {
                Some(0) => return Err(zero()),
                Some(id) => {
                    url.push('/');
                    url.push_str(&decimal(id));
                }
                None => {}
            }
        }
        (expected, _) => {
            let what = match expected {
                ExtraInput::None => "no arguments",
                ExtraInput::Id => "an id",
                ExtraInput::FieldTo => "a custom field target and an optional id",
                ExtraInput::IdAndCc => "an id and an optional cc",
            };
            return Err(PmpError::invalid_input(text(&[
                endpoint.operation_id,
                " takes ",
                what,
            ])));
        }
    }
    let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    for name in endpoint.auth.headers() {
        headers.push(((*name).to_owned(), config.token().to_owned()));
    }
    if let Body::Form(_) = body {
        headers.push((
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
    }
    headers.extend(config.extra_headers().iter().cloned());
    Ok(HttpRequest {
        method: endpoint.method,
        url,
        headers,
        body,
    })
}

/// Decodes the answer of an endpoint beyond the six whose success is one object,
/// `{"status": true, ...}` ([`OutputKind::Message`]: [`InvoiceSent`]). Any failure is its
/// error, as for the writes: 404 `Invoice not found` is `not_found`, 400 `Invalid Invoice ID`
/// `http` with status 400, and a 500 `{"status": false, "message": ...}` (the email could not
/// be sent) `http` with status 500 and the server's message, not a decode error.
pub fn decode_extra_answer<T: serde::de::DeserializeOwned>(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
) -> Result<T, PmpError> {
    const ANSWER: &str = "a {status: true, ...} object";
    let value = crate::response::read_value(config, response, ANSWER)?;
    if !value.is_object() {
        return Err(crate::response::decode_error(
            config,
            response,
            "expected a {status: true, ...} object; got another JSON value",
        ));
    }
    crate::response::model_from(config, response, ANSWER, value)
}

/// Decodes the answer of an endpoint beyond the six whose success is rows: a plain array of
/// `T`; the 404 `No data were found` is no rows (as for the lists), any other failure its
/// error (404 `Not valid data`: kind `http`). A row that does not fit `T` (a custom field
/// whose JSON texts do not decode) is a `decode` error naming where.
pub fn decode_extra_rows<T: serde::de::DeserializeOwned>(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
) -> Result<Vec<T>, PmpError> {
    const ROWS: &str = "an array of rows";
    let value = match crate::response::read_value(config, response, ROWS) {
        Err(error) if error.kind == ErrorKind::NotFound => return Ok(Vec::new()),
        other => other?,
    };
    if !value.is_array() {
        return Err(crate::response::decode_error(
            config,
            response,
            "expected an array of rows; got another JSON value",
        ));
    }
    crate::response::model_from(config, response, ROWS, value)
}

extras! {
    /// `GET api/common/expense_category`: the expense categories.
    ExpenseCategories {
        operation: listExpenseCategories,
        method: Get,
        path: "api/common/expense_category",
        owner: None,
        since: V2,
        input: None,
        output: Rows,
        model: ExpenseCategory,
        empty: NotFound,
        retried: ByPolicy,
        features: ["common" (ungrantable), "expense_categories"],
        summary: "List the expense categories",
    }
    /// `GET api/common/payment_mode`: the active payment modes, then the active online gateways.
    PaymentModes {
        operation: listPaymentModes,
        method: Get,
        path: "api/common/payment_mode",
        owner: None,
        since: V2,
        input: None,
        output: Rows,
        model: PaymentMode,
        empty: NotFound,
        retried: ByPolicy,
        features: ["common" (ungrantable), "payment_methods"],
        summary: "List the payment modes and online payment gateways",
    }
    /// `GET api/common/tax_data`: the taxes.
    Taxes {
        operation: listTaxes,
        method: Get,
        path: "api/common/tax_data",
        owner: None,
        since: V2,
        input: None,
        output: Rows,
        model: Tax,
        empty: NotFound,
        retried: ByPolicy,
        features: ["common" (ungrantable), "taxes"],
        summary: "List the taxes",
    }
    /// `GET api/custom_fields/{fieldto}[/{id}]`: the custom fields of a kind of row, with the
    /// values stored for one row when its id is given.
    CustomFields {
        operation: listCustomFields,
        method: Get,
        path: "api/custom_fields/{fieldto}",
        owner: None,
        since: V2,
        input: FieldTo,
        output: Rows,
        model: CustomField,
        empty: EmptyArray,
        retried: ByPolicy,
        features: ["custom_fields", "custom_fields"],
        summary: "List the custom fields of a kind of row, with one row's values",
    }
    /// `POST api/invoices/{id}/send` (3.0.3): emails an invoice to its customer's contacts
    /// (and `cc`), and marks it sent. Never retried: a repeat would send the email again.
    SendInvoice {
        operation: sendInvoice,
        method: Post,
        path: "api/invoices/{id}/send",
        owner: Invoices,
        since: V3,
        input: IdAndCc,
        output: Message,
        model: InvoiceSent,
        empty: NotAList,
        retried: Never,
        features: ["", "invoices" / "send"],
        summary: "Email an invoice to its customer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(version: Option<&str>) -> ClientConfig {
        let config = ClientConfig::new("https://crm.example.com/", "secret-token").unwrap();
        match version {
            Some(v) => config.with_server_version(v).unwrap(),
            None => config,
        }
    }

    fn answer(status: u16, body: &str) -> HttpResponse<'_> {
        HttpResponse {
            status,
            content_type: Some("application/json"),
            body: body.as_bytes(),
        }
    }

    #[test]
    fn the_table_is_in_declaration_order_with_unique_ids() {
        for (i, extra) in Extra::ALL.into_iter().enumerate() {
            assert_eq!(extra.endpoint().extra, extra);
            assert_eq!(EXTRAS[i].extra, extra);
        }
        for e in &EXTRAS {
            assert_eq!(ExtraEndpoint::by_operation_id(e.operation_id), Some(e));
            assert!(crate::Endpoint::by_operation_id(e.operation_id).is_none());
        }
    }

    #[test]
    fn paths_of_each_lookup() {
        let config = config(None);
        let url = |extra: Extra, args| build_extra_request(&config, extra.endpoint(), args).unwrap().url;
        assert_eq!(
            url(Extra::ExpenseCategories, ExtraArgs::None),
            "https://crm.example.com/api/common/expense_category"
        );
        assert_eq!(
            url(Extra::PaymentModes, ExtraArgs::None),
            "https://crm.example.com/api/common/payment_mode"
        );
        assert_eq!(
            url(Extra::Taxes, ExtraArgs::None),
            "https://crm.example.com/api/common/tax_data"
        );
        let fields = |target, id| url(Extra::CustomFields, ExtraArgs::FieldTo(target, id));
        assert_eq!(
            fields(CustomFieldTarget::CreditNote, None),
            "https://crm.example.com/api/custom_fields/credit_note"
        );
        assert_eq!(
            fields(CustomFieldTarget::Customers, Some(7)),
            "https://crm.example.com/api/custom_fields/customers/7"
        );
        let request = build_extra_request(&config, Extra::Taxes.endpoint(), ExtraArgs::None).unwrap();
        assert!(request
            .headers
            .contains(&("authtoken".to_owned(), "secret-token".to_owned())));
        let wrong = build_extra_request(&config, Extra::Taxes.endpoint(), ExtraArgs::Id(3)).unwrap_err();
        assert_eq!(wrong.kind, ErrorKind::InvalidInput);
        let zero = ExtraArgs::FieldTo(CustomFieldTarget::Leads, Some(0));
        let zero = build_extra_request(&config, Extra::CustomFields.endpoint(), zero).unwrap_err();
        assert_eq!(zero.kind, ErrorKind::InvalidInput);
    }

    /// An endpoint of a resource's own (such as `POST api/invoices/{id}/send`) fits the row type.
    #[test]
    fn an_owned_endpoint_takes_its_resources_id() {
        let send = ExtraEndpoint {
            operation_id: "actOnCustomer",
            method: Method::Post,
            path: "api/customers/{id}/act",
            owner: Some(Resource::Customers),
            input: ExtraInput::Id,
            output: OutputKind::Message,
            ..*Extra::Taxes.endpoint()
        };
        let request = build_extra_request(&config(None), &send, ExtraArgs::Id(4)).unwrap();
        assert_eq!(request.url, "https://crm.example.com/api/customers/4/act");
        assert_eq!(request.method, Method::Post);
    }

    fn some_args(input: ExtraInput) -> ExtraArgs<'static> {
        match input {
            ExtraInput::FieldTo => ExtraArgs::FieldTo(CustomFieldTarget::Customers, None),
            ExtraInput::Id => ExtraArgs::Id(1),
            ExtraInput::IdAndCc => ExtraArgs::IdAndCc(1, Some("a@example.com")),
            ExtraInput::None => ExtraArgs::None,
        }
    }

    #[test]
    fn refused_before_sending_naming_the_version() {
        for version in ModuleVersion::ALL {
            let config = config(Some(version.name()));
            for e in &EXTRAS {
                let built = build_extra_request(&config, e, some_args(e.input));
                if e.served_on(version) {
                    assert!(built.is_ok(), "{} on {}", e.operation_id, version.name());
                    continue;
                }
                let error = built.unwrap_err();
                assert_eq!(error.kind, ErrorKind::Unsupported, "{}", e.operation_id);
                let module = format!("module {} servers", version.version());
                assert!(error.message.contains(&module), "{}", error.message);
                assert!(error.message.contains(e.operation_id), "{}", error.message);
                let since = format!("from module {} on", e.since.name());
                assert!(error.message.contains(&since), "{}", error.message);
            }
        }
        let lookup = build_extra_request(&config(Some("1.0")), Extra::Taxes.endpoint(), ExtraArgs::None);
        assert!(lookup
            .unwrap_err()
            .message
            .contains("it has no api/common/tax_data;"));
        let send = Extra::SendInvoice.endpoint();
        for version in ["1.0", "2.0"] {
            let error = build_extra_request(&config(Some(version)), send, some_args(send.input)).unwrap_err();
            assert!(
                error
                    .message
                    .contains("it has no api/invoices/{id}/send; from module 3.0 on"),
                "{}",
                error.message
            );
        }
    }

    #[test]
    fn send_invoice_posts_the_id_and_cc_as_a_form() {
        let config = config(Some("3.0"));
        let send = Extra::SendInvoice.endpoint();
        assert_eq!(send.owner, Some(Resource::Invoices));
        assert_eq!(send.retried, Repeat::Never);
        assert_eq!(send.features.v3_capability, Some("send"));
        assert_eq!(send.versions().collect::<Vec<_>>(), vec![ModuleVersion::V3]);
        let with_cc = ExtraArgs::IdAndCc(7, Some("a@example.com, b@example.com"));
        let request = build_extra_request(&config, send, with_cc).unwrap();
        assert_eq!(request.method, Method::Post);
        assert_eq!(request.url, "https://crm.example.com/api/invoices/7/send");
        assert_eq!(
            request.body.to_urlencoded().as_deref(),
            Some("cc=a%40example.com%2C+b%40example.com")
        );
        assert!(request.headers.contains(&(
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned()
        )));
        assert!(request
            .headers
            .contains(&("authtoken".to_owned(), "secret-token".to_owned())));
        let bare = build_extra_request(&config, send, ExtraArgs::IdAndCc(7, None)).unwrap();
        assert_eq!(bare.body, Body::None);
        assert!(bare.headers.iter().all(|(name, _)| name != "Content-Type"));
        // Not told the version: sent (the server answers what it serves).
        assert!(build_extra_request(&self::config(None), send, ExtraArgs::IdAndCc(7, None)).is_ok());
        for refused in [
            ExtraArgs::IdAndCc(0, None),
            ExtraArgs::IdAndCc(7, Some("a@example.com\r\nBcc: x@example.com")),
            ExtraArgs::Id(7),
        ] {
            let error = build_extra_request(&config, send, refused).unwrap_err();
            assert_eq!(error.kind, ErrorKind::InvalidInput, "{refused:?}");
            assert!(!error.message.contains("secret-token"));
        }
    }

    #[test]
    fn send_invoice_answers_are_typed_and_failures_errors() {
        let config = config(Some("3.0"));
        let ok = answer(
            200,
            r#"{"status":true,"invoice_id":"7","invoice_number":"INV-000007","sent":true,
                "datesend":"2026-12-07 15:00:00","message":"Invoice sent to the customer.","queued":1}"#,
        );
        let sent: InvoiceSent = decode_extra_answer(&config, &ok).unwrap();
        assert!(sent.status);
        assert_eq!(sent.invoice_id, Some(Some("7".to_owned())));
        assert_eq!(sent.invoice_number, Some(Some("INV-000007".to_owned())));
        assert_eq!(sent.sent, Some(true));
        assert_eq!(sent.datesend, Some(Some("2026-12-07 15:00:00".to_owned())));
        assert_eq!(sent.message.as_deref(), Some("Invoice sent to the customer."));
        assert_eq!(sent.extra["queued"], 1, "unknown fields kept");
        // Written out as the wire has it, and read back the same.
        let written = serde_json::to_value(&sent).unwrap();
        assert_eq!(written["invoice_id"], "7");
        assert_eq!(written["queued"], 1);
        assert_eq!(serde_json::from_value::<InvoiceSent>(written).unwrap(), sent);
        // An id sent as a number is its text.
        let number = answer(200, r#"{"status":true,"invoice_id":7,"sent":true}"#);
        let sent: InvoiceSent = decode_extra_answer(&config, &number).unwrap();
        assert_eq!(sent.invoice_id, Some(Some("7".to_owned())));

        let failure =
            |status, body| decode_extra_answer::<InvoiceSent>(&config, &answer(status, body)).unwrap_err();
        let missing = failure(404, r#"{"status":false,"message":"Invoice not found"}"#);
        assert_eq!((missing.kind, missing.status), (ErrorKind::NotFound, Some(404)));
        let bad = failure(400, r#"{"status":false,"message":"Invalid Invoice ID"}"#);
        assert_eq!((bad.kind, bad.status), (ErrorKind::Http, Some(400)));
        assert_eq!(bad.message, "Invalid Invoice ID");
        let mail = failure(
            500,
            r#"{"status":false,"invoice_id":"7","sent":false,"message":"Invoice could not be sent. Check SMTP settings (Setup -> Email) and that the customer has a contact set to receive invoice emails."}"#,
        );
        assert_eq!((mail.kind, mail.status), (ErrorKind::Http, Some(500)));
        assert!(
            mail.message.starts_with("Invoice could not be sent."),
            "{}",
            mail.message
        );
        // 2.0.8 has no such route: its 405.
        let unrouted = failure(405, r#"{"status":false,"error":"Unknown method"}"#);
        assert_eq!((unrouted.kind, unrouted.status), (ErrorKind::Http, Some(405)));
        assert_eq!(failure(200, "[]").kind, ErrorKind::Decode);
        assert_eq!(failure(200, "<html>").kind, ErrorKind::Decode);
    }

    #[test]
    fn targets_parse_exactly() {
        for target in CustomFieldTarget::ALL {
            assert_eq!(CustomFieldTarget::parse(target.as_str()), Some(target));
            let json = serde_json::to_string(&target).unwrap();
            assert_eq!(json, format!("\"{}\"", target.as_str()));
        }
        assert_eq!(CustomFieldTarget::parse("customer"), None);
        assert_eq!(CustomFieldTarget::parse("Customers"), None);
        let error = CustomFieldTarget::parse_checked("bogus").unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidInput);
        assert!(error.message.contains("credit_note"), "{}", error.message);
    }

    #[test]
    fn empty_lookups_are_no_rows_and_unknown_types_an_error() {
        let config = config(None);
        let none = answer(404, r#"{"status":false,"message":"No data were found"}"#);
        assert_eq!(
            decode_extra_rows::<Tax>(&config, &none).unwrap(),
            Vec::<Tax>::new()
        );
        let empty = answer(200, "[]");
        assert!(decode_extra_rows::<CustomField>(&config, &empty)
            .unwrap()
            .is_empty());
        let invalid = answer(404, r#"{"status":false,"message":"Not valid data"}"#);
        let error = decode_extra_rows::<Tax>(&config, &invalid).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Http);
        assert_eq!(error.message, "Not valid data");
        let object = answer(200, r#"{"id":"1"}"#);
        assert_eq!(
            decode_extra_rows::<Tax>(&config, &object).unwrap_err().kind,
            ErrorKind::Decode
        );
    }

    #[test]
    fn payment_modes_keep_gateways_as_sent() {
        let body = r#"[{"id":"1","name":"Bank","description":null,"show_on_pdf":"0","invoices_only":"0",
            "expenses_only":"0","selected_by_default":"1","active":"1"},
            {"id":"paypal","name":"Paypal","description":"","active":"1","instance":{"name":"Paypal"}}]"#;
        let rows = decode_extra_rows::<PaymentMode>(&config(None), &answer(200, body)).unwrap();
        assert_eq!(rows[0].id, Some(Some("1".to_owned())));
        assert_eq!(rows[0].description, Some(None));
        assert_eq!(rows[1].id, Some(Some("paypal".to_owned())));
        assert_eq!(rows[1].show_on_pdf, None);
        assert_eq!(rows[1].extra["instance"], serde_json::json!({"name": "Paypal"}));
    }

    const FIELDS: &str = r#"[
        {"field_name":"custom_fields[customers][1]","custom_field_id":"1","label":"Account code",
         "required":"0","type":"input","value":"AC-7"},
        {"field_name":"custom_fields[customers][2]","custom_field_id":"2","label":"Tier",
         "required":"1","type":"select","value":"[\"\"]","options":"[\"Gold\",\"Silver\"]"},
        {"field_name":"custom_fields[customers][3]","custom_field_id":"3","label":"Channels",
         "required":"0","type":"multiselect","value":"[\"Email\",\" Phone\"]",
         "options":"[\"Email\",\"Phone\",\"Post\"]","bs_column":"6"}
    ]"#;

    #[test]
    fn custom_field_values_are_decoded_and_the_wire_kept() {
        let rows = decode_extra_rows::<CustomField>(&config(None), &answer(200, FIELDS)).unwrap();
        let text = |s: &str| Some(Some(s.to_owned()));
        assert_eq!(rows[0].value, text("AC-7"));
        assert_eq!(rows[0].options, None);
        assert_eq!(rows[0].decoded_options, None);
        assert_eq!(
            rows[0].decoded_value,
            Some(CustomFieldValue::Text("AC-7".to_owned()))
        );
        assert_eq!(rows[0].field_type, text("input"));
        assert_eq!(rows[1].value, text("[\"\"]"));
        assert_eq!(rows[1].decoded_value, Some(CustomFieldValue::Options(vec![])));
        assert_eq!(
            rows[1].decoded_options,
            Some(vec!["Gold".to_owned(), "Silver".to_owned()])
        );
        assert_eq!(
            rows[2].decoded_value,
            Some(CustomFieldValue::Options(vec![
                "Email".to_owned(),
                "Phone".to_owned()
            ]))
        );
        assert_eq!(rows[2].options, text("[\"Email\",\"Phone\",\"Post\"]"));
        assert_eq!(rows[2].extra["bs_column"], "6");
        // Written out with the wire's names and the decoded values; read back the same.
        let written = serde_json::to_value(&rows[2]).unwrap();
        assert_eq!(written["type"], "multiselect");
        assert_eq!(written["decoded_value"], serde_json::json!(["Email", "Phone"]));
        let again: CustomField = serde_json::from_value(written).unwrap();
        assert_eq!(again, rows[2]);
    }

    #[test]
    fn a_malformed_json_text_is_a_decode_error_naming_the_field() {
        let config = config(None);
        for (body, what) in [
            (
                r#"[{"custom_field_id":"2","type":"select","value":"[\"\"]","options":"Gold,Silver"}]"#,
                "options",
            ),
            (
                r#"[{"custom_field_id":"3","type":"select","value":"Gold","options":"[\"Gold\"]"}]"#,
                "value",
            ),
            (
                r#"[{"custom_field_id":"4","type":"select","value":"[1]","options":"[\"Gold\"]"}]"#,
                "value",
            ),
        ] {
            let error = decode_extra_rows::<CustomField>(&config, &answer(200, body)).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Decode, "{body}");
            assert!(error.message.contains("custom field `"), "{}", error.message);
            assert!(
                error.message.contains(&format!("its `{what}`")),
                "{}",
                error.message
            );
            assert!(error.message.contains("at `[0]`"), "{}", error.message);
            assert!(
                error
                    .message
                    .ends_with("is not the JSON text of an array of strings"),
                "{}",
                error.message
            );
        }
    }
}
