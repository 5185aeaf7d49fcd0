//! `Core`: the synchronous half of a client, behind the JavaScript `PmpClient` (js/client.js).
//!
//! JavaScript owns everything asynchronous (fetch, timers, aborts, the retry loop); it asks
//! the wasm only for what pmp-core decides: the checked options, each call's request, what
//! a failed answer means and whether to try again (and, in src/plan.rs, the whole-call
//! decisions of lists and updates). No promise, closure or future crosses into the wasm, so
//! a call costs one crossing on success.

use std::cell::OnceCell;

use js_sys::{Date, JsString, Math, Object, Reflect};
use pmp_core::defaults::{self, Setting};
use pmp_core::{
    check_no_rows, Args, ClientConfig, ErrorKind, ExtraEndpoint, FailedAttempt, HttpRequest, InputKind,
    Method, OutputKind, PmpError, Repeat, RetryPolicy, ARG_ID, ARG_KEYWORD, ARG_PARENT_ID, CATALOGUE,
};
use wasm_bindgen::prelude::*;

use crate::answer::failure;
use crate::error::{to_js, to_js_marked, transport_error};
use crate::input::{read_id, read_keyword};
use crate::js;
use crate::plan::kind;

// The full build links pmp-core's one request builder; the build that only reads, the one
// without body encoders.
#[cfg(not(feature = "writes"))]
use pmp_core::build_read_request as build;
#[cfg(feature = "writes")]
use pmp_core::build_request as build;

/// The checked configuration and the retry policy of one client.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    pub(crate) config: ClientConfig,
    /// Per endpoint, the headers object of its requests without files: the same for every
    /// call, so built once (fetch does not change it; hooks get copies).
    headers: Vec<OnceCell<JsValue>>,
    policy: RetryPolicy,
}

#[wasm_bindgen]
impl Core {
    /// A client's core from the options that `PmpClient` has read and type-checked, by name:
    /// `{ baseUrl, token, headers, serverVersion, retries, retryWrites, retryCreates,
    /// retryBaseMs, retryMaxMs, retryAfterMaxMs }`, `headers` an object of strings, a retry option left out
    /// taking pmp-core's default (`pmp_core::defaults`). pmp-core checks the base URL, the
    /// token, the headers and the retry policy, and this throws a `PmpError` of kind
    /// `invalid_input` naming what is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<Core, JsValue> {
        let number = |s: Setting<u32>| js::get(options, s.name).as_f64().map_or(s.value, |n| n as u32);
        let flag = |s: Setting<bool>| js::get(options, s.name).as_bool().unwrap_or(s.value);
        let policy = RetryPolicy {
            retries: number(defaults::RETRIES),
            retry_writes: flag(defaults::RETRY_WRITES),
            retry_creates: flag(defaults::RETRY_CREATES),
            base_delay_ms: number(defaults::RETRY_BASE_MS),
            max_delay_ms: number(defaults::RETRY_MAX_MS),
            max_retry_after_ms: number(defaults::RETRY_AFTER_MAX_MS),
        };
        let text = |name| js::get(options, name).as_string().unwrap_or_default();
        let server_version = js::get(options, "serverVersion").as_string();
        Core::checked(
            &text("baseUrl"),
            &text("token"),
            &js::get(options, "headers"),
            server_version.as_deref(),
            policy,
        )
        .map_err(|e| to_js(None, e, 0))
    }

    /// The request of a call of endpoint `op`, `{ url, headers, body, getFirst? }`, from the call's
    /// arguments by name (`{ id, keyword, input }`: pmp-core's `argument_names` of the
    /// endpoint's input kind; `{ fieldto, id }` for the ops after the catalogue's, pmp-core's
    /// `EXTRAS`). `body` is `undefined`, a string or a `FormData` (files go into it
    /// in order). The query of lists and searches (pmp-core's `ListQuery` parameters) is
    /// checked and appended by js/client/options.js: URLSearchParams does it with no wasm.
    /// `getFirst`, only on an update or delete whose answer says nothing about the row
    /// (pmp-core's `CheckedWrite`: staffs), is the op of the get to send first with the same
    /// id (its failure then goes through `afterCheck`). Throws a
    /// `PmpError` of kind `invalid_input` when the arguments are refused.
    pub fn prepare(&self, op: usize, args: &JsValue) -> Result<JsValue, JsValue> {
        self.request(op, args)
            .map_err(|e| to_js(Some(&self.config), e, 0))
    }

    /// The `PmpError` of an answer that is not a success of endpoint `op` (an error status,
    /// `{status: false}`, or not the JSON expected): `answer` is `{ status, text, excerpt,
    /// attempts }`, `excerpt` describing the body for messages about bodies that are not JSON,
    /// `attempts` the attempts made. An update's failure that needs one get of the row
    /// (pmp-core's `UpdatePlan`) has the non-enumerable flag `updateFail`.
    pub fn failure(&self, op: usize, answer: &JsValue) -> JsValue {
        let status = js::get(answer, "status").as_f64().unwrap_or_default() as u16;
        let text = js::get(answer, "text")
            .dyn_into()
            .unwrap_or_else(|_| JsString::from(""));
        let excerpt = js::get(answer, "excerpt").as_string().unwrap_or_default();
        if let Some(extra) = extra(op) {
            // "No data were found" is no rows (js/client/retry.js); nothing else to decide.
            let error = failure(extra.output, status, &text, &excerpt);
            return to_js_marked(Some(&self.config), error, attempts(answer), false);
        }
        let endpoint = endpoint(op);
        let mut error = failure(endpoint.output, status, &text, &excerpt);
        // "No data were found" is no rows (js/client/retry.js), unless the list proves nothing.
        if error.kind == ErrorKind::NotFound && endpoint.output == OutputKind::Rows {
            if let Err(unproven) = check_no_rows(&self.config, endpoint) {
                error = unproven.with_status(status);
            }
        }
        #[cfg(feature = "writes")]
        let check = crate::writes::needs_get(endpoint, &error);
        #[cfg(not(feature = "writes"))]
        let check = false;
        to_js_marked(Some(&self.config), error, attempts(answer), check)
    }

    /// A `PmpError` made by the JavaScript side, `{ kind, message, attempts }`, of kind
    /// `timeout`, `aborted`, `network`, `redirect` or `too_large` (JavaScript passes only those),
    /// the token redacted from `message`. The kind is passed through: no mapping code in the wasm.
    pub fn error(&self, made: &JsValue) -> JsValue {
        let text = |name| js::get(made, name).as_string().unwrap_or_default();
        transport_error(&self.config, &text("kind"), &text("message"), attempts(made))
    }

    /// The wait before the next attempt of endpoint `op` after the `PmpError` `failure`, in
    /// milliseconds, or -1 to stop: pmp-core's `RetryPolicy::after_failure` reads the
    /// failure's `kind`, `status` and `attempts` (a rate limit retries as a 429, an auth
    /// failure never) and what the server said about waiting, `answer` `{ retryAfter,
    /// rateReset }`: the answer's `Retry-After` header (or undefined) and the last
    /// `X-RateLimit-Reset` the client saw (epoch seconds, or NaN). HTTP dates are read with
    /// `Date.parse` (no date parser in the wasm). Over a rate limit, the server's wait is set
    /// on the failure as `retryAfterMs`.
    #[wasm_bindgen(js_name = retryDelay)]
    pub fn retry_delay(&self, op: usize, failure: &JsValue, answer: &JsValue) -> i32 {
        let retry_after = js::get(answer, "retryAfter").as_string();
        let failed = FailedAttempt {
            method: method(op),
            // `sendInvoice`: never sent twice, whatever the policy.
            repeat: extra(op).map_or(Repeat::ByPolicy, |e| e.retried),
            attempts: attempts(failure),
            kind: kind(failure),
            status: js::get(failure, "status").as_f64().map(|s| s as u16),
            retry_after: retry_after.as_deref(),
            rate_reset: js::get(answer, "rateReset").as_f64().filter(|r| r.is_finite()),
        };
        let http_date = |text: &str| Some(Date::parse(text)).filter(|ms| ms.is_finite());
        let step = self
            .policy
            .after_failure(&failed, Date::now(), Math::random(), http_date);
        if let Some(wait) = step.retry_after_ms {
            let _ = Reflect::set(failure, &"retryAfterMs".into(), &(wait as f64).into());
        }
        step.wait_ms.map_or(-1, |ms| ms.min(i32::MAX as u32) as i32)
    }

    /// The headers an `onRequest` hook returned, an object of strings, checked as the
    /// `headers` option is; throws a `PmpError` of kind `invalid_input` for a bad one.
    #[wasm_bindgen(js_name = checkHeaders)]
    pub fn check_headers(&self, headers: &JsValue) -> Result<(), JsValue> {
        for name in js::keys(headers).iter() {
            let name = name.as_string().unwrap_or_default();
            let checked = match js::get(headers, &name).as_string() {
                Some(value) => pmp_core::check_header(&name, &value),
                None => Err(PmpError::invalid_input(pmp_core::text(&[
                    "onRequest returned a non-string value for header `",
                    &name,
                    "`",
                ]))),
            };
            checked.map_err(|e| to_js(Some(&self.config), e, 0))?;
        }
        Ok(())
    }
}

/// `op` as an index of `CATALOGUE`: it comes from the catalogue table `cargo xtask pkg` writes
/// into the package's own JavaScript, and is clamped so that a wrong one cannot trap.
#[cfg(feature = "writes")]
pub(crate) fn index(op: usize) -> usize {
    op.min(CATALOGUE.len() - 1)
}

/// The build that only reads holds a table of the reads alone (pmp-core's `read_endpoint`):
/// `prepare` refuses the others' ops before anything reads their endpoint.
pub(crate) fn endpoint(op: usize) -> &'static pmp_core::Endpoint {
    #[cfg(feature = "writes")]
    return &CATALOGUE[index(op)];
    #[cfg(not(feature = "writes"))]
    return pmp_core::read_endpoint(op)
        .or(pmp_core::read_endpoint(0))
        .unwrap_or_else(|| unreachable!("the catalogue starts with a list"));
}

/// The endpoint beyond the six that `op` names: the ops after the catalogue's are those of
/// `EXTRAS`, in order (the package's table lists them so).
/// The build that only reads serves none of them (src/writes.rs), so holds none.
pub(crate) fn extra(op: usize) -> Option<&'static ExtraEndpoint> {
    #[cfg(feature = "writes")]
    return op
        .checked_sub(CATALOGUE.len())
        .and_then(|i| pmp_core::EXTRAS.get(i));
    #[cfg(not(feature = "writes"))]
    {
        let _ = op;
        None
    }
}

fn method(op: usize) -> Method {
    extra(op).map_or_else(|| endpoint(op).method, |e| e.method)
}

/// The `attempts` of a failed attempt's named values (`u32::MAX`, which retries nothing, if
/// it has none).
pub(crate) fn attempts(named: &JsValue) -> u32 {
    js::get(named, "attempts").as_f64().map_or(u32::MAX, |n| n as u32)
}

impl Core {
    fn checked(
        base_url: &str,
        token: &str,
        headers: &JsValue,
        server_version: Option<&str>,
        policy: RetryPolicy,
    ) -> Result<Core, PmpError> {
        let mut config = ClientConfig::new(base_url, token)?;
        if let Some(version) = server_version {
            config = config.with_server_version(version)?;
        }
        if js::is_plain_object(headers) {
            for name in js::keys(headers).iter() {
                let name = name.as_string().unwrap_or_default();
                let value = js::get(headers, &name).as_string().unwrap_or_default();
                config = config.with_header(&name, &value)?;
            }
        }
        policy.validate()?;
        Ok(Core {
            config,
            headers: (0..CATALOGUE.len() + pmp_core::EXTRAS.len())
                .map(|_| OnceCell::new())
                .collect(),
            policy,
        })
    }

    /// The request of a call of `op`: in the full build, those with input fields and those
    /// beyond the six (src/writes.rs); else a call that sends no input.
    fn request(&self, op: usize, args: &JsValue) -> Result<JsValue, PmpError> {
        #[cfg(feature = "writes")]
        if let Some(request) = crate::writes::request(self, op, args) {
            return request;
        }
        #[cfg(not(feature = "writes"))]
        if op >= CATALOGUE.len() || pmp_core::read_endpoint(op).is_none() {
            return Err(PmpError::invalid_input(
                "this build of the wasm only reads: writes are sent by the full one",
            ));
        }
        let endpoint = endpoint(op);
        let arg = |name| js::get(args, name);
        let keyword;
        let call = match endpoint.input {
            InputKind::Id => Args::Id(read_id(&arg(ARG_ID))?),
            InputKind::Keyword => {
                keyword = read_keyword(&arg(ARG_KEYWORD))?;
                Args::Keyword(&keyword)
            }
            InputKind::ParentAndId => {
                Args::ParentAndId(read_id(&arg(ARG_PARENT_ID))?, read_id(&arg(ARG_ID))?)
            }
            _ => Args::None,
        };
        let request = build(&self.config, endpoint, call)?;
        let named = self.named(op, &request, JsValue::UNDEFINED, true);
        #[cfg(feature = "writes")]
        crate::writes::get_first(self, op, &named);
        Ok(named)
    }

    /// `{ url, headers, body }` of `request`, `body` as fetch takes it. With `same_headers`
    /// (the caller knows every call of `op` has these headers), they are built once (fetch
    /// does not change them; hooks get copies).
    pub(crate) fn named(
        &self,
        op: usize,
        request: &HttpRequest,
        body: JsValue,
        same_headers: bool,
    ) -> JsValue {
        let headers = match same_headers {
            false => headers(request),
            true => self.headers[op.min(self.headers.len() - 1)]
                .get_or_init(|| headers(request))
                .clone(),
        };
        let named = Object::new();
        let _ = Reflect::set(&named, &"url".into(), &request.url.as_str().into());
        let _ = Reflect::set(&named, &"headers".into(), &headers);
        let _ = Reflect::set(&named, &"body".into(), &body);
        named.into()
    }
}

fn headers(request: &HttpRequest) -> JsValue {
    let object = Object::new();
    for (name, value) in &request.headers {
        let _ = Reflect::set(&object, &name.into(), &value.into());
    }
    object.into()
}
