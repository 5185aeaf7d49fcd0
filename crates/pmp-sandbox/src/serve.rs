//! Serving connections with bounds: axum's `serve` installs no hyper timer, so
//! hyper's header-read timeout never fires there, a half-open connection stays forever and a
//! graceful stop waits for it. Here each connection is served by hyper-util with a timer: the
//! header-read timeout also closes a keep-alive connection left idle (hyper starts it as soon
//! as the connection waits for a request), the number of open connections is capped, and a
//! stop waits at most `shutdown_grace` for open requests before closing what is left. HTTP/1.1
//! only (`serve_connection`, as `http1_only` is ignored with upgrades). Each request carries
//! the peer's `ConnectInfo<SocketAddr>`, as axum's `into_make_service_with_connect_info` gives
//! it: the 3.x per-IP limits of `api.rs` read it.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The bounds of connections, requests and stored attachments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time to receive a request's headers, and the longest a keep-alive connection waits idle.
    pub header_timeout: Duration,
    /// Time to answer a request once its headers are in, body upload included (then 408).
    pub request_timeout: Duration,
    /// How long a stop waits for open requests before closing their connections.
    pub shutdown_grace: Duration,
    /// Open connections at most; more wait in the listen queue (well under the common
    /// 1,024 open files, so that the sandbox never runs out of them).
    pub max_connections: usize,
    /// The most attachment bytes the database holds; a create past it is refused.
    pub max_attachment_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(5),
            max_connections: 512,
            max_attachment_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Serves `app` on `listener` until `stop` resolves, then stops within the grace period.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, stop: impl Future<Output = ()>) {
    // HTTP/1.1 only: no browser speaks HTTP/2 without TLS, and hyper has no idle timeout for
    // an HTTP/2 connection, which a client could then hold open for ever.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    let slots = std::sync::Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        while connections.try_join_next().is_some() {}
        // `biased`: the stop is polled first, so that no ready connection delays it.
        let slot = tokio::select! {
            biased;
            () = &mut stop => break,
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, a connection reset before accept, ...: wait a
                    // little rather than spin or stop serving.
                    eprintln!("pmp-sandbox: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let service = TowerToHyperService::new(app.clone().map_request(with_peer(peer)));
        connections.spawn(async move {
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let _ = watcher.watch(connection).await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await;
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Adds the peer's address to a request, where axum's `ConnectInfo` extractor finds it.
fn with_peer<B>(peer: SocketAddr) -> impl Fn(Request<B>) -> Request<B> + Clone {
    move |mut request| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }
}
