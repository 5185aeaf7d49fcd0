//! `Core`: the synchronous half of a client, behind the JavaScript `PmpClient` (js/client.js).
//!
//! JavaScript owns everything asynchronous (fetch, timers, aborts, the retry loop); it asks
//! the wasm only for what pmp-core decides: the checked options, each call's request, what
//! a failed answer means and whether to try again. No promise, closure or future crosses
//! into the wasm, so a call costs one crossing on success (issue 7).

use js_sys::{Array, Date, Math, Object, Reflect};
use pmp_core::{
    build_request, is_token_header, row_columns, Args, AttemptOutcome, Body, ClientConfig, ErrorKind,
    FormField, HttpRequest, InputKind, OutputKind, PmpError, RetryPolicy, CATALOGUE, MAX_RETRIES,
};
use wasm_bindgen::prelude::*;

use crate::answer::failure;
use crate::error::to_js;
use crate::input::{read_id, read_input, read_keyword};
use crate::js::{self, FormData};

/// The default time limit of one request.
const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The longest delay `setTimeout` honours (larger ones fire at once).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// The endpoints as the JavaScript client defines its methods from them:
/// `[operationId, method, input, output, columns]`, `input` and `output` being the
/// positions of pmp-core's `InputKind` and `OutputKind` variants, `columns` the row columns
/// that are text (comma-separated). Indexes into this array are the `op` of [`Core`].
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
            JsValue::from(entry)
        })
        .collect()
}

/// The checked options and the retry policy of one client.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    config: ClientConfig,
    policy: RetryPolicy,
    timeout_ms: u32,
    total_timeout_ms: Option<u32>,
}

#[wasm_bindgen]
impl Core {
    /// Checks `new PmpClient(options)`; throws a `PmpError` naming the wrong option.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        Core::from_options(&options).map_err(|e| to_js(None, e, 0))
    }

    /// Time limit of one attempt, in milliseconds.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// Time limit of a whole call, in milliseconds, if any.
    #[wasm_bindgen(getter, js_name = totalTimeoutMs)]
    pub fn total_timeout_ms(&self) -> Option<u32> {
        self.total_timeout_ms
    }

    /// The request of a call of endpoint `op`: `[url, headers, body]`, `body` being
    /// `undefined`, a string or a `FormData` (files go into it in order). Throws a
    /// `PmpError` of kind `invalid_input` when the arguments are refused.
    pub fn prepare(&self, op: usize, first: JsValue, second: JsValue) -> Result<Array, JsValue> {
        self.request(op, first, second)
            .map_err(|e| to_js(Some(&self.config), e, 0))
    }

    /// The `PmpError` of an answer that is not a success of endpoint `op` (an error status,
    /// `{status: false}`, or not the JSON expected), after `attempts` attempts.
    pub fn failure(&self, op: usize, status: u16, text: js_sys::JsString, attempts: u32) -> JsValue {
        to_js(
            Some(&self.config),
            failure(endpoint(op).output, status, &text),
            attempts,
        )
    }

    /// A `PmpError` of `kind` made by the JavaScript side, the token redacted from `message`.
    pub fn error(&self, kind: &str, message: &str, attempts: u32) -> JsValue {
        let kind = match kind {
            "timeout" => ErrorKind::Timeout,
            "aborted" => ErrorKind::Aborted,
            "invalid_input" => ErrorKind::InvalidInput,
            _ => ErrorKind::Network,
        };
        to_js(Some(&self.config), PmpError::new(kind, message), attempts)
    }

    /// The wait before the next attempt of endpoint `op` after `attempts` attempts, in
    /// milliseconds, or -1 to stop. `status` is the answer's HTTP status, 0 for a network
    /// error, 1 for an attempt that ran out of time; `retry_after` the answer's header.
    #[wasm_bindgen(js_name = retryDelay)]
    pub fn retry_delay(&self, op: usize, attempts: u32, status: u16, retry_after: Option<String>) -> i32 {
        let outcome = match status {
            0 => AttemptOutcome::Network,
            1 => AttemptOutcome::Timeout,
            status => AttemptOutcome::Status(status),
        };
        if !self.policy.should_retry(endpoint(op).method, attempts, outcome) {
            return -1;
        }
        let wait = retry_after.as_deref().and_then(retry_after_ms);
        self.policy.delay_after_ms(attempts, Math::random(), wait) as i32
    }

    /// The headers an `onRequest` hook may return, checked as the `headers` option is;
    /// throws a `PmpError` of kind `invalid_input` for a bad one.
    #[wasm_bindgen(js_name = checkHeader)]
    pub fn check_header(&self, name: &str, value: &JsValue) -> Result<(), JsValue> {
        let checked = match value.as_string() {
            Some(value) => pmp_core::check_header(name, &value),
            None => Err(PmpError::invalid_input(format!(
                "onRequest returned a non-string value for header `{name}`"
            ))),
        };
        checked.map_err(|e| to_js(Some(&self.config), e, 0))
    }

    /// A copy of request headers safe to show: the token headers read `[redacted]`.
    pub fn shown(headers: &Object) -> Object {
        let shown = Object::assign(&Object::new(), headers);
        for name in js::keys(headers).iter() {
            if name.as_string().is_some_and(|n| is_token_header(&n)) {
                let _ = Reflect::set(&shown, &name, &pmp_core::REDACTED.into());
            }
        }
        shown
    }
}

fn endpoint(op: usize) -> &'static pmp_core::Endpoint {
    // `op` comes from `catalogue()`'s indexes, through the package's own JavaScript.
    &CATALOGUE[op.min(CATALOGUE.len() - 1)]
}

impl Core {
    fn from_options(options: &JsValue) -> Result<Core, PmpError> {
        if !js::is_plain_object(options) {
            return Err(PmpError::invalid_input(
                "options must be an object with baseUrl and token",
            ));
        }
        let text = |name: &str| {
            js::get(options, name)
                .as_string()
                .ok_or_else(|| PmpError::invalid_input(format!("options.{name} must be a string")))
        };
        let mut config = ClientConfig::new(&text("baseUrl")?, &text("token")?)?;
        let headers = js::get(options, "headers");
        if !headers.is_undefined() {
            if !js::is_record(&headers) {
                return Err(PmpError::invalid_input(
                    "options.headers must be a plain object of strings (not a Headers or Map)",
                ));
            }
            for name in js::keys(&headers).iter() {
                let name = name.as_string().unwrap_or_default();
                let value = js::get(&headers, &name).as_string().ok_or_else(|| {
                    PmpError::invalid_input(format!("options.headers[\"{name}\"] must be a string"))
                })?;
                config = config.with_header(&name, &value)?;
            }
        }
        let timeout = js::get(options, "timeoutMs");
        let timeout_ms = match timeout.as_f64() {
            _ if timeout.is_undefined() => DEFAULT_TIMEOUT_MS,
            // Fractions are rounded up: `setTimeout` counts whole milliseconds.
            Some(ms) if ms > 0.0 && ms <= MAX_TIMEOUT_MS => ms.ceil() as u32,
            _ => {
                return Err(PmpError::invalid_input(
                    "options.timeoutMs must be a number of milliseconds, above 0 and at most 2147483647",
                ))
            }
        };
        let fetch = js::get(options, "fetch");
        if !fetch.is_undefined() && !fetch.is_function() {
            return Err(PmpError::invalid_input("options.fetch must be a function"));
        }
        if fetch.is_undefined() && !js::get(&js_sys::global(), "fetch").is_function() {
            return Err(PmpError::invalid_input(
                "options.fetch must be a function (and there is no global fetch)",
            ));
        }
        for hook in ["onRequest", "onResponse"] {
            let value = js::get(options, hook);
            if !value.is_undefined() && !value.is_function() {
                return Err(PmpError::invalid_input(format!(
                    "options.{hook} must be a function"
                )));
            }
        }
        Ok(Core {
            config,
            policy: read_policy(options)?,
            timeout_ms,
            total_timeout_ms: read_ms(options, "totalTimeoutMs", 1)?,
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
        };
        let request = build_request(&self.config, endpoint, args)?;
        Ok(Array::of3(
            &request.url.as_str().into(),
            &headers(&request),
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

/// The retry options, checked.
fn read_policy(options: &JsValue) -> Result<RetryPolicy, PmpError> {
    let defaults = RetryPolicy::default();
    let retries = js::get(options, "retries");
    let retries = match retries.as_f64() {
        _ if retries.is_undefined() => defaults.retries,
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES)).contains(&n) => n as u32,
        _ => {
            return Err(PmpError::invalid_input(format!(
                "options.retries must be an integer from 0 to {MAX_RETRIES}"
            )))
        }
    };
    let retry_writes = js::get(options, "retryWrites");
    let retry_writes = match retry_writes.as_bool() {
        _ if retry_writes.is_undefined() => defaults.retry_writes,
        Some(on) => on,
        None => return Err(PmpError::invalid_input("options.retryWrites must be a boolean")),
    };
    let policy = RetryPolicy {
        retries,
        retry_writes,
        base_delay_ms: read_ms(options, "retryBaseMs", 0)?.unwrap_or(defaults.base_delay_ms),
        max_delay_ms: read_ms(options, "retryMaxMs", 0)?.unwrap_or(defaults.max_delay_ms),
        max_retry_after_ms: read_ms(options, "retryAfterMaxMs", 0)?.unwrap_or(defaults.max_retry_after_ms),
    };
    policy.validate()?;
    Ok(policy)
}

/// A whole number of milliseconds from `min` to `setTimeout`'s limit; `None` when not given.
// `min` is an integer so that the message needs no float formatting (kept out of the wasm).
fn read_ms(options: &JsValue, name: &str, min: u32) -> Result<Option<u32>, PmpError> {
    let value = js::get(options, name);
    match value.as_f64() {
        _ if value.is_undefined() => Ok(None),
        Some(ms) if ms.fract() == 0.0 && (f64::from(min)..=MAX_TIMEOUT_MS).contains(&ms) => {
            Ok(Some(ms as u32))
        }
        _ => Err(PmpError::invalid_input(format!(
            "options.{name} must be a whole number of milliseconds from {min} to 2147483647"
        ))),
    }
}

/// A `Retry-After` value as a wait in milliseconds: delta-seconds read by pmp-core, an HTTP
/// date by JavaScript's `Date.parse` (a past date meaning no wait); `None` if malformed.
fn retry_after_ms(value: &str) -> Option<u64> {
    pmp_core::parse_retry_after_seconds(value).or_else(|| {
        let date = Date::parse(value.trim());
        (!date.is_nan()).then(|| (date - Date::now()).max(0.0) as u64)
    })
}
