//! The two transports, one per target: reqwest natively, gloo-net on wasm32. Each sends a
//! pmp-core [`HttpRequest`] and reads the answer (bounded in size), and gives the timers
//! and clock of its platform; everything else (timeouts, retries, pages) is the client's.

use std::future::Future;
use std::pin::pin;

use futures_util::future::{select, Either};

#[cfg(all(not(target_arch = "wasm32"), feature = "reqwest"))]
mod native;
#[cfg(all(not(target_arch = "wasm32"), feature = "reqwest"))]
pub(crate) use native::{new_key, now_ms, random, sleep, Http};

#[cfg(all(target_arch = "wasm32", feature = "gloo"))]
mod web;
#[cfg(all(target_arch = "wasm32", feature = "gloo"))]
pub(crate) use web::{new_key, now_ms, random, sleep, Http};

#[cfg(all(not(target_arch = "wasm32"), not(feature = "reqwest")))]
compile_error!("pmp-client needs its `reqwest` feature on this target (it is on by default)");
#[cfg(all(target_arch = "wasm32", not(feature = "gloo")))]
compile_error!("pmp-client needs its `gloo` feature on wasm32: features = [\"gloo\"]");

/// What a server answered.
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub retry_after: Option<String>,
    /// `X-RateLimit-Reset`, in seconds since the Unix epoch.
    pub rate_reset: Option<u64>,
    pub body: Vec<u8>,
}

/// Why an attempt got no answer the client can read.
pub(crate) enum Failure {
    /// No answer: connection refused or reset, DNS, TLS, CORS, ...
    Network(String),
    /// The body is larger than the client accepts.
    TooLarge,
    /// A redirect that does not say where to (a browser's opaque redirect).
    Redirect,
}

/// `future`'s output, or `None` if `ms` milliseconds pass first (the future is dropped,
/// which aborts its request).
pub(crate) async fn within<F: Future>(ms: u64, future: F) -> Option<F::Output> {
    match select(pin!(future), pin!(sleep(ms))).await {
        Either::Left((output, _)) => Some(output),
        Either::Right(_) => None,
    }
}

/// A header's value as a number of seconds since the epoch.
pub(crate) fn epoch_seconds(value: Option<&str>) -> Option<u64> {
    value?.trim().parse().ok()
}
