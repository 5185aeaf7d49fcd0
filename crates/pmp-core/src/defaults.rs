//! The client's defaults and limits, declared once, by the option name a JavaScript caller
//! gives: [`RetryPolicy::default`](crate::RetryPolicy) and the list query read them here, and
//! `cargo xtask pkg` writes them into the JavaScript client, its TypeScript declarations and
//! their documentation; a test of crates/pmp-wasm compares the READMEs with [`ALL`].

/// A setting's option name and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting<T> {
    /// The option's name in JavaScript (`timeoutMs`, ...).
    pub name: &'static str,
    /// The default, or the limit.
    pub value: T,
}

/// A setting's value, for generators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A number (milliseconds, bytes, a count).
    Number(u32),
    /// A yes or no.
    Flag(bool),
}

macro_rules! settings {
    (numbers { $( $(#[$doc:meta])* $NAME:ident = $option:literal: $value:expr; )* }
     flags { $( $(#[$fdoc:meta])* $FLAG:ident = $foption:literal: $fvalue:expr; )* }) => {
        $( $(#[$doc])* pub const $NAME: Setting<u32> = Setting { name: $option, value: $value }; )*
        $( $(#[$fdoc])* pub const $FLAG: Setting<bool> = Setting { name: $foption, value: $fvalue }; )*
        /// Every setting, by option name.
        pub const ALL: &[(&str, Value)] = &[
            $( ($option, Value::Number($value)), )*
            $( ($foption, Value::Flag($fvalue)), )*
        ];
    };
}

settings! {
    numbers {
        /// Time limit of one attempt, answer body included, in milliseconds.
        TIMEOUT_MS = "timeoutMs": 30_000;
        /// The largest answer body read, in bytes (32 MiB).
        MAX_RESPONSE_BYTES = "maxResponseBytes": 32 * 1024 * 1024;
        /// Retries after the first attempt of a call that may be retried.
        RETRIES = "retries": 2;
        /// The most retries a client may ask for: more would only hide an outage.
        MAX_RETRIES = "maxRetries": 10;
        /// Bound of the first wait between attempts, in milliseconds; it doubles with each retry.
        RETRY_BASE_MS = "retryBaseMs": 250;
        /// Bound that the exponential wait never exceeds, in milliseconds.
        RETRY_MAX_MS = "retryMaxMs": 5_000;
        /// The longest wait a server asks for that is honoured, in milliseconds.
        RETRY_AFTER_MAX_MS = "retryAfterMaxMs": 30_000;
        /// Rows per page of the page calls (3.x's own default).
        PER_PAGE = "perPage": 20;
        /// 3.x's largest page: lists ask for it when they fetch every row.
        MAX_PER_PAGE = "maxPerPage": 100;
        /// Pages a list fetches at once after the first (3.x).
        PAGES_IN_FLIGHT = "pagesInFlight": 4;
    }
    flags {
        /// Also retry PUT and DELETE.
        RETRY_WRITES = "retryWrites": false;
        /// Also retry POST (creates), which carry an `Idempotency-Key`.
        RETRY_CREATES = "retryCreates": false;
    }
}
