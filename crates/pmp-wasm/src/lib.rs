//! The PMP API client for JavaScript: pmp-core compiled to wasm, behind the `PmpClient`
//! class of `js/client.js`.
//!
//! The wasm is synchronous ([`Core`]): it checks options, builds each call's request
//! (URLs, headers, keyword encoding, id checks, validation), classifies failed answers and
//! decides retries. JavaScript sends with `fetch`, parses answers with `JSON.parse` and
//! returns the parsed values after a cheap shape check, so no row is copied through serde
//! and no promise crosses into the wasm.
#![warn(missing_docs)]

mod answer;
mod core;
mod error;
mod input;
mod js;
mod plan;
mod types;
#[cfg(feature = "writes")]
mod untyped;
#[cfg(feature = "writes")]
mod writes;

pub use crate::core::Core;

// lol_alloc's free-list allocator instead of dlmalloc: a few kB less wasm, and fast enough for
// the client's short-lived allocations. `AssumeSingleThreaded` holds as the wasm build has no
// threads (no atomics target feature).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without atomics runs on one thread only.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
