//! The server's wire strings: every text a real PMP server sends that a crate matches,
//! reproduces or documents.
//!
//! **The rule.** A text the server puts on the wire lives here, and only here: the client
//! matches its answers against these, the sandbox answers with them, the OpenAPI document's
//! examples show them, tests compare with them. Nothing else writes one out (tests may, to
//! check that this file is right). A text that belongs to one resource is built here from
//! that resource's row of the declaration (`resources.rs`: its nouns, labels and the
//! messages that break the patterns below). Where versions 1.0.0, 2.0.8 and 3.0.3 differ,
//! the function takes the version. The recordings (`wire/`, and `wire/PMP-WIRE-FACTS.md`)
//! decide what is right; where they are silent, the module's PHP source does.

use crate::resources::{ModuleVersion, Resource};

/// The answer of an empty table, a missing id or a search without hits.
pub const NOT_FOUND_MESSAGE: &str = "No data were found";

/// 1.0.0 and 2.0.8: no `authtoken` header.
pub const TOKEN_MISSING: &str = "Token is not defined.";
/// 1.0.0 and 2.0.8: an expired token.
pub const TOKEN_EXPIRED: &str = "Token Time Expire.";
/// 1.0.0 and 2.0.8: a token that is not a JWT (php-jwt's text).
pub const TOKEN_MALFORMED: &str = "Wrong number of segments";
/// 1.0.0 and 2.0.8: a JWT signed with another key (php-jwt's text).
pub const TOKEN_BAD_SIGNATURE: &str = "Signature verification failed";
/// 3.0.3: every token failure.
pub const TOKEN_NOT_FOUND: &str = "Token is not found";

/// Messages the real server sends, with HTTP 404, when the token is missing, malformed or
/// expired (the REST module and php-jwt). Matched as prefixes.
pub const TOKEN_MESSAGES: &[&str] = &[
    "Token is not defined",
    "Token is not found",
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

/// 2.x and 3.x (403): a token without the permission for the call (the server's spelling).
pub const NO_PERMISSION: &str =
    "Your API token does not have the necessay permissions for the requested operation";
/// 405 (under `error`): PATCH, a non-numeric id, a path no handler takes.
pub const UNKNOWN_METHOD: &str = "Unknown method";
/// 406: an update without a usable JSON body.
pub const NOT_ACCEPTABLE: &str = "Data Not Acceptable OR Not Provided";
/// 3.x (429): over the token's quota.
pub const RATE_LIMITED: &str = "Rate limit exceeded";
/// 3.x (401, under `error`): over the per-IP limit.
pub const TIME_LIMIT: &str = "This API key has reached the time limit for this method";
/// Part of [`TIME_LIMIT`] a client matches: a rate limit, not an auth failure.
pub const TIME_LIMIT_MESSAGE: &str = "time limit for this method";
/// 3.x (429): an IP locked out after repeated auth or permission failures.
pub const LOCKED_OUT: &str = "Too many failed authentication attempts. Try again later.";
/// Part of [`LOCKED_OUT`] a client matches: an auth failure, not retried.
pub const LOCKOUT_MESSAGE: &str = "failed authentication";
/// 3.x (422): `error` of a bad list filter.
pub const VALIDATION_FAILED: &str = "validation_failed";
/// 3.x (422): `message` of a bad date filter.
pub const INVALID_DATE_FILTER: &str = "Invalid date filter";
/// 3.x (422): the field message of a bad date filter.
pub const ISO_DATES: &str = "Dates must be ISO formatted, e.g. 2026-01-31 or 2026-01-31 23:59:59";

/// The end of the message of an update the server did not make (`Customers Update Fail.`):
/// 1.0 and 2.0 send it both for an unknown id and for an update that changes nothing.
pub const UPDATE_FAIL: &str = "Update Fail";

/// Whether `message` is an update's `... Update Fail.` (the final dot optional).
pub fn is_update_fail(message: &str) -> bool {
    message
        .strip_suffix('.')
        .unwrap_or(message)
        .ends_with(UPDATE_FAIL)
}

/// The end of the message of an invoice or estimate update whose id names no row (409 on
/// every version: `Invoice ID Doesn't Not Exist.`, the module's words).
pub const NO_SUCH_DOCUMENT: &str = "ID Doesn't Not Exist";

/// The columns that hold secrets, which no row either client hands on carries: the bcrypt
/// `password` of contacts and staff members (and a ticket department's IMAP password), the
/// password-reset key `new_pass_key`, and the two-factor `two_factor_auth_code` and
/// `google_auth_secret` (contact, ticket and staff rows carry them). The one table of them:
/// pmp-core's decoders drop them from every row, and `cargo xtask pkg` writes it into the
/// npm package (`PMP_SECRET_COLUMNS`), whose client drops them too. No row model names one.
pub const SECRET_COLUMNS: &[&str] = &[
    "password",
    "new_pass_key",
    "two_factor_auth_code",
    "google_auth_secret",
];

/// 3.x (400): a search without a term.
pub fn search_term_required(resource: Resource) -> String {
    let seg = resource.segment();
    format!("Search term is required. Use /api/{seg}/search/{{term}} or /api/{seg}/search?q={{term}}")
}

/// The text of a field the create lacks: `The Company field is required.`.
pub fn field_required(label: &str) -> String {
    format!("The {label} field is required.")
}

/// The text of a number another row of the same year has (the invoices' and estimates'
/// number callbacks): `The Invoice number is already in use`.
pub fn field_in_use(label: &str) -> String {
    format!("The {label} is already in use")
}

/// The text of a number field that is not one.
pub fn field_integer(label: &str) -> String {
    format!("The {label} field must contain an integer.")
}

/// The text of a list of numbers with an item that is not one.
pub fn field_integers(label: &str) -> String {
    format!("The {label} field must contain only integers.")
}

/// The `message` of a validation failure: each field message as an HTML paragraph
/// (CodeIgniter's `validation_errors()`).
pub fn validation_html<'a>(messages: impl IntoIterator<Item = &'a str>) -> String {
    messages
        .into_iter()
        .map(|m| format!("<p>{}</p>\n", escape_html(m)))
        .collect()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What a write can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WriteOutcome {
    /// Create succeeded.
    Added,
    /// Create failed.
    AddFailed,
    /// Update succeeded.
    Updated,
    /// Update failed (missing row, or nothing changed).
    UpdateFailed,
    /// Delete succeeded.
    Deleted,
    /// Delete failed (missing row).
    DeleteFailed,
    /// The id in the path is not a number, or missing (3.x).
    InvalidId,
    /// 3.x: update of an id that does not exist.
    NotFound,
}

/// The message of a write outcome on a resource: the row's exception if it has one, else the
/// module's pattern with the row's noun (`Lead add successful.`, `Customers Update Fail.`).
pub fn write_message(resource: Resource, outcome: WriteOutcome) -> String {
    if let Some((_, text)) = resource.messages().iter().find(|(o, _)| *o == outcome) {
        return (*text).to_owned();
    }
    let nouns = resource.nouns();
    match outcome {
        WriteOutcome::Added => format!("{} add successful.", nouns.create),
        WriteOutcome::AddFailed => format!("{} add fail.", nouns.create),
        WriteOutcome::Updated => format!("{} Update Successful.", nouns.update),
        WriteOutcome::UpdateFailed => format!("{} {UPDATE_FAIL}.", nouns.update),
        WriteOutcome::Deleted => format!("{} Delete Successful.", nouns.other),
        WriteOutcome::DeleteFailed => format!("{} Delete Fail.", nouns.other),
        WriteOutcome::InvalidId => format!("Invalid {} ID", nouns.other),
        WriteOutcome::NotFound => format!("{} not found", nouns.other),
    }
}

/// The token failure texts a version answers with: what a missing, a malformed, an expired
/// token gets, in that order (3.0.3 says [`TOKEN_NOT_FOUND`] to all).
pub fn token_failures(version: ModuleVersion) -> [&'static str; 3] {
    if version.is_v3() {
        [TOKEN_NOT_FOUND; 3]
    } else {
        [TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_EXPIRED]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The recorded answers (wire/module-*.jsonl) these texts come from, and for the resources
    // no recording covers the module's source.
    #[test]
    fn messages_are_the_recorded_ones() {
        use WriteOutcome::*;
        let cases = [
            (Resource::Customers, Added, "Client add successful."),
            (Resource::Customers, Updated, "Customers Update Successful."),
            (Resource::Customers, UpdateFailed, "Customers Update Fail."),
            (Resource::Customers, Deleted, "Customer Delete Successful."),
            (Resource::Customers, DeleteFailed, "Customer Delete Fail."),
            (Resource::Customers, InvalidId, "Invalid Customer ID"),
            (Resource::Customers, NotFound, "Customer not found"),
            (Resource::Leads, Added, "Lead add successful."),
            (Resource::Leads, UpdateFailed, "Lead Update Fail."),
            (Resource::Projects, AddFailed, "Project add failed."),
            (Resource::Milestones, Updated, "Milestone Update Successful."),
            (Resource::Tickets, Deleted, "Ticket Delete Successful."),
            // Read from the module's PHP source (wire/MODULE-SOURCE.md), not recorded.
            (Resource::Tasks, Added, "Task add successful."),
            (Resource::Tasks, AddFailed, "Task add failed."),
            (Resource::Tasks, Updated, "Task Update Successful."),
            (Resource::Tasks, UpdateFailed, "Task Update Fail."),
            (Resource::Tasks, Deleted, "Task Delete Successful."),
            (Resource::Tasks, DeleteFailed, "Task Delete Fail."),
            (Resource::Tasks, InvalidId, "Invalid Task ID"),
            (Resource::Tasks, NotFound, "Task not found"),
            (Resource::Staffs, Added, "Staff add successful."),
            (Resource::Staffs, AddFailed, "Staff add fail."),
            (Resource::Staffs, Updated, "Staff Update Successful."),
            (Resource::Staffs, Deleted, "Staff Delete Successful."),
            (Resource::Staffs, InvalidId, "Invalid Staff ID"),
            (Resource::Payments, Added, "Payment add successful."),
            (Resource::Payments, AddFailed, "Payment add fail."),
            (Resource::Items, Added, "Item created successfully"),
            (Resource::Items, AddFailed, "Item creation failed"),
            (Resource::Items, Updated, "Item updated successfully"),
            (Resource::Items, Deleted, "Item deleted successfully"),
            (Resource::Items, NotFound, "Item not found"),
            (Resource::Items, InvalidId, "Invalid Item ID"),
        ];
        for (resource, outcome, text) in cases {
            assert_eq!(write_message(resource, outcome), text, "{resource:?} {outcome:?}");
        }
        assert_eq!(
            validation_html(["The Company field is required."]),
            "<p>The Company field is required.</p>\n"
        );
        assert!(TOKEN_MESSAGES.iter().any(|m| TOKEN_MISSING.starts_with(m)));
        assert!(TIME_LIMIT.contains(TIME_LIMIT_MESSAGE));
        assert!(LOCKED_OUT.contains(LOCKOUT_MESSAGE));
        assert!(is_update_fail(&write_message(Resource::Leads, UpdateFailed)));
        assert!(is_update_fail("Customers Update Fail"));
        assert!(!is_update_fail("Customers Update Successful."));
        assert!(!is_update_fail("Customers Update Fail.."));
    }
}
