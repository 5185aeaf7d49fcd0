//! The API: one handler for every path under `/api/`, answering as the chosen module version
//! does (`profile.rs`), failures included: token checks, permissions, 3.x limits, routing by
//! pmp-core's resources, then the operation (`answer`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::ops::ControlFlow::{self, Break, Continue};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use pmp_core::strings::{self, WriteOutcome};
use pmp_core::{Operation, PutAnswer, Resource, UnusableBody};
use serde_json::{json, Map, Value};

use crate::auth::{self, Role, Token};
use crate::body::{self, Form};
use crate::crm::{self, Kind};
use crate::input::{self, FieldErrors, Invalid};
use crate::limits::{Limits, RateHeaders, StoredAnswer};
use crate::lookups::{self, Lookups};
use crate::pages;
use crate::profile::Module;
use crate::store::{PageQuery, Store, Updated};
use crate::unique;
use crate::views::{self, Joins};

/// What the handlers share.
pub(crate) struct Shared {
    /// The database.
    pub store: Store,
    /// Accepted tokens.
    pub tokens: Vec<Token>,
    /// Largest body accepted.
    pub body_limit: usize,
    /// The module version answered as.
    pub module: Module,
    /// 3.x limits and idempotency.
    pub limits: Limits,
    /// Added before every answer.
    pub delay: Duration,
    /// The most attachment bytes stored in all.
    pub attachment_limit: u64,
    /// Whether the lookups (`lookups.rs`) have rows.
    pub lookups: Lookups,
}

/// The header that overrides the method, as the real router reads it.
const METHOD_OVERRIDE: &str = "x-http-method-override";

/// A JSON answer.
pub(crate) fn reply(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// `{"status": false, "message": ...}` with a status.
pub(crate) fn failure(status: StatusCode, message: impl Into<Value>) -> Response {
    reply(status, json!({"status": false, "message": message.into()}))
}

/// 404 `No data were found` as the resource's controller says it: `{"<member>": false, ...}`
/// (the quirk `failure_member`: payments say `paymentmode`).
fn none_found(resource: Resource) -> Response {
    reply(
        StatusCode::NOT_FOUND,
        json!({resource.quirks().failure_member: false, "message": strings::NOT_FOUND_MESSAGE}),
    )
}

/// 405 `{"status":false,"error":"Unknown method"}` (PATCH, a non-numeric id, ...).
fn unknown_method() -> Response {
    reply(
        StatusCode::METHOD_NOT_ALLOWED,
        json!({"status": false, "error": strings::UNKNOWN_METHOD}),
    )
}

fn html(status: StatusCode, page: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=UTF-8")], page).into_response()
}

/// A PHP fatal error: 500 with an empty body.
fn crash() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "",
    )
        .into_response()
}

/// A write's answer; a failure says `false` in the resource's `failure_member`.
fn outcome(resource: Resource, outcome: WriteOutcome) -> Response {
    let ok = matches!(
        outcome,
        WriteOutcome::Added | WriteOutcome::Updated | WriteOutcome::Deleted
    );
    let status = if ok { StatusCode::OK } else { StatusCode::NOT_FOUND };
    let member = if ok {
        "status"
    } else {
        resource.quirks().failure_member
    };
    reply(
        status,
        json!({member: ok, "message": strings::write_message(resource, outcome)}),
    )
}

/// The same answer with another status.
fn with_status(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    response
}

/// Validation failure: 404 with the field map and CodeIgniter's HTML `validation_errors()`,
/// `false` in the resource's `failure_member`.
fn invalid(resource: Resource, errors: FieldErrors) -> Response {
    let html = strings::validation_html(errors.iter().map(|(_, m)| m.as_str()));
    let map: Map<String, Value> = errors.into_iter().map(|(f, m)| (f, Value::String(m))).collect();
    reply(
        StatusCode::NOT_FOUND,
        json!({resource.quirks().failure_member: false, "error": map, "message": html}),
    )
}

fn not_acceptable() -> Response {
    failure(StatusCode::NOT_ACCEPTABLE, strings::NOT_ACCEPTABLE)
}

fn internal(what: &str, error: impl std::fmt::Display) -> Response {
    // Only the sandbox's own failures (disk full, ...) land here; the message says where.
    eprintln!("pmp-sandbox: {what}: {error}");
    failure(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("Sandbox database error while {what}"),
    )
}

/// A row id from the path: digits only, positive, within SQLite's integer range.
fn parse_id(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

/// An id segment as the module's router takes it: PHP's `is_numeric` (`0`, `-1`, `1.5` are
/// numbers naming no row: `Some(None)`); anything else is not routed (`None`: 405).
fn numeric_id(text: &str) -> Option<Option<i64>> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    numeric.then(|| parse_id(text))
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

/// The segments of a path after `api` (`/api/customers/` gives `customers`), raw
/// (percent-encoded) and decoded.
fn segments(path: &str) -> Vec<(String, String)> {
    let trimmed = path.trim_start_matches('/').trim_end_matches('/');
    trimmed
        .split('/')
        .skip(1)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let decoded = percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned();
            (s.to_owned(), decoded)
        })
        .collect()
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// One request, read.
struct Call {
    method: String,
    /// Decoded path segments after `api`.
    path: Vec<String>,
    /// The same, as sent (1.0.0 searches with the undecoded keyword).
    raw: Vec<String>,
    query: Vec<(String, String)>,
    content_type: String,
    bytes: Bytes,
    form: Option<Form>,
    idempotency_key: Option<String>,
    host: String,
}

impl Call {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Handles every request under `/api`.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let delay = shared.delay;
    let (Break(response) | Continue(response)) = answer_request(shared, request).await;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    response
}

/// A step's result to go on with, or the answer that ends the request at that step.
type Step<T> = ControlFlow<Response, T>;

/// The steps of a request, in order: the body's declared size, 3.x's OpenAPI document (open
/// to all), the lock-out, the token, the body, the resource and the token's permission, 3.x's
/// limits and replays, then the operation, whose answer 3.x keeps for a replay and gives the
/// rate headers.
async fn answer_request(shared: Arc<Shared>, request: Request) -> Step<Response> {
    let module = shared.module;
    let (parts, body) = request.into_parts();
    let ip = client_ip(&parts);
    let body = refuse_declared_oversize(&parts.headers, body, shared.body_limit).await?;
    let segs = segments(parts.uri.path());
    let query = query_pairs(parts.uri.query());
    let host = host_header(&parts.headers);
    openapi_document(module, &parts.method, &segs, &host)?;
    if module.is_v3() && shared.limits.locked_out(ip) {
        return Break(failure(StatusCode::TOO_MANY_REQUESTS, strings::LOCKED_OUT));
    }
    let (role, token) = authenticate(&shared, &parts.headers, &query, ip)?;
    let call = read_call(&parts, body, shared.body_limit, segs, query, host).await?;
    let resource = known_resource(module, &call)?;
    check_permission(&shared, &call, resource, role, ip)?;
    let rate = rate_limit(&shared, &call, role, &token, ip)?;
    let key = idempotency_key(module, &call);
    if let Some(key) = &key {
        replay(&shared, &token, key, rate)?;
    }
    let (mut response, kept) = run(&shared, call).await;
    if let (Some(key), Some(body)) = (&key, kept) {
        let status = response.status().as_u16();
        shared.limits.keep(&token, key, StoredAnswer { status, body });
    }
    add_controller_rate_headers(&mut response, rate);
    Continue(response)
}

/// The client's address; loopback when the connection's is not known (a router driven
/// without a listener).
fn client_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip())
}

/// Hands the body back unless its `Content-Length` is over the limit; such a body is read on
/// (up to a bound) and answered 413 before any token is checked.
async fn refuse_declared_oversize(headers: &HeaderMap, body: Body, limit: usize) -> Step<Body> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        let _ = read_body(body, limit).await;
        return Break(too_large(limit));
    }
    Continue(body)
}

/// The `Host` the request names, for the answers that name the server (`127.0.0.1` without one).
fn host_header(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned()
}

/// 3.x serves its OpenAPI document at `GET api/openapi` (or `openapi.json`) without a token:
/// that answer ends the request.
fn openapi_document(module: Module, method: &Method, segs: &[(String, String)], host: &str) -> Step<()> {
    if !module.is_v3() || method != Method::GET {
        return Continue(());
    }
    let [(_, only)] = segs else {
        return Continue(());
    };
    if only != "openapi" && only != "openapi.json" {
        return Continue(());
    }
    let doc = crate::openapi::document(module, &format!("http://{host}"));
    let mut response = reply(StatusCode::OK, doc);
    response
        .headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Break(response)
}

/// The role of the token sent, and its text (what 3.x's quotas and replays are kept under).
/// A refused token counts toward the IP's lock-out.
fn authenticate(
    shared: &Shared,
    headers: &HeaderMap,
    query: &[(String, String)],
    ip: IpAddr,
) -> Step<(Role, String)> {
    let query_token = query
        .iter()
        .find(|(k, _)| k == "authtoken")
        .map(|(_, v)| v.as_str());
    let sent = auth::sent_token(headers, query_token, shared.module);
    match auth::check(sent, &shared.tokens, crate::clock::unix_now()) {
        Ok(role) => Continue((
            role,
            String::from_utf8_lossy(sent.unwrap_or_default()).into_owned(),
        )),
        Err(refusal) => {
            shared.limits.failed(ip);
            Break(failure(StatusCode::NOT_FOUND, refusal.message(shared.module)))
        }
    }
}

/// Reads the body, and makes of it and of the path, query and host already read the call
/// that routing takes.
async fn read_call(
    parts: &Parts,
    body: Body,
    limit: usize,
    segs: Vec<(String, String)>,
    query: Vec<(String, String)>,
    host: String,
) -> Step<Call> {
    let bytes = match read_body(body, limit).await {
        Ok(bytes) => bytes,
        Err(BodyFailure::TooLarge) => return Break(too_large(limit)),
        Err(BodyFailure::Broken(why)) => return Break(failure(StatusCode::BAD_REQUEST, why)),
    };
    let content_type = content_type(&parts.headers);
    let form = read_form(&content_type, &bytes).await;
    Continue(Call {
        method: method_of(parts, form.as_ref()),
        raw: segs.iter().map(|(r, _)| r.clone()).collect(),
        path: segs.into_iter().map(|(_, d)| d).collect(),
        query,
        content_type: content_type.to_ascii_lowercase(),
        bytes,
        form,
        idempotency_key: parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        host,
    })
}

/// The form PHP reads of a body: it fills `$_POST` from these two encodings only.
async fn read_form(content_type: &str, bytes: &Bytes) -> Option<Form> {
    let lower = content_type.to_ascii_lowercase();
    if lower.starts_with("application/x-www-form-urlencoded") {
        Some(body::parse_urlencoded(bytes))
    } else if lower.starts_with("multipart/form-data") {
        Some(body::parse_multipart(content_type, bytes.clone()).await)
    } else {
        None
    }
}

/// The method the router goes by: the override header, else the form's `_method`, else the
/// request's own, trimmed and in capitals.
fn method_of(parts: &Parts, form: Option<&Form>) -> String {
    let override_header = parts.headers.get(METHOD_OVERRIDE).and_then(|v| v.to_str().ok());
    override_header
        .map(str::to_owned)
        .or_else(|| form.and_then(|f| f.method.clone()))
        .unwrap_or_else(|| parts.method.as_str().to_owned())
        .trim()
        .to_ascii_uppercase()
}

/// The resource the call names (`None` for `api/delete/...`, which routing reads further);
/// a path naming no resource of the version is answered as the server answers it.
fn known_resource(module: Module, call: &Call) -> Step<Option<Resource>> {
    let first = call.path.first().map(String::as_str).unwrap_or_default();
    let resource = Resource::from_segment(first).filter(|r| r.exists_on(module));
    // `api/common/...`, `api/custom_fields/...`: `lookups.rs` answers them, behind the same
    // permission check (no resource: the limited token is refused) and limits.
    if resource.is_none() && lookups::controller_of(module, &call.path) {
        return Continue(None);
    }
    if resource.is_none() && first != "delete" {
        return Break(unknown_resource(module, &call.host));
    }
    Continue(resource)
}

/// 2.x and 3.x give the limited token nothing but reads of the resources it may read (`crm.rs`'s
/// `limited_token_reads`); a refusal counts toward the IP's lock-out.
fn check_permission(
    shared: &Shared,
    call: &Call,
    resource: Option<Resource>,
    role: Role,
    ip: IpAddr,
) -> Step<()> {
    if !shared.module.has_permissions() || role != Role::ReadCustomers {
        return Continue(());
    }
    let may_read = resource.is_some_and(|r| crm::of(r).limited_token_reads);
    if may_read && call.method == "GET" {
        return Continue(());
    }
    shared.limits.failed(ip);
    Break(failure(StatusCode::FORBIDDEN, strings::NO_PERMISSION))
}

/// 3.x's limits: the per-IP burst of tiny-quota tokens, then the token's quota on the endpoint,
/// whose headers the answer carries. Older versions have none.
fn rate_limit(
    shared: &Shared,
    call: &Call,
    role: Role,
    token: &str,
    ip: IpAddr,
) -> Step<Option<RateHeaders>> {
    if !shared.module.is_v3() {
        return Continue(None);
    }
    let tiny = role == Role::TinyQuota;
    if let Err(headers) = shared.limits.burst(ip, tiny) {
        let mut response = reply(
            StatusCode::UNAUTHORIZED,
            json!({"status": false, "error": strings::TIME_LIMIT}),
        );
        add_rate_headers(&mut response, headers);
        return Break(response);
    }
    let endpoint = format!(
        "{} {}",
        call.method,
        call.path.iter().take(2).cloned().collect::<Vec<_>>().join("/")
    );
    match shared.limits.quota(token, &endpoint, tiny) {
        Ok(headers) => Continue(Some(headers)),
        Err(_) => Break(failure(StatusCode::TOO_MANY_REQUESTS, strings::RATE_LIMITED)),
    }
}

/// What a 3.x create's `Idempotency-Key` is kept under, beside the token: the resource and the
/// key, so that a key sent again to another resource's create is a new create there, not that
/// create's answer. An empty key is no key.
fn idempotency_key(module: Module, call: &Call) -> Option<String> {
    let idempotent = module.is_v3() && call.method == "POST" && call.path.len() == 1;
    call.idempotency_key
        .as_deref()
        .filter(|k| idempotent && !k.is_empty())
        .map(|k| format!("{}\n{k}", call.path[0]))
}

/// The kept answer of a create whose key was sent before, marked `Idempotency-Replayed`: that
/// answer ends the request.
fn replay(shared: &Shared, token: &str, key: &str, rate: Option<RateHeaders>) -> Step<()> {
    let Some(stored) = shared.limits.replay(token, key) else {
        return Continue(());
    };
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = reply(status, stored.body);
    response
        .headers_mut()
        .insert("idempotency-replayed", HeaderValue::from_static("true"));
    if let Some(headers) = rate {
        add_rate_headers(&mut response, headers);
    }
    Break(response)
}

/// Routes and runs the call. SQLite calls block: they run on tokio's blocking pool, not on the
/// async workers; a panic there is answered 500.
async fn run(shared: &Arc<Shared>, call: Call) -> Answer {
    let work_shared = Arc::clone(shared);
    let work = tokio::task::spawn_blocking(move || route(&work_shared, &call));
    match work.await {
        Ok(answer) => answer,
        Err(_) => {
            eprintln!("pmp-sandbox: a request handler panicked");
            (
                failure(StatusCode::INTERNAL_SERVER_ERROR, "Internal sandbox error"),
                None,
            )
        }
    }
}

/// The rate headers, on an answer of the controller that sets them: a 405 or a PHP crash never
/// reaches it.
fn add_controller_rate_headers(response: &mut Response, rate: Option<RateHeaders>) {
    let reached = !matches!(
        response.status(),
        StatusCode::METHOD_NOT_ALLOWED | StatusCode::INTERNAL_SERVER_ERROR
    );
    if let (Some(headers), true) = (rate, reached) {
        add_rate_headers(response, headers);
    }
}

fn add_rate_headers(response: &mut Response, rate: RateHeaders) {
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", rate.limit),
        ("x-ratelimit-remaining", rate.remaining),
        ("x-ratelimit-reset", rate.reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
}

/// An unknown resource: 3.x redirects to the admin login, older versions answer a 404 page.
fn unknown_resource(module: Module, host: &str) -> Response {
    if !module.is_v3() {
        return html(StatusCode::NOT_FOUND, pages::NOT_FOUND);
    }
    let location = format!("http://{host}/admin/authentication");
    let mut response = (
        StatusCode::TEMPORARY_REDIRECT,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "",
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Joined rows for views, from the store.
struct StoreJoins<'a>(&'a Store);

impl Joins for StoreJoins<'_> {
    fn row(&self, resource: Resource, id: &str) -> Option<Map<String, Value>> {
        match self.0.get(resource, parse_id(id)?) {
            Ok(Some(Value::Object(row))) => Some(row),
            _ => None,
        }
    }
}

/// An answer, and the JSON body to keep for an idempotent POST.
type Answer = (Response, Option<Value>);

fn plain(response: Response) -> Answer {
    (response, None)
}

/// Runs the call; a 405 says in `Allow` which methods the path's shape answers (RFC 9110
/// requires it; real servers send none, and no client reads it).
fn route(shared: &Shared, call: &Call) -> Answer {
    let (mut response, stored) = route_call(shared, call);
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        let path: Vec<&str> = call.path.iter().map(String::as_str).collect();
        let allow = match path.as_slice() {
            _ if lookups::controller_of(shared.module, &call.path) => "GET",
            ["delete", ..] => "DELETE",
            [_] => "GET, POST",
            [_, "search", ..] => "GET",
            [_, _] => "GET, PUT, DELETE",
            _ => "GET, POST, PUT, DELETE",
        };
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static(allow));
    }
    (response, stored)
}

/// Routes the call's method and path to an operation.
fn route_call(shared: &Shared, call: &Call) -> Answer {
    let module = shared.module;
    let path: Vec<&str> = call.path.iter().map(String::as_str).collect();
    let method = call.method.as_str();
    if !matches!(method, "GET" | "POST" | "PUT" | "DELETE") {
        return plain(unknown_method());
    }
    if lookups::controller_of(module, &call.path) {
        return plain(
            match lookups::answer(module, &shared.store, shared.lookups, method, &call.path) {
                Ok((status, body)) => reply(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body),
                Err(e) => internal("reading custom fields", e),
            },
        );
    }
    // `api/delete/{res}/{id}` and `DELETE api/{res}/{id}`.
    let (target, rest) = match path.as_slice() {
        ["delete", res, rest @ ..] => (*res, rest),
        [res, rest @ ..] => (*res, rest),
        [] => return plain(unknown_resource(module, &call.host)),
    };
    let deleting = path.first() == Some(&"delete");
    if deleting && method != "DELETE" {
        return plain(unknown_method());
    }
    let Some(resource) = Resource::from_segment(target).filter(|r| r.exists_on(module)) else {
        return plain(unknown_resource(module, &call.host));
    };
    // A resource's own endpoint (3.0's `POST api/invoices/{id}/send`); older versions route
    // it nowhere: the 405 below.
    if let Some((endpoint, args)) = lookups::owned_endpoint(module, method, &call.path) {
        let form = post_form(shared, call);
        let cc = match form.get("cc") {
            Some(body::Raw::Text(cc)) => Some(cc.as_str()),
            _ => None,
        };
        return plain(match lookups::owned_answer(&shared.store, endpoint, &args, cc) {
            Ok((status, body)) => reply(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body),
            Err(e) => internal("sending an invoice", e),
        });
    }
    if lacks(module, resource, method, rest) {
        return plain(unknown_method());
    }
    resource_call(shared, call, resource, rest)
}

/// Routes a call of one of `resource`'s six endpoints, by its method and the path after the
/// resource's segment (`rest`).
fn resource_call(shared: &Shared, call: &Call, resource: Resource, rest: &[&str]) -> Answer {
    let module = shared.module;
    // A child's list and get name its parent's row (contacts: the customer's id).
    let child = resource.info().parent.is_some();
    match (call.method.as_str(), rest) {
        ("DELETE", []) => plain(delete_without_id(module, resource)),
        ("DELETE", [id]) => plain(match numeric_id(id) {
            None => unknown_method(),
            // Id 0 names no row: `Delete Fail.`, but where the controller looks the row up
            // (invoices, estimates: `Invalid Invoice ID`).
            Some(None) if !resource.quirks().deletes_newest_only => {
                outcome(resource, WriteOutcome::DeleteFailed)
            }
            Some(id) => delete(shared, resource, id.unwrap_or(0)),
        }),
        ("GET", []) if child => plain(unknown_method()),
        ("GET", []) => plain(list(shared, call, resource)),
        ("GET", ["search"]) if module.is_v3() => match call.param("q").filter(|q| !q.is_empty()) {
            Some(q) => plain(search(shared, call, resource, q)),
            None => plain(failure(
                StatusCode::BAD_REQUEST,
                strings::search_term_required(resource),
            )),
        },
        ("GET", ["search", _]) => {
            // 1.0.0 searches with the keyword as sent (undecoded).
            let keyword = if module == Module::V1 {
                &call.raw[call.raw.len() - 1]
            } else {
                &call.path[call.path.len() - 1]
            };
            plain(search(shared, call, resource, keyword))
        }
        ("GET", [id]) => plain(match numeric_id(id) {
            None => unknown_method(),
            Some(None) => none_found(resource),
            Some(Some(parent)) if child => children(shared, resource, parent),
            Some(Some(id)) => get(shared, resource, None, id),
        }),
        ("GET", [parent, id]) if child => plain(match (numeric_id(parent), numeric_id(id)) {
            (Some(Some(parent)), Some(Some(id))) => get(shared, resource, Some(parent), id),
            (Some(_), Some(_)) => none_found(resource),
            _ => unknown_method(),
        }),
        ("POST", []) => create(shared, call, resource),
        ("PUT", [id]) => plain(match numeric_id(id) {
            None => unknown_method(),
            // A number naming no row: the update finds nothing (0 is never an id).
            Some(id) => update(shared, call, resource, id.unwrap_or(0)),
        }),
        _ => plain(unknown_method()),
    }
}

/// Whether the version's controller lacks the method the call reaches (the declaration's
/// `lacks`): PHP's REST controller answers those 405 `Unknown method`.
fn lacks(module: Module, resource: Resource, method: &str, rest: &[&str]) -> bool {
    let operation = match (method, rest) {
        ("POST", _) => Operation::Create,
        ("PUT", _) => Operation::Update,
        ("DELETE", _) => Operation::Delete,
        (_, ["search", ..]) => Operation::Search,
        (_, []) => Operation::List,
        // A child's list is `GET api/{res}/{parent_id}`.
        (_, [_]) if resource.info().parent.is_some() => Operation::List,
        _ => Operation::Get,
    };
    !resource.quirks().lacking(module, operation).is_empty()
}

/// The delete of row `id`. Invoices and estimates (the quirk `deletes_newest_only`): the
/// controller looks the row up first, and the model deletes only the newest.
fn delete(shared: &Shared, resource: Resource, id: i64) -> Response {
    let store = &shared.store;
    let newest_only = resource.quirks().deletes_newest_only;
    match store.delete(resource, id, newest_only) {
        Ok(true) => outcome(resource, WriteOutcome::Deleted),
        // Invoices, estimates: an unknown id, or a row that is not the newest.
        Ok(false) if newest_only => match store.get(resource, id) {
            Ok(None) => outcome(resource, WriteOutcome::InvalidId),
            Ok(Some(_)) => outcome(resource, WriteOutcome::DeleteFailed),
            Err(e) => internal("deleting", e),
        },
        // Staffs: the model does not look the id up.
        Ok(false) if resource.quirks().writes_ignore_missing(shared.module) => {
            outcome(resource, WriteOutcome::Deleted)
        }
        Ok(false) => outcome(resource, WriteOutcome::DeleteFailed),
        Err(e) => internal("deleting", e),
    }
}

fn delete_without_id(module: Module, resource: Resource) -> Response {
    if module.is_v3() {
        outcome(resource, WriteOutcome::InvalidId)
    } else {
        html(StatusCode::NOT_FOUND, pages::NOT_FOUND)
    }
}

fn shaped(shared: &Shared, resource: Resource, kind: Kind, rows: Vec<Value>) -> Vec<Value> {
    let joins = StoreJoins(&shared.store);
    rows.into_iter()
        .filter_map(|row| match row {
            Value::Object(row) => Some(row),
            _ => None,
        })
        .map(|row| views::shape(shared.module, resource, kind, row, &joins))
        .collect()
}

/// A row; a child's only under the parent named (its parent column holds `parent`).
fn get(shared: &Shared, resource: Resource, parent: Option<i64>, id: i64) -> Response {
    let crm = crm::of(resource);
    let parent_column = crm.parent.map(|key| key.column);
    let of_parent = |row: &Value| match (parent, parent_column) {
        (Some(parent), Some(column)) => row[column].as_str() == Some(parent.to_string().as_str()),
        _ => true,
    };
    match shared.store.get(resource, id) {
        Ok(Some(row)) if !of_parent(&row) => none_found(resource),
        Ok(None) => none_found(resource),
        Ok(Some(_)) if resource.quirks().get_crashes(shared.module) => crash(),
        Ok(Some(row)) => {
            let mut rows = shaped(shared, resource, Kind::Get, vec![row]);
            if resource.quirks().get_as_array {
                return reply(StatusCode::OK, Value::Array(rows));
            }
            reply(StatusCode::OK, rows.pop().unwrap_or(Value::Null))
        }
        Err(e) => internal("reading a row", e),
    }
}

/// The rows of a child whose parent is `parent` (a plain array; none: 404).
fn children(shared: &Shared, resource: Resource, parent: i64) -> Response {
    match shared.store.children(resource, parent) {
        Ok(rows) if rows.is_empty() => none_found(resource),
        Ok(rows) => reply(
            StatusCode::OK,
            Value::Array(shaped(shared, resource, Kind::List, rows)),
        ),
        Err(e) => internal("listing", e),
    }
}

/// The 3.x page parameters of a call.
struct Paging {
    page: u64,
    per_page: u64,
    given: bool,
}

fn paging(call: &Call) -> Paging {
    let number = |name: &str| call.param(name).and_then(|v| v.trim().parse::<i64>().ok());
    let (page, per_page) = (number("page"), number("per_page"));
    Paging {
        page: page.unwrap_or(1).max(1) as u64,
        per_page: per_page.unwrap_or(20).clamp(1, 100) as u64,
        given: call.param("page").is_some() || call.param("per_page").is_some(),
    }
}

/// `{"data": rows, "meta": ...}`, with `page` already clamped to the last page.
fn envelope(rows: Vec<Value>, page: u64, per_page: u64, total: u64) -> Value {
    let total_pages = total.div_ceil(per_page).max(1);
    json!({
        "data": rows,
        "meta": {
            "page": page, "per_page": per_page, "total": total, "total_pages": total_pages,
            "has_more": page < total_pages, "current_page": page, "last_page": total_pages,
        }
    })
}

/// `?fields=a,b`: keeps only the named columns.
fn select_fields(rows: Vec<Value>, fields: Option<&str>) -> Vec<Value> {
    let Some(fields) = fields.filter(|f| !f.trim().is_empty()) else {
        return rows;
    };
    let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
    rows.into_iter()
        .map(|row| match row {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .filter(|(k, _)| wanted.contains(&k.as_str()))
                    .collect(),
            ),
            other => other,
        })
        .collect()
}

fn list(shared: &Shared, call: &Call, resource: Resource) -> Response {
    let store = &shared.store;
    let total_all = match store.count(resource, &PageQuery::default()) {
        Ok(n) => n,
        Err(e) => return internal("counting", e),
    };
    if total_all == 0 || resource.quirks().list_fails(shared.module) {
        return none_found(resource);
    }
    let paging = paging(call);
    if !resource.quirks().list_paged(shared.module, paging.given) {
        return match store.list(resource) {
            Ok(rows) => reply(
                StatusCode::OK,
                Value::Array(shaped(shared, resource, Kind::List, rows)),
            ),
            Err(e) => internal("listing", e),
        };
    }
    let mut query = match page_query(call, resource) {
        Continue(query) => query,
        Break(refused) => return refused,
    };
    // Without a date filter, the page's total is the count above.
    let filtered = query.created_after.is_some() || query.created_before.is_some();
    let total = if filtered {
        match store.count(resource, &query) {
            Ok(n) => n,
            Err(e) => return internal("counting", e),
        }
    } else {
        total_all
    };
    let last = total.div_ceil(paging.per_page).max(1);
    let page = paging.page.min(last);
    query.limit = paging.per_page;
    query.offset = (page - 1) * paging.per_page;
    match store.page(resource, &query) {
        Ok(rows) => {
            let rows = select_fields(shaped(shared, resource, Kind::List, rows), call.param("fields"));
            reply(StatusCode::OK, envelope(rows, page, paging.per_page, total))
        }
        Err(e) => internal("listing", e),
    }
}

/// The date filters and sort order of a 3.x list call, or its 422 for a bad date.
fn page_query(call: &Call, resource: Resource) -> Step<PageQuery> {
    let mut errors = Map::new();
    let mut query = PageQuery::default();
    for (name, slot) in [
        ("created_after", &mut query.created_after),
        ("created_before", &mut query.created_before),
    ] {
        if let Some(value) = call.param(name) {
            match input::parse_filter_date(value.trim()) {
                Some(date) => *slot = Some(date),
                None => {
                    errors.insert(name.to_owned(), Value::String(strings::ISO_DATES.to_owned()));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Break(reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"status": false, "error": strings::VALIDATION_FAILED, "message": strings::INVALID_DATE_FILTER, "errors": errors}),
        ));
    }
    let columns = crate::schema::columns(resource);
    query.sort = call
        .param("sort")
        .unwrap_or_default()
        .split(',')
        .filter_map(|field| {
            let field = field.trim();
            let (name, desc) = match field.strip_prefix('-') {
                Some(name) => (name, true),
                None => (field, false),
            };
            columns.iter().find(|c| **c == name).map(|c| (*c, desc))
        })
        .collect();
    Continue(query)
}

fn search(shared: &Shared, call: &Call, resource: Resource, keyword: &str) -> Response {
    if shared.module == Module::V2 && keyword.contains('"') {
        // 2.0.8 splices the keyword into its SQL: a `"` breaks it.
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            pages::SQL_ERROR,
        )
            .into_response();
    }
    let rows = match shared.store.search(resource, keyword) {
        Ok(rows) if rows.is_empty() => return none_found(resource),
        Ok(rows) => rows,
        Err(e) => return internal("searching", e),
    };
    let rows = shaped(shared, resource, Kind::Search, rows);
    if !resource.quirks().search_paged_on(shared.module) {
        return reply(StatusCode::OK, Value::Array(rows));
    }
    let paging = paging(call);
    let total = rows.len() as u64;
    let last = total.div_ceil(paging.per_page).max(1);
    let page = paging.page.min(last);
    let start = ((page - 1) * paging.per_page) as usize;
    let rows: Vec<Value> = rows
        .into_iter()
        .skip(start)
        .take(paging.per_page as usize)
        .collect();
    let rows = select_fields(rows, call.param("fields"));
    reply(StatusCode::OK, envelope(rows, page, paging.per_page, total))
}

/// The form of a POST: PHP's form input; 3.x also reads a JSON body.
fn post_form(shared: &Shared, call: &Call) -> Form {
    match &call.form {
        Some(form) => form.clone(),
        None if shared.module.is_v3() && call.content_type.starts_with("application/json") => {
            body::parse_json(&call.bytes).unwrap_or_default()
        }
        // A JSON POST is not read by PHP: it fails validation like an empty form.
        None => Form::default(),
    }
}

fn added(shared: &Shared, message: String, id: i64) -> Answer {
    let mut body = json!({"status": true, "message": message});
    if shared.module.is_v3() {
        body["record_id"] = json!(id);
    }
    (reply(StatusCode::OK, body.clone()), Some(body))
}

fn create(shared: &Shared, call: &Call, resource: Resource) -> Answer {
    let form = post_form(shared, call);
    match unique::check(&shared.store, shared.module, resource, None, &form) {
        Err(Invalid::Fields(errors)) => plain(invalid(resource, errors)),
        Err(Invalid::BadDate) => plain(crash()),
        Err(Invalid::SqlError) => plain(html(StatusCode::OK, pages::SQL_ERROR)),
        Ok(input) if !input.files.is_empty() && !attachments_fit(shared, &input) => plain(invalid(
            resource,
            vec![(
                "file".to_owned(),
                format!(
                    "The sandbox holds at most {} bytes of attachments; delete some records first.",
                    shared.attachment_limit
                ),
            )],
        )),
        Ok(input) => match shared.store.insert(resource, &input) {
            // 2.0.8's payments controller returns the new id instead of answering.
            Ok(_) if resource.quirks().create_empty(shared.module) => plain(html(StatusCode::OK, "")),
            Ok(id) => added(shared, strings::write_message(resource, WriteOutcome::Added), id),
            Err(e) => {
                eprintln!("pmp-sandbox: {} insert: {e}", resource.segment());
                plain(outcome(resource, WriteOutcome::AddFailed))
            }
        },
    }
}

/// Whether the attachments of `input` fit under the stored total.
fn attachments_fit(shared: &Shared, input: &input::Input) -> bool {
    let adding: u64 = input.files.iter().map(|f| f.bytes.len() as u64).sum();
    shared
        .store
        .attachment_bytes()
        .is_ok_and(|stored| stored.saturating_add(adding) <= shared.attachment_limit)
}

/// A PUT body as the module reads it: a JSON object, else the declaration's PUT quirks.
fn put_form(call: &Call) -> Result<Form, UnusableBody> {
    match body::parse_json(&call.bytes) {
        None => Err(UnusableBody::NotJson),
        Some(form) if form.fields.is_empty() => Err(UnusableBody::EmptyObject),
        Some(form) => Ok(form),
    }
}

fn update(shared: &Shared, call: &Call, resource: Resource, id: i64) -> Response {
    let module = shared.module;
    let form = match put_form(call) {
        Ok(form) => form,
        Err(unusable) => match resource.quirks().put_answer(module, unusable) {
            PutAnswer::NoFields => Form::default(),
            PutAnswer::Crash => return crash(),
            PutAnswer::ErrorPage => return html(StatusCode::INTERNAL_SERVER_ERROR, pages::ERROR),
            PutAnswer::NotAcceptable => return not_acceptable(),
            PutAnswer::UpdateFail => return outcome(resource, WriteOutcome::UpdateFailed),
            PutAnswer::Success => return outcome(resource, WriteOutcome::Updated),
        },
    };
    // An update that checks the whole document again answers its failure 409.
    let whole_document = resource.required_on_update(module).next().is_some();
    match unique::check(&shared.store, module, resource, Some(id), &form) {
        Err(Invalid::Fields(errors)) if whole_document => {
            with_status(StatusCode::CONFLICT, invalid(resource, errors))
        }
        Err(Invalid::Fields(errors)) => invalid(resource, errors),
        Err(Invalid::BadDate) => crash(),
        Err(Invalid::SqlError) => html(StatusCode::OK, pages::SQL_ERROR),
        Ok(input) => match shared.store.update(resource, id, &input) {
            Ok(Updated::Changed) => outcome(resource, WriteOutcome::Updated),
            // Staffs: the model returns true whatever it changed.
            Ok(Updated::Unchanged | Updated::Missing) if resource.quirks().writes_ignore_missing(module) => {
                outcome(resource, WriteOutcome::Updated)
            }
            Ok(Updated::Missing) if resource.quirks().missing_update_conflict => {
                with_status(StatusCode::CONFLICT, outcome(resource, WriteOutcome::NotFound))
            }
            Ok(Updated::Missing) if module.is_v3() && resource.quirks().missing_update_not_found_on_v3 => {
                outcome(resource, WriteOutcome::NotFound)
            }
            Ok(Updated::Unchanged | Updated::Missing) => outcome(resource, WriteOutcome::UpdateFailed),
            Err(e) => internal("updating", e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn ids_and_segments() {
        assert_eq!(parse_id("17"), Some(17));
        for bad in ["0", "-1", "1.5", "abc", "", "99999999999999999999", "+1", " 1"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
        let segs = segments("/api/leads/search/a%2Fb%20c/");
        assert_eq!(segs[2], ("a%2Fb%20c".to_owned(), "a/b c".to_owned()));
    }

    #[test]
    fn envelopes_count_pages() {
        let meta = &envelope(vec![], 2, 10, 29)["meta"];
        assert_eq!(
            (meta["total_pages"].as_u64(), meta["has_more"].as_bool()),
            (Some(3), Some(true))
        );
        assert_eq!(envelope(vec![], 1, 20, 0)["meta"]["total_pages"], 1);
    }
}
