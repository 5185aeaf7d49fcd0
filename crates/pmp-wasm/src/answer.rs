//! Answers that are not successes. Successes are parsed and shape-checked in JavaScript
//! (js/client/answer.js) and returned as parsed, with no copy through serde; the rest come
//! here, where pmp-core's `classify_error` reads an `ErrorBody` off the parsed value.

use js_sys::JsString;
use pmp_core::{
    classify_error, classify_unreadable, ErrorBody, ErrorDetail, ErrorKind, FieldMessages, OutputKind,
    PmpError,
};
use wasm_bindgen::prelude::*;

use crate::js;

/// The error of an answer that the JavaScript side did not take as a success: an error
/// status, a `{status: false}` body, or not the JSON that `output` expects. `excerpt`
/// describes the body in a few words (`no body`, `an HTML page`, a short quote), for the
/// messages of bodies that are not JSON (js/client/retry.js writes it: text folding is
/// JavaScript's job, kept out of the wasm).
pub fn failure(output: OutputKind, status: u16, text: &JsString, excerpt: &str) -> PmpError {
    let parsed = js::json_parse(text).ok();
    let flagged_failure = parsed
        .as_ref()
        .is_some_and(|v| js::is_plain_object(v) && js::get(v, "status").as_bool() == Some(false));
    if !(200..300).contains(&status) || flagged_failure {
        return error_answer(status, excerpt, parsed.as_ref());
    }
    let why = if parsed.is_none() { "not JSON: " } else { "" };
    PmpError::new(
        ErrorKind::Decode,
        pmp_core::text(&["expected ", expected(output), "; got ", why, excerpt]),
    )
    .with_status(status)
}

fn expected(output: OutputKind) -> &'static str {
    match output {
        OutputKind::Rows => "an array of rows or a {data, meta} page",
        OutputKind::Row => "a row object",
        OutputKind::Message => "a {status, message} object",
    }
}

/// The error of a failed answer: pmp-core classifies it from the parsed error body.
fn error_answer(status: u16, excerpt: &str, parsed: Option<&JsValue>) -> PmpError {
    match parsed.filter(|v| js::is_plain_object(v)) {
        Some(body) => classify_error(status, Some(&error_body(body))),
        None => classify_unreadable(status, excerpt),
    }
}

/// `{status, message, error, errors}` read off a parsed error answer: `error` a field map
/// or a text (405, 3.x), `errors` 3.x's field map.
fn error_body(body: &JsValue) -> ErrorBody {
    let error = js::get(body, "error");
    ErrorBody {
        status: false,
        message: scalar_text(&js::get(body, "message")),
        error: match field_map(&error) {
            Some(fields) => Some(ErrorDetail::Fields(fields)),
            None => scalar_text(&error).map(ErrorDetail::Text),
        },
        errors: field_map(&js::get(body, "errors")),
    }
}

/// A field-to-message object as a map (every version sends one message per field).
fn field_map(value: &JsValue) -> Option<FieldMessages> {
    js::is_plain_object(value).then(|| {
        let mut fields = FieldMessages::new();
        for key in js::keys(value).iter() {
            let key = key.as_string().unwrap_or_default();
            if let Some(text) = scalar_text(&js::get(value, &key)) {
                fields.insert(key, text);
            }
        }
        fields
    })
}

/// A string, number or boolean as text; `None` for anything else.
fn scalar_text(value: &JsValue) -> Option<String> {
    value
        .as_string()
        .or_else(|| value.as_f64().map(|_| crate::input::js_text(value)))
}
