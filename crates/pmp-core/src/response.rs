//! Response decoding: an answer (status, content type, body bytes) becomes a typed result or
//! a [`PmpError`] a program can branch on. No I/O happens here.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ErrorKind, PmpError};
use crate::model::{ApiMessage, ErrorBody, Row};
use crate::request::ClientConfig;

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

/// Messages the real server sends, with HTTP 404, when the token is missing, malformed or
/// expired (PMP-WIRE-FACTS.md: the REST module and php-jwt). Matched as prefixes.
pub const TOKEN_MESSAGES: &[&str] = &[
    "Token is not defined",
    "Token Time Expire",
    "Token Time Not Define",
    "Forbidden",
    "Wrong number of segments",
    "Invalid header encoding",
    "Invalid claims encoding",
    "Payload must be a JSON object",
    "Empty algorithm",
    "Algorithm not supported",
    "Incorrect key for this algorithm",
    "Signature verification failed",
    "Cannot handle token with nbf prior to",
    "Cannot handle token with iat prior to",
    "Expired token",
    "Malformed UTF-8 characters",
    "Syntax error, malformed JSON",
    "Null result with non-null input",
];

/// The message of an empty search or a missing id.
pub const NOT_FOUND_MESSAGE: &str = "No data were found";

const EXCERPT_CHARS: usize = 120;

/// Whether a server message is one of the token failures of [`TOKEN_MESSAGES`].
pub fn is_token_message(message: &str) -> bool {
    let message = message.trim();
    TOKEN_MESSAGES.iter().any(|m| message.starts_with(m))
}

/// Classifies an error answer whose JSON body has been read (or `None` if it was not JSON).
/// Pure: transports that parse JSON their own way (the wasm client) call this directly.
pub fn classify_error(status: u16, body: Option<&ErrorBody>) -> PmpError {
    let message = body.and_then(|b| b.message.as_deref()).map(strip_html);
    if let Some(fields) = body.and_then(|b| b.error.as_ref()).filter(|f| !f.is_empty()) {
        // `field: message; ...`, written out: `format!` and `join` cost the wasm 1 kB.
        let mut summary = String::new();
        for (field, message) in fields.iter() {
            if !summary.is_empty() {
                summary.push_str("; ");
            }
            summary.push_str(field);
            summary.push_str(": ");
            summary.push_str(message);
        }
        let mut err = PmpError::new(ErrorKind::Validation, summary).with_status(status);
        err.field_errors = fields.clone();
        return err;
    }
    let kind = match (&message, body) {
        _ if status == 401 || status == 403 => ErrorKind::Auth,
        (Some(m), _) if is_token_message(m) => ErrorKind::Auth,
        // A well-formed token the server does not know: 404 with `"message": null`.
        (None, Some(_)) if status == 404 => ErrorKind::Auth,
        (Some(m), _) if m.trim_end_matches('.') == NOT_FOUND_MESSAGE => ErrorKind::NotFound,
        _ => ErrorKind::Http,
    };
    let text = match (kind, message) {
        (_, Some(m)) if !m.is_empty() => m,
        (ErrorKind::Auth, _) => "the server did not accept the token".to_owned(),
        _ if (200..300).contains(&status) => {
            "the server reported a failure (`status: false`) without a message".to_owned()
        }
        // Integers are formatted as u64 throughout: one formatting routine in the wasm.
        _ => format!("HTTP {}", u64::from(status)),
    };
    PmpError::new(kind, text).with_status(status)
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
        None if response.status == 401 || response.status == 403 => classify_error(response.status, None),
        None => PmpError::new(
            ErrorKind::Http,
            format!("HTTP {}: {}", response.status, describe_body(response)),
        )
        .with_status(response.status),
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

/// Decodes the answer of a list call: an array of rows.
pub fn decode_list<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<Vec<T>, PmpError> {
    decode(config, response, "an array of rows")
}

/// Decodes the answer of a search: an array of rows, or a single row object (the document
/// shows one object; real servers send an array).
pub fn decode_search<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<Vec<T>, PmpError> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    match decode::<OneOrMany<T>>(config, response, "an array of rows or a row object")? {
        OneOrMany::Many(rows) => Ok(rows),
        OneOrMany::One(row) => Ok(vec![row]),
    }
}

/// Decodes the answer of a get: one row object.
pub fn decode_row<T: Row>(config: &ClientConfig, response: &HttpResponse<'_>) -> Result<T, PmpError> {
    decode(config, response, "a row object")
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

/// A short description of a body that is not the JSON expected. An HTML page is described
/// by its text, its markup dropped: a message may be shown in a page.
fn describe_body(response: &HttpResponse<'_>) -> String {
    let text = String::from_utf8_lossy(response.body);
    let html =
        text.trim_start().starts_with('<') || response.content_type.is_some_and(|c| c.contains("html"));
    let folded = if html {
        strip_html(&text)
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if folded.is_empty() {
        return if html { "an HTML page" } else { "empty body" }.to_owned();
    }
    let mut excerpt: String = folded.chars().take(EXCERPT_CHARS).collect();
    if folded.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    if html {
        format!("an HTML page: {excerpt}")
    } else {
        format!("`{excerpt}`")
    }
}
