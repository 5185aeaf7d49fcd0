//! JavaScript input objects as pmp-core values (the full build only: see src/writes.rs).
//!
//! An input object is walked by pmp-core (`pmp_core::read_input`, through [`UntypedValue`]),
//! so that the field table, the wording of refusals, the mandatory checks and the wire
//! encoding stay in pmp-core. Files stay JavaScript
//! `Blob`s: the record holds an empty placeholder per file, so that pmp-core still decides
//! where files may go, and the transport puts the real blobs in their place.

use std::cell::RefCell;

use js_sys::{Array, Number};
use pmp_core::{
    decimal_text, FilePart, InputRecord, InputSource, InputValue, PmpError, Resource, UntypedValue,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::input::js_text;
use crate::js::{self, Blob};

/// The fields of a create or update call, and the blobs of its `files` field, in order: read
/// by pmp-core's one untyped-input walk (`pmp_core::read_input`).
pub fn read_input(resource: Resource, value: &JsValue) -> Result<(InputRecord, Vec<JsValue>), PmpError> {
    let blobs = RefCell::new(Vec::new());
    let record = pmp_core::read_input(
        resource,
        &JsInput {
            value: value.clone(),
            blobs: &blobs,
        },
    )?;
    Ok((record, blobs.into_inner()))
}

/// A JavaScript value as pmp-core's untyped input reads it, with where the blobs of a
/// `files` field go (the record holds a placeholder part per blob).
struct JsInput<'a> {
    value: JsValue,
    blobs: &'a RefCell<Vec<JsValue>>,
}

impl<'a> JsInput<'a> {
    fn of(&self, value: JsValue) -> JsInput<'a> {
        JsInput {
            value,
            blobs: self.blobs,
        }
    }

    /// Calls `each` with every own enumerable property, in order, until it returns `false`.
    fn properties(&self, each: &mut dyn FnMut(String, JsInput<'a>) -> bool) {
        for key in js::keys(&self.value).iter() {
            let name = key.as_string().unwrap_or_default();
            let value = js::get(&self.value, &name);
            if !each(name, self.of(value)) {
                break;
            }
        }
    }
}

impl UntypedValue for JsInput<'_> {
    const SOURCE: InputSource = InputSource::JavaScript;

    /// `undefined` and `null` mean "not sent", as an absent property does.
    fn is_absent(&self) -> bool {
        self.value.is_undefined() || self.value.is_null()
    }

    fn each_entry(&self, each: &mut dyn FnMut(String, Self) -> bool) -> bool {
        let object = js::is_plain_object(&self.value);
        if object {
            self.properties(each);
        }
        object
    }

    /// Object literals only: a `Map` has no own keys, and would read as empty.
    fn each_map_entry(&self, each: &mut dyn FnMut(String, Self) -> bool) -> bool {
        let record = js::is_record(&self.value);
        if record {
            self.properties(each);
        }
        record
    }

    fn each_item(&self, each: &mut dyn FnMut(Self) -> bool) -> bool {
        let Some(array) = self.value.dyn_ref::<Array>() else {
            return false;
        };
        for item in array.iter() {
            if !each(self.of(item)) {
                break;
            }
        }
        true
    }

    /// A string, or a finite number as JavaScript writes it.
    fn text(&self) -> Option<String> {
        match self.value.as_f64() {
            Some(n) if n.is_finite() => Some(js_text(&self.value)),
            Some(_) => None,
            None => self.value.as_string(),
        }
    }

    fn string(&self) -> Option<String> {
        self.value.as_string()
    }

    /// A non-negative integer no larger than 2^53 - 1, or its decimal text of at most 15
    /// digits (`"3"`, as rows carry ids).
    fn number(&self) -> Option<u64> {
        if let Some(text) = self.value.as_string() {
            return decimal_text(&text, 15);
        }
        let n = self.value.as_f64()?;
        (Number::is_safe_integer(&self.value) && n >= 0.0).then_some(n as u64)
    }

    fn flag(&self) -> Option<bool> {
        self.value.as_bool()
    }

    /// An array of `Blob`s: kept aside, one placeholder part each in the record.
    fn files(&self) -> Option<InputValue> {
        let array = self.value.dyn_ref::<Array>()?;
        if !array.iter().all(|b| b.is_instance_of::<Blob>()) {
            return None;
        }
        self.blobs.borrow_mut().extend(array.iter());
        Some(InputValue::Files(vec![
            FilePart::default();
            array.length() as usize
        ]))
    }
}
