//! When to try a call again, and how long to wait first: pure decisions the transports apply.
//!
//! Idempotent calls (GET; PUT and DELETE when the caller opts in) are retried on network
//! failures, per-attempt timeouts and 429, 502, 503, 504 answers; POST only when the caller
//! opts in (`retry_creates`: safe on 3.x, which replays a create sent again with the same
//! `Idempotency-Key`; 1.0 and 2.0 ignore the key and would create twice). Waits grow exponentially with full jitter
//! (a random wait between 0 and the exponential bound), and a `Retry-After` header, in seconds
//! or as an HTTP date, is honoured up to a cap.

use std::time::{Duration, UNIX_EPOCH};

use crate::catalogue::Method;
use crate::defaults;
use crate::error::{ErrorKind, PmpError};

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// No answer: connection refused or reset, DNS failure, ...
    Network,
    /// The attempt ran out of its own time (the call's overall time may remain).
    Timeout,
    /// An answer with this status.
    Status(u16),
}

/// The retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub retries: u32,
    /// Also retry PUT and DELETE (safe only when repeating a write does no harm).
    pub retry_writes: bool,
    /// Also retry POST (creates), which carry an `Idempotency-Key`: safe on 3.x servers only.
    pub retry_creates: bool,
    /// Bound of the first wait; doubles with each retry.
    pub base_delay_ms: u32,
    /// Bound that the exponential wait never exceeds.
    pub max_delay_ms: u32,
    /// The longest `Retry-After` honoured; longer ones are cut to this.
    pub max_retry_after_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: defaults::RETRIES.value,
            retry_writes: defaults::RETRY_WRITES.value,
            retry_creates: defaults::RETRY_CREATES.value,
            base_delay_ms: defaults::RETRY_BASE_MS.value,
            max_delay_ms: defaults::RETRY_MAX_MS.value,
            max_retry_after_ms: defaults::RETRY_AFTER_MAX_MS.value,
        }
    }
}

/// The most retries a policy may ask for: more would only hide an outage.
pub const MAX_RETRIES: u32 = defaults::MAX_RETRIES.value;

impl RetryPolicy {
    /// Checks the settings: at most [`MAX_RETRIES`] retries, and `base <= max`.
    pub fn validate(&self) -> Result<(), PmpError> {
        if self.retries > MAX_RETRIES {
            return Err(PmpError::invalid_input(crate::error::text(&[
                "retries must be 0 to ",
                &crate::error::decimal(u64::from(MAX_RETRIES)),
            ])));
        }
        if self.base_delay_ms > self.max_delay_ms {
            return Err(PmpError::invalid_input("retryBaseMs must not exceed retryMaxMs"));
        }
        Ok(())
    }

    /// Whether calls of this method may be retried at all.
    pub fn allows(&self, method: Method) -> bool {
        match method {
            Method::Get => true,
            Method::Put | Method::Delete => self.retry_writes,
            Method::Post => self.retry_creates,
        }
    }

    /// Whether to try again after `attempts` attempts (1 after the first) ended with `outcome`.
    pub fn should_retry(&self, method: Method, attempts: u32, outcome: AttemptOutcome) -> bool {
        let retryable = match outcome {
            AttemptOutcome::Network | AttemptOutcome::Timeout => true,
            AttemptOutcome::Status(status) => is_retryable_status(status),
        };
        retryable && self.allows(method) && attempts <= self.retries
    }

    /// How long to wait before the next attempt, after `attempts` attempts. `jitter` is a
    /// random number in `[0, 1)`; `retry_after` the answer's header, if any; `now_ms` the
    /// current time in milliseconds since the Unix epoch (for HTTP dates).
    pub fn delay_ms(&self, attempts: u32, jitter: f64, retry_after: Option<&str>, now_ms: f64) -> u32 {
        self.delay_after_ms(
            attempts,
            jitter,
            retry_after.and_then(|v| parse_retry_after(v, now_ms)),
        )
    }

    /// [`RetryPolicy::delay_ms`] with the `Retry-After` wait already read, in milliseconds
    /// (for transports that read HTTP dates themselves: the wasm client uses `Date.parse`
    /// rather than linking a date parser).
    pub fn delay_after_ms(&self, attempts: u32, jitter: f64, retry_after_ms: Option<u64>) -> u32 {
        if let Some(wait) = retry_after_ms {
            return wait.min(u64::from(self.max_retry_after_ms)) as u32;
        }
        let exponent = attempts.saturating_sub(1).min(31);
        let bound = u64::from(self.base_delay_ms)
            .saturating_mul(1 << exponent)
            .min(u64::from(self.max_delay_ms));
        (bound as f64 * jitter.clamp(0.0, 1.0)) as u32
    }
}

/// What an answer's error means for retrying: [`AttemptOutcome::of`] its kind and status.
pub fn outcome_of(error: &PmpError) -> AttemptOutcome {
    AttemptOutcome::of(error.kind, error.status)
}

impl AttemptOutcome {
    /// The outcome of an attempt that failed with an error of `kind` and `status`: a rate
    /// limit is a 429 whatever its status (3.x's 401 `time limit for this method`), an auth
    /// failure never retried (3.x's lock-out 429), a network failure or timeout itself, anything
    /// else its status.
    pub fn of(kind: ErrorKind, status: Option<u16>) -> AttemptOutcome {
        match (kind, status) {
            (ErrorKind::Timeout, _) => AttemptOutcome::Timeout,
            (ErrorKind::Network, _) | (_, None) => AttemptOutcome::Network,
            (ErrorKind::RateLimited, _) => AttemptOutcome::Status(429),
            (ErrorKind::Auth, _) => AttemptOutcome::Status(403),
            (_, Some(status)) => AttemptOutcome::Status(status),
        }
    }
}

/// The statuses that say "try again later": 429, 502, 503, 504.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A `Retry-After` value as a wait in milliseconds: delta-seconds (`120`) or an HTTP date
/// (`Fri, 27 Nov 2026 21:00:00 GMT`, a past date meaning no wait). `None` if malformed.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    if let Some(wait) = parse_retry_after_seconds(value) {
        return Some(wait);
    }
    let value = value.trim();
    let date = httpdate::parse_http_date(value).ok()?;
    let date_ms = date
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as f64;
    Some((date_ms - now_ms).max(0.0) as u64)
}

/// A `Retry-After` value in delta-seconds (`120`) as milliseconds; `None` for anything else
/// (an HTTP date included).
pub fn parse_retry_after_seconds(value: &str) -> Option<u64> {
    let value = value.trim();
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then(|| {
        value
            .parse::<u64>()
            .unwrap_or(u64::MAX / 1000)
            .saturating_mul(1000)
    })
}
