//! Answers as results: the body parsed by `JSON.parse`, its shape checked, and the parsed
//! JavaScript value returned as is (no copy through serde: issue 7). Failures are classified
//! by pmp-core's `classify_error`, from an `ErrorBody` read off the parsed value.

use std::collections::BTreeMap;

use js_sys::{Array, JsString};
use pmp_core::{classify_error, row_columns, Endpoint, ErrorBody, ErrorKind, OutputKind, PmpError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const split = new Map();
// The named columns of rows as text, as the types say and as pmp-core decodes them: a number
// becomes its JavaScript text, a boolean "1" or "0" (MySQL's). Other columns stay as sent.
export function textColumns(rows, columns) {
  let names = split.get(columns);
  if (!names) split.set(columns, (names = columns.split(",").filter(Boolean)));
  for (const row of rows) {
    for (const name of names) {
      const value = row[name];
      if (typeof value === "number") row[name] = String(value);
      else if (typeof value === "boolean") row[name] = value ? "1" : "0";
    }
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = textColumns)]
    fn text_columns(rows: &Array, columns: &str);
}

use crate::js;
use crate::transport::Answer;

/// The result of a call of `endpoint` whose answer is `answer`.
pub fn decode(endpoint: &Endpoint, answer: &Answer) -> Result<JsValue, PmpError> {
    let output = endpoint.output;
    let parsed = js::json_parse(&answer.text).ok();
    let success = (200..300).contains(&answer.status);
    let flagged_failure = parsed
        .as_ref()
        .is_some_and(|v| js::is_plain_object(v) && js::get(v, "status").as_bool() == Some(false));
    if !success || flagged_failure {
        return Err(failure(answer, parsed.as_ref()));
    }
    let Some(value) = parsed else {
        return Err(decode_error(output, answer, "not JSON: "));
    };
    let shaped = match output {
        OutputKind::Rows if Array::is_array(&value) => all_rows(&value).then_some(value),
        // The document shows a search answering one object; real servers send an array.
        OutputKind::Rows if js::is_plain_object(&value) => Some(Array::of1(&value).into()),
        OutputKind::Row if js::is_plain_object(&value) => Some(value),
        // A write succeeded only if the server says so: `{status: true, ...}`.
        OutputKind::Message
            if js::is_plain_object(&value) && js::get(&value, "status").as_bool() == Some(true) =>
        {
            Some(value)
        }
        _ => None,
    };
    let value = shaped.ok_or_else(|| decode_error(output, answer, ""))?;
    match output {
        OutputKind::Rows => text_columns(value.unchecked_ref(), row_columns(endpoint.resource)),
        OutputKind::Row => text_columns(&Array::of1(&value), row_columns(endpoint.resource)),
        OutputKind::Message => {}
    }
    Ok(value)
}

/// Every element of an array is a row object.
fn all_rows(value: &JsValue) -> bool {
    let rows: &Array = wasm_bindgen::JsCast::unchecked_ref(value);
    rows.iter().all(|row| js::is_plain_object(&row))
}

fn expected(output: OutputKind) -> &'static str {
    match output {
        OutputKind::Rows => "an array of rows",
        OutputKind::Row => "a row object",
        OutputKind::Message => "a {status, message} object",
    }
}

fn decode_error(output: OutputKind, answer: &Answer, why: &str) -> PmpError {
    PmpError::new(
        ErrorKind::Decode,
        format!(
            "expected {}; got {why}{}",
            expected(output),
            excerpt(&answer.text)
        ),
    )
    .with_status(answer.status)
}

/// The error of a failed answer: pmp-core classifies it from the parsed error body.
fn failure(answer: &Answer, parsed: Option<&JsValue>) -> PmpError {
    match parsed.filter(|v| js::is_plain_object(v)) {
        Some(body) => classify_error(answer.status, Some(&error_body(body))),
        None if matches!(answer.status, 401 | 403) => classify_error(answer.status, None),
        None => PmpError::new(
            ErrorKind::Http,
            format!("HTTP {}: {}", answer.status, excerpt(&answer.text)),
        )
        .with_status(answer.status),
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
