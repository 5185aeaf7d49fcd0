//! When to try a call again, and how long to wait first: pure decisions the transports apply.
//!
//! Idempotent calls (GET; PUT and DELETE when the caller opts in) are retried on network
//! failures, per-attempt timeouts and 429, 502, 503, 504 answers; POST only when the caller
//! opts in (`retry_creates`: safe on 3.x, which replays a create sent again with the same
//! `Idempotency-Key`; 1.0 and 2.0 ignore the key and would create twice). Waits grow exponentially with full jitter
//! (a random wait between 0 and the exponential bound), and a `Retry-After` header, in seconds
//! or as an HTTP date, is honoured up to a cap. A call whose repeat does what the first
//! attempt may already have done (sending an invoice's email: [`Repeat::Never`]) is never
//! retried, whatever the policy.

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

/// Whether a call may be sent again after a failed attempt (a column of pmp-core's
/// declarations: `EXTRAS`' `retried`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// As the policy allows for the call's method.
    ByPolicy,
    /// Never: a repeat may do again what the first attempt did (an email sent twice), and no
    /// server version replays it from an `Idempotency-Key`. Neither `retry_writes` nor
    /// `retry_creates` changes that.
    Never,
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

/// A failed attempt as the retry decision reads it: what failed, and what the server said
/// about waiting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FailedAttempt<'a> {
    /// The call's method.
    pub method: Method,
    /// Whether the call may be repeated at all ([`Repeat::Never`] stops after any failure).
    pub repeat: Repeat,
    /// Attempts made so far (1 after the first).
    pub attempts: u32,
    /// The failure's kind.
    pub kind: ErrorKind,
    /// The failure's HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The answer's `Retry-After`, if any (read only on answers of status 300 and above).
    pub retry_after: Option<&'a str>,
    /// The last `X-RateLimit-Reset` the client saw, in seconds since the Unix epoch: 3.x's 429
    /// carries no `Retry-After`, and this is when its quota comes back.
    pub rate_reset: Option<f64>,
}

/// What a transport does after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryStep {
    /// The wait before the next attempt, in milliseconds; `None` to stop with the failure.
    pub wait_ms: Option<u32>,
    /// The wait the server asked for over a rate limit, for the failure's `retry_after`
    /// (`retryAfterMs` in JavaScript), whether or not the call goes on.
    pub retry_after_ms: Option<u64>,
}

impl RetryPolicy {
    /// The step after `failed`: whether to try again and after how long. `now_ms` is the time
    /// in milliseconds since the Unix epoch, `jitter` a random number in `[0, 1)`, and
    /// `http_date_ms` reads an HTTP date as milliseconds since the epoch (the wasm client
    /// passes JavaScript's `Date.parse` rather than linking a date parser; pmp-client
    /// [`http_date_ms`]).
    pub fn after_failure(
        &self,
        failed: &FailedAttempt<'_>,
        now_ms: f64,
        jitter: f64,
        http_date_ms: impl Fn(&str) -> Option<f64>,
    ) -> RetryStep {
        let retry_after = failed
            .retry_after
            .filter(|_| failed.status.is_some_and(|s| s >= 300));
        let wait = server_wait(retry_after, failed.rate_reset, failed.kind, now_ms, http_date_ms);
        let retry_after_ms = wait.filter(|_| failed.kind == ErrorKind::RateLimited);
        let outcome = AttemptOutcome::of(failed.kind, failed.status);
        let repeatable = failed.repeat == Repeat::ByPolicy;
        let wait_ms = (repeatable && self.should_retry(failed.method, failed.attempts, outcome))
            .then(|| self.delay_after_ms(failed.attempts, jitter, wait));
        RetryStep {
            wait_ms,
            retry_after_ms,
        }
    }
}

/// The wait a server asks for before the next attempt, in milliseconds: its `Retry-After`
/// (delta-seconds, or an HTTP date read by `http_date_ms`; a past date is no wait; the value as
/// HTTP clients give it, without the spaces around it), else (none,
/// or none readable) over a rate limit (`kind` `rate_limited`) until `rate_reset` (epoch
/// seconds, the last `X-RateLimit-Reset` seen). `None` when it asks nothing readable.
pub fn server_wait(
    retry_after: Option<&str>,
    rate_reset: Option<f64>,
    kind: ErrorKind,
    now_ms: f64,
    http_date_ms: impl Fn(&str) -> Option<f64>,
) -> Option<u64> {
    let until = |epoch_ms: f64| epoch_ms.is_finite().then(|| (epoch_ms - now_ms).max(0.0) as u64);
    let asked = retry_after.and_then(|value| seconds(value).or_else(|| until(http_date_ms(value)?)));
    match (asked, rate_reset) {
        (Some(wait), _) => Some(wait),
        (None, Some(reset)) if kind == ErrorKind::RateLimited => until(reset * 1000.0),
        _ => None,
    }
}

/// An HTTP date (`Fri, 27 Nov 2026 21:00:00 GMT`) as milliseconds since the Unix epoch: the
/// `http_date_ms` of [`server_wait`] for transports without a date parser of their own.
pub fn http_date_ms(value: &str) -> Option<f64> {
    let date = httpdate::parse_http_date(trim(value)).ok()?;
    Some(
        date.duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_millis() as f64,
    )
}

/// A header value without the spaces and tabs around it (ASCII only, as HTTP writes them:
/// no Unicode tables in the wasm).
fn trim(value: &str) -> &str {
    let bytes = value.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |last| last + 1);
    value.get(start..end).unwrap_or_default()
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
    Some((http_date_ms(value)? - now_ms).max(0.0) as u64)
}

/// A `Retry-After` value in delta-seconds (`120`) as milliseconds; `None` for anything else
/// (an HTTP date included).
pub fn parse_retry_after_seconds(value: &str) -> Option<u64> {
    seconds(trim(value))
}

/// Delta-seconds (`120`, no spaces) as milliseconds; more than 15 digits (over 30 million
/// years) read as the longest wait. Counting digits keeps the product in range without a
/// 128-bit multiplication in the wasm.
fn seconds(value: &str) -> Option<u64> {
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())).then(|| match value.len() {
        ..=15 => value.parse::<u64>().unwrap_or(0) * 1000,
        _ => u64::MAX,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_800_000_000_000.0;

    fn no_dates(_: &str) -> Option<f64> {
        None
    }

    #[test]
    fn the_server_wait_is_retry_after_then_the_rate_reset() {
        let rate = ErrorKind::RateLimited;
        assert_eq!(server_wait(Some("3"), Some(0.0), rate, NOW, no_dates), Some(3000));
        assert_eq!(parse_retry_after_seconds(" 3 "), Some(3000));
        let date = |_: &str| Some(NOW + 1500.0);
        assert_eq!(
            server_wait(Some("Fri, 27 Nov 2026 21:00:00 GMT"), None, rate, NOW, date),
            Some(1500)
        );
        let past = |_: &str| Some(NOW - 1500.0);
        assert_eq!(server_wait(Some("yesterday"), None, rate, NOW, past), Some(0));
        // A Retry-After that is not readable: over a rate limit, the reset still tells.
        assert_eq!(
            server_wait(Some("soon"), Some(NOW / 1000.0 + 9.0), rate, NOW, no_dates),
            Some(9000)
        );
        assert_eq!(
            server_wait(Some("soon"), None, ErrorKind::Http, NOW, no_dates),
            None
        );
        assert_eq!(
            server_wait(None, Some(NOW / 1000.0 + 2.0), rate, NOW, no_dates),
            Some(2000)
        );
        assert_eq!(
            server_wait(None, Some(NOW / 1000.0 - 2.0), rate, NOW, no_dates),
            Some(0)
        );
        assert_eq!(server_wait(None, Some(f64::NAN), rate, NOW, no_dates), None);
        // The rate reset is only for rate limits.
        assert_eq!(
            server_wait(None, Some(NOW / 1000.0 + 2.0), ErrorKind::Http, NOW, no_dates),
            None
        );
        assert_eq!(
            http_date_ms("Thu, 01 Jan 1970 00:00:01 GMT"),
            Some(1000.0),
            "pmp-core's own date reader"
        );
    }

    #[test]
    fn after_a_failure_the_policy_waits_or_stops() {
        let policy = RetryPolicy::default();
        let failed = FailedAttempt {
            method: Method::Get,
            repeat: Repeat::ByPolicy,
            attempts: 1,
            kind: ErrorKind::RateLimited,
            status: Some(429),
            retry_after: None,
            rate_reset: Some(NOW / 1000.0 + 2.0),
        };
        let step = policy.after_failure(&failed, NOW, 0.5, no_dates);
        assert_eq!(
            step,
            RetryStep {
                wait_ms: Some(2000),
                retry_after_ms: Some(2000)
            }
        );
        // Out of retries: stop, and still say how long the server asked for.
        let last = FailedAttempt {
            attempts: 3,
            ..failed
        };
        assert_eq!(
            policy.after_failure(&last, NOW, 0.5, no_dates),
            RetryStep {
                wait_ms: None,
                retry_after_ms: Some(2000)
            }
        );
        // A Retry-After on a success status is not read; the backoff's jitter decides.
        let decode = FailedAttempt {
            kind: ErrorKind::Http,
            status: Some(503),
            retry_after: Some("7"),
            rate_reset: None,
            ..failed
        };
        assert_eq!(
            policy.after_failure(&decode, NOW, 0.5, no_dates).wait_ms,
            Some(7000)
        );
        let ok_status = FailedAttempt {
            status: Some(200),
            kind: ErrorKind::Decode,
            ..decode
        };
        assert_eq!(policy.after_failure(&ok_status, NOW, 0.5, no_dates).wait_ms, None);
        let network = FailedAttempt {
            kind: ErrorKind::Network,
            status: None,
            retry_after: None,
            ..decode
        };
        let wait = policy.after_failure(&network, NOW, 0.5, no_dates).wait_ms;
        assert_eq!(wait, Some(policy.delay_after_ms(1, 0.5, None)));
        let write = FailedAttempt {
            method: Method::Put,
            ..network
        };
        assert_eq!(policy.after_failure(&write, NOW, 0.5, no_dates).wait_ms, None);
    }

    /// A call declared never repeated (sending an invoice's email) stops after its first
    /// failure, even with every kind of retry enabled and on answers that retry other calls.
    #[test]
    fn a_call_never_repeated_is_not_retried_even_with_retry_creates() {
        let policy = RetryPolicy {
            retries: MAX_RETRIES,
            retry_writes: true,
            retry_creates: true,
            ..RetryPolicy::default()
        };
        let mut failed = FailedAttempt {
            method: Method::Post,
            repeat: Repeat::ByPolicy,
            attempts: 1,
            kind: ErrorKind::Http,
            status: Some(503),
            retry_after: Some("1"),
            rate_reset: None,
        };
        // The same POST by policy is retried: only `repeat` stops it.
        assert_eq!(
            policy.after_failure(&failed, NOW, 0.5, no_dates).wait_ms,
            Some(1000)
        );
        failed.repeat = Repeat::Never;
        for (kind, status) in [
            (ErrorKind::Http, Some(503)),
            (ErrorKind::Http, Some(502)),
            (ErrorKind::Http, Some(500)),
            (ErrorKind::RateLimited, Some(429)),
            (ErrorKind::Network, None),
            (ErrorKind::Timeout, None),
        ] {
            let attempt = FailedAttempt {
                kind,
                status,
                ..failed
            };
            let step = policy.after_failure(&attempt, NOW, 0.5, no_dates);
            assert_eq!(step.wait_ms, None, "{kind} {status:?}");
        }
        // A rate limit still says how long the server asked for.
        let limited = FailedAttempt {
            kind: ErrorKind::RateLimited,
            status: Some(429),
            ..failed
        };
        assert_eq!(
            policy.after_failure(&limited, NOW, 0.5, no_dates).retry_after_ms,
            Some(1000)
        );
    }
}
