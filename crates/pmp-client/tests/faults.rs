//! The client against a deliberately faulty server (the Rust equivalent of
//! tests/faults/server.mjs): retries, Retry-After and X-RateLimit-Reset, creates sent once
//! unless opted in (with one Idempotency-Key), per-attempt and total timeouts, cancellation
//! by dropping the future, and the failures that are never retried.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, Response};
use pmp_client::{Client, ClientConfig, CustomerInput, ErrorKind, Options, RetryPolicy};

const TOKEN: &str = "fault-token-0123456789";

/// What the server saw: requests per mode, the Idempotency-Key of each create, and how many
/// slow answers were dropped before they were sent.
#[derive(Default)]
struct Seen {
    counts: HashMap<String, u32>,
    keys: Vec<String>,
    dropped: u32,
}

type Shared = Arc<Mutex<Seen>>;

/// Counts a slow answer dropped unsent (the client went away).
struct DropGuard(Shared, bool);

impl Drop for DropGuard {
    fn drop(&mut self) {
        if !self.1 {
            self.0.lock().unwrap().dropped += 1;
        }
    }
}

fn json(status: u16, body: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

const ROW: &str = r#"{"userid":"1","company":"Acme"}"#;
const BUSY: &str = r#"{"status":false,"message":"Service Unavailable"}"#;
const LIMITED: &str = r#"{"status":false,"message":"Rate limit exceeded"}"#;

async fn answer(seen: Shared, method: Method, headers: HeaderMap, mode: String) -> Response<Body> {
    let count = {
        let mut seen = seen.lock().unwrap();
        if method == Method::POST {
            let key = headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            seen.keys.push(key.to_owned());
        }
        let count = seen.counts.entry(mode.clone()).or_default();
        *count += 1;
        *count
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    match mode.as_str() {
        "flaky" if count <= 2 => json(503, BUSY),
        "retry-after" if count == 1 => {
            let mut r = json(429, LIMITED);
            r.headers_mut().insert("retry-after", "1".parse().unwrap());
            r
        }
        "reset" if count == 1 => {
            let mut r = json(429, LIMITED);
            r.headers_mut()
                .insert("x-ratelimit-reset", (now + 2).to_string().parse().unwrap());
            r
        }
        "limited" => {
            let mut r = json(429, LIMITED);
            r.headers_mut().insert("retry-after", "7".parse().unwrap());
            r
        }
        "busy" => json(503, BUSY),
        "slow" => {
            let mut guard = DropGuard(seen.clone(), false);
            tokio::time::sleep(Duration::from_secs(30)).await;
            guard.1 = true;
            json(200, ROW)
        }
        "html" => Response::builder()
            .status(200)
            .header("content-type", "text/html")
            .body(Body::from(
                "<html><body><h1>Maintenance</h1><p>SELECT * FROM tblclients</p></body></html>",
            ))
            .unwrap(),
        "redirect" => Response::builder()
            .status(302)
            .header("location", "http://elsewhere.invalid/api/customers/1")
            .body(Body::empty())
            .unwrap(),
        "big" => json(
            200,
            &format!(r#"{{"userid":"1","company":"{}"}}"#, "x".repeat(64 * 1024)),
        ),
        "echo" => json(
            404,
            &format!(r#"{{"status":false,"message":"Signature verification failed for {TOKEN}"}}"#),
        ),
        "missing" if method == Method::GET => json(404, r#"{"status":false,"message":"No data were found"}"#),
        _ if method == Method::GET => json(200, ROW),
        _ => json(
            200,
            r#"{"status":true,"message":"Customer Updated Successfully."}"#,
        ),
    }
}

/// Starts the server; requests to `/{mode}/api/...` answer as `mode` says.
async fn start() -> (String, Shared) {
    let seen = Shared::default();
    let state = seen.clone();
    let app = axum::Router::new().fallback(move |request: Request<Body>| {
        let seen = state.clone();
        async move {
            let mode = request
                .uri()
                .path()
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or("")
                .to_owned();
            answer(seen, request.method().clone(), request.headers().clone(), mode).await
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn client(url: &str, mode: &str, options: Options) -> Client {
    Client::with_options(
        ClientConfig::new(&format!("{url}{mode}/"), TOKEN).unwrap(),
        options,
    )
    .unwrap()
}

/// Retries with short waits (the default policy but for its waits).
fn quick(retries: u32) -> Options {
    Options {
        retry: RetryPolicy {
            retries,
            base_delay_ms: 1,
            max_delay_ms: 5,
            ..RetryPolicy::default()
        },
        ..Options::default()
    }
}

fn count(seen: &Shared, mode: &str) -> u32 {
    seen.lock().unwrap().counts.get(mode).copied().unwrap_or(0)
}

#[tokio::test]
async fn gets_are_retried_over_503() {
    let (url, seen) = start().await;
    let row = client(&url, "flaky", quick(2)).get_customer(1u64).await.unwrap();
    assert_eq!(row.company, Some(Some("Acme".to_owned())));
    assert_eq!(count(&seen, "flaky"), 3);
    let error = client(&url, "busy", quick(2))
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.status(), error.attempts()),
        (ErrorKind::Http, Some(503), 3),
        "{error}"
    );
}

#[tokio::test]
async fn retry_after_and_rate_limit_reset_are_waited_for() {
    let (url, seen) = start().await;
    let started = Instant::now();
    client(&url, "retry-after", quick(1))
        .get_customer(1u64)
        .await
        .unwrap();
    // A lower bound only: the wait the server asked for (1 s) was kept.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&seen, "retry-after"), 2);

    let started = Instant::now();
    client(&url, "reset", quick(1)).get_customer(1u64).await.unwrap();
    // Until X-RateLimit-Reset (now + 2 s, in whole seconds): at least 1 s.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&seen, "reset"), 2);

    let options = Options {
        retry: RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        },
        ..Options::default()
    };
    let error = client(&url, "limited", options)
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.status()),
        (ErrorKind::RateLimited, Some(429))
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn creates_are_sent_once_unless_opted_in_and_keep_their_key() {
    let (url, seen) = start().await;
    let input = CustomerInput {
        company: "Acme".into(),
        ..Default::default()
    };
    let error = client(&url, "busy", quick(2))
        .create_customer(&input)
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1, "a create is not retried by default");
    let mut options = quick(2);
    options.retry.retry_creates = true;
    let error = client(&url, "busy", options)
        .create_customer(&input)
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
    let keys = seen.lock().unwrap().keys.clone();
    assert_eq!(keys.len(), 4);
    assert!(keys.iter().all(|k| k.len() == 32), "{keys:?}");
    assert_ne!(keys[0], keys[1], "one key per call");
    assert!(
        keys[1..].iter().all(|k| *k == keys[1]),
        "the same key on each attempt: {keys:?}"
    );
    // An invoice's email is never sent twice: not even with every retry option on, over
    // answers (503, 429, no answer) that retry every other call.
    let mut options = quick(2);
    options.retry.retry_creates = true;
    options.retry.retry_writes = true;
    for mode in ["busy", "flaky", "limited"] {
        let error = client(&url, mode, options.clone())
            .send_invoice(7u64, Some("a@example.com"))
            .await
            .unwrap_err();
        assert_eq!(error.attempts(), 1, "{mode}: {error}");
    }
    assert_eq!(count(&seen, "flaky"), 1, "sent once");
    let mut options = quick(2);
    options.retry.retry_creates = true;
    options.timeout = Duration::from_millis(200);
    let error = client(&url, "slow", options)
        .send_invoice(7u64, None)
        .await
        .unwrap_err();
    assert_eq!((error.kind(), error.attempts()), (ErrorKind::Timeout, 1));
    // Updates and deletes are not retried by default either.
    let error = client(&url, "busy", quick(2))
        .delete_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn attempts_and_calls_have_time_limits() {
    let (url, _seen) = start().await;
    let mut options = quick(1);
    options.timeout = Duration::from_millis(200);
    let error = client(&url, "slow", options)
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.attempts()),
        (ErrorKind::Timeout, 2),
        "{error}"
    );
    assert!(error.message().contains("200 ms"), "{error}");

    let mut options = quick(5);
    options.timeout = Duration::from_secs(20);
    options.total_timeout = Some(Duration::from_millis(300));
    let error = client(&url, "slow", options)
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.attempts()),
        (ErrorKind::Timeout, 1),
        "{error}"
    );
    assert!(error.message().contains("total timeout"), "{error}");
}

#[tokio::test]
async fn dropping_the_future_cancels_the_request() {
    let (url, seen) = start().await;
    let pmp = client(&url, "slow", Options::default());
    let call = pmp.get_customer(1u64);
    assert!(tokio::time::timeout(Duration::from_millis(300), call)
        .await
        .is_err());
    // The server sees the connection go (a wide margin: nothing here measures speed).
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.lock().unwrap().dropped == 0 {
        assert!(
            Instant::now() < deadline,
            "the request went on after its call was dropped"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn answers_that_are_never_retried() {
    let (url, seen) = start().await;
    let error = client(&url, "html", quick(2))
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.attempts()),
        (ErrorKind::Decode, 1),
        "{error}"
    );
    assert!(
        !error.message().contains('<') && !error.message().contains("SELECT"),
        "{error}"
    );

    let error = client(&url, "redirect", quick(2))
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.status(), error.attempts()),
        (ErrorKind::Redirect, Some(302), 1),
        "{error}"
    );
    assert!(error.message().contains("elsewhere.invalid"), "{error}");

    let mut options = quick(2);
    options.max_response_bytes = 1024;
    let error = client(&url, "big", options).get_customer(1u64).await.unwrap_err();
    assert_eq!(
        (error.kind(), error.attempts()),
        (ErrorKind::TooLarge, 1),
        "{error}"
    );
    assert_eq!(count(&seen, "big"), 1);

    let error = client(&url, "echo", quick(2))
        .get_customer(1u64)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth, "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN) && shown.contains("[redacted]"), "{shown}");
}

#[tokio::test]
async fn no_server_is_a_network_error_after_the_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = client(&format!("http://127.0.0.1:{port}/"), "x", quick(2))
        .list_customers()
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.status(), error.attempts()),
        (ErrorKind::Network, None, 3),
        "{error}"
    );
}

#[tokio::test]
async fn bad_options_are_refused() {
    let config = ClientConfig::new("http://127.0.0.1:1/", TOKEN).unwrap();
    let mut options = Options::default();
    options.retry.retries = 11;
    assert_eq!(
        Client::with_options(config.clone(), options).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let options = Options {
        timeout: Duration::ZERO,
        ..Options::default()
    };
    assert_eq!(
        Client::with_options(config.clone(), options).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let shown = format!("{:?}", Client::new(config).unwrap());
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn calls_are_send_and_clients_are_shared() {
    let (url, seen) = start().await;
    let pmp = client(&url, "flaky", quick(2));
    // A native call can go to another task: its future is Send, the client clones cheaply.
    let task = tokio::spawn({
        let pmp = pmp.clone();
        async move { pmp.get_customer(1u64).await }
    });
    assert!(task.await.unwrap().is_ok());
    let update = tokio::spawn(async move {
        pmp.update_customer(1u64, &serde_json::json!({"city": "Oslo"}))
            .await
    });
    assert!(update.await.unwrap().is_ok());
    assert_eq!(count(&seen, "flaky"), 4, "three attempts of the get, one update");
}

/// A staff update or delete gets its row first (the server answers success whatever the id):
/// the get is retried as gets are, timed as every call, its failure the call's (the token
/// redacted), and an unknown id sends no write.
#[tokio::test]
async fn staff_writes_get_their_row_first_with_retries_and_time_limits() {
    let (url, seen) = start().await;
    let changed = serde_json::json!({"firstname": "Ada"});
    // Two 503s on the get, then the row, then the write: four requests.
    let updated = client(&url, "flaky", quick(2)).update_staff(1u64, &changed).await;
    assert!(updated.unwrap().status);
    assert_eq!(count(&seen, "flaky"), 4);
    // The get fails for good: the write is never sent.
    let error = client(&url, "busy", quick(2))
        .delete_staff(1u64)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.status(), error.attempts()),
        (ErrorKind::Http, Some(503), 3)
    );
    assert_eq!(count(&seen, "busy"), 3);
    // No such row: not found, one request.
    let error = client(&url, "missing", quick(2))
        .update_staff(1u64, &changed)
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.status()),
        (ErrorKind::NotFound, Some(404)),
        "{error}"
    );
    assert_eq!(count(&seen, "missing"), 1);
    // A server echoing the token in the get's failure: redacted, nothing written.
    let error = client(&url, "echo", quick(0))
        .delete_staff(1u64)
        .await
        .unwrap_err();
    assert!(!error.message().contains(TOKEN), "{error}");
    assert_eq!(count(&seen, "echo"), 1);
    // The get has the attempt's time limit.
    let short = Options {
        timeout: Duration::from_millis(200),
        ..quick(0)
    };
    let error = client(&url, "slow", short)
        .update_staff(1u64, &changed)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(count(&seen, "slow"), 1);
}
