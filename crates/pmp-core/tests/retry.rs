//! Retry decisions: which calls, which outcomes, how many times, how long to wait.

use pmp_core::*;
use proptest::prelude::*;

mod common;

const NOW_MS: f64 = 1_795_813_200_000.0; // Fri, 27 Nov 2026 21:00:00 GMT

#[test]
fn only_idempotent_calls_are_retried_and_post_never() {
    let default = RetryPolicy::default();
    let writes = RetryPolicy {
        retry_writes: true,
        ..default
    };
    let outcome = AttemptOutcome::Status(503);
    assert!(default.should_retry(Method::Get, 1, outcome));
    assert!(!default.should_retry(Method::Put, 1, outcome));
    assert!(!default.should_retry(Method::Delete, 1, outcome));
    assert!(writes.should_retry(Method::Put, 1, outcome));
    assert!(writes.should_retry(Method::Delete, 1, outcome));
    assert!(
        !writes.should_retry(Method::Post, 1, outcome),
        "a create may have happened"
    );
}

#[test]
fn network_failures_timeouts_and_busy_statuses_are_retried_and_nothing_else() {
    let policy = RetryPolicy::default();
    for outcome in [AttemptOutcome::Network, AttemptOutcome::Timeout] {
        assert!(policy.should_retry(Method::Get, 1, outcome));
    }
    for status in 100..600 {
        let retried = policy.should_retry(Method::Get, 1, AttemptOutcome::Status(status));
        assert_eq!(retried, matches!(status, 429 | 502 | 503 | 504), "{status}");
    }
}

#[test]
fn retries_stop_after_the_configured_count() {
    let policy = RetryPolicy {
        retries: 2,
        ..RetryPolicy::default()
    };
    let attempts: Vec<bool> = (1..=4)
        .map(|n| policy.should_retry(Method::Get, n, AttemptOutcome::Network))
        .collect();
    assert_eq!(attempts, [true, true, false, false], "three attempts in all");
    let none = RetryPolicy {
        retries: 0,
        ..RetryPolicy::default()
    };
    assert!(!none.should_retry(Method::Get, 1, AttemptOutcome::Network));
}

#[test]
fn waits_grow_exponentially_up_to_the_cap_with_full_jitter() {
    let policy = RetryPolicy {
        base_delay_ms: 100,
        max_delay_ms: 1_000,
        ..RetryPolicy::default()
    };
    let bounds: Vec<u32> = (1..=6)
        .map(|n| policy.delay_ms(n, 0.999_999, None, NOW_MS))
        .collect();
    assert_eq!(bounds, [99, 199, 399, 799, 999, 999]);
    assert_eq!(
        policy.delay_ms(3, 0.0, None, NOW_MS),
        0,
        "full jitter starts at zero"
    );
    assert_eq!(policy.delay_ms(3, 0.5, None, NOW_MS), 200);
    assert_eq!(
        policy.delay_ms(200, 0.5, None, NOW_MS),
        500,
        "huge attempt counts do not overflow"
    );
}

#[test]
fn retry_after_in_seconds_or_as_a_date_is_honoured_up_to_its_cap() {
    let policy = RetryPolicy {
        max_retry_after_ms: 10_000,
        ..RetryPolicy::default()
    };
    assert_eq!(policy.delay_ms(1, 0.5, Some("1"), NOW_MS), 1_000);
    assert_eq!(policy.delay_ms(1, 0.5, Some(" 3 "), NOW_MS), 3_000);
    assert_eq!(policy.delay_ms(1, 0.5, Some("3600"), NOW_MS), 10_000, "capped");
    assert_eq!(
        policy.delay_ms(1, 0.5, Some("99999999999999999999999"), NOW_MS),
        10_000
    );
    assert_eq!(
        policy.delay_ms(1, 0.5, Some("Fri, 27 Nov 2026 21:00:05 GMT"), NOW_MS),
        5_000
    );
    assert_eq!(
        policy.delay_ms(1, 0.5, Some("Fri, 27 Nov 2026 20:00:00 GMT"), NOW_MS),
        0,
        "a past date"
    );
    // Malformed values fall back to the exponential wait.
    let fallback = policy.delay_ms(1, 0.5, None, NOW_MS);
    for bad in ["soon", "-1", "1.5", "", "Fri, 99 Nov 2026"] {
        assert_eq!(policy.delay_ms(1, 0.5, Some(bad), NOW_MS), fallback, "{bad:?}");
    }
}

#[test]
fn delay_after_ms_takes_a_wait_already_read() {
    let policy = RetryPolicy {
        max_retry_after_ms: 10_000,
        ..RetryPolicy::default()
    };
    assert_eq!(policy.delay_after_ms(1, 0.5, Some(2_000)), 2_000);
    assert_eq!(policy.delay_after_ms(1, 0.5, Some(99_000)), 10_000, "capped");
    assert_eq!(
        policy.delay_after_ms(1, 0.5, None),
        policy.delay_ms(1, 0.5, None, NOW_MS)
    );
    assert_eq!(parse_retry_after_seconds(" 7 "), Some(7_000));
    assert_eq!(parse_retry_after_seconds("Fri, 27 Nov 2026 21:01:00 GMT"), None);
}

#[test]
fn parse_retry_after_reads_both_forms() {
    assert_eq!(parse_retry_after("120", NOW_MS), Some(120_000));
    assert_eq!(
        parse_retry_after("Fri, 27 Nov 2026 21:01:00 GMT", NOW_MS),
        Some(60_000)
    );
    assert_eq!(parse_retry_after("tomorrow", NOW_MS), None);
}

#[test]
fn policies_out_of_range_are_refused() {
    let too_many = RetryPolicy {
        retries: MAX_RETRIES + 1,
        ..RetryPolicy::default()
    };
    assert_eq!(too_many.validate().unwrap_err().kind, ErrorKind::InvalidInput);
    let inverted = RetryPolicy {
        base_delay_ms: 10,
        max_delay_ms: 5,
        ..RetryPolicy::default()
    };
    assert!(inverted.validate().unwrap_err().message.contains("retryBaseMs"));
    assert!(RetryPolicy::default().validate().is_ok());
}

/// A `Retry-After` value and the wait it asks for in milliseconds, if it parses.
#[derive(Debug, Clone)]
enum Header {
    Seconds(String, u64),
    Date(String, u64),
    Junk(String),
}

/// Mostly values a server sends (seconds, with stray spaces; HTTP dates before and after
/// now), an eighth junk.
fn headers() -> impl Strategy<Value = Header> {
    let seconds = ("[ ]{0,2}", 0u64..100_000, "[ ]{0,2}")
        .prop_map(|(before, n, after)| Header::Seconds(format!("{before}{n}{after}"), n * 1000));
    let dates = (-100_000i64..100_000).prop_map(|offset_s| {
        let now_s = (NOW_MS / 1000.0) as i64;
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs((now_s + offset_s) as u64);
        Header::Date(httpdate::fmt_http_date(at), (offset_s.max(0) as u64) * 1000)
    });
    let junk = "\\PC{0,30}".prop_map(Header::Junk);
    prop_oneof![4 => seconds, 3 => dates, 1 => junk]
}

/// Every wait stays within its bounds, and a `Retry-After` that parses is the wait, capped:
/// at least half the cases carry one that parses (counted), so the property is about them.
#[test]
fn a_wait_never_exceeds_its_bounds() {
    let policy = RetryPolicy::default();
    let strategy = (0u32..100, any::<f64>(), headers());
    common::run_counted(
        strategy,
        "Retry-After values parsed",
        |(attempts, jitter, header)| {
            let (text, asked) = match &header {
                Header::Seconds(text, ms) | Header::Date(text, ms) => (text.as_str(), Some(*ms)),
                Header::Junk(text) => (text.as_str(), None),
            };
            let wait = policy.delay_ms(attempts, jitter, Some(text), NOW_MS);
            prop_assert!(wait <= policy.max_delay_ms.max(policy.max_retry_after_ms));
            match asked.or_else(|| parse_retry_after(text, NOW_MS)) {
                Some(ms) => {
                    prop_assert_eq!(parse_retry_after(text, NOW_MS), Some(ms), "{:?}", header);
                    prop_assert_eq!(u64::from(wait), ms.min(u64::from(policy.max_retry_after_ms)));
                    Ok(true)
                }
                None => {
                    prop_assert_eq!(wait, policy.delay_ms(attempts, jitter, None, NOW_MS));
                    Ok(false)
                }
            }
        },
    );
}
