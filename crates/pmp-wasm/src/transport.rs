//! Sends a pmp-core `HttpRequest` with a `fetch` function: the global one or the caller's.
//!
//! gloo-net cannot take a custom `fetch`, so this calls the function directly. Each request
//! gets its own `AbortController`, aborted by the timeout or by the caller's signal; the
//! answer's body is read as text, inside the same timeout, and parsed by the caller.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, JsString, Object, Promise, Reflect};
use pmp_core::{Body, ErrorKind, FormField, HttpRequest, PmpError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::js::{self, AbortController, AbortSignal, FormData};

/// An answer: status and body text.
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body, still a JavaScript string.
    pub text: JsString,
    /// The `Retry-After` header, if the answer has one.
    pub retry_after: Option<String>,
}

/// How to send: the fetch function and the per-request time limit.
pub struct Transport {
    /// `fetch` or the caller's replacement.
    pub fetch: Function,
    /// Time limit of one request, body included, in milliseconds.
    pub timeout_ms: u32,
}

impl Transport {
    /// Sends a request; `blobs` replace the request's file placeholders, in order.
    pub async fn send(
        &self,
        request: &HttpRequest,
        blobs: Vec<JsValue>,
        signal: Option<&AbortSignal>,
    ) -> Result<Answer, PmpError> {
        if signal.is_some_and(|s| s.aborted()) {
            return Err(PmpError::new(
                ErrorKind::Aborted,
                "the call was aborted before it was sent",
            ));
        }
        let controller = AbortController::new().map_err(|_| network("AbortController is not available"))?;
        let init = request_init(
            request.method.as_str(),
            &request.headers,
            body(&request.body, blobs)?,
        );
        let _ = Reflect::set(&init, &"signal".into(), &controller.signal());

        // The guards abort the request when time is up or the caller aborts, and are
        // removed (timer cleared, listener detached) whatever the outcome. Each wait is also
        // raced against `stopped`, which they reject, so that a custom fetch that ignores
        // its signal cannot outlive the time limit or the caller's abort.
        let timed_out = Rc::new(Cell::new(false));
        let mut reject = None;
        let stopped = Promise::new(&mut |_, rejector| reject = Some(rejector));
        let stop = Stop { controller, reject };
        let on_time = stop.clone();
        let fired = timed_out.clone();
        let _timer = Timer::after(self.timeout_ms.into(), move || {
            fired.set(true);
            on_time.now();
        });
        let _listener = signal.map(|s| Listener::attach(s, move || stop.now()));

        let result = self.exchange(&request.url, &init, &stopped).await;
        result.map_err(|reason| {
            if timed_out.get() {
                PmpError::new(
                    ErrorKind::Timeout,
                    format!("no answer within {} ms", self.timeout_ms),
                )
            } else if signal.is_some_and(|s| s.aborted()) {
                PmpError::new(ErrorKind::Aborted, "the call was aborted")
            } else {
                network(&describe(&reason))
            }
        })
    }

    async fn exchange(&self, url: &str, init: &Object, stopped: &Promise) -> Result<Answer, JsValue> {
        let until_stopped = |pending: &JsValue| {
            JsFuture::from(js::promise_race(&Array::of2(&Promise::resolve(pending), stopped)))
        };
        let pending = self.fetch.call2(&JsValue::UNDEFINED, &url.into(), init)?;
        let response = until_stopped(&pending).await?;
        let status = js::get(&response, "status").as_f64().unwrap_or(0.0);
        if !(100.0..=599.0).contains(&status) {
            return Err(JsValue::from_str("fetch did not return a Response"));
        }
        let text: Function = Reflect::get(&response, &"text".into())?.dyn_into()?;
        let text = until_stopped(&text.call0(&response)?).await?;
        Ok(Answer {
            status: status as u16,
            text: text.dyn_into()?,
            retry_after: header(&response, "retry-after"),
        })
    }
}

/// A header of a `Response`; `None` when absent or when a custom fetch gave no `Headers`.
fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = js::get(response, "headers");
    let get: Function = js::get(&headers, "get").dyn_into().ok()?;
    get.call1(&headers, &name.into()).ok()?.as_string()
}

/// Stops a request: aborts its fetch and rejects the promise its waits race against.
#[derive(Clone)]
struct Stop {
    controller: AbortController,
    reject: Option<Function>,
}

impl Stop {
    fn now(&self) {
        self.controller.abort();
        if let Some(reject) = &self.reject {
            let _ = reject.call1(&JsValue::UNDEFINED, &"stopped".into());
        }
    }
}

fn network(why: &str) -> PmpError {
    PmpError::new(ErrorKind::Network, format!("the request failed: {why}"))
}

/// The message of a rejection, with its `cause` (Node's `fetch failed` hides the reason there).
fn describe(reason: &JsValue) -> String {
    let text = |v: &JsValue| {
        v.as_string()
            .or_else(|| js::get(v, "message").as_string())
            .unwrap_or_default()
    };
    let mut message = text(reason);
    let cause = text(&js::get(reason, "cause"));
    if !cause.is_empty() {
        message.push_str(" (");
        message.push_str(&cause);
        message.push(')');
    }
    if message.is_empty() {
        message.push_str("unknown error");
    }
    message
}

fn request_init(method: &str, headers: &[(String, String)], body: JsValue) -> Object {
    let init = Object::new();
    let header_object = Object::new();
    for (name, value) in headers {
        let _ = Reflect::set(&header_object, &name.into(), &value.into());
    }
    let _ = Reflect::set(&init, &"method".into(), &method.into());
    let _ = Reflect::set(&init, &"headers".into(), &header_object);
    if !body.is_undefined() {
        let _ = Reflect::set(&init, &"body".into(), &body);
    }
    init
}

/// The body as fetch takes it: a string (JSON or url-encoded) or, with files, `FormData`.
fn body(body: &Body, blobs: Vec<JsValue>) -> Result<JsValue, PmpError> {
    match body {
        Body::None => Ok(JsValue::UNDEFINED),
        Body::Json(json) => Ok(json.into()),
        Body::Form(fields) => match body.to_urlencoded() {
            Some(text) => Ok(text.into()),
            None => {
                let form = FormData::new().map_err(|_| network("FormData is not available"))?;
                let mut blobs = blobs.into_iter();
                for field in fields {
                    let appended = match field {
                        FormField::Text { name, value } => form.append(name, &value.into()),
                        FormField::File(_) => form.append("file[]", &blobs.next().unwrap_or_default()),
                    };
                    appended.map_err(|e| network(&describe(&e)))?;
                }
                Ok(form.into())
            }
        },
    }
}

/// A `setTimeout` running a callback; cleared when dropped.
pub struct Timer {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Runs `then` after `ms` milliseconds, unless dropped first; `None` if `setTimeout` fails.
    pub fn after(ms: f64, then: impl FnMut() + 'static) -> Option<Timer> {
        let callback = Closure::<dyn FnMut()>::new(then);
        let handle = js::set_timeout(callback.as_ref().unchecked_ref(), ms).ok()?;
        Some(Timer {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        let _ = js::clear_timeout(&self.handle);
    }
}

/// An `abort` listener on a signal; detached when dropped.
pub struct Listener {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Runs `then` when `signal` aborts, unless dropped first.
    pub fn attach(signal: &AbortSignal, then: impl FnMut() + 'static) -> Option<Listener> {
        let callback = Closure::<dyn FnMut()>::new(then);
        signal
            .add_event_listener("abort", callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            signal: signal.clone(),
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener("abort", self.callback.as_ref().unchecked_ref());
    }
}
