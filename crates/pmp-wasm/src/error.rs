//! pmp-core's `PmpError` as a JavaScript `PmpError`, a subclass of `Error`.
//!
//! The class is a few lines of JavaScript because a wasm-bindgen struct cannot extend `Error`;
//! `cargo xtask pkg` moves this snippet to `web/error.js`, where js/client.js imports the class
//! before the wasm is instantiated, and the package's entry points re-export it.

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
  }
  toJSON() {
    const { name, kind, status, message, fieldErrors, attempts } = this;
    return { name, kind, status, message, fieldErrors, attempts };
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = PmpError)]
    type JsPmpError;
    #[wasm_bindgen(constructor, js_class = PmpError)]
    fn new(kind: &str, message: &str, status: JsValue, field_errors: JsValue, attempts: u32) -> JsPmpError;
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
