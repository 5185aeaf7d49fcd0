//! Input fields as data: what each resource's create/update call takes, its wire kind and
//! whether it is mandatory. Typed inputs ([`crate::CustomerInput`], ...) are generated from the
//! same table; transports that hold untyped values (JS objects) fill an [`InputRecord`] by name.

use std::collections::BTreeMap;

use crate::catalogue::Operation;
use crate::error::{text, PmpError};
use crate::lines::LineItem;
use crate::resources::Resource;

/// How an input field goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string.
    Text,
    /// A non-negative integer (ids, codes); sent as decimal text in forms.
    Number,
    /// A date, sent as `YYYY-MM-DD` (what a default install reads; the document's
    /// `30/07/2019` answers 500 there). Empty text clears an optional date on update.
    Date,
    /// A checkbox: `true` sends `on`, `false` sends nothing (the server treats any value,
    /// even `off`, as checked).
    Flag,
    /// A list of integers, sent as PHP array fields `name[]` in forms.
    NumberList,
    /// File attachments, sent as `file[]` parts (create only).
    Files,
    /// Custom fields, `custom_fields[<fieldto>][<field_id>]=value`.
    CustomFields,
    /// Lines to add to a sales document (`newitems[1][description]=...`: `lines.rs`).
    NewLines,
    /// The lines an update of a sales document keeps, each with its `itemid` (update only).
    Lines,
}

/// One input field of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Field name as the caller writes it (and, but for `files`, as it goes on the wire).
    pub name: &'static str,
    /// Wire kind.
    pub kind: FieldKind,
    /// Mandatory on create, on every server version (updates are partial: servers never
    /// re-check mandatory fields on PUT). Rules of some versions only (leads `assigned` on
    /// 2.x and 3.x) are left to the server, which answers them with a `validation` error.
    pub required: bool,
    /// Description from the PMP document (`""` without the `docs` feature).
    pub doc: &'static str,
}

/// A file to upload.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// File name sent with the part.
    pub filename: String,
    /// MIME type, `application/octet-stream` when unknown.
    pub content_type: String,
    /// Content.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Contents can be large: show their size, not their bytes.
        f.debug_struct("FilePart")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Custom field values: `fieldto` (e.g. `customers`) to field id to value.
pub type CustomFieldValues = BTreeMap<String, BTreeMap<String, String>>;

/// [`CustomFieldValues`] as an [`InputValue`] holds them: the same map on sorted Vecs, which
/// the wasm client builds with far less code than a `BTreeMap`.
pub type CustomFieldMap = litemap::LiteMap<String, litemap::LiteMap<String, String>>;

/// The value of one input field.
#[derive(Debug, Clone, PartialEq)]
pub enum InputValue {
    /// Text or date.
    Text(String),
    /// Integer.
    Number(u64),
    /// Checkbox.
    Flag(bool),
    /// Integer list.
    NumberList(Vec<u64>),
    /// Attachments.
    Files(Vec<FilePart>),
    /// Custom fields.
    CustomFields(CustomFieldMap),
    /// Line items (new or kept).
    Lines(Vec<LineItem>),
}

impl InputValue {
    fn fits(&self, kind: FieldKind) -> bool {
        matches!(
            (self, kind),
            (InputValue::Text(_), FieldKind::Text | FieldKind::Date)
                | (InputValue::Number(_), FieldKind::Number)
                | (InputValue::Flag(_), FieldKind::Flag)
                | (InputValue::NumberList(_), FieldKind::NumberList)
                | (InputValue::Files(_), FieldKind::Files)
                | (InputValue::CustomFields(_), FieldKind::CustomFields)
                | (InputValue::Lines(_), FieldKind::NewLines | FieldKind::Lines)
        )
    }

    fn is_blank(&self) -> bool {
        match self {
            InputValue::Text(s) => s.trim().is_empty(),
            InputValue::NumberList(v) => v.is_empty(),
            InputValue::Files(v) => v.is_empty(),
            InputValue::CustomFields(m) => m.is_empty(),
            InputValue::Lines(v) => v.is_empty(),
            InputValue::Number(_) | InputValue::Flag(_) => false,
        }
    }
}

/// The fields of one create or update call, checked against the resource's table.
#[derive(Debug, Clone, PartialEq)]
pub struct InputRecord {
    resource: Resource,
    values: Vec<(&'static FieldSpec, InputValue)>,
}

impl InputRecord {
    /// An empty record for a resource.
    pub fn new(resource: Resource) -> Self {
        InputRecord {
            resource,
            values: Vec::new(),
        }
    }

    /// The resource the fields belong to.
    pub fn resource(&self) -> Resource {
        self.resource
    }

    /// The fields set so far, in the order they were set.
    pub fn values(&self) -> &[(&'static FieldSpec, InputValue)] {
        &self.values
    }

    /// The value of field `name`, if set.
    pub fn value(&self, name: &str) -> Option<&InputValue> {
        self.values.iter().find(|(s, _)| s.name == name).map(|(_, v)| v)
    }

    /// Sets a field by name. Unknown names and values of the wrong kind are refused with an
    /// `invalid_input` error naming the field; setting a field twice keeps the last value.
    pub fn set(&mut self, name: &str, value: InputValue) -> Result<(), PmpError> {
        let spec = input_fields(self.resource)
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| unknown_field(self.resource, name))?;
        if !value.fits(spec.kind) {
            return Err(wrong_kind(spec, InputSource::Typed));
        }
        self.values.retain(|(s, _)| s.name != name);
        self.values.push((spec, value));
        Ok(())
    }

    /// Unsets field `name` (nothing happens if it was not set).
    pub fn remove(&mut self, name: &str) {
        self.values.retain(|(s, _)| s.name != name);
    }

    /// Checks what every server version would refuse, before anything is sent: on create,
    /// every mandatory field present and not blank; on update, at least one field (real
    /// servers answer an empty update with 406, 404 or 500), no files, and the fields every
    /// version re-checks on update (a whole-document update: invoices, estimates); dates as
    /// `YYYY-MM-DD`; line items as `lines.rs` checks them.
    pub fn validate(&self, operation: Operation) -> Result<(), PmpError> {
        let creating = operation == Operation::Create;
        let since = self.resource.info().since;
        let on_update = self
            .resource
            .rules()
            .iter()
            .filter(|r| !creating && r.checked.on_update() && r.required_on(since))
            .map(|r| r.field);
        let mandatory = input_fields(self.resource)
            .iter()
            .filter(|f| f.required && creating)
            .map(|f| f.name)
            .chain(on_update);
        for name in mandatory {
            let present = self.values.iter().any(|(s, v)| s.name == name && !v.is_blank());
            if !present {
                // The field map lets a form show the refusal next to the field, as it would
                // show the server's validation errors.
                let why: &[&str] = if creating {
                    &["field `", name, "` is mandatory"]
                } else {
                    &[
                        "field `",
                        name,
                        "` is mandatory on update too: every server version checks the whole ",
                        self.resource.model_name(),
                        " again",
                    ]
                };
                let mut err = PmpError::invalid_input(text(why));
                err.field_errors
                    .insert(name.to_owned(), "This field is required.".to_owned());
                return Err(err);
            }
        }
        for (spec, value) in &self.values {
            match value {
                InputValue::Text(date)
                    if spec.kind == FieldKind::Date && !(date.is_empty() || is_iso_date(date)) =>
                {
                    // Typed and untyped inputs both come here: the message names every form
                    // a date may take.
                    let mut err = wrong_kind(spec, InputSource::JavaScript);
                    // Named in the field map too, as the mandatory-field refusal is.
                    err.field_errors.insert(
                        spec.name.to_owned(),
                        "This field must be a date as YYYY-MM-DD.".to_owned(),
                    );
                    return Err(err);
                }
                InputValue::Lines(lines) => {
                    crate::lines::check_lines(spec.name, spec.kind, lines, operation)?
                }
                InputValue::Files(_) if !creating && !value.is_blank() => {
                    return Err(PmpError::invalid_input(text(&[
                        "field `",
                        spec.name,
                        "` can only be sent on create",
                    ])))
                }
                _ => {}
            }
        }
        // A `false` flag is "leave it out" on the wire, so it alone sends nothing either.
        let sent = |v: &InputValue| !matches!(v, InputValue::Flag(false) | InputValue::Files(_));
        if !creating && !self.values.iter().any(|(_, v)| sent(v)) {
            return Err(PmpError::invalid_input(text(&[
                "an update needs at least one field of ",
                self.resource.model_name(),
                "Input to send",
            ])));
        }
        Ok(())
    }
}

/// Whether `text` is a calendar date `YYYY-MM-DD` (a real day: no February 30th).
pub(crate) fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r.clone())?
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| b[r].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && (1..=days).contains(&day)
}

/// Where an input's values come from: which values a field takes, and so how a refusal is
/// worded, differs by source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSource {
    /// pmp-core's typed inputs and [`InputValue`]s.
    Typed,
    /// A JSON value (pmp-client's updates take any serde value).
    Json,
    /// A JavaScript object (the npm package).
    JavaScript,
}

/// What a field of `kind` takes from `source`, as a refusal says it: the one table of these
/// words, for every client.
pub fn expected_value(kind: FieldKind, source: InputSource) -> &'static str {
    use InputSource::*;
    match (kind, source) {
        (FieldKind::Text, Typed) => "a string",
        (FieldKind::Text, Json | JavaScript) => "a string or a number",
        (FieldKind::Date, Typed) => "a date string",
        (FieldKind::Date, Json) => "a date as YYYY-MM-DD",
        (FieldKind::Date, JavaScript) => "a date as YYYY-MM-DD or a Date",
        (FieldKind::Number, Typed) => "a non-negative integer",
        (FieldKind::Number, Json | JavaScript) => "a non-negative integer or its decimal text",
        (FieldKind::Flag, _) => "a boolean",
        (FieldKind::NumberList, Typed) => "a list of non-negative integers",
        (FieldKind::NumberList, Json | JavaScript) => {
            "an array of non-negative integers (or their decimal texts)"
        }
        (FieldKind::Files, Typed) => "a list of files",
        (FieldKind::Files, Json) => "sent on create only (with the typed input)",
        (FieldKind::Files, JavaScript) => "an array of Blob or File objects",
        (FieldKind::CustomFields, _) => "an object of objects of strings",
        (FieldKind::NewLines | FieldKind::Lines, Typed) => "a list of line items",
        (FieldKind::NewLines | FieldKind::Lines, Json | JavaScript) => {
            "an array of line objects ({ description, qty, rate, ... })"
        }
    }
}

/// The refusal of a value of the wrong kind: ``field `name` must be ...``.
pub fn wrong_kind(spec: &FieldSpec, source: InputSource) -> PmpError {
    PmpError::invalid_input(text(&[
        "field `",
        spec.name,
        "` must be ",
        expected_value(spec.kind, source),
    ]))
}

/// The refusal of a field `name` that `resource`'s input does not have.
pub fn unknown_field(resource: Resource, name: &str) -> PmpError {
    PmpError::invalid_input(text(&[
        "unknown field `",
        name,
        "` for ",
        resource.model_name(),
        "Input",
    ]))
}

/// The input fields of a resource, mandatory ones first.
pub fn input_fields(resource: Resource) -> &'static [FieldSpec] {
    resource.input_fields()
}

/// A Rust value that can be an input field's value; `None` means the field is not sent.
pub trait ToInputValue {
    /// The value, or `None` when absent.
    fn to_input_value(&self) -> Option<InputValue>;
}

impl ToInputValue for String {
    fn to_input_value(&self) -> Option<InputValue> {
        Some(InputValue::Text(self.clone()))
    }
}

impl ToInputValue for u64 {
    fn to_input_value(&self) -> Option<InputValue> {
        Some(InputValue::Number(*self))
    }
}

impl ToInputValue for bool {
    fn to_input_value(&self) -> Option<InputValue> {
        Some(InputValue::Flag(*self))
    }
}

impl ToInputValue for Vec<u64> {
    fn to_input_value(&self) -> Option<InputValue> {
        Some(InputValue::NumberList(self.clone()))
    }
}

impl ToInputValue for Vec<FilePart> {
    fn to_input_value(&self) -> Option<InputValue> {
        (!self.is_empty()).then(|| InputValue::Files(self.clone()))
    }
}

impl ToInputValue for CustomFieldValues {
    fn to_input_value(&self) -> Option<InputValue> {
        let map = self
            .iter()
            .map(|(fieldto, values)| (fieldto.clone(), values.clone().into_iter().collect()))
            .collect();
        Some(InputValue::CustomFields(map))
    }
}

impl<T: ToInputValue> ToInputValue for Option<T> {
    fn to_input_value(&self) -> Option<InputValue> {
        self.as_ref().and_then(ToInputValue::to_input_value)
    }
}
