//! What only the full build of the wasm holds: the calls that send input (creates, updates,
//! the endpoints beyond the six), the writes' whole-call decisions and file bodies.
//!
//! The browser entry loads a build without the `writes` feature first, which serves lists,
//! gets and searches (pmp-core's `Operation::is_read`), and this one on the first other call:
//! a page that only reads never downloads the input fields, validation, line items and
//! their totals. Node, Deno, Bun and workerd load this build alone.

use pmp_core::{
    build_extra_request, build_request, Args, Body, CheckEnd, CheckedWrite, CustomFieldTarget, Endpoint,
    ExtraArgs, ExtraEndpoint, ExtraInput, FormField, InputKind, Operation, PmpError, UpdateEnd, UpdatePlan,
    UpdateStep, ARG_ID, ARG_INPUT,
};
use wasm_bindgen::prelude::*;

use crate::core::{attempts, endpoint, extra, Core};
use crate::error::{to_js, unchanged_value};
use crate::input::read_id;
use crate::js::{self, FormData};
use crate::plan::kind;
use crate::untyped::read_input;

#[wasm_bindgen]
impl Core {
    /// Whether a create of endpoint `op` answered 2xx with an empty body succeeded: only
    /// where the server may answer so (pmp-core's `create_may_answer_empty`: 2.0.8's
    /// payments); elsewhere `failure` classifies it as a `decode` error. Asked only for an
    /// empty answer to a create.
    #[wasm_bindgen(js_name = createdEmpty)]
    pub fn created_empty(&self, op: usize) -> bool {
        let endpoint = endpoint(op);
        endpoint.operation == Operation::Create
            && extra(op).is_none()
            && pmp_core::create_may_answer_empty(&self.config, endpoint.resource)
    }

    /// The end of an update that failed with `failure`, once the get has answered: with
    /// `getFailure` undefined (the row exists) `{ status: false, message, unchanged: true }`;
    /// else this throws a `PmpError` of kind `not_found` (no row has this id) or, when the
    /// get failed otherwise, `failure` itself.
    #[wasm_bindgen(js_name = afterGet)]
    pub fn after_get(&self, failure: &JsValue, get_failure: &JsValue) -> Result<JsValue, JsValue> {
        let get = match get_failure.is_undefined() {
            true => Ok(()),
            false => Err(kind(get_failure)),
        };
        let message = js::get(failure, "message").as_string().unwrap_or_default();
        match UpdatePlan::after_get(&message, get) {
            UpdateEnd::Unchanged(message) => Ok(unchanged_value(&message)),
            UpdateEnd::NoSuchRow(missing) => Err(to_js(Some(&self.config), missing, attempts(failure))),
            UpdateEnd::Failed => Err(failure.clone()),
        }
    }

    /// The columns of endpoint `op`'s rows that are text in pmp-core's models, each followed by a
    /// comma: js/client/answer.js writes a number or boolean a server sent in one of them as text
    /// (real servers send text, so it asks seldom). In the full build only, so that the first
    /// wasm holds no column lists: a read whose rows need them waits for the full one.
    #[wasm_bindgen(js_name = rowColumns)]
    pub fn row_columns(op: usize) -> JsValue {
        match extra(op) {
            Some(extra) => JsValue::from_str(&extra.columns.join(",")),
            None => JsValue::from_str(pmp_core::row_columns(endpoint(op).resource)),
        }
    }

    /// The failure of a write of endpoint `op` whose get, sent first (`prepare`'s
    /// `getFirst`), failed with `failure`: a `PmpError` of kind `not_found` (no row has this
    /// id; nothing was written), or `failure` itself when the get failed otherwise.
    #[wasm_bindgen(js_name = afterCheck)]
    pub fn after_check(&self, op: usize, failure: &JsValue) -> JsValue {
        let Some(check) = CheckedWrite::of(&self.config, endpoint(op)) else {
            return failure.clone();
        };
        match check.after_get(Err(kind(failure))) {
            CheckEnd::NoSuchRow(missing) => to_js(Some(&self.config), missing, attempts(failure)),
            CheckEnd::Write | CheckEnd::Failed => failure.clone(),
        }
    }
}

/// The request of a call of `op` that sends input (`{ id, input }` by name) or is beyond the
/// six; `None` for the others, which `Core::prepare` builds itself.
pub(crate) fn request(core: &Core, op: usize, args: &JsValue) -> Option<Result<JsValue, PmpError>> {
    if let Some(extra) = extra(op) {
        return Some(extra_request(core, op, extra, args));
    }
    let endpoint = endpoint(op);
    let arg = |name| js::get(args, name);
    let built = |id: Option<u64>| {
        let (record, blobs) = read_input(endpoint.resource, &arg(ARG_INPUT))?;
        let call = match id {
            Some(id) => Args::IdAndFields(id, &record),
            None => Args::Fields(&record),
        };
        let request = build_request(&core.config, endpoint, call)?;
        let body = body(&request.body, blobs)?;
        // Files make a multipart body, whose Content-Type fetch sets per call.
        let named = core.named(op, &request, body, !request.body.has_files());
        get_first(core, op, &named);
        Ok(named)
    };
    match endpoint.input {
        InputKind::Fields => Some(built(None)),
        InputKind::IdAndFields => Some(read_id(&arg(ARG_ID)).and_then(|id| built(Some(id)))),
        _ => None,
    }
}

/// Whether the failure `error` of a call of `endpoint` is 1.0 and 2.0's `... Update Fail.`
/// (matched by pmp-core's `UpdatePlan`), which one get tells apart: "unchanged" or "no such
/// row" (`Core::failure` marks it for js/client/methods.js).
pub(crate) fn needs_get(endpoint: &Endpoint, error: &PmpError) -> bool {
    endpoint.operation == Operation::Update
        && UpdatePlan::of(endpoint.resource).after_update(error) == UpdateStep::Get
}

/// A write whose answer says nothing about the row (staffs): `getFirst` on its request, the
/// op of the get to send first with the same id (pmp-core's `CheckedWrite`).
pub(crate) fn get_first(core: &Core, op: usize, named: &JsValue) {
    if let Some(check) = CheckedWrite::of(&core.config, endpoint(op)) {
        let get = check.get().index() as f64;
        let _ = js_sys::Reflect::set(named, &"getFirst".into(), &get.into());
    }
}

/// The request of a call of an endpoint beyond the six: `{ fieldto, id }` by name (an `id`
/// left out or `null` names no row), or `{ id, input }` (`input` `{ cc }`, both optional).
fn extra_request(core: &Core, op: usize, extra: &ExtraEndpoint, args: &JsValue) -> Result<JsValue, PmpError> {
    let arg = |name| js::get(args, name);
    let cc;
    let call = match extra.input {
        ExtraInput::IdAndCc => {
            let id = read_id(&arg(ARG_ID))?;
            cc = read_cc(&arg(ARG_INPUT))?;
            ExtraArgs::IdAndCc(id, cc.as_deref())
        }
        ExtraInput::None => ExtraArgs::None,
        ExtraInput::Id => ExtraArgs::Id(read_id(&arg(ARG_ID))?),
        ExtraInput::FieldTo => {
            let fieldto = arg("fieldto").as_string().unwrap_or_default();
            let id = arg(ARG_ID);
            let id = if id.is_undefined() || id.is_null() {
                None
            } else {
                Some(read_id(&id)?)
            };
            ExtraArgs::FieldTo(CustomFieldTarget::parse_checked(&fieldto)?, id)
        }
    };
    let request = build_extra_request(&core.config, extra, call)?;
    let body = body(&request.body, Vec::new())?;
    // A body's Content-Type is among the headers, and `sendInvoice` sends one only with a `cc`.
    let same_headers = matches!(request.body, Body::None);
    Ok(core.named(op, &request, body, same_headers))
}

/// `sendInvoice`'s `{ cc }`: left out, `null` or without `cc`, none; else `cc` must be a
/// string (`invalid_input` otherwise).
fn read_cc(input: &JsValue) -> Result<Option<String>, PmpError> {
    if input.is_undefined() || input.is_null() {
        return Ok(None);
    }
    if !js::is_plain_object(input) {
        return Err(PmpError::invalid_input("the input must be an object: { cc }"));
    }
    let cc = js::get(input, "cc");
    if cc.is_undefined() || cc.is_null() {
        return Ok(None);
    }
    cc.as_string()
        .map(Some)
        .ok_or_else(|| PmpError::invalid_input("cc must be a string of comma-separated email addresses"))
}

/// The body as fetch takes it: a string (JSON or url-encoded) or, with files, `FormData`.
fn body(body: &Body, blobs: Vec<JsValue>) -> Result<JsValue, PmpError> {
    let unavailable = || PmpError::invalid_input("FormData is not available to send files");
    match body {
        Body::None => Ok(JsValue::UNDEFINED),
        Body::Json(json) => Ok(json.into()),
        Body::Form(fields) => match body.to_urlencoded() {
            Some(text) => Ok(text.into()),
            None => {
                let form = FormData::new().map_err(|_| unavailable())?;
                let mut blobs = blobs.into_iter();
                for field in fields {
                    let appended = match field {
                        FormField::Text { name, value } => form.append(name, &value.into()),
                        FormField::File(_) => form.append("file[]", &blobs.next().unwrap_or_default()),
                    };
                    appended.map_err(|_| unavailable())?;
                }
                Ok(form.into())
            }
        },
    }
}
