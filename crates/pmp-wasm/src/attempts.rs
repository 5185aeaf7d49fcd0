//! The attempts of one call: pmp-core's `RetryPolicy` decides whether to try again and how
//! long to wait; this module applies it with timers, the overall time limit, the caller's
//! signal and the `onRequest` / `onResponse` hooks.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Date, Function, Math, Object, Promise, Reflect};
use pmp_core::{AttemptOutcome, Endpoint, ErrorKind, HttpRequest, PmpError, RetryPolicy};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::answer::decode;
use crate::js::{AbortController, AbortSignal};
use crate::transport::{Listener, Timer, Transport};

/// How a client retries and observes its calls.
pub struct Attempts {
    /// When to retry and how long to wait (pmp-core).
    pub policy: RetryPolicy,
    /// Time limit of a whole call, attempts and waits included.
    pub total_timeout_ms: Option<u32>,
    /// Called before each attempt.
    pub on_request: Option<Function>,
    /// Called after each answer.
    pub on_response: Option<Function>,
}

/// A failed call: the error and the number of attempts made.
pub type Failure = (PmpError, u32);

impl Attempts {
    /// Sends `request` until it succeeds, fails for good, runs out of time or is aborted.
    pub async fn run(
        &self,
        transport: &Transport,
        request: &HttpRequest,
        blobs: Vec<JsValue>,
        endpoint: &Endpoint,
        signal: Option<AbortSignal>,
    ) -> Result<JsValue, Failure> {
        let scope = Scope::open(signal.as_ref(), self.total_timeout_ms).map_err(|e| (e, 0))?;
        let mut attempts = 0;
        loop {
            if let Some(stopped) = scope.stopped() {
                return Err((stopped, attempts));
            }
            attempts += 1;
            let extra = self
                .hook_request(request, attempts)
                .map_err(|e| (e, attempts - 1))?;
            let with_extra;
            let request_now = if extra.is_empty() {
                request
            } else {
                with_extra = HttpRequest {
                    headers: request.headers.iter().cloned().chain(extra).collect(),
                    ..request.clone()
                };
                &with_extra
            };
            let started = Date::now();
            let sent = transport
                .send(request_now, blobs.clone(), Some(&scope.signal))
                .await;
            let (error, outcome, retry_after) = match sent {
                Ok(answer) => {
                    self.hook_response(request, answer.status, attempts, Date::now() - started);
                    match decode(endpoint, &answer) {
                        Ok(value) => return Ok(value),
                        Err(e) => (e, AttemptOutcome::Status(answer.status), answer.retry_after),
                    }
                }
                Err(e) if e.kind == ErrorKind::Network => (e, AttemptOutcome::Network, None),
                Err(e) if e.kind == ErrorKind::Timeout => (e, AttemptOutcome::Timeout, None),
                Err(e) => return Err((scope.stopped().unwrap_or(e), attempts)),
            };
            if scope.stopped().is_some() || !self.policy.should_retry(request.method, attempts, outcome) {
                return Err((scope.stopped().unwrap_or(error), attempts));
            }
            let wait = self.policy.delay_after_ms(
                attempts,
                Math::random(),
                retry_after.as_deref().and_then(retry_after_ms),
            );
            sleep(wait, &scope.signal).await;
        }
    }

    /// Calls `onRequest`; the headers it returns (a plain object of strings, returned at once)
    /// are added to this attempt's request, checked as the `headers` option is.
    fn hook_request(&self, request: &HttpRequest, attempt: u32) -> Result<Vec<(String, String)>, PmpError> {
        let Some(hook) = &self.on_request else {
            return Ok(Vec::new());
        };
        let shown = request.redacted();
        let headers = Object::new();
        for (name, value) in &shown.headers {
            let _ = Reflect::set(&headers, &name.into(), &value.into());
        }
        let event = event(request, attempt);
        let _ = Reflect::set(&event, &"headers".into(), &headers);
        let returned = call_hook(hook, &event);
        if !crate::js::is_plain_object(&returned) {
            return Ok(Vec::new());
        }
        let mut extra = Vec::new();
        for name in crate::js::keys(&returned).iter() {
            let name = name.as_string().unwrap_or_default();
            let value = crate::js::get(&returned, &name).as_string().ok_or_else(|| {
                PmpError::invalid_input(format!(
                    "onRequest returned a non-string value for header `{name}`"
                ))
            })?;
            pmp_core::check_header(&name, &value)?;
            extra.push((name, value));
        }
        Ok(extra)
    }

    fn hook_response(&self, request: &HttpRequest, status: u16, attempt: u32, duration_ms: f64) {
        let Some(hook) = &self.on_response else { return };
        let event = event(request, attempt);
        let _ = Reflect::set(&event, &"status".into(), &status.into());
        let _ = Reflect::set(&event, &"durationMs".into(), &duration_ms.max(0.0).into());
        call_hook(hook, &event);
    }
}

/// `{ method, url, attempt }`, the part both hooks get.
fn event(request: &HttpRequest, attempt: u32) -> Object {
    let event = Object::new();
    let _ = Reflect::set(&event, &"method".into(), &request.method.as_str().into());
    let _ = Reflect::set(&event, &"url".into(), &request.url.as_str().into());
    let _ = Reflect::set(&event, &"attempt".into(), &attempt.into());
    event
}

/// Calls a hook; what it throws, or the promise it returns rejects with, is dropped so that
/// a broken logger never breaks the call nor leaves an unhandled rejection.
/// Returns what the hook returned (`undefined` if it threw).
fn call_hook(hook: &Function, event: &Object) -> JsValue {
    let Ok(result) = hook.call1(&JsValue::UNDEFINED, event) else {
        return JsValue::UNDEFINED;
    };
    if result.is_object() && js_sys::Reflect::has(&result, &"then".into()).unwrap_or(false) {
        let settled = JsFuture::from(Promise::resolve(&result));
        spawn_local(async move {
            let _ = settled.await;
        });
        return JsValue::UNDEFINED;
    }
    result
}

/// What stops a call: the caller's signal or the overall time limit, both aborting one
/// controller whose signal every attempt and wait of the call listens to.
struct Scope {
    signal: AbortSignal,
    total_timeout_ms: Option<u32>,
    timed_out: Rc<Cell<bool>>,
    _timer: Option<Timer>,
    _listener: Option<Listener>,
}

impl Scope {
    fn open(caller: Option<&AbortSignal>, total_timeout_ms: Option<u32>) -> Result<Scope, PmpError> {
        let controller = AbortController::new()
            .map_err(|_| PmpError::new(ErrorKind::Network, "AbortController is not available"))?;
        let signal = controller.signal();
        let timed_out = Rc::new(Cell::new(false));
        let timer = total_timeout_ms.and_then(|ms| {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timer::after(ms.into(), move || {
                timed_out.set(true);
                controller.abort();
            })
        });
        let listener = caller.and_then(|caller| {
            if caller.aborted() {
                controller.abort();
                return None;
            }
            let controller = controller.clone();
            Listener::attach(caller, move || controller.abort())
        });
        Ok(Scope {
            signal,
            total_timeout_ms,
            timed_out,
            _timer: timer,
            _listener: listener,
        })
    }

    /// The error of a stopped call, `None` while it may go on.
    fn stopped(&self) -> Option<PmpError> {
        if !self.signal.aborted() {
            return None;
        }
        Some(if self.timed_out.get() {
            PmpError::new(
                ErrorKind::Timeout,
                format!(
                    "no result within totalTimeoutMs ({} ms)",
                    self.total_timeout_ms.unwrap_or_default()
                ),
            )
        } else {
            PmpError::new(ErrorKind::Aborted, "the call was aborted")
        })
    }
}

/// Waits `ms` milliseconds, or less if `signal` aborts first.
async fn sleep(ms: u32, signal: &AbortSignal) {
    if signal.aborted() {
        return;
    }
    let mut resolve = None;
    let done = Promise::new(&mut |resolver, _| resolve = Some(resolver));
    let Some(resolve) = resolve else { return };
    let on_abort = resolve.clone();
    let Some(_timer) = Timer::after(ms.into(), move || {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    }) else {
        return;
    };
    let _listener = Listener::attach(signal, move || {
        let _ = on_abort.call0(&JsValue::UNDEFINED);
    });
    let _ = JsFuture::from(done).await;
}

/// A `Retry-After` value as a wait in milliseconds: delta-seconds read by pmp-core, an HTTP
/// date by JavaScript's `Date.parse` (a past date meaning no wait); `None` if malformed.
fn retry_after_ms(value: &str) -> Option<u64> {
    pmp_core::parse_retry_after_seconds(value).or_else(|| {
        let date = Date::parse(value.trim());
        (!date.is_nan()).then(|| (date - Date::now()).max(0.0) as u64)
    })
}
