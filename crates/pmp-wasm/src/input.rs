//! JavaScript call arguments as pmp-core values: ids and keywords (input objects: src/untyped.rs).

use js_sys::Number;
use pmp_core::{id_from_str, safe_id, PmpError};
use wasm_bindgen::JsValue;

use crate::js;

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
