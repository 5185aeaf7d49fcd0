//! Response decoding: an answer (status, content type, body bytes) becomes a typed result or
//! a [`PmpError`] a program can branch on. No I/O happens here.
//!
//! Each decoder reads a body once: a list's rows go straight from the bytes into the row
//! model (an array's, or a 3.x envelope's `data`), other objects into JSON values, from which
//! the decoder tells a row, a message, an envelope and an error body apart. Only an answer
//! that fails to decode is read again, to say where it went wrong.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{decimal, text, ErrorKind, PmpError};
use crate::model::{ApiMessage, ErrorBody, Page, PageMeta, Row};
use crate::request::ClientConfig;
use crate::resources::Resource;
use crate::strings::{
    LOCKOUT_MESSAGE, NOT_FOUND_MESSAGE, NO_SUCH_DOCUMENT, SECRET_COLUMNS, TIME_LIMIT_MESSAGE, TOKEN_MESSAGES,
};

/// An HTTP answer as any transport sees it.
#[derive(Debug, Clone, Copy)]
pub struct HttpResponse<'a> {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// Body bytes.
    pub body: &'a [u8],
}

const EXCERPT_CHARS: usize = 120;

/// Whether a server message is one of the token failures of [`TOKEN_MESSAGES`].
pub fn is_token_message(message: &str) -> bool {
    let message = message.trim();
    TOKEN_MESSAGES.iter().any(|m| message.starts_with(m))
}

/// Classifies an error answer whose JSON body has been read (or `None` if it was not JSON).
/// Pure: transports that parse JSON their own way (the wasm client) call this directly.
pub fn classify_error(status: u16, body: Option<&ErrorBody>) -> PmpError {
    let message = body.and_then(ErrorBody::text).map(strip_html);
    if let Some(fields) = body.and_then(ErrorBody::field_errors) {
        // Pushed piece by piece: `format!` and `join` per field would add two kilobytes of
        // generic code to the wasm client.
        let mut summary = String::new();
        for (field, text) in fields.iter() {
            if !summary.is_empty() {
                summary.push_str("; ");
            }
            summary.push_str(field);
            summary.push_str(": ");
            summary.push_str(text);
        }
        let mut err = PmpError::new(ErrorKind::Validation, summary).with_status(status);
        // A rule on a list names it `newitems[]`: the map names the input field.
        // One insert each rather than `collect`, whose sort would add kilobytes to the wasm.
        for (field, text) in fields.iter() {
            let field = field.strip_suffix("[]").unwrap_or(field);
            err.field_errors.insert(field.to_owned(), text.clone());
        }
        return err;
    }
    // A byte-window search rather than `str::contains`, whose two-way searcher would add
    // about a kilobyte to the wasm client.
    let says = |part: &str| {
        message
            .as_deref()
            .is_some_and(|m| m.as_bytes().windows(part.len()).any(|w| w == part.as_bytes()))
    };
    let kind = match (&message, body) {
        _ if status == 429 && says(LOCKOUT_MESSAGE) => ErrorKind::Auth,
        _ if status == 429 || (status == 401 && says(TIME_LIMIT_MESSAGE)) => ErrorKind::RateLimited,
        _ if status == 401 || status == 403 => ErrorKind::Auth,
        (Some(m), _) if is_token_message(m) => ErrorKind::Auth,
        // A well-formed token the server does not know: 404 with `"message": null`.
        (None, Some(_)) if status == 404 => ErrorKind::Auth,
        (Some(m), _) if m.trim_end_matches('.') == NOT_FOUND_MESSAGE => ErrorKind::NotFound,
        // An invoice or estimate update of an unknown id: 409 `Invoice ID Doesn't Not Exist.`.
        (Some(m), _) if status == 409 && m.trim_end_matches('.').ends_with(NO_SUCH_DOCUMENT) => {
            ErrorKind::NotFound
        }
        // A delete of an unknown invoice or estimate: 404 `Invalid Invoice ID` (the clients
        // send no id that is not a number, which is the other meaning of these words).
        (Some(m), _) if status == 404 && m.starts_with("Invalid ") && m.ends_with(" ID") => {
            ErrorKind::NotFound
        }
        // 3.x's update of an unknown id: `Customer not found`.
        (Some(m), _) if status == 404 && m.trim_end_matches('.').ends_with(" not found") => {
            ErrorKind::NotFound
        }
        _ => ErrorKind::Http,
    };
    let text = match (kind, message) {
        (_, Some(m)) if !m.is_empty() => m,
        (ErrorKind::Auth, _) => "the server did not accept the token".to_owned(),
        _ if (200..300).contains(&status) => {
            "the server reported a failure (`status: false`) without a message".to_owned()
        }
        // Integers are formatted as u64 throughout: one formatting routine in the wasm.
        _ => text(&["HTTP ", &decimal(u64::from(status))]),
    };
    PmpError::new(kind, text).with_status(status)
}

/// The error of an answer whose body is not JSON; `what` says what the body is in a few
/// words (`no body`, `an HTML page`, a short quote). A server failure (5xx) says so; an HTML
/// page is named by the caller, never quoted (2.0.8's pages hold SQL and server paths).
pub fn classify_unreadable(status: u16, what: &str) -> PmpError {
    if matches!(status, 401 | 403) {
        return classify_error(status, None);
    }
    let code = decimal(u64::from(status));
    let (kind, message) = match status {
        200..=299 => (ErrorKind::Decode, text(&["expected JSON; got ", what])),
        500..=599 => (
            ErrorKind::Http,
            text(&["the server failed (HTTP ", &code, ") and sent ", what]),
        ),
        _ => (ErrorKind::Http, text(&["HTTP ", &code, ": ", what])),
    };
    PmpError::new(kind, message).with_status(status)
}

/// The error of an answer that is not a success: non-2xx, or 2xx with `"status": false`.
/// Returns `None` for a success.
pub fn check_response(config: &ClientConfig, response: &HttpResponse<'_>) -> Option<PmpError> {
    let parsed = serde_json::from_slice::<Value>(response.body).ok();
    failed(response.status, parsed.as_ref()).then(|| error_of(config, response, parsed.as_ref()))
}

/// Whether an answer whose body was read as `parsed` (`None`: not JSON) is a failure: not a
/// 2xx, or a 2xx object with `"status": false` (a row's `status` column is a string).
fn failed(status: u16, parsed: Option<&Value>) -> bool {
    !(200..300).contains(&status) || parsed.is_some_and(says_failed)
}

fn says_failed(value: &Value) -> bool {
    value.get("status") == Some(&FALSE)
}

const FALSE: Value = Value::Bool(false);

/// The error of a failed answer whose body was read as `parsed` (`None`: not JSON), redacted.
fn error_of(config: &ClientConfig, response: &HttpResponse<'_>, parsed: Option<&Value>) -> PmpError {
    let body = parsed.and_then(|v| ErrorBody::deserialize(v).ok());
    let mut err = match body {
        Some(body) => classify_error(response.status, Some(&body)),
        None => classify_unreadable(response.status, &describe_body(response)),
    };
    err.message = config.redact(&err.message);
    // Keys too: a server may echo the token as a field name.
    let fields = std::mem::take(&mut err.field_errors);
    for (f, m) in fields.iter() {
        err.field_errors.insert(config.redact(f), config.redact(m));
    }
    err
}

/// The body of a row's or a write's answer, read once as JSON values, or the answer's error:
/// a failure, or a success that is not JSON.
pub(crate) fn read_value(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
    what: &str,
) -> Result<Value, PmpError> {
    match serde_json::from_slice::<Value>(response.body) {
        Ok(value) if failed(response.status, Some(&value)) => Err(error_of(config, response, Some(&value))),
        Ok(value) => Ok(value),
        Err(_) if failed(response.status, None) => Err(error_of(config, response, None)),
        // Any JSON is a value: the body is empty or not JSON.
        Err(_) => Err(unreadable(config, response, what, None)),
    }
}

/// A value of the model `T` from a body read as values; an error names where it went wrong.
pub(crate) fn model_from<T: DeserializeOwned>(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
    what: &str,
    value: Value,
) -> Result<T, PmpError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        decode_error(
            config,
            response,
            &format!("expected {what}; at `{}`: {}", e.path(), e.inner()),
        )
    })
}

/// The error of a success whose body is not what `what` says: JSON of another shape (`shape`:
/// serde's words and where), else empty or not JSON.
fn unreadable(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
    what: &str,
    shape: Option<String>,
) -> PmpError {
    let why = match shape {
        Some(why) => why,
        None if response.body.iter().all(u8::is_ascii_whitespace) => "the body is empty".to_owned(),
        None => format!("not JSON: {}", describe_body(response)),
    };
    decode_error(config, response, &format!("expected {what}; {why}"))
}

/// What a list or search answered: a plain array (every row: 1.0, 2.0 and 3.x's plain
/// searches ignore paging) or one page of a 3.x envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing<T> {
    /// Every row (the server sent a plain array, or "No data were found").
    All(Vec<T>),
    /// One page; the others are to be fetched (`meta.total_pages`).
    Page(Page<T>),
}

impl<T> Listing<T> {
    /// The rows of the answer.
    pub fn rows(self) -> Vec<T> {
        match self {
            Listing::All(rows) => rows,
            Listing::Page(page) => page.data,
        }
    }
}

/// The body of a list's or search's success, read in one pass of serde: an array's rows, and
/// an envelope's `data`, go straight into the row model; the other members of an object stay
/// values (an error body's, the envelope's `meta`).
enum ListBody<T> {
    /// A JSON array.
    Rows(Vec<T>),
    /// A JSON object: its `data` as rows (unless `"status": false` came first), the rest.
    Object {
        data: Option<Vec<T>>,
        rest: Map<String, Value>,
    },
    /// A string, a number, a boolean or `null`.
    Scalar,
}

impl<'de, T: Row> Deserialize<'de> for ListBody<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Row> Visitor<'de> for ListVisitor<T> {
    type Value = ListBody<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(LISTING)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut rows = Vec::new();
        while let Some(row) = seq.next_element()? {
            rows.push(row);
        }
        Ok(ListBody::Rows(rows))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut data = None;
        let mut rest = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "data" && rest.get("status") != Some(&FALSE) {
                data = Some(map.next_value()?);
            } else {
                rest.insert(key, map.next_value()?);
            }
        }
        Ok(ListBody::Object { data, rest })
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(ListBody::Scalar)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(ListBody::Scalar)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(ListBody::Scalar)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(ListBody::Scalar)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(ListBody::Scalar)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ListBody::Scalar)
    }
}

/// What a list's or search's success is.
const LISTING: &str = "an array of rows or a {data, meta} page";

/// Decodes the answer of a list or search: a plain array, a 3.x envelope `{data, meta}`
/// (never taken for a row), or the 404 "No data were found" (no rows). Any other object is a
/// `decode` error; the secret columns of [`SECRET_COLUMNS`] are dropped from the rows, and a
/// row without its id column gets it from the quirk `id_alias`'s column. A success's body is
/// read once, its rows straight into `T`.
pub fn decode_listing<T: Row>(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
) -> Result<Listing<T>, PmpError> {
    let no_rows_or = |err: PmpError| match err.kind {
        ErrorKind::NotFound => Ok(Listing::All(Vec::new())),
        _ => Err(err),
    };
    if failed(response.status, None) {
        let parsed = serde_json::from_slice::<Value>(response.body).ok();
        return no_rows_or(error_of(config, response, parsed.as_ref()));
    }
    let body = serde_json::from_slice::<ListBody<T>>(response.body).map_err(|e| {
        // Where serde stopped, from a second pass that tracks the path: only after a failure.
        let shape = e.is_data().then(|| {
            let mut deserializer = serde_json::Deserializer::from_slice(response.body);
            match serde_path_to_error::deserialize::<_, ListBody<T>>(&mut deserializer) {
                Err(e) => format!("at `{}`: {}", e.path(), e.inner()),
                Ok(_) => e.to_string(),
            }
        });
        unreadable(config, response, LISTING, shape)
    })?;
    let mut listing = match body {
        ListBody::Rows(rows) => Listing::All(rows),
        ListBody::Object { data, mut rest } => {
            if rest.get("status") == Some(&FALSE) {
                return no_rows_or(error_of(config, response, Some(&Value::Object(rest))));
            }
            match (data, rest.remove("meta")) {
                (Some(data), Some(meta)) => {
                    let meta = PageMeta::deserialize(meta).map_err(|e| {
                        decode_error(config, response, &format!("expected {LISTING}; at `meta`: {e}"))
                    })?;
                    Listing::Page(Page { data, meta })
                }
                _ => return Err(neither(config, response, "an object that is neither")),
            }
        }
        ListBody::Scalar => return Err(neither(config, response, "neither an array nor an object")),
    };
    let rows = match &mut listing {
        Listing::All(rows) => rows,
        Listing::Page(page) => &mut page.data,
    };
    for row in rows.iter_mut() {
        for column in SECRET_COLUMNS {
            row.extra_mut().remove(*column);
        }
        row.fill_id();
    }
    Ok(listing)
}

fn neither(config: &ClientConfig, response: &HttpResponse<'_>, got: &str) -> PmpError {
    decode_error(config, response, &format!("expected {LISTING}; got {got}"))
}

/// Decodes the answer of a list call: every row of the answer (one page of a 3.x envelope;
/// [`decode_listing`] tells which).
pub fn decode_list<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<Vec<T>, PmpError> {
    decode_listing(config, response).map(Listing::rows)
}

/// Decodes the answer of a search: as [`decode_list`].
pub fn decode_search<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<Vec<T>, PmpError> {
    decode_list(config, response)
}

/// Decodes the answer of a get: one row object, or an array of exactly one row (the quirk
/// `get_as_array`: every version's `getMilestone`; read on every get); an empty array is `not_found`. Its secret columns
/// ([`SECRET_COLUMNS`]) are dropped; without its id column it gets it from the quirk
/// `id_alias`'s column.
pub fn decode_row<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<T, PmpError> {
    const ROW: &str = "a row object";
    let value = match read_value(config, response, ROW)? {
        Value::Array(mut rows) if rows.len() <= 1 => match rows.pop() {
            Some(row) => row,
            None => {
                return Err(PmpError::new(ErrorKind::NotFound, "the server answered no row")
                    .with_status(response.status))
            }
        },
        other => other,
    };
    let Value::Object(mut object) = value else {
        return Err(decode_error(config, response, "expected a row object"));
    };
    // Hashes, reset keys, two-factor secrets: no app needs them.
    for column in SECRET_COLUMNS {
        object.remove(*column);
    }
    let mut row: T = model_from(config, response, ROW, Value::Object(object))?;
    row.fill_id();
    Ok(row)
}

pub(crate) fn decode_error(config: &ClientConfig, response: &HttpResponse<'_>, message: &str) -> PmpError {
    PmpError::new(ErrorKind::Decode, config.redact(message)).with_status(response.status)
}

/// Decodes the answer of a write: `{status: true, message}`.
pub fn decode_message(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<ApiMessage, PmpError> {
    const MESSAGE: &str = "a {status, message} object";
    let value = read_value(config, response, MESSAGE)?;
    model_from(config, response, MESSAGE, value)
}

/// Decodes the answer of a create that may answer nothing ([`create_may_answer_empty`]): as
/// [`decode_message`], but a 2xx answer with an empty body (nothing, or white space only) is a
/// success with no message and no id. 2.0.8's payment controller answers so whether or not it
/// stored the payment (the quirk `create_empty_on`). Other creates are read with
/// [`decode_message`], for which an empty body is a `decode` error: a wrong answer does not
/// pass as a success.
pub fn decode_created(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<ApiMessage, PmpError> {
    if (200..300).contains(&response.status) && response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(ApiMessage {
            status: true,
            ..ApiMessage::default()
        });
    }
    decode_message(config, response)
}

/// Whether a create of `resource` on the server `config` names may answer 200 with an empty
/// body for its success (the quirk `create_empty_on` lists the version; not told the version,
/// any version): then read it with [`decode_created`], else with [`decode_message`].
pub fn create_may_answer_empty(config: &ClientConfig, resource: Resource) -> bool {
    resource.quirks().create_empty(config.server_version())
}

/// The server's HTML message as text: tags dropped (as word breaks), white space folded, in
/// one pass.
fn strip_html(message: &str) -> String {
    let mut text = String::with_capacity(message.len());
    let mut in_tag = false;
    let mut space = false;
    for c in message.chars() {
        match c {
            '<' => in_tag = true,
            // A tag separates words (`<br>`, `</title><body>`), as a browser shows them.
            '>' if in_tag => {
                in_tag = false;
                space = !text.is_empty();
            }
            _ if in_tag => {}
            c if c.is_whitespace() => space = !text.is_empty(),
            c => {
                if space {
                    text.push(' ');
                    space = false;
                }
                text.push(c);
            }
        }
    }
    text
}

/// A body that is not the JSON expected, in a few words: `no body`, `an HTML page` (never
/// quoted: 2.0.8's error pages hold SQL and server paths) or a short quote.
fn describe_body(response: &HttpResponse<'_>) -> String {
    let text = String::from_utf8_lossy(response.body);
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return "no body".to_owned();
    }
    if folded.starts_with('<') || response.content_type.is_some_and(|c| c.contains("html")) {
        return "an HTML page".to_owned();
    }
    let mut excerpt: String = folded.chars().take(EXCERPT_CHARS).collect();
    if folded.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    format!("`{excerpt}`")
}
