//! The API: one handler for every path under `/api/`, routed by pmp-core's [`CATALOGUE`]
//! (so that the sandbox serves exactly the endpoints the client calls), answering with the
//! real module's status codes and bodies.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use pmp_core::{Endpoint, Method, Operation, Resource, CATALOGUE};
use serde_json::{json, Value};

use crate::auth;
use crate::body::{self, Form};
use crate::input::{self, FieldErrors};
use crate::schema::{message, put_takes_form, Outcome};
use crate::store::{Store, Updated};

/// What the handlers share.
pub struct Shared {
    /// The database.
    pub store: Store,
    /// Accepted tokens.
    pub tokens: Vec<String>,
    /// Largest body accepted.
    pub body_limit: usize,
    /// The most attachment bytes stored in all.
    pub attachment_limit: u64,
}

/// The message of an empty search or a missing row.
const NOT_FOUND: &str = "No data were found";

/// The header that overrides the method, as the real router reads it.
const METHOD_OVERRIDE: &str = "x-http-method-override";

/// A JSON answer.
pub fn reply(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// `{"status": false, "message": ...}` with a status.
pub fn failure(status: StatusCode, message: impl Into<Value>) -> Response {
    reply(status, json!({"status": false, "message": message.into()}))
}

fn not_found() -> Response {
    failure(StatusCode::NOT_FOUND, NOT_FOUND)
}

fn outcome(resource: Resource, outcome: Outcome) -> Response {
    let ok = matches!(outcome, Outcome::Added | Outcome::Updated | Outcome::Deleted);
    let status = if ok { StatusCode::OK } else { StatusCode::NOT_FOUND };
    reply(
        status,
        json!({"status": ok, "message": message(resource, outcome)}),
    )
}

/// Validation failure: 404 with the field map and CodeIgniter's HTML `validation_errors()`.
fn invalid(errors: FieldErrors) -> Response {
    let html: String = errors
        .iter()
        .map(|(_, m)| format!("<p>{}</p>\n", escape_html(m)))
        .collect();
    let map: serde_json::Map<String, Value> =
        errors.into_iter().map(|(f, m)| (f, Value::String(m))).collect();
    reply(
        StatusCode::NOT_FOUND,
        json!({"status": false, "error": map, "message": html}),
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn not_acceptable() -> Response {
    failure(StatusCode::NOT_ACCEPTABLE, "Data Not Acceptable OR Not Provided")
}

fn internal(resource: Resource, what: &str, error: impl std::fmt::Display) -> Response {
    // Only the sandbox's own failures (disk full, ...) land here; the message says where.
    eprintln!("pmp-sandbox: {} {what}: {error}", resource.segment());
    failure(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("Sandbox database error while {what}"),
    )
}

/// Where a path and method lead.
enum Route {
    /// An endpoint of the catalogue, with the path's placeholder value.
    Endpoint(&'static Endpoint, Option<String>),
    /// A known path with a method it does not take.
    WrongMethod,
    /// No endpoint has this path.
    Unknown,
}

/// Matches `api/...` segments against every catalogue path template.
fn route(method: Method, segments: &[String]) -> Route {
    let mut path_known = false;
    for endpoint in CATALOGUE.iter() {
        let template: Vec<&str> = endpoint.path.split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut param = None;
        let matched = template.iter().zip(segments).all(|(t, s)| {
            if t.starts_with('{') {
                param = Some(s.clone());
                true
            } else {
                t == s
            }
        });
        if !matched {
            continue;
        }
        path_known = true;
        if endpoint.method == method {
            return Route::Endpoint(endpoint, param);
        }
        // The real router also maps `DELETE api/{res}/{id}` to the delete handler.
        if method == Method::Delete && endpoint.operation == Operation::Get {
            return Route::Endpoint(Endpoint::of(endpoint.resource, Operation::Delete), param);
        }
    }
    if path_known {
        Route::WrongMethod
    } else {
        Route::Unknown
    }
}

fn parse_method(text: &str) -> Option<Method> {
    match text.trim().to_ascii_uppercase().as_str() {
        "GET" => Some(Method::Get),
        "POST" => Some(Method::Post),
        "PUT" => Some(Method::Put),
        "DELETE" => Some(Method::Delete),
        _ => None,
    }
}

/// A row id from the path: digits only, positive, within SQLite's integer range.
fn parse_id(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

/// Why a body could not be read.
enum BodyFailure {
    TooLarge,
    Broken(String),
}

/// Reads a body of at most `limit` bytes. A larger one is read on (up to a bound) and thrown
/// away, so that the client, still sending, gets the 413 instead of a reset connection.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, BodyFailure> {
    const DRAIN_BOUND: usize = 64 * 1024 * 1024;
    let mut body = body;
    let mut buffer = BytesMut::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| BodyFailure::Broken(format!("cannot read the request body: {e}")))?;
        if let Ok(data) = frame.into_data() {
            seen = seen.saturating_add(data.len());
            if seen <= limit {
                buffer.extend_from_slice(&data);
            } else if seen > DRAIN_BOUND {
                break;
            }
        }
    }
    if seen > limit {
        return Err(BodyFailure::TooLarge);
    }
    Ok(buffer.freeze())
}

fn too_large(limit: usize) -> Response {
    failure(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Request body too large: the limit is {limit} bytes"),
    )
}

/// The percent-decoded segments of a path (`/api/customers/` gives `api`, `customers`).
fn segments(path: &str) -> Vec<String> {
    let trimmed = path.trim_start_matches('/').trim_end_matches('/');
    trimmed
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Handles every request under `/api`.
pub async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let segments = segments(parts.uri.path());
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.body_limit as u64) {
        let _ = read_body(body, shared.body_limit).await;
        return too_large(shared.body_limit);
    }
    if let Err(refusal) = auth::check(&parts.headers, &shared.tokens) {
        return failure(StatusCode::NOT_FOUND, refusal.message());
    }
    let bytes = match read_body(body, shared.body_limit).await {
        Ok(bytes) => bytes,
        Err(BodyFailure::TooLarge) => return too_large(shared.body_limit),
        Err(BodyFailure::Broken(why)) => return failure(StatusCode::BAD_REQUEST, why),
    };
    let content_type = content_type(&parts.headers);
    let lower = content_type.to_ascii_lowercase();
    // PHP fills $_POST from these two encodings only; anything else is read as JSON by PUT.
    let form = if lower.starts_with("application/x-www-form-urlencoded") {
        Some(body::parse_urlencoded(&bytes))
    } else if lower.starts_with("multipart/form-data") {
        match body::parse_multipart(&content_type, bytes.clone()).await {
            Ok(form) => Some(form),
            Err(e) => return failure(StatusCode::BAD_REQUEST, e.0),
        }
    } else {
        None
    };

    let override_header = parts.headers.get(METHOD_OVERRIDE).and_then(|v| v.to_str().ok());
    let method_text = override_header
        .map(str::to_owned)
        .or_else(|| form.as_ref().and_then(|f| f.method.clone()))
        .unwrap_or_else(|| parts.method.as_str().to_owned());
    let Some(method) = parse_method(&method_text) else {
        return failure(StatusCode::METHOD_NOT_ALLOWED, "Unknown method");
    };
    let (endpoint, param) = match route(method, &segments) {
        Route::Endpoint(endpoint, param) => (endpoint, param),
        Route::WrongMethod => return failure(StatusCode::METHOD_NOT_ALLOWED, "Unknown method"),
        Route::Unknown => {
            return failure(
                StatusCode::NOT_FOUND,
                format!("Unknown API path {}", parts.uri.path()),
            )
        }
    };
    // SQLite calls block: they run on tokio's blocking pool, not on the async workers.
    let param = param.unwrap_or_default();
    let work = tokio::task::spawn_blocking(move || {
        answer(
            &shared.store,
            endpoint,
            &param,
            form,
            &bytes,
            shared.attachment_limit,
        )
    });
    match work.await {
        Ok(response) => response,
        Err(_) => {
            eprintln!("pmp-sandbox: a request handler panicked");
            failure(StatusCode::INTERNAL_SERVER_ERROR, "Internal sandbox error")
        }
    }
}

/// Runs one endpoint's operation. `form` is the body when it was a form; `bytes` the raw body.
fn answer(
    store: &Store,
    endpoint: &Endpoint,
    param: &str,
    form: Option<Form>,
    bytes: &[u8],
    attachment_limit: u64,
) -> Response {
    let resource = endpoint.resource;
    match endpoint.operation {
        Operation::List => match store.list(resource) {
            Ok(rows) if rows.is_empty() => not_found(),
            Ok(rows) => reply(StatusCode::OK, Value::Array(rows)),
            Err(e) => internal(resource, "listing", e),
        },
        Operation::Get => match parse_id(param).map(|id| store.get(resource, id)) {
            None | Some(Ok(None)) => not_found(),
            Some(Ok(Some(row))) => reply(StatusCode::OK, row),
            Some(Err(e)) => internal(resource, "reading a row", e),
        },
        Operation::Search => match store.search(resource, param) {
            Ok(rows) if rows.is_empty() => not_found(),
            Ok(rows) => reply(StatusCode::OK, Value::Array(rows)),
            Err(e) => internal(resource, "searching", e),
        },
        // A JSON POST is not read by PHP: it fails validation like an empty form.
        Operation::Create => create(store, resource, &form.unwrap_or_default(), attachment_limit),
        Operation::Update => {
            let form = match form {
                Some(form) if put_takes_form(resource) => form,
                _ => match body::parse_json(bytes) {
                    Some(form) => form,
                    None => return not_acceptable(),
                },
            };
            update(store, resource, param, &form)
        }
        Operation::Delete => {
            let Some(id) = parse_id(param) else {
                return outcome(resource, Outcome::InvalidId);
            };
            match store.delete(resource, id) {
                Ok(true) => outcome(resource, Outcome::Deleted),
                Ok(false) => outcome(resource, Outcome::DeleteFailed),
                Err(e) => internal(resource, "deleting", e),
            }
        }
    }
}

fn create(store: &Store, resource: Resource, form: &Form, attachment_limit: u64) -> Response {
    match input::check(resource, Operation::Create, form) {
        Err(errors) => invalid(errors),
        Ok(input) if !input.files.is_empty() && !attachments_fit(store, &input, attachment_limit) => {
            invalid(vec![(
                "file".to_owned(),
                format!("The sandbox holds at most {attachment_limit} bytes of attachments; delete some records first."),
            )])
        }
        Ok(input) => match store.insert(resource, &input) {
            Ok(_) => outcome(resource, Outcome::Added),
            Err(e) => {
                eprintln!("pmp-sandbox: {} insert: {e}", resource.segment());
                outcome(resource, Outcome::AddFailed)
            }
        },
    }
}

/// Whether the attachments of `input` fit under the stored total.
fn attachments_fit(store: &Store, input: &input::Input, limit: u64) -> bool {
    let adding: u64 = input.files.iter().map(|f| f.bytes.len() as u64).sum();
    store
        .attachment_bytes()
        .is_ok_and(|stored| stored.saturating_add(adding) <= limit)
}

fn update(store: &Store, resource: Resource, param: &str, form: &Form) -> Response {
    if form.is_empty() {
        return not_acceptable();
    }
    let Some(id) = parse_id(param) else {
        return outcome(resource, Outcome::InvalidId);
    };
    match input::check(resource, Operation::Update, form) {
        Err(errors) => invalid(errors),
        Ok(input) => match store.update(resource, id, &input) {
            Ok(Updated::Changed) => outcome(resource, Outcome::Updated),
            Ok(Updated::Unchanged | Updated::Missing) => outcome(resource, Outcome::UpdateFailed),
            Err(e) => internal(resource, "updating", e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(path: &str) -> Vec<String> {
        segments(path)
    }

    #[test]
    fn every_catalogue_endpoint_routes_to_itself() {
        for endpoint in CATALOGUE.iter() {
            let path = endpoint.path.replace("{id}", "5").replace("{keysearch}", "x");
            match route(endpoint.method, &segs(&path)) {
                Route::Endpoint(found, _) => assert_eq!(found.operation_id, endpoint.operation_id),
                _ => panic!("{} not routed", endpoint.operation_id),
            }
        }
    }

    #[test]
    fn aliases_wrong_methods_and_unknown_paths() {
        let Route::Endpoint(e, Some(id)) = route(Method::Delete, &segs("/api/leads/9/")) else {
            panic!()
        };
        assert_eq!((e.operation_id, id.as_str()), ("deleteLead", "9"));
        assert!(matches!(
            route(Method::Put, &segs("/api/leads")),
            Route::WrongMethod
        ));
        assert!(matches!(
            route(Method::Get, &segs("/api/invoices")),
            Route::Unknown
        ));
        let Route::Endpoint(_, Some(k)) = route(Method::Get, &segs("/api/leads/search/a%2Fb%20c")) else {
            panic!()
        };
        assert_eq!(k, "a/b c");
    }

    #[tokio::test]
    async fn bodies_up_to_the_limit() {
        let read = |n: usize| read_body(Body::from(vec![b'x'; n]), 10);
        assert_eq!(read(10).await.ok().map(|b| b.len()), Some(10));
        assert!(matches!(read(11).await, Err(BodyFailure::TooLarge)));
        // A streamed body (no length given) is cut at the limit too.
        let chunks = (0..4).map(|_| Ok::<_, std::io::Error>(Bytes::from_static(b"xxxx")));
        let streamed = Body::from_stream(futures_util::stream::iter(chunks));
        assert!(matches!(
            read_body(streamed, 10).await,
            Err(BodyFailure::TooLarge)
        ));
    }

    #[test]
    fn ids() {
        assert_eq!(parse_id("17"), Some(17));
        for bad in ["0", "-1", "1.5", "abc", "", "99999999999999999999", "+1", " 1"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }
}
