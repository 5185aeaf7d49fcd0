//! pmp-core's `PmpError` as a JavaScript `PmpError`, a subclass of `Error`.
//!
//! The class is a few lines of JavaScript because a wasm-bindgen struct cannot extend `Error`;
//! the packaging wrappers re-export it (see [`pmp_error_class`]).

use pmp_core::{ClientConfig, PmpError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class PmpError extends Error {
  constructor(kind, message, status, fieldErrors, attempts) {
    super(message);
    this.name = "PmpError";
    this.kind = kind;
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.attempts = attempts;
    this.retryAfterMs = undefined;
  }
  toJSON() {
    const { name, kind, status, message, fieldErrors, attempts, retryAfterMs } = this;
    return { name, kind, status, message, fieldErrors, attempts, retryAfterMs };
  }
}
export function pmpErrorClass() { return PmpError; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = PmpError)]
    type JsPmpError;
    #[wasm_bindgen(constructor, js_class = PmpError)]
    fn new(kind: &str, message: &str, status: JsValue, field_errors: JsValue, attempts: u32) -> JsPmpError;
    #[wasm_bindgen(js_name = pmpErrorClass)]
    fn error_class() -> JsValue;
}

/// The `PmpError` class, for the package's entry points to export (not part of the typed API).
#[wasm_bindgen(js_name = pmpErrorClass, skip_typescript)]
pub fn pmp_error_class() -> JsValue {
    error_class()
}

/// The JavaScript error of a pmp-core error after `attempts` attempts (0: refused before
/// sending), with the token redacted from every message.
pub fn to_js(config: Option<&ClientConfig>, err: PmpError, attempts: u32) -> JsValue {
    let redact = |text: &str| match config {
        Some(config) => config.redact(text),
        None => text.to_owned(),
    };
    let fields = js_sys::Object::new();
    for (name, message) in &err.field_errors {
        let _ = js_sys::Reflect::set(&fields, &name.into(), &redact(message).into());
    }
    let status = err.status.map_or(JsValue::UNDEFINED, JsValue::from);
    JsPmpError::new(
        err.kind.as_str(),
        &redact(&err.message),
        status,
        fields.into(),
        attempts,
    )
    .into()
}
