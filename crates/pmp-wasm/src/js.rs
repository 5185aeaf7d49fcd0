//! The few JavaScript globals the client uses, declared by hand: smaller glue than web-sys,
//! and every call that can throw is declared `catch` so that no JavaScript exception ever
//! unwinds through the wasm instance.

use js_sys::Object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Blob` (and so `File`): the only values `files` takes.
    #[cfg(feature = "writes")]
    pub type Blob;

    /// `FormData`, for bodies with files.
    #[cfg(feature = "writes")]
    pub type FormData;
    #[cfg(feature = "writes")]
    #[wasm_bindgen(constructor, catch)]
    pub fn new() -> Result<FormData, JsValue>;
    #[cfg(feature = "writes")]
    #[wasm_bindgen(method, catch)]
    pub fn append(this: &FormData, name: &str, value: &JsValue) -> Result<(), JsValue>;

    /// `JSON.parse` of a JavaScript string, without copying it into wasm memory.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;

    /// `String(value)`: JavaScript's own text of a value (numbers as JavaScript writes them).
    #[wasm_bindgen(catch, js_name = String)]
    pub fn string(value: &JsValue) -> Result<js_sys::JsString, JsValue>;
}

/// Whether a value is an object (not `null`, not an array, not a function).
pub fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value) && !value.is_function()
}

/// Whether a value is an object literal (prototype `Object.prototype` or `null`): a `Headers`
/// or `Map` has no own enumerable keys, so taking one as a record would drop its entries.
#[cfg(feature = "writes")]
pub fn is_record(value: &JsValue) -> bool {
    if !is_plain_object(value) {
        return false;
    }
    let prototype = Object::get_prototype_of(value);
    prototype.is_null() || Object::get_prototype_of(&prototype).is_null()
}

/// `Object.keys(value)` of an object.
pub fn keys(value: &JsValue) -> js_sys::Array {
    Object::keys(value.unchecked_ref::<Object>())
}

/// `value[key]`, `undefined` when it cannot be read.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
