//! The wasm32 transport: gloo-net's request and response over the global `fetch` (no
//! `window` assumed: pages, workers, Node and Deno have one), gloo-timers' timers.

use gloo_net::http::{Headers, RequestBuilder, Response};
use js_sys::{Array, Promise, Uint8Array};
use pmp_core::{Body, FormField, HttpRequest, PmpError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Blob, BlobPropertyBag, FormData, RequestRedirect, ResponseType};

use super::{epoch_seconds, Answer, Failure};

#[wasm_bindgen]
extern "C" {
    // The global `fetch`, called here rather than through gloo-net's `send`, whose failure
    // paths panic on a rejection that is not an `Error`: no server answer may trap the wasm.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Promise;
}

/// The fetch transport (stateless: every request has its own abort controller).
pub(crate) struct Http;

/// Aborts the request when the attempt's future is dropped: by its timeout, the total
/// timeout, or the caller dropping the call.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl Http {
    pub(crate) fn new() -> Result<Http, PmpError> {
        Ok(Http)
    }

    /// Sends `request` with the `extra` headers and reads at most `max_bytes` of its answer.
    pub(crate) async fn send(
        &self,
        request: &HttpRequest,
        extra: &[(&str, &str)],
        max_bytes: usize,
    ) -> Result<Answer, Failure> {
        let failed = |e: JsValue| Failure::Network(describe(&e));
        let controller = AbortController::new().ok();
        let guard = AbortOnDrop(controller);
        let headers = Headers::new();
        for (name, value) in request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .chain(extra.iter().copied())
        {
            headers.set(name, value);
        }
        // pmp-core's methods are standard ones, which `http` knows by name.
        let method = gloo_net::http::Method::from_bytes(request.method.as_str().as_bytes())
            .map_err(|e| Failure::Network(e.to_string()))?;
        // Redirects are not followed: fetch would send the token wherever a server points.
        let builder = RequestBuilder::new(&request.url)
            .method(method)
            .headers(headers)
            .redirect(RequestRedirect::Manual)
            .abort_signal(guard.0.as_ref().map(|c| c.signal()).as_ref());
        let built = match &request.body {
            Body::None => builder.build(),
            Body::Json(json) => builder.body(json.as_str()),
            body @ Body::Form(fields) => match body.to_urlencoded() {
                Some(text) => builder.body(text),
                None => builder.body(form_data(fields).map_err(failed)?),
            },
        };
        let built = built.map_err(|e| Failure::Network(e.to_string()))?;
        let raw: web_sys::Request = built.into();
        let answered = JsFuture::from(global_fetch(&raw)).await.map_err(failed)?;
        let raw: web_sys::Response = answered
            .dyn_into()
            .map_err(|_| Failure::Network("fetch did not return a Response".to_owned()))?;
        let response = Response::from(Clone::clone(&raw));
        if response.type_() == ResponseType::Opaqueredirect {
            return Err(Failure::Redirect);
        }
        let headers = response.headers();
        let declared = headers.get("content-length").and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max_bytes as u64) {
            return Err(Failure::TooLarge);
        }
        let buffer = JsFuture::from(raw.array_buffer().map_err(failed)?)
            .await
            .map_err(failed)?;
        let body = Uint8Array::new(&buffer);
        // A compressed body's declared length is not what it decodes to: counted again.
        if body.length() as usize > max_bytes {
            return Err(Failure::TooLarge);
        }
        Ok(Answer {
            status: response.status(),
            content_type: headers.get("content-type"),
            location: headers.get("location"),
            retry_after: headers.get("retry-after"),
            rate_reset: epoch_seconds(headers.get("x-ratelimit-reset").as_deref()),
            body: body.to_vec(),
        })
    }
}

/// A multipart body: text fields, then the files as `file[]` parts.
fn form_data(fields: &[FormField]) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    for field in fields {
        match field {
            FormField::Text { name, value } => form.append_with_str(name, value)?,
            FormField::File(file) => {
                let options = BlobPropertyBag::new();
                options.set_type(&file.content_type);
                let bytes = Array::of1(&Uint8Array::from(file.bytes.as_slice()));
                let blob = Blob::new_with_u8_array_sequence_and_options(&bytes, &options)?;
                form.append_with_blob_and_filename("file[]", &blob, &file.filename)?;
            }
        }
    }
    Ok(form)
}

/// A JavaScript failure in one line: its message, and its `cause`'s (Node's `fetch failed`
/// hides the reason there).
fn describe(value: &JsValue) -> String {
    let text = |v: &JsValue| {
        v.as_string()
            .or_else(|| js_sys::Reflect::get(v, &"message".into()).ok()?.as_string())
            .unwrap_or_default()
    };
    let message = text(value);
    let cause = js_sys::Reflect::get(value, &"cause".into())
        .map(|c| text(&c))
        .unwrap_or_default();
    match (message.is_empty(), cause.is_empty()) {
        (true, true) => "unknown error".to_owned(),
        (_, true) => message,
        (true, _) => cause,
        _ => format!("{message} ({cause})"),
    }
}

/// Waits `ms` milliseconds (capped at setTimeout's longest delay, about 24 days).
pub(crate) async fn sleep(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(i32::MAX as u64) as u32).await;
}

/// Milliseconds since the Unix epoch (`SystemTime` panics on wasm32-unknown-unknown).
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A random number in `[0, 1)`, for retry jitter.
pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}

/// A new `Idempotency-Key`: 128 bits from four draws of 32.
pub(crate) fn new_key() -> String {
    (0..4)
        .map(|_| format!("{:08x}", (random() * 4_294_967_296.0) as u32))
        .collect()
}
