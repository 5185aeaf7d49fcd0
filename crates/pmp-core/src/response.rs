//! Response decoding: an answer (status, content type, body bytes) becomes a typed result or
//! a [`PmpError`] a program can branch on. No I/O happens here.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{decimal, text, ErrorKind, PmpError};
use crate::model::{ApiMessage, ErrorBody, Page, Row};
use crate::request::ClientConfig;
use crate::strings::{
    LOCKOUT_MESSAGE, NOT_FOUND_MESSAGE, PASSWORD_COLUMN, TIME_LIMIT_MESSAGE, TOKEN_MESSAGES,
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
        err.field_errors = fields.clone();
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
    let failed_flag = parsed
        .as_ref()
        .and_then(|v| v.get("status"))
        .and_then(Value::as_bool)
        == Some(false);
    if (200..300).contains(&response.status) && !failed_flag {
        return None;
    }
    let body = parsed.and_then(|v| serde_json::from_value::<ErrorBody>(v).ok());
    let mut err = match body {
        Some(body) => classify_error(response.status, Some(&body)),
        None => classify_unreadable(response.status, &describe_body(response)),
    };
    err.message = config.redact(&err.message);
    // Keys too: a server may echo the token as a field name.
    err.field_errors = err
        .field_errors
        .iter()
        .map(|(f, m)| (config.redact(f), config.redact(m)))
        .collect();
    Some(err)
}

fn decode<T: DeserializeOwned>(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
    what: &str,
) -> Result<T, PmpError> {
    if let Some(err) = check_response(config, response) {
        return Err(err);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(response.body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let why = if response.body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else if serde_json::from_slice::<Value>(response.body).is_ok() {
            format!("at `{}`: {}", e.path(), e.inner())
        } else {
            format!("not JSON: {}", describe_body(response))
        };
        PmpError::new(
            ErrorKind::Decode,
            config.redact(&format!("expected {what}; {why}")),
        )
        .with_status(response.status)
    })
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

/// Decodes the answer of a list or search: a plain array, a 3.x envelope `{data, meta}`
/// (never taken for a row), or the 404 "No data were found" (no rows). Any other object is a
/// `decode` error; columns named `password` are dropped from the rows.
pub fn decode_listing<T: Row>(
    config: &ClientConfig,
    response: &HttpResponse<'_>,
) -> Result<Listing<T>, PmpError> {
    enum Shape<T> {
        Plain(Vec<T>),
        Envelope(Page<T>),
    }
    if let Some(err) = check_response(config, response) {
        return match err.kind {
            ErrorKind::NotFound => Ok(Listing::All(Vec::new())),
            _ => Err(err),
        };
    }
    let value: Value = decode(config, response, "an array of rows or a {data, meta} page")?;
    let shape = match &value {
        Value::Array(_) => serde_json::from_value::<Vec<Value>>(value).map(Shape::Plain),
        Value::Object(o) if o.contains_key("data") && o.contains_key("meta") => {
            serde_json::from_value::<Page<Value>>(value).map(Shape::Envelope)
        }
        _ => {
            return Err(decode_error(
                config,
                response,
                "expected an array of rows or a {data, meta} page; got an object that is neither",
            ))
        }
    }
    .map_err(|e| decode_error(config, response, &format!("expected a page of rows: {e}")))?;
    let rows = |values: Vec<Value>| -> Result<Vec<T>, PmpError> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                row_from(v).map_err(|e| decode_error(config, response, &format!("row {}: {e}", i as u64)))
            })
            .collect()
    };
    Ok(match shape {
        Shape::Plain(values) => Listing::All(rows(values)?),
        Shape::Envelope(page) => Listing::Page(Page {
            data: rows(page.data)?,
            meta: page.meta,
        }),
    })
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

/// Decodes the answer of a get: one row object, or an array of exactly one row (every
/// version's `getMilestone`); an empty array is `not_found`.
pub fn decode_row<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<T, PmpError> {
    let value: Value = decode(config, response, "a row object")?;
    let value = match value {
        Value::Array(mut rows) if rows.len() <= 1 => match rows.pop() {
            Some(row) => row,
            None => {
                return Err(PmpError::new(ErrorKind::NotFound, "the server answered no row")
                    .with_status(response.status))
            }
        },
        other => other,
    };
    if !value.is_object() {
        return Err(decode_error(config, response, "expected a row object"));
    }
    row_from(value).map_err(|e| decode_error(config, response, &format!("expected a row object: {e}")))
}

/// A row from its JSON object, its `password` column dropped (the contact's hash and the
/// department's IMAP password in ticket rows: no app needs them).
fn row_from<T: Row>(mut value: Value) -> Result<T, String> {
    if let Value::Object(object) = &mut value {
        object.remove(PASSWORD_COLUMN);
    }
    serde_path_to_error::deserialize(value).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
}

fn decode_error(config: &ClientConfig, response: &HttpResponse<'_>, message: &str) -> PmpError {
    PmpError::new(ErrorKind::Decode, config.redact(message)).with_status(response.status)
}

/// Decodes the answer of a write: `{status: true, message}`.
pub fn decode_message(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<ApiMessage, PmpError> {
    decode(config, response, "a {status, message} object")
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
