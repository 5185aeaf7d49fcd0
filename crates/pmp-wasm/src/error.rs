//! pmp-core's `PmpError` as a JavaScript `PmpError`, a subclass of `Error`.
//!
//! The class is a few lines of JavaScript because a wasm-bindgen struct cannot extend `Error`;
//! `cargo xtask pkg` moves this snippet to `web/error.js`, where js/client/common.js imports
//! the class before the wasm is instantiated, and the package's entry points re-export it.
//! The same snippet makes the named values of src/plan.rs's decisions (one call from the wasm
//! each, rather than a property set at a time): wasm-bindgen allows the build one snippet.

use pmp_core::{ClientConfig, PmpError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export class PmpError extends Error {
  // Named values: `fieldErrors` as [name, message] entries, so that a `__proto__` field stays a field.
  constructor({ kind, message, status, fieldErrors = [], attempts, updateFail }) {
    super(message);
    this.name = "PmpError";
    this.kind = kind;
    this.status = status;
    this.fieldErrors = Object.fromEntries(fieldErrors);
    this.attempts = attempts;
    this.retryAfterMs = undefined;
    // The wasm's mark of an update's `Update Fail.` that one get of the row tells apart (for
    // the client's update): not enumerable, so that the error looks as any other.
    if (updateFail) Object.defineProperty(this, "updateFail", { value: true });
  }
  toJSON() {
    const { name, kind, status, message, fieldErrors, attempts, retryAfterMs } = this;
    return { name, kind, status, message, fieldErrors, attempts, retryAfterMs };
  }
}
// The wasm's way to make one: wasm-bindgen binds its parameters from the Rust declaration below.
export const pmpError = (kind, message, status, fieldErrors, attempts, updateFail) =>
  new PmpError({ kind, message, status, fieldErrors, attempts, updateFail });
// The named values of pmp-core's whole-call decisions (src/plan.rs), made here from the
// wasm's numbers and texts: one call each, rather than a property set at a time from the wasm.
export const listPlan = (wholeTable, lastPage, inFlight, sort, fields) =>
  wholeTable ? { wholeTable, sort, fields } : { wholeTable, lastPage, inFlight };
export const sortKey = (column, descending) => ({ column, descending });
export const localPage = (start, end, page, per_page, total, total_pages, has_more) =>
  ({ start, end, meta: { page, per_page, total, total_pages, has_more, current_page: page, last_page: total_pages } });
export const unchanged = (message) => ({ status: false, message, unchanged: true });
"#)]
extern "C" {
    /// `new PmpError({ kind, message, status, fieldErrors, attempts, updateFail })`.
    #[wasm_bindgen(js_name = pmpError)]
    fn pmp_error(
        kind: &str,
        message: &str,
        status: JsValue,
        field_errors: JsValue,
        attempts: u32,
        update_fail: bool,
    ) -> JsValue;

    /// `{ wholeTable, lastPage, inFlight }` of 3.x's pages, or `{ wholeTable, sort, fields }`
    /// of a whole table (pmp-core's `ListPlan`).
    #[wasm_bindgen(js_name = listPlan)]
    pub fn list_plan_value(
        whole_table: bool,
        last_page: u32,
        in_flight: u32,
        sort: JsValue,
        fields: JsValue,
    ) -> JsValue;

    /// `{ column, descending }` (pmp-core's `SortKey`).
    #[wasm_bindgen(js_name = sortKey)]
    pub fn sort_key_value(column: &str, descending: bool) -> JsValue;

    /// `{ start, end, meta }` of a page cut from a whole table (pmp-core's `LocalPage`), the
    /// meta with 3.x's `current_page` and `last_page` too.
    #[wasm_bindgen(js_name = localPage)]
    pub fn local_page_value(
        start: u32,
        end: u32,
        page: u32,
        per_page: u32,
        total: u32,
        total_pages: u32,
        has_more: bool,
    ) -> JsValue;

    /// `{ status: false, message, unchanged: true }` (pmp-core's `ApiMessage::unchanged`).
    #[wasm_bindgen(js_name = unchanged)]
    pub fn unchanged_value(message: &str) -> JsValue;
}

/// The JavaScript error of a pmp-core error after `attempts` attempts (0: refused before
/// sending), with the token redacted from every message.
pub fn to_js(config: Option<&ClientConfig>, err: PmpError, attempts: u32) -> JsValue {
    to_js_marked(config, err, attempts, false)
}

/// [`to_js`], with the `updateFail` mark when `update_fail` (an update's failure that one
/// get of the row tells apart: pmp-core's `UpdatePlan`).
pub fn to_js_marked(
    config: Option<&ClientConfig>,
    err: PmpError,
    attempts: u32,
    update_fail: bool,
) -> JsValue {
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
        update_fail,
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
        false,
    )
}
