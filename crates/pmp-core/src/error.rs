//! Errors a program can act on.

use std::fmt;

/// What went wrong, for a program to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The row does not exist, or a search found nothing (`No data were found`).
    NotFound,
    /// The server refused the fields; see [`PmpError::field_errors`].
    Validation,
    /// The token is missing, malformed, expired, unknown or lacks a permission, or the IP is
    /// locked out after repeated failures (3.x: 429 `Too many failed authentication attempts`).
    Auth,
    /// Over a rate limit (3.x: 429 `Rate limit exceeded`, or 401 `... reached the time limit
    /// for this method`): retried after the wait the server gives, then this kind.
    RateLimited,
    /// Any other non-success answer (write failures, 406, 5xx, ...).
    Http,
    /// A success answer that is not the JSON expected (an HTML page, truncated JSON, ...).
    Decode,
    /// The request never got an answer (transport-level failure).
    Network,
    /// The request took longer than allowed.
    Timeout,
    /// The caller aborted the request.
    Aborted,
    /// The call was refused before anything was sent: a missing mandatory field, a bad id, ...
    InvalidInput,
    /// The server answered with a redirect, which is not followed so that the token goes
    /// nowhere but to the base URL's origin: the base URL needs fixing.
    Redirect,
    /// The answer was larger than the client accepts (`maxResponseBytes`).
    TooLarge,
    /// The call was refused before anything was sent because the server's module version
    /// (the `serverVersion` option) does not serve it: a resource newer than that version, or
    /// an operation that version lacks or answers wrongly on every call.
    Unsupported,
}

impl ErrorKind {
    /// Every kind, in declaration order (a test below fails to compile when a kind is added
    /// and not listed).
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::NotFound,
        ErrorKind::Validation,
        ErrorKind::Auth,
        ErrorKind::RateLimited,
        ErrorKind::Http,
        ErrorKind::Decode,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Aborted,
        ErrorKind::InvalidInput,
        ErrorKind::Redirect,
        ErrorKind::TooLarge,
        ErrorKind::Unsupported,
    ];

    /// The kind whose [`ErrorKind::as_str`] is `name`, if any.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind as JavaScript sees it: `not_found`, `validation`, ...
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "not_found",
            ErrorKind::Validation => "validation",
            ErrorKind::Auth => "auth",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Http => "http",
            ErrorKind::Decode => "decode",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Redirect => "redirect",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Unsupported => "unsupported",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Field name to message, sorted by name.
pub type FieldMessages = litemap::LiteMap<String, String>;

/// An error of a PMP call. Never carries the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmpError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// A message for people (the server's, cleaned of HTML, where there is one).
    pub message: String,
    /// Validation failures: field name to message (empty for other kinds).
    pub field_errors: FieldMessages,
}

impl PmpError {
    /// An error of a kind with a message and no answer.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        PmpError {
            kind,
            status: None,
            message: message.into(),
            field_errors: FieldMessages::new(),
        }
    }

    /// A call refused before sending.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        PmpError::new(ErrorKind::InvalidInput, message)
    }

    /// The same error with an HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

/// `pieces` joined into one string: messages are built this way rather than with `format!`,
/// so that the wasm client links no `core::fmt` (bench/ANALYSIS.md).
pub fn text(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// `n` in decimal, without `core::fmt`.
pub fn decimal(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().map(|&d| char::from(d)).collect()
}

impl fmt::Display for PmpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

impl std::error::Error for PmpError {}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    /// Each kind's place in [`ErrorKind::ALL`]: the `match` has to name every kind, so a kind
    /// added to the enum and not to `ALL` fails here (to compile, or the assertion).
    fn position(kind: ErrorKind) -> usize {
        match kind {
            ErrorKind::NotFound => 0,
            ErrorKind::Validation => 1,
            ErrorKind::Auth => 2,
            ErrorKind::RateLimited => 3,
            ErrorKind::Http => 4,
            ErrorKind::Decode => 5,
            ErrorKind::Network => 6,
            ErrorKind::Timeout => 7,
            ErrorKind::Aborted => 8,
            ErrorKind::InvalidInput => 9,
            ErrorKind::Redirect => 10,
            ErrorKind::TooLarge => 11,
            ErrorKind::Unsupported => 12,
        }
    }

    #[test]
    fn all_lists_every_kind_once_and_names_read_back() {
        for (i, kind) in ErrorKind::ALL.into_iter().enumerate() {
            assert_eq!(position(kind), i, "{kind}");
            assert_eq!(ErrorKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(ErrorKind::from_name("Timeout"), None);
    }
}
