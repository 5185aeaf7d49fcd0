//! The one error type of the client: pmp-core's [`PmpError`] and what the call learned while
//! trying (attempts, the wait a rate limit asked for).

use std::fmt;
use std::time::Duration;

use pmp_core::{ErrorKind, FieldMessages, PmpError};

/// The error of a call: a kind to branch on ([`Error::kind`]), the HTTP status, a message
/// for people (the server's, cleaned of HTML; never the token), the field errors of a
/// refused input, and how many attempts were made.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: PmpError,
    attempts: u32,
    retry_after: Option<Duration>,
}

impl Error {
    /// An error after `attempts` attempts (0: refused before sending).
    pub(crate) fn new(inner: PmpError, attempts: u32) -> Error {
        Error {
            inner,
            attempts,
            retry_after: None,
        }
    }

    pub(crate) fn with_retry_after(mut self, wait: Option<Duration>) -> Error {
        self.retry_after = wait;
        self
    }

    /// What went wrong, for a program to branch on.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// A message for people (the server's where there is one; never the token).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Field name to message: the fields a server (or the client, before sending) refused.
    pub fn field_errors(&self) -> &FieldMessages {
        &self.inner.field_errors
    }

    /// How many attempts were sent (0 when the call was refused before sending).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// For [`ErrorKind::RateLimited`]: the wait the server asked for (`Retry-After`, or
    /// until `X-RateLimit-Reset`), when it said one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The pmp-core error inside.
    pub fn as_pmp(&self) -> &PmpError {
        &self.inner
    }

    /// The pmp-core error inside, by value.
    pub fn into_pmp(self) -> PmpError {
        self.inner
    }
}

impl From<PmpError> for Error {
    /// A call refused before anything was sent.
    fn from(inner: PmpError) -> Error {
        Error::new(inner, 0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.inner)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The messages were redacted when the error was made: no token can be in them.
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("status", &self.inner.status)
            .field("message", &self.inner.message)
            .field("field_errors", &self.inner.field_errors)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl std::error::Error for Error {}
