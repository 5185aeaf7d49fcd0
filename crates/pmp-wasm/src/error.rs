//! pmp-core's `PmpError` as a JavaScript `PmpError`, a subclass of `Error`.
//!
//! The class is a few lines of JavaScript because a wasm-bindgen struct cannot extend `Error`;
//! `cargo xtask pkg` moves this snippet to `web/error.js`, where js/client.js imports the class
//! before the wasm is instantiated, and the package's entry points re-export it.

use pmp_core::{ClientConfig, PmpError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class PmpError extends Error {
  // Named values: `fieldErrors` as [name, message] entries, so that a `__proto__` field stays a field.
  constructor({ kind, message, status, fieldErrors = [], attempts }) {
    super(message);
    this.name = "PmpError";
    this.kind = kind;
    this.status = status;
    this.fieldErrors = Object.fromEntries(fieldErrors);
    this.attempts = attempts;
    this.retryAfterMs = undefined;
  }
  toJSON() {
    const { name, kind, status, message, fieldErrors, attempts, retryAfterMs } = this;
    return { name, kind, status, message, fieldErrors, attempts, retryAfterMs };
  }
}
// The wasm's way to make one: wasm-bindgen binds its parameters from the Rust declaration below.
export const pmpError = (kind, message, status, fieldErrors, attempts) =>
  new PmpError({ kind, message, status, fieldErrors, attempts });
"#)]
extern "C" {
    /// `new PmpError({ kind, message, status, fieldErrors, attempts })`.
    #[wasm_bindgen(js_name = pmpError)]
    fn pmp_error(kind: &str, message: &str, status: JsValue, field_errors: JsValue, attempts: u32)
        -> JsValue;
}

/// The JavaScript error of a pmp-core error after `attempts` attempts (0: refused before
/// sending), with the token redacted from every message.
pub fn to_js(config: Option<&ClientConfig>, err: PmpError, attempts: u32) -> JsValue {
    let redact = |text: &str| match config {
        Some(config) => config.redact(text),
        None => text.to_owned(),
    };
    // Names are redacted too: a server may echo the token as a field name. The entries are
    // `of3` arrays (the third item unused) because `of3` is linked already and `of2` is not.
    let fields: js_sys::Array = err
        .field_errors
        .iter()
        .map(|(name, message)| {
            js_sys::Array::of3(&redact(name).into(), &redact(message).into(), &JsValue::UNDEFINED)
        })
        .collect();
    let status = err.status.map_or(JsValue::UNDEFINED, JsValue::from);
    pmp_error(
        err.kind.as_str(),
        &redact(&err.message),
        status,
        fields.into(),
        attempts,
    )
}

/// A `PmpError` that the JavaScript side names (`timeout`, `aborted`, `network`, `redirect`,
/// `too_large`: the kinds of pmp-core's `ErrorKind` that only a transport meets), with no
/// status and no field errors, the token redacted from `message`.
pub fn transport_error(config: &ClientConfig, kind: &str, message: &str, attempts: u32) -> JsValue {
    pmp_error(
        kind,
        &config.redact(message),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
        attempts,
    )
}
