//! What keeps the sandbox to its own machine and bounded: it answers only to its
//! own names (no DNS rebinding), refuses oversized bodies before reading them, bounds the time
//! of a request, adds the security headers of pages, never redirects off-site, serves no file
//! outside `--www` (symlinks included), and creates its database file readable by its owner
//! only. Connections are bounded in `serve.rs`.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{any, MethodRouter};
use http_body_util::BodyExt;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_status::SetStatus;

use crate::api::failure;
use crate::auth::{Token, DEV_TOKEN};

/// How much of an oversized body is read (and thrown away) before the 413, so that a client
/// still sending gets the answer rather than a reset: far below any body limit worth having,
/// and before any token is checked.
pub(crate) const OVERSIZE_DRAIN: usize = 256 * 1024;

/// What the guard layer needs of the configuration, given value by value: the guard stands
/// below `config.rs` (which calls [`check_exposure`]) and knows no `Config`.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    /// Names the sandbox answers to besides loopback ones: `--host` and `--allow-host` values.
    names: Vec<String>,
    body_limit: usize,
    request_timeout: Duration,
}

impl Guard {
    /// The guard of a sandbox listening on `host` that also answers to `allow_hosts`, takes
    /// bodies of at most `body_limit` bytes and bounds a request to `request_timeout`.
    pub(crate) fn new(
        host: &str,
        allow_hosts: &[String],
        body_limit: usize,
        request_timeout: Duration,
    ) -> Guard {
        let mut names: Vec<String> = allow_hosts
            .iter()
            .map(|n| bare_host(&n.to_ascii_lowercase()).to_owned())
            .collect();
        names.push(bare_host(&host.to_ascii_lowercase()).to_owned());
        Guard {
            names,
            body_limit,
            request_timeout,
        }
    }

    /// Whether a `Host` header value (`name[:port]`) names this sandbox.
    pub(crate) fn accepts(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let name = bare_host(name.strip_suffix('.').unwrap_or(&name));
        is_loopback_name(name) || self.names.iter().any(|n| n == name)
    }
}

/// `localhost`, or a loopback address (`127.0.0.1`, any `127.x.y.z`, `[::1]`): names no DNS
/// answer can move to another machine.
pub(crate) fn is_loopback_name(name: &str) -> bool {
    name == "localhost" || bare_host(name).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `[::1]` as `::1`; other names as they are.
fn bare_host(name: &str) -> &str {
    name.strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
}

/// The name of a `Host` value without its port (`[::1]:80` gives `[::1]`); `None` when the
/// value is not `name` or `name:digits`.
fn host_name(host: &str) -> Option<&str> {
    let split = if host.starts_with('[') {
        host.find(']')? + 1
    } else {
        host.find(':').unwrap_or(host.len())
    };
    let (name, port) = host.split_at(split);
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

/// Refuses to serve the public development token beyond this machine (listening on `host`
/// and accepting `tokens`): with it, anyone who can reach the port could read and wipe the data.
pub(crate) fn check_exposure(host: &str, tokens: &[Token]) -> Result<(), String> {
    let lower = host.to_ascii_lowercase();
    if tokens.iter().any(|t| t.value == DEV_TOKEN) && !is_loopback_name(&lower) {
        return Err(format!(
            "--host {host} would serve the public development token to the network: give your own \
             token (--token T or $PMP_SANDBOX_TOKEN), or listen on 127.0.0.1"
        ));
    }
    Ok(())
}

/// The guard as middleware around the whole application.
pub(crate) async fn layer(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or("\u{fffd}").to_owned())
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    if let Some(host) = host.as_ref().filter(|h| !guard.accepts(h)) {
        return secured(failure(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "This sandbox answers to localhost, 127.0.0.1 and [::1] (and its --host and \
                 --allow-host names), not to `{host}`"
            ),
        ));
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > guard.body_limit as u64) {
        drain(request.into_body(), OVERSIZE_DRAIN).await;
        return secured(failure(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Request body too large: the limit is {} bytes", guard.body_limit),
        ));
    }
    let response = match tokio::time::timeout(guard.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => failure(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request took longer than {} s (a body sent too slowly?)",
                guard.request_timeout.as_secs()
            ),
        ),
    };
    secured(no_offsite_redirect(response, host.as_deref()))
}

/// Reads and drops at most `bound` bytes of a body.
async fn drain(mut body: Body, bound: usize) {
    let mut seen = 0usize;
    while seen <= bound {
        match body.frame().await {
            Some(Ok(frame)) => seen += frame.data_ref().map_or(0, |d| d.len()),
            _ => break,
        }
    }
}

/// The headers every answer gets: no MIME sniffing, no framing by other sites.
fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("frame-ancestors 'none'"));
    response
}

/// A redirect to anywhere but a path of this origin (`//docs/` is another host to a browser,
/// `/\docs/` too) becomes a 404: the static files' directory redirects echo the request path.
/// `http://HOST/...` with the request's own (already accepted) `Host` is this origin too: 3.x
/// answers an unknown resource with such a redirect to its admin login.
fn no_offsite_redirect(response: Response, host: Option<&str>) -> Response {
    let Some(location) = response.headers().get(header::LOCATION) else {
        return response;
    };
    let bytes = location.as_bytes();
    let path = |b: &[u8]| b.first() == Some(&b'/') && !matches!(b.get(1), Some(b'/' | b'\\'));
    let same_origin = host.is_some_and(|host| {
        bytes
            .strip_prefix(b"http://")
            .and_then(|rest| rest.strip_prefix(host.as_bytes()))
            .is_some_and(path)
    });
    if path(bytes) || same_origin {
        response
    } else {
        failure(StatusCode::NOT_FOUND, "Not found")
    }
}

async fn not_found() -> Response {
    failure(StatusCode::NOT_FOUND, "Not found")
}

/// The static files of `--www`, without following a link out of it.
#[derive(Clone)]
pub(crate) struct Www {
    root: PathBuf,
    files: ServeDir<SetStatus<MethodRouter>>,
}

impl Www {
    /// Serves the files under `root`, and a JSON 404 for anything else.
    pub(crate) fn new(root: &Path) -> Www {
        let files = ServeDir::new(root).not_found_service(any(not_found));
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Www { root, files }
    }

    /// Serves one request (the fallback of the application).
    pub(crate) async fn serve(self, request: Request) -> Response {
        if !self.inside(request.uri().path()).await {
            return not_found().await;
        }
        match self.files.oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        }
    }

    /// Whether the file (or directory index) a path names resolves inside the root; a path
    /// that names nothing is left to `ServeDir`, which answers 404 (and refuses `..`).
    async fn inside(&self, path: &str) -> bool {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let mut file = self.root.clone();
        for part in decoded.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".") {
            if part == ".." {
                return true;
            }
            file.push(part);
        }
        let resolved = |path: PathBuf| async move { tokio::fs::canonicalize(path).await.ok() };
        let Some(real) = resolved(file.clone()).await else {
            return true;
        };
        if !real.starts_with(&self.root) {
            return false;
        }
        match resolved(file.join("index.html")).await {
            Some(index) if real.is_dir() => index.starts_with(&self.root),
            _ => true,
        }
    }
}

/// Creates a new database file readable and writable by its owner only (SQLite then gives
/// its journal the same mode). `:memory:` and existing files are left as they are.
pub(crate) fn create_private_db(path: &str) -> std::io::Result<()> {
    if path.is_empty() || path.starts_with(':') || path.starts_with("file:") || Path::new(path).exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(host: &str, allow: &[&str]) -> Guard {
        let allow: Vec<String> = allow.iter().map(|s| s.to_string()).collect();
        Guard::new(host, &allow, 1024, Duration::from_secs(60))
    }

    #[test]
    fn hosts() {
        let g = guard("127.0.0.1", &["crm.lan"]);
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:3000",
            "[::1]",
            "LOCALHOST.",
            "crm.lan:80",
            "127.0.0.2",
        ] {
            assert!(g.accepts(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "crm.lan.evil",
            "",
            ":80",
            "localhost:x",
            "[::1",
            "192.168.1.5:8080",
        ] {
            assert!(!g.accepts(bad), "{bad}");
        }
        assert!(
            guard("0.0.0.0", &[]).accepts("0.0.0.0:8080"),
            "the exact --host value"
        );
        assert!(guard("::", &[]).accepts("[::]:8080"));
    }

    #[test]
    fn the_dev_token_stays_on_loopback() {
        let check = |host: &str, tokens: &[&str]| {
            let tokens: Vec<Token> = tokens
                .iter()
                .map(|s| Token {
                    value: s.to_string(),
                    role: crate::auth::Role::Full,
                })
                .collect();
            check_exposure(host, &tokens)
        };
        assert!(check("127.0.0.1", &[DEV_TOKEN]).is_ok());
        assert!(check("localhost", &[DEV_TOKEN]).is_ok());
        assert!(check("::1", &[DEV_TOKEN]).is_ok());
        let err = check("0.0.0.0", &[DEV_TOKEN]).unwrap_err();
        assert!(err.contains("public development token"), "{err}");
        assert!(check("0.0.0.0", &["own.secret.token"]).is_ok());
    }
}
