//! The native transport: reqwest (rustls, no OpenSSL) and tokio's timers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pmp_core::{Body, ErrorKind, FormField, HttpRequest, PmpError};
use reqwest::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};

use super::{epoch_seconds, Answer, Failure};

/// A reqwest client that follows no redirect (the token would go wherever a server points).
pub(crate) struct Http {
    client: reqwest::Client,
}

impl Http {
    pub(crate) fn new() -> Result<Http, PmpError> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map(|client| Http { client })
            .map_err(|e| {
                PmpError::new(
                    ErrorKind::Network,
                    format!("the HTTP client could not start: {e}"),
                )
            })
    }

    /// Sends `request` with the `extra` headers and reads at most `max_bytes` of its answer.
    pub(crate) async fn send(
        &self,
        request: &HttpRequest,
        extra: &[(&str, &str)],
        max_bytes: usize,
    ) -> Result<Answer, Failure> {
        // pmp-core's methods are standard ones, which reqwest knows by name.
        let method = reqwest::Method::from_bytes(request.method.as_str().as_bytes())
            .map_err(|e| Failure::Network(e.to_string()))?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .chain(extra.iter().copied())
        {
            builder = builder.header(name, value);
        }
        builder = match &request.body {
            Body::None => builder,
            Body::Json(json) => builder.body(json.clone()),
            body @ Body::Form(fields) => match body.to_urlencoded() {
                Some(text) => builder.body(text),
                None => builder.multipart(multipart(fields)),
            },
        };
        let mut response = builder.send().await.map_err(|e| Failure::Network(describe(&e)))?;
        let headers = response.headers();
        let declared = header(headers, CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max_bytes as u64) {
            return Err(Failure::TooLarge);
        }
        let mut answer = Answer {
            status: response.status().as_u16(),
            content_type: header(headers, CONTENT_TYPE.as_str()),
            location: header(headers, LOCATION.as_str()),
            retry_after: header(headers, RETRY_AFTER.as_str()),
            rate_reset: epoch_seconds(header(headers, "x-ratelimit-reset").as_deref()),
            // Reserved once from the declared length (bounded above): no regrowth of large lists.
            body: Vec::with_capacity(declared.map_or(0, |n| n.min(max_bytes as u64) as usize)),
        };
        // Counted as it arrives: a chunked or compressed body declares nothing reliable.
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Failure::Network(describe(&e)))?
        {
            if answer.body.len() + chunk.len() > max_bytes {
                return Err(Failure::TooLarge);
            }
            answer.body.extend_from_slice(&chunk);
        }
        Ok(answer)
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn multipart(fields: &[FormField]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for field in fields {
        form = match field {
            FormField::Text { name, value } => form.text(name.clone(), value.clone()),
            FormField::File(file) => {
                let part =
                    reqwest::multipart::Part::bytes(file.bytes.clone()).file_name(file.filename.clone());
                // A content type that is not a MIME type goes as the default one.
                let part = match part.mime_str(&file.content_type) {
                    Ok(part) => part,
                    Err(_) => {
                        reqwest::multipart::Part::bytes(file.bytes.clone()).file_name(file.filename.clone())
                    }
                };
                form.part("file[]", part)
            }
        };
    }
    form
}

/// The error and its causes, one line (reqwest's own message hides the cause).
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Waits `ms` milliseconds.
pub(crate) async fn sleep(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

/// A random number in `[0, 1)`, for retry jitter.
pub(crate) fn random() -> f64 {
    fastrand::f64()
}

/// A new `Idempotency-Key`: 128 random bits.
pub(crate) fn new_key() -> String {
    format!("{:032x}", fastrand::u128(..))
}
