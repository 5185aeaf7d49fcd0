//! pmp-sandbox: a local server that answers the endpoints of pmp-core's catalogue as a
//! real PMP (Perfex CRM REST API module) installation does, storing its data in SQLite.
//! What it knows of each resource comes from pmp-core's declaration and, for the CRM's
//! tables (columns, defaults, joins, each version's quirks), from its row in `crm.rs`.
//!
//! Run it with `cargo run -p pmp-sandbox -- --port 8080`, or in-process (tests):
//!
//! ```no_run
//! # async fn demo() -> Result<(), String> {
//! let sandbox = pmp_sandbox::spawn(pmp_sandbox::Config::in_memory()).await?;
//! println!("{} with token {}", sandbox.url(), pmp_sandbox::DEV_TOKEN);
//! sandbox.stop().await;
//! # Ok(()) }
//! ```
#![warn(missing_docs, unreachable_pub)]

mod api;
mod auth;
mod body;
mod clock;
mod config;
mod crm;
mod guard;
mod input;
mod layers;
mod limits;
mod lookups;
mod openapi;
mod pages;
mod profile;
mod schema;
mod seed;
mod serve;
mod store;
mod unique;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use auth::{sign as sign_token, Role, Token, DEV_TOKEN};
pub use config::{full as full_token, Config, DEFAULT_BODY_LIMIT, DEFAULT_MODULE, TOKEN_ENV, USAGE};
pub use limits::Settings as RateLimits;
pub use profile::Module;
pub use serve::{serve, Limits as ServeLimits};
pub use store::{Store, StoreError};
pub use views::own_columns;

/// The whole application: the API under `/api`, the OpenAPI document at `/openapi.json`,
/// `www/` at `/`, CORS for local origins (unless `--no-cors`), panics answered as JSON, and
/// the guard of `guard.rs` around everything.
pub fn app(config: &Config) -> Result<Router, StoreError> {
    let seed = if config.empty {
        seed::Seed::Empty
    } else {
        seed::Seed::Documented(config.customers)
    };
    guard::create_private_db(&config.db)
        .map_err(|e| StoreError(format!("cannot create database `{}`: {e}", config.db)))?;
    let store = Store::open(&config.db, config.module)?;
    seed::fill(&store, seed)?;
    let lookups = if config.empty {
        lookups::Lookups::Empty
    } else {
        if store.is_new() {
            lookups::seed(&store)?;
        }
        lookups::Lookups::Seeded
    };
    let shared = Arc::new(api::Shared {
        store,
        tokens: config.tokens.clone(),
        body_limit: config.body_limit,
        module: config.module,
        limits: limits::Limits::new(config.limits),
        delay: std::time::Duration::from_millis(config.delay_ms),
        attachment_limit: config.serve_limits.max_attachment_bytes,
        lookups,
    });
    let openapi = config.openapi.clone();
    let www = guard::Www::new(&config.www);
    let router = Router::new()
        .route("/api", any(api::handle))
        .route("/api/{*rest}", any(api::handle))
        .route("/openapi.json", get(move || serve_openapi(openapi.clone())))
        .with_state(shared)
        .fallback(move |request: axum::extract::Request| www.clone().serve(request));
    let guard = Arc::new(guard::Guard::new(
        &config.host,
        &config.allow_hosts,
        config.body_limit,
        config.serve_limits.request_timeout,
    ));
    Ok(with_layers(router, config.cors).layer(axum::middleware::from_fn_with_state(guard, guard::layer)))
}

/// Panics answered as JSON 500 (never a dropped connection), then CORS around everything so
/// that even those answers reach a browser page.
fn with_layers(router: Router, cors_on: bool) -> Router {
    let router = router.layer(CatchPanicLayer::custom(panic_response));
    if cors_on {
        router.layer(cors())
    } else {
        router
    }
}

async fn serve_openapi(path: std::path::PathBuf) -> Response {
    match tokio::fs::read(&path).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => api::failure(
            StatusCode::NOT_FOUND,
            "The OpenAPI document is not generated yet (cargo xtask spec)",
        ),
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    eprintln!("pmp-sandbox: a request handler panicked");
    api::failure(StatusCode::INTERNAL_SERVER_ERROR, "Internal sandbox error")
}

/// Lets pages on other local origins (the demo page, Swagger UI) call the API.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| {
            is_local_origin(origin.as_bytes())
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            HeaderName::from_static("authtoken"),
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-http-method-override"),
            // 3.x's creates: the client sends one key per create.
            HeaderName::from_static("idempotency-key"),
        ])
        // What a client reads of 3.x's answers (none of these is CORS-safelisted).
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("x-ratelimit-limit"),
            HeaderName::from_static("x-ratelimit-remaining"),
            HeaderName::from_static("x-ratelimit-reset"),
            HeaderName::from_static("idempotency-replayed"),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// `http(s)://localhost`, `127.0.0.1` or `[::1]`, any port.
fn is_local_origin(origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = match rest.strip_prefix("[::1]") {
        Some(port) => return port.is_empty() || is_port(port),
        None => rest.split(':').next().unwrap_or_default(),
    };
    let port = &rest[host.len()..];
    matches!(host, "localhost" | "127.0.0.1") && (port.is_empty() || is_port(port))
}

fn is_port(text: &str) -> bool {
    text.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A sandbox running in this process.
pub struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops it and waits for open requests to finish.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Starts the sandbox on `config.host:config.port` in this process's tokio runtime.
pub async fn spawn(config: Config) -> Result<Running, String> {
    guard::check_exposure(&config.host, &config.tokens)?;
    let router = app(&config).map_err(|e| e.to_string())?;
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        serve::serve(listener, router, config.serve_limits, shutdown).await;
    });
    Ok(Running { addr, stop, task })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_is_a_json_500() {
        use tower::ServiceExt;
        async fn boom() -> &'static str {
            panic!("a handler bug")
        }
        let router = with_layers(Router::new().route("/boom", get(boom)), true);
        let request = axum::http::Request::get("/boom")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["status"], false);
    }

    #[test]
    fn local_origins_only() {
        for ok in [
            "http://localhost:5173",
            "http://127.0.0.1:8080",
            "https://localhost",
            "http://[::1]:3000",
        ] {
            assert!(is_local_origin(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "http://evil.com",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
            "null",
            "http://localhost:",
        ] {
            assert!(!is_local_origin(bad.as_bytes()), "{bad}");
        }
    }
}
