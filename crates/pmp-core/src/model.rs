//! The models: rows as the server sends them and the inputs of create/update calls.
//!
//! Rows keep every value as the wire has it: a string (numbers are accepted and kept as their
//! text), `null`, or absent (`None`), and every field the model does not know in `extra`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::fields::{FieldSpec, InputRecord};
use crate::resources::Resource;

/// What the `openapi` feature adds to every row model: its utoipa schema.
#[cfg(feature = "openapi")]
pub trait RowSchema: utoipa::ToSchema {}
#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> RowSchema for T {}
/// What the `openapi` feature adds to every row model (nothing without it).
#[cfg(not(feature = "openapi"))]
pub trait RowSchema {}
#[cfg(not(feature = "openapi"))]
impl<T> RowSchema for T {}

/// A row model of one resource.
pub trait Row: Serialize + for<'de> Deserialize<'de> + std::fmt::Debug + RowSchema {
    /// The resource the rows belong to.
    const RESOURCE: Resource;
    /// The columns the model names (all others land in `extra`).
    const FIELDS: &'static [&'static str];
    /// The same columns as one string, each followed by a comma (for JavaScript to split).
    const COLUMNS: &'static str;
    /// The row's id as the server sent it (its first column: `userid`, `ticketid`, `id`).
    fn row_id(&self) -> Option<&str>;
    /// The columns the model does not name (its `extra`), for code generic over rows.
    fn extra_mut(&mut self) -> &mut BTreeMap<String, Value>;
    /// Fills the id column, when the row lacks it, from the column the resource's quirk
    /// `id_alias` names (payments' and items' search rows carry their id in `id`).
    fn fill_id(&mut self);
}

/// The id of a row that lacks its id column, from the column the quirk `id_alias` names in
/// `extra` (a text, or a number as its text); `None` without one.
pub(crate) fn aliased_id(resource: Resource, extra: &BTreeMap<String, Value>) -> Option<String> {
    match extra.get(resource.quirks().id_alias?)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// [`Row::COLUMNS`] of a resource's row model.
pub fn row_columns(resource: Resource) -> &'static str {
    resource.row_columns()
}

/// The create/update input of one resource.
pub trait ResourceInput {
    /// The resource the input belongs to.
    const RESOURCE: Resource;
    /// The input fields, mandatory ones first.
    const FIELDS: &'static [FieldSpec];
    /// The fields as a record for the request builder.
    fn to_record(&self) -> InputRecord;
}

/// A number input (ids, codes): in JavaScript a number or its decimal text (`"3"`, as rows
/// carry ids), so that a row's own values can be sent back.
pub type NumberInput = u64;

/// A date input, sent as `YYYY-MM-DD` (the form every default install reads; the document's
/// `30/07/2019` crashes one). In JavaScript also a `Date` (its local calendar day).
pub type DateInput = String;

/// A row field: absent (`None`), `null` (`Some(None)`) or a value (`Some(Some(text))`).
pub type WireValue = Option<Option<String>>;

macro_rules! row_model {
    ($(#[doc = $doc:literal])* $Row:ident for $res:ident { $id:ident $(, $field:ident)* $(,)? }) => {
        row_model! { @model $(#[doc = $doc])* $Row for $res $id { $id $(, $field)* } }
    };
    (@model $(#[doc = $doc:literal])* $Row:ident for $res:ident $id:ident { $($field:ident),* }) => {
        row_model! { @struct $(#[doc = $doc])* $Row { $($field),* } }

        impl Row for $Row {
            const RESOURCE: Resource = Resource::$res;
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
            const COLUMNS: &'static str = concat!($(stringify!($field), ","),*);
            fn row_id(&self) -> Option<&str> {
                self.$id.as_ref().and_then(Option::as_deref)
            }
            fn extra_mut(&mut self) -> &mut BTreeMap<String, Value> {
                &mut self.extra
            }
            fn fill_id(&mut self) {
                if self.$id.is_none() {
                    if let Some(id) = crate::model::aliased_id(Resource::$res, &self.extra) {
                        self.$id = Some(Some(id));
                    }
                }
            }
        }
    };
    // The struct alone: a row of the wire, column by column, and what it does not name.
    (@struct $(#[doc = $doc:literal])* $Row:ident { $($field:ident),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
        pub struct $Row {
            $(
                #[doc = concat!("The `", stringify!($field), "` column, as the server sends it.")]
                #[serde(default, skip_serializing_if = "Option::is_none",
                    deserialize_with = "crate::wire::present_value")]
                #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
                #[cfg_attr(feature = "tsify", tsify(optional, type = "string | null"))]
                pub $field: WireValue,
            )*
            /// Fields this model does not name (custom columns, newer module versions' extras),
            /// kept as sent so that they survive a round trip.
            #[serde(flatten)]
            #[cfg_attr(feature = "openapi", schema(ignore))]
            #[cfg_attr(feature = "tsify", tsify(type = "Record<string, unknown>"))]
            pub extra: BTreeMap<String, Value>,
        }
    };
}

// By path too, for the lookups' models (crate::extras), declared before this module.
pub(crate) use row_model;

macro_rules! input_model {
    ($(#[doc = $doc:literal])* $Input:ident for $res:ident
        required { $( $(#[doc = $rdoc:literal])* $rfield:ident: $rkind:ident as $rty:ty ),* $(,)? }
        optional { $( $(#[doc = $odoc:literal])* $ofield:ident: $okind:ident as $oty:ty ),* $(,)? }
        $( files { $(#[doc = $fdoc:literal])* } )?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
        pub struct $Input {
            $( $(#[doc = $rdoc])* pub $rfield: $rty, )*
            $(
                $(#[doc = $odoc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                #[cfg_attr(feature = "tsify", tsify(optional))]
                pub $ofield: $oty,
            )*
            $(
                $(#[doc = $fdoc])*
                #[serde(skip)]
                #[cfg_attr(feature = "openapi", schema(ignore))]
                pub files: Vec<FilePart>,
            )?
        }

        impl ResourceInput for $Input {
            const RESOURCE: Resource = Resource::$res;
            const FIELDS: &'static [FieldSpec] = &[
                $( FieldSpec { name: stringify!($rfield), kind: FieldKind::$rkind, required: true,
                    doc: doc_text!(concat!($($rdoc),*)) }, )*
                $( FieldSpec { name: stringify!($ofield), kind: FieldKind::$okind, required: false,
                    doc: doc_text!(concat!($($odoc),*)) }, )*
                $( FieldSpec { name: "files", kind: FieldKind::Files, required: false,
                    doc: doc_text!(concat!($($fdoc),*)) }, )?
            ];

            fn to_record(&self) -> InputRecord {
                let mut record = InputRecord::new(Resource::$res);
                $( self.$rfield.to_input_value().map(|v| record.set(stringify!($rfield), v)); )*
                $( self.$ofield.to_input_value().map(|v| record.set(stringify!($ofield), v)); )*
                $( input_model!(@files self record $($fdoc)*); )?
                record
            }
        }
    };
    (@files $self:ident $record:ident $($fdoc:literal)*) => {
        $self.files.to_input_value().map(|v| $record.set("files", v))
    };
}

/// The answer to a write: `{"status": true, "message": "..."}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ApiMessage {
    /// `true` on success.
    pub status: bool,
    /// The server's message, e.g. `Client add successful.`; `None` for a create answered
    /// with an empty body, which both clients read as a success with no message and no id
    /// (2.0.8's payments answer nothing, whether or not the payment was stored: the quirk
    /// `create_empty_on`).
    #[serde(default, deserialize_with = "crate::wire::lenient_string")]
    pub message: Option<String>,
    /// The new row's id, on creates answered by 3.x servers (1.0 and 2.0 never return it).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::wire::lenient_id"
    )]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub record_id: Option<u64>,
    /// Set by the clients on an update the server answered `Update Fail.` (1.0, 2.0) while
    /// the row exists (`plan::UpdatePlan`): nothing changed (`status` is then `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[cfg_attr(feature = "tsify", tsify(optional, type = "true"))]
    pub unchanged: Option<bool>,
    /// Anything else the server added.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, unknown>"))]
    pub extra: BTreeMap<String, Value>,
}

/// The `error` member of an error answer: a field map (validation failures on create) or a
/// text (405 `Unknown method`, 3.x's `validation_failed` and rate-limit answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub enum ErrorDetail {
    /// Field name to message.
    #[serde(serialize_with = "crate::wire::write_map")]
    Fields(
        #[cfg_attr(feature = "tsify", tsify(type = "Record<string, string>"))] crate::error::FieldMessages,
    ),
    /// A message.
    Text(String),
}

/// The body of an error answer: `{"status": false, "message": ..., "error": ..., "errors": ...}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ErrorBody {
    /// `false`.
    #[serde(default)]
    pub status: bool,
    /// The message; HTML (`<p>...</p>`) for validation failures, `null` for an unknown token.
    #[serde(default, deserialize_with = "crate::wire::lenient_string")]
    pub message: Option<String>,
    /// Validation failures (field name to message), or a text where there is no `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Value>))]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub error: Option<ErrorDetail>,
    /// 3.x validation failures of its list filters (422): field name to message(s).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::wire::field_messages",
        serialize_with = "crate::wire::write_field_messages"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<std::collections::BTreeMap<String, String>>))]
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, string> | null", optional))]
    pub errors: Option<crate::error::FieldMessages>,
}

impl ErrorBody {
    /// The field messages: `errors` (3.x), else `error` when it is a map.
    pub fn field_errors(&self) -> Option<&crate::error::FieldMessages> {
        match (&self.errors, &self.error) {
            (Some(map), _) if !map.is_empty() => Some(map),
            (_, Some(ErrorDetail::Fields(map))) if !map.is_empty() => Some(map),
            _ => None,
        }
    }

    /// The message: `message`, else `error` when it is a text.
    pub fn text(&self) -> Option<&str> {
        match (&self.message, &self.error) {
            (Some(m), _) => Some(m),
            (None, Some(ErrorDetail::Text(t))) => Some(t),
            _ => None,
        }
    }
}

impl ApiMessage {
    /// The result of an update the server answered `... Update Fail.` while the row exists:
    /// nothing changed (`plan::UpdateEnd::Unchanged`).
    pub fn unchanged(message: String) -> ApiMessage {
        ApiMessage {
            status: false,
            message: Some(message),
            unchanged: Some(true),
            ..ApiMessage::default()
        }
    }
}

/// The `meta` of a 3.x page envelope (the client builds the same on servers that send whole
/// tables). Numbers as JSON numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct PageMeta {
    /// This page's number, from 1.
    pub page: u64,
    /// Rows per page (3.x clamps it to 1..100).
    pub per_page: u64,
    /// Rows in all pages.
    pub total: u64,
    /// Number of pages (1 for no rows).
    pub total_pages: u64,
    /// Whether pages follow this one.
    pub has_more: bool,
}

/// One page of rows: a 3.x envelope `{data, meta}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Page<T> {
    /// The rows of this page.
    pub data: Vec<T>,
    /// Where the page is.
    pub meta: PageMeta,
}
