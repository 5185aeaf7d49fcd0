//! `Core`: the synchronous half of a client, behind the JavaScript `PmpClient` (js/client.js).
//!
//! JavaScript owns everything asynchronous (fetch, timers, aborts, the retry loop); it asks
//! the wasm only for what pmp-core decides: the checked options, each call's request, what
//! a failed answer means and whether to try again. No promise, closure or future crosses
//! into the wasm, so a call costs one crossing on success (issue 7).

use std::cell::OnceCell;

use js_sys::{Array, Math, Object, Reflect};
use pmp_core::{
    build_request, row_columns, Args, AttemptOutcome, Body, ClientConfig, FormField, HttpRequest, InputKind,
    OutputKind, PmpError, RetryPolicy, CATALOGUE,
};
use wasm_bindgen::prelude::*;

use crate::answer::failure;
use crate::error::{to_js, transport_error};
use crate::input::{read_id, read_input, read_keyword};
use crate::js::FormData;

/// The endpoints as the JavaScript client defines its methods from them:
/// `[operationId, method, input, output, columns, tokenHeaders, idColumn]`, `input` and
/// `output` being the positions of pmp-core's `InputKind` and `OutputKind` variants, `columns`
/// the row columns that are text (comma-separated), `tokenHeaders` the names of the headers
/// that carry the token (hooks see those headers redacted) and `idColumn` the rows' id column. Indexes into this array are the `op` of [`Core`].
#[wasm_bindgen(skip_typescript)]
pub fn catalogue() -> Array {
    CATALOGUE
        .iter()
        .map(|e| {
            let columns = match e.output {
                OutputKind::Message => "",
                _ => row_columns(e.resource),
            };
            let entry = Array::of3(
                &e.operation_id.into(),
                &e.method.as_str().into(),
                &(e.input as u32).into(),
            );
            entry.push(&(e.output as u32).into());
            entry.push(&columns.into());
            entry.push(
                &e.auth
                    .headers()
                    .iter()
                    .map(|h| JsValue::from(*h))
                    .collect::<Array>(),
            );
            entry.push(&e.resource.id_field().into());
            JsValue::from(entry)
        })
        .collect()
}

/// The checked configuration and the retry policy of one client.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    config: ClientConfig,
    /// Per endpoint, the headers object of its requests without files: the same for every
    /// call, so built once (fetch does not change it; hooks get copies).
    headers: Vec<OnceCell<JsValue>>,
    policy: RetryPolicy,
}

#[wasm_bindgen]
impl Core {
    /// A client's core from options that `PmpClient` has read and type-checked: pmp-core
    /// checks the base URL, the token, the extra headers (`[name, value, ...]`) and the retry
    /// policy, and throws a `PmpError` of kind `invalid_input` naming what is wrong.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        base_url: &str,
        token: &str,
        headers: Array,
        retries: Option<u32>,
        retry_writes: Option<bool>,
        retry_creates: Option<bool>,
        retry_base_ms: Option<u32>,
        retry_max_ms: Option<u32>,
        retry_after_max_ms: Option<u32>,
    ) -> Result<Core, JsValue> {
        let defaults = RetryPolicy::default();
        let policy = RetryPolicy {
            retries: retries.unwrap_or(defaults.retries),
            retry_writes: retry_writes.unwrap_or(defaults.retry_writes),
            retry_creates: retry_creates.unwrap_or(defaults.retry_creates),
            base_delay_ms: retry_base_ms.unwrap_or(defaults.base_delay_ms),
            max_delay_ms: retry_max_ms.unwrap_or(defaults.max_delay_ms),
            max_retry_after_ms: retry_after_max_ms.unwrap_or(defaults.max_retry_after_ms),
        };
        Core::checked(base_url, token, &headers, policy).map_err(|e| to_js(None, e, 0))
    }

    /// The request of a call of endpoint `op`: `[url, headers, body]`, `body` being
    /// `undefined`, a string or a `FormData` (files go into it in order). The query of lists
    /// and searches (pmp-core's `ListQuery` parameters) is checked and appended by
    /// js/client.js: URLSearchParams does it with no wasm. Throws a `PmpError` of kind
    /// `invalid_input` when the arguments are refused.
    pub fn prepare(&self, op: usize, first: JsValue, second: JsValue) -> Result<Array, JsValue> {
        self.request(op, first, second)
            .map_err(|e| to_js(Some(&self.config), e, 0))
    }

    /// The `PmpError` of an answer that is not a success of endpoint `op` (an error status,
    /// `{status: false}`, or not the JSON expected), after `attempts` attempts; `excerpt`
    /// describes the body for messages about bodies that are not JSON.
    pub fn failure(
        &self,
        op: usize,
        status: u16,
        text: js_sys::JsString,
        excerpt: &str,
        attempts: u32,
    ) -> JsValue {
        let error = failure(endpoint(op).output, status, &text, excerpt);
        to_js(Some(&self.config), error, attempts)
    }

    /// A `PmpError` made by the JavaScript side, of kind `timeout`, `aborted`, `network`,
    /// `redirect` or `too_large` (JavaScript passes only those), the token redacted from
    /// `message`. The kind is passed through: no mapping code in the wasm.
    pub fn error(&self, kind: &str, message: &str, attempts: u32) -> JsValue {
        transport_error(&self.config, kind, message, attempts)
    }

    /// The wait before the next attempt of endpoint `op` after `attempts` attempts, in
    /// milliseconds, or -1 to stop. `status` is the answer's HTTP status (429 for any rate
    /// limit, 403 for any auth failure, as js/client.js maps the error kinds), 0 for a network
    /// error, 1 for an attempt that ran out of time; `server_wait_ms` the wait the server asked
    /// for (`Retry-After`, or the `X-RateLimit-Reset` time of a 429), read in JavaScript
    /// (`Date.parse`: no date parser in the wasm), or NaN.
    #[wasm_bindgen(js_name = retryDelay)]
    pub fn retry_delay(&self, op: usize, attempts: u32, status: u16, server_wait_ms: f64) -> i32 {
        let outcome = match status {
            0 => AttemptOutcome::Network,
            1 => AttemptOutcome::Timeout,
            status => AttemptOutcome::Status(status),
        };
        if !self.policy.should_retry(endpoint(op).method, attempts, outcome) {
            return -1;
        }
        let wait = (server_wait_ms >= 0.0).then_some(server_wait_ms as u64);
        self.policy.delay_after_ms(attempts, Math::random(), wait) as i32
    }

    /// The headers an `onRequest` hook may return, checked as the `headers` option is;
    /// throws a `PmpError` of kind `invalid_input` for a bad one.
    #[wasm_bindgen(js_name = checkHeader)]
    pub fn check_header(&self, name: &str, value: &JsValue) -> Result<(), JsValue> {
        let checked = match value.as_string() {
            Some(value) => pmp_core::check_header(name, &value),
            None => Err(PmpError::invalid_input(pmp_core::text(&[
                "onRequest returned a non-string value for header `",
                name,
                "`",
            ]))),
        };
        checked.map_err(|e| to_js(Some(&self.config), e, 0))
    }
}

/// `op` as an index of `CATALOGUE`: it comes from `catalogue()`'s indexes, through the
/// package's own JavaScript, and is clamped so that a wrong one cannot trap.
fn index(op: usize) -> usize {
    op.min(CATALOGUE.len() - 1)
}

fn endpoint(op: usize) -> &'static pmp_core::Endpoint {
    &CATALOGUE[index(op)]
}

impl Core {
    fn checked(base_url: &str, token: &str, headers: &Array, policy: RetryPolicy) -> Result<Core, PmpError> {
        let mut config = ClientConfig::new(base_url, token)?;
        for pair in 0..headers.length() / 2 {
            let text = |i| headers.get(i).as_string().unwrap_or_default();
            config = config.with_header(&text(2 * pair), &text(2 * pair + 1))?;
        }
        policy.validate()?;
        Ok(Core {
            config,
            headers: CATALOGUE.iter().map(|_| OnceCell::new()).collect(),
            policy,
        })
    }

    fn request(&self, op: usize, first: JsValue, second: JsValue) -> Result<Array, PmpError> {
        let endpoint = endpoint(op);
        let keyword;
        let record;
        let mut blobs = Vec::new();
        let args = match endpoint.input {
            InputKind::None => Args::None,
            InputKind::Id => Args::Id(read_id(&first)?),
            InputKind::Keyword => {
                keyword = read_keyword(&first)?;
                Args::Keyword(&keyword)
            }
            InputKind::Fields => {
                (record, blobs) = read_input(endpoint.resource, &first)?;
                Args::Fields(&record)
            }
            InputKind::IdAndFields => {
                let id = read_id(&first)?;
                (record, blobs) = read_input(endpoint.resource, &second)?;
                Args::IdAndFields(id, &record)
            }
            InputKind::ParentAndId => Args::ParentAndId(read_id(&first)?, read_id(&second)?),
        };
        let request = build_request(&self.config, endpoint, args)?;
        let headers = if request.body.has_files() {
            headers(&request)
        } else {
            self.headers[index(op)].get_or_init(|| headers(&request)).clone()
        };
        Ok(Array::of3(
            &request.url.as_str().into(),
            &headers,
            &body(&request.body, blobs)?,
        ))
    }
}

fn headers(request: &HttpRequest) -> JsValue {
    let object = Object::new();
    for (name, value) in &request.headers {
        let _ = Reflect::set(&object, &name.into(), &value.into());
    }
    object.into()
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
