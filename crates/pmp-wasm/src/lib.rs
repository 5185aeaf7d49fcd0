//! The PMP API client for JavaScript: [`PmpClient`], pmp-core's requests sent with `fetch`.
//!
//! Requests are built by pmp-core (URLs, headers, keyword encoding, id checks, validation);
//! answers are parsed by the JavaScript engine (`JSON.parse`) and returned as the parsed
//! values after a cheap shape check, so no row is copied through serde (issue 7). Errors are
//! classified by pmp-core's `classify_error` and rejected as JavaScript `PmpError`s.
#![warn(missing_docs)]

mod answer;
mod attempts;
mod client;
mod error;
mod input;
mod js;
mod transport;
mod types;

pub use client::PmpClient;

// lol_alloc's free-list allocator instead of dlmalloc: a few kB less wasm, and fast enough for
// the client's short-lived allocations. `AssumeSingleThreaded` holds as the wasm build has no
// threads (no atomics target feature).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without atomics runs on one thread only.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
