//! Answers that are not successes. Successes are parsed and shape-checked in JavaScript
//! (js/client.js) and returned as parsed, with no copy through serde (issue 7); the rest come
//! here, where pmp-core's `classify_error` reads an `ErrorBody` off the parsed value.

use std::collections::BTreeMap;

use js_sys::JsString;
use pmp_core::{classify_error, ErrorBody, ErrorKind, OutputKind, PmpError};
use wasm_bindgen::prelude::*;

use crate::js;

/// The error of an answer that the JavaScript side did not take as a success: an error
/// status, a `{status: false}` body, or not the JSON that `output` expects.
pub fn failure(output: OutputKind, status: u16, text: &JsString) -> PmpError {
    let parsed = js::json_parse(text).ok();
    let flagged_failure = parsed
        .as_ref()
        .is_some_and(|v| js::is_plain_object(v) && js::get(v, "status").as_bool() == Some(false));
    if !(200..300).contains(&status) || flagged_failure {
        return error_answer(status, text, parsed.as_ref());
    }
    let why = if parsed.is_none() { "not JSON: " } else { "" };
    PmpError::new(
        ErrorKind::Decode,
        format!("expected {}; got {why}{}", expected(output), excerpt(text)),
    )
    .with_status(status)
}

fn expected(output: OutputKind) -> &'static str {
    match output {
        OutputKind::Rows => "an array of rows",
        OutputKind::Row => "a row object",
        OutputKind::Message => "a {status, message} object",
    }
}

/// The error of a failed answer: pmp-core classifies it from the parsed error body.
fn error_answer(status: u16, text: &JsString, parsed: Option<&JsValue>) -> PmpError {
    match parsed.filter(|v| js::is_plain_object(v)) {
        Some(body) => classify_error(status, Some(&error_body(body))),
        None if matches!(status, 401 | 403) => classify_error(status, None),
        None => {
            PmpError::new(ErrorKind::Http, format!("HTTP {status}: {}", excerpt(text))).with_status(status)
        }
    }
}

/// `{status, message, error}` read off a parsed error answer.
fn error_body(body: &JsValue) -> ErrorBody {
    let error = js::get(body, "error");
    // Inserted one by one: `collect` into a BTreeMap would link a sort (5 kB of wasm).
    let field_errors = js::is_plain_object(&error).then(|| {
        let mut fields = BTreeMap::new();
        for key in js::keys(&error).iter() {
            let key = key.as_string().unwrap_or_default();
            if let Some(message) = scalar_text(&js::get(&error, &key)) {
                fields.insert(key, message);
            }
        }
        fields
    });
    ErrorBody {
        status: false,
        message: scalar_text(&js::get(body, "message")),
        error: field_errors,
    }
}

/// A string, number or boolean as text; `None` for anything else.
fn scalar_text(value: &JsValue) -> Option<String> {
    value
        .as_string()
        .or_else(|| value.as_f64().map(|_| crate::input::js_text(value)))
}

/// A short, one-line description of a body that is not the JSON expected.
fn excerpt(text: &JsString) -> String {
    const CHARS: usize = 120;
    let head = String::from(text.slice(0, 4 * CHARS as u32));
    let folded = head.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return "an empty body".to_owned();
    }
    let mut short: String = folded.chars().take(CHARS).collect();
    if text.length() as usize > 4 * CHARS || folded.chars().count() > CHARS {
        short.push('…');
    }
    if folded.starts_with('<') {
        format!("an HTML page: {short}")
    } else {
        format!("`{short}`")
    }
}
