//! JavaScript call arguments as pmp-core values: ids, keywords and input objects.
//!
//! An input object is walked with js_sys against `pmp_core::input_fields`, so that the field
//! table, the mandatory checks and the wire encoding stay in pmp-core. Files stay JavaScript
//! `Blob`s: the record holds an empty placeholder per file, so that pmp-core still decides
//! where files may go, and the transport puts the real blobs in their place.

use js_sys::{Array, Number};
use pmp_core::{
    id_from_str, input_fields, safe_id, CustomFieldMap, FieldKind, FieldSpec, FilePart, InputRecord,
    InputValue, PmpError, Resource,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{self, Blob};

/// A row id given as a number (`3`) or as the text rows carry (`"3"`).
///
/// Positive safe integers are taken as they are; other numbers are refused by pmp-core's
/// `id_from_str` reading JavaScript's text of them, which keeps Rust's float formatting
/// (20 kB) out of the wasm.
pub fn read_id(value: &JsValue) -> Result<u64, PmpError> {
    if let Some(n) = value.as_f64() {
        if let Some(id) = safe_id(n) {
            return Ok(id);
        }
        // The message shows the number as JavaScript writes it (no float formatting here).
        let text = js_text(value);
        if !Number::is_safe_integer(value) {
            return Err(PmpError::invalid_input(pmp_core::text(&[
                "id must be a positive integer, got ",
                &text,
            ])));
        }
        return id_from_str(&text);
    }
    if let Some(text) = value.as_string() {
        return id_from_str(&text);
    }
    Err(PmpError::invalid_input(
        "id must be a positive integer or its decimal text",
    ))
}

/// `String(value)`, as JavaScript writes a number.
pub fn js_text(value: &JsValue) -> String {
    js::string(value).map(String::from).unwrap_or_default()
}

/// A search keyword: a string (pmp-core checks and encodes it).
pub fn read_keyword(value: &JsValue) -> Result<String, PmpError> {
    value
        .as_string()
        .ok_or_else(|| PmpError::invalid_input("search keyword must be a string"))
}

/// The fields of a create or update call, and the blobs of its `files` field, in order.
pub fn read_input(resource: Resource, value: &JsValue) -> Result<(InputRecord, Vec<JsValue>), PmpError> {
    let type_name = resource.model_name();
    if !js::is_plain_object(value) {
        return Err(PmpError::invalid_input(pmp_core::text(&[
            type_name,
            "Input must be an object",
        ])));
    }
    let mut record = InputRecord::new(resource);
    let mut blobs = Vec::new();
    for key in js::keys(value).iter() {
        let name = key.as_string().unwrap_or_default();
        let field = js::get(value, &name);
        // `undefined` and `null` mean "not sent", as an absent property does.
        if field.is_undefined() || field.is_null() {
            continue;
        }
        let Some(spec) = input_fields(resource).iter().find(|f| f.name == name) else {
            return Err(PmpError::invalid_input(pmp_core::text(&[
                "unknown field `",
                &name,
                "` for ",
                type_name,
                "Input",
            ])));
        };
        let converted = match spec.kind {
            FieldKind::Files => read_files(&field, &mut blobs),
            kind => read_value(kind, &field),
        };
        let value = converted.ok_or_else(|| wrong_kind(spec))?;
        record.set(spec.name, value)?;
    }
    Ok((record, blobs))
}

fn read_value(kind: FieldKind, value: &JsValue) -> Option<InputValue> {
    match kind {
        // Text also takes a number (as JavaScript writes it), so that a value read from a
        // row or typed as a number goes back as the server would send it.
        FieldKind::Text => text_of(value).map(InputValue::Text),
        FieldKind::Date => value.as_string().map(InputValue::Text),
        FieldKind::Number => read_number(value).map(InputValue::Number),
        FieldKind::Flag => value.as_bool().map(InputValue::Flag),
        FieldKind::NumberList => {
            let array = value.dyn_ref::<Array>()?;
            array
                .iter()
                .map(|n| read_number(&n))
                .collect::<Option<_>>()
                .map(InputValue::NumberList)
        }
        FieldKind::CustomFields => read_custom_fields(value).map(InputValue::CustomFields),
        FieldKind::Files => None,
    }
}

/// A non-negative integer no larger than 2^53 - 1, or its decimal text (`"3"`, as rows
/// carry ids).
fn read_number(value: &JsValue) -> Option<u64> {
    if let Some(text) = value.as_string() {
        return (!text.is_empty() && text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten();
    }
    let n = value.as_f64()?;
    (Number::is_safe_integer(value) && n >= 0.0).then_some(n as u64)
}

/// A string, or a finite number as JavaScript writes it.
fn text_of(value: &JsValue) -> Option<String> {
    match value.as_f64() {
        Some(n) if n.is_finite() => Some(js_text(value)),
        Some(_) => None,
        None => value.as_string(),
    }
}

fn read_custom_fields(value: &JsValue) -> Option<CustomFieldMap> {
    if !js::is_record(value) {
        return None;
    }
    let mut map = CustomFieldMap::new();
    for fieldto in js::keys(value).iter() {
        let fieldto = fieldto.as_string()?;
        let inner = js::get(value, &fieldto);
        if !js::is_record(&inner) {
            return None;
        }
        let entry = map.entry(fieldto).or_default();
        for id in js::keys(&inner).iter() {
            let id = id.as_string()?;
            entry.insert(id.clone(), js::get(&inner, &id).as_string()?);
        }
    }
    Some(map)
}

/// Keeps the blobs aside and gives the record one placeholder part per blob.
fn read_files(value: &JsValue, blobs: &mut Vec<JsValue>) -> Option<InputValue> {
    let array = value.dyn_ref::<Array>()?;
    if !array.iter().all(|b| b.is_instance_of::<Blob>()) {
        return None;
    }
    blobs.extend(array.iter());
    Some(InputValue::Files(vec![
        FilePart::default();
        array.length() as usize
    ]))
}

fn wrong_kind(spec: &FieldSpec) -> PmpError {
    let expected = match spec.kind {
        FieldKind::Text => "a string or a number",
        FieldKind::Date => "a date as YYYY-MM-DD or a Date",
        FieldKind::Number => "a non-negative integer or its decimal text",
        FieldKind::Flag => "a boolean",
        FieldKind::NumberList => "an array of non-negative integers (or their decimal texts)",
        FieldKind::Files => "an array of Blob or File objects",
        FieldKind::CustomFields => "an object of objects of strings",
    };
    PmpError::invalid_input(pmp_core::text(&["field `", spec.name, "` must be ", expected]))
}
