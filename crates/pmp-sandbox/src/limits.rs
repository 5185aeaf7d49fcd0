//! 3.x's request limits and idempotency (wire/PMP-WIRE-FACTS.md, "3.x only"): a quota per token and
//! endpoint per hour (`X-RateLimit-*` headers, then 429), a per-IP burst limit for tokens
//! with their own quota (401), a lock-out after repeated auth failures from one IP (429), and
//! `Idempotency-Key` replays. All state is in memory and counted in fixed windows.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How limits are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Requests per token and endpoint per hour.
    pub quota: u64,
    /// The quota of tiny-quota tokens.
    pub tiny_quota: u64,
    /// Requests per IP per minute after which tiny-quota tokens get the 401.
    pub ip_burst: u64,
    /// Auth or permission failures per IP in 15 minutes after which the IP is locked out.
    pub auth_lockout: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            quota: 1_000_000,
            tiny_quota: 2,
            ip_burst: 100,
            auth_lockout: 20,
        }
    }
}

const HOUR: Duration = Duration::from_secs(3600);
const MINUTE: Duration = Duration::from_secs(60);
const LOCKOUT_WINDOW: Duration = Duration::from_secs(15 * 60);
const IDEMPOTENCY_KEPT: Duration = Duration::from_secs(24 * 3600);

/// A counter over a fixed window.
#[derive(Clone, Copy)]
struct Window {
    start: Instant,
    count: u64,
}

impl Window {
    /// Counts one more in the window `length` long; returns the count and the window's end.
    fn hit(slot: &mut Option<Window>, now: Instant, length: Duration) -> (u64, Instant) {
        let window = match slot {
            Some(w) if now.duration_since(w.start) < length => w,
            _ => slot.insert(Window { start: now, count: 0 }),
        };
        window.count += 1;
        (window.count, window.start + length)
    }
}

/// The rate-limit headers of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateHeaders {
    /// `X-RateLimit-Limit`.
    pub limit: u64,
    /// `X-RateLimit-Remaining`.
    pub remaining: u64,
    /// `X-RateLimit-Reset`, epoch seconds.
    pub reset: u64,
}

/// A token over its quota for an endpoint (429 `Rate limit exceeded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OverQuota;

/// A stored answer of an idempotent POST.
#[derive(Debug, Clone)]
pub(crate) struct StoredAnswer {
    /// Its status.
    pub status: u16,
    /// Its JSON body.
    pub body: serde_json::Value,
}

/// The limits' state.
#[derive(Default)]
pub(crate) struct Limits {
    settings: Settings,
    quotas: Mutex<HashMap<(String, String), Option<Window>>>,
    bursts: Mutex<HashMap<IpAddr, Option<Window>>>,
    failures: Mutex<HashMap<IpAddr, Option<Window>>>,
    answers: Mutex<HashMap<(String, String), (Instant, StoredAnswer)>>,
}

fn epoch_of(at: Instant) -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    now + at.saturating_duration_since(Instant::now()).as_secs()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Limits {
    /// Limits with these settings.
    pub(crate) fn new(settings: Settings) -> Limits {
        Limits {
            settings,
            ..Limits::default()
        }
    }

    /// Whether the IP is locked out after too many auth failures.
    pub(crate) fn locked_out(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        lock(&self.failures).get(&ip).and_then(|w| *w).is_some_and(|w| {
            now.duration_since(w.start) < LOCKOUT_WINDOW && w.count >= self.settings.auth_lockout
        })
    }

    /// Counts an auth or permission failure of the IP.
    pub(crate) fn failed(&self, ip: IpAddr) {
        let mut failures = lock(&self.failures);
        Window::hit(failures.entry(ip).or_default(), Instant::now(), LOCKOUT_WINDOW);
    }

    /// Counts a request of the IP; `Err` with the headers when a token with its own quota is
    /// over the IP's burst limit.
    pub(crate) fn burst(&self, ip: IpAddr, own_quota: bool) -> Result<(), RateHeaders> {
        let mut bursts = lock(&self.bursts);
        let (count, end) = Window::hit(bursts.entry(ip).or_default(), Instant::now(), MINUTE);
        if own_quota && count > self.settings.ip_burst {
            return Err(RateHeaders {
                limit: self.settings.ip_burst,
                remaining: 0,
                reset: epoch_of(end),
            });
        }
        Ok(())
    }

    /// Counts a request of `token` on `endpoint`; `Err` once over its quota.
    pub(crate) fn quota(&self, token: &str, endpoint: &str, tiny: bool) -> Result<RateHeaders, OverQuota> {
        let limit = if tiny {
            self.settings.tiny_quota
        } else {
            self.settings.quota
        };
        let mut quotas = lock(&self.quotas);
        let slot = quotas.entry((token.to_owned(), endpoint.to_owned())).or_default();
        let (count, end) = Window::hit(slot, Instant::now(), HOUR);
        if count > limit {
            return Err(OverQuota);
        }
        Ok(RateHeaders {
            limit,
            remaining: limit - count,
            reset: epoch_of(end),
        })
    }

    /// The stored answer of a POST with this token and key, if any (kept 24 h).
    pub(crate) fn replay(&self, token: &str, key: &str) -> Option<StoredAnswer> {
        let answers = lock(&self.answers);
        let (at, answer) = answers.get(&(token.to_owned(), key.to_owned()))?;
        (at.elapsed() < IDEMPOTENCY_KEPT).then(|| answer.clone())
    }

    /// Keeps the answer of a POST with this token and key.
    pub(crate) fn keep(&self, token: &str, key: &str, answer: StoredAnswer) {
        let mut answers = lock(&self.answers);
        answers.retain(|_, (at, _)| at.elapsed() < IDEMPOTENCY_KEPT);
        answers.insert((token.to_owned(), key.to_owned()), (Instant::now(), answer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_then_refusal() {
        let limits = Limits::new(Settings {
            quota: 5,
            ..Settings::default()
        });
        let first = limits.quota("t", "GET customers", true).unwrap();
        assert_eq!((first.limit, first.remaining), (2, 1));
        assert_eq!(limits.quota("t", "GET customers", true).unwrap().remaining, 0);
        assert!(limits.quota("t", "GET customers", true).is_err());
        assert!(limits.quota("t", "GET leads", true).is_ok(), "per endpoint");
        assert_eq!(limits.quota("u", "GET customers", false).unwrap().remaining, 4);
    }

    #[test]
    fn bursts_and_lockouts_per_ip() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let limits = Limits::new(Settings {
            ip_burst: 2,
            auth_lockout: 2,
            ..Settings::default()
        });
        assert!(limits.burst(ip, true).is_ok());
        assert!(limits.burst(ip, false).is_ok());
        assert!(
            limits.burst(ip, false).is_ok(),
            "only tokens with their own quota are refused"
        );
        assert_eq!(limits.burst(ip, true).unwrap_err().limit, 2);
        assert!(!limits.locked_out(ip));
        limits.failed(ip);
        limits.failed(ip);
        assert!(limits.locked_out(ip));
    }
}
