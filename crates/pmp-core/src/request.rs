//! Request builders: a call becomes an [`HttpRequest`] value; no I/O happens here.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::catalogue::{BodyEncoding, Endpoint, InputKind, Method, Operation};
use crate::error::{decimal, text, ErrorKind, PmpError};
use crate::fields::{FilePart, InputRecord, InputValue};
use crate::resources::ModuleVersion;

/// Everything but RFC 3986's unreserved characters is encoded, so that a keyword is always
/// exactly one path segment (`/`, `?`, `#`, `%` included).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Shown instead of the token wherever a request or a message is printed.
pub const REDACTED: &str = "[redacted]";

/// A run of at least this many characters of the token (all of a shorter token) is redacted
/// wherever it appears in a message: a server that echoes part of the token leaks that part
/// (see [`ClientConfig::redact`]).
pub const MIN_ECHO_LEN: usize = 6;

/// Where the API is and how to authenticate: checked once, used for every request.
#[derive(Clone)]
pub struct ClientConfig {
    base_url: String,
    token: String,
    headers: Vec<(String, String)>,
    /// The module version the server runs, when the caller says: calls it does not serve are
    /// refused before sending.
    server_version: Option<ModuleVersion>,
    /// Every run of [`MIN_ECHO_LEN`] bytes of the token (or the whole of a shorter one), one
    /// byte per 8 bits of a `u64`, sorted: messages are scanned against it in O(n log m).
    echoes: Vec<u64>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("token", &REDACTED)
            .field("headers", &self.headers)
            .field("server_version", &self.server_version)
            .finish()
    }
}

impl ClientConfig {
    /// A configuration for the installation at `base_url` (`https://host/` or
    /// `https://host/crm`, with or without trailing slash, or a same-origin path such as
    /// `/crm/`) and an API token.
    pub fn new(base_url: &str, token: &str) -> Result<Self, PmpError> {
        let token = check_token(token)?;
        // Sorted by insertion rather than `sort_unstable`, whose code would add 2 kB of wasm.
        let mut echoes: Vec<u64> = Vec::new();
        for key in token.as_bytes().windows(echo_len(token)).map(pack) {
            if let Err(at) = echoes.binary_search(&key) {
                echoes.insert(at, key);
            }
        }
        Ok(ClientConfig {
            base_url: normalize_base_url(base_url)?,
            token: token.to_owned(),
            headers: Vec::new(),
            server_version: None,
            echoes,
        })
    }

    /// Says which module version the server runs (`1.0`, `2.0`, `3.0`, or the full
    /// `1.0.0`, `2.0.8`, `3.0.3`): a call that version does not serve (see
    /// [`Resource::serves`]) is then refused with kind `unsupported`, not sent.
    pub fn with_server_version(mut self, version: &str) -> Result<Self, PmpError> {
        match ModuleVersion::parse(version) {
            Some(known) => {
                self.server_version = Some(known);
                Ok(self)
            }
            None => Err(PmpError::invalid_input(text(&[
                "serverVersion must be \"1.0\", \"2.0\" or \"3.0\" (or 1.0.0, 2.0.8, 3.0.3); got `",
                &version.chars().take(20).collect::<String>(),
                "`",
            ]))),
        }
    }

    /// The module version the server runs, if the caller said.
    pub fn server_version(&self) -> Option<ModuleVersion> {
        self.server_version
    }

    /// Adds a header sent with every request. The token headers cannot be set this way.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, PmpError> {
        check_header(name, value)?;
        self.headers.push((name.to_owned(), value.to_owned()));
        Ok(self)
    }

    /// The normalized base URL, always ending in `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The token (for request builders of this crate only).
    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// The headers added with [`ClientConfig::with_header`].
    pub(crate) fn extra_headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// `text` with the token replaced by `[redacted]`, and with it every run of
    /// [`MIN_ECHO_LEN`] or more characters that is part of the token (a truncated or partial
    /// echo), whatever the token's length: a token shorter than that is redacted whole.
    /// Touching runs become one `[redacted]`. Linear in `text` (times log of the token).
    #[inline(never)] // called from many places: one copy of its loop
    pub fn redact(&self, text: &str) -> String {
        let width = echo_len(&self.token);
        let mask = u64::MAX >> (64 - 8 * width);
        let mut out = String::with_capacity(text.len());
        // `text[..copied]` is in `out`; `run` is the span being redacted.
        let mut copied = 0;
        let mut run: Option<(usize, usize)> = None;
        let mut key = 0u64;
        for (i, &byte) in text.as_bytes().iter().enumerate() {
            key = (key << 8 | u64::from(byte)) & mask;
            if i + 1 < width || self.echoes.binary_search(&key).is_err() {
                continue;
            }
            // The token is ASCII, so a match starts and ends on character boundaries.
            let (from, to) = (i + 1 - width, i + 1);
            run = match run {
                Some((start, end)) if from <= end => Some((start, to)),
                previous => {
                    if let Some((start, end)) = previous {
                        out.push_str(&text[copied..start]);
                        out.push_str(REDACTED);
                        copied = end;
                    }
                    Some((from, to))
                }
            };
        }
        if let Some((start, end)) = run {
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// The length of the token runs that [`ClientConfig::redact`] looks for.
fn echo_len(token: &str) -> usize {
    token.len().clamp(1, MIN_ECHO_LEN)
}

/// Up to 8 bytes as one number, the first in the highest bits used.
fn pack(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |key, &b| key << 8 | u64::from(b))
}

fn normalize_base_url(base_url: &str) -> Result<String, PmpError> {
    let bad = |why: &str| PmpError::invalid_input(text(&["baseUrl ", why]));
    let url = base_url.trim();
    if url.is_empty() {
        return Err(bad("is empty"));
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("contains whitespace or control characters"));
    }
    if url.contains(['?', '#']) {
        return Err(bad("must not have a query or fragment"));
    }
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else if url.starts_with('/') && !url.starts_with("//") {
        ""
    } else {
        return Err(bad("must start with http://, https:// or /"));
    };
    if url.starts_with(['h', 'H']) && rest.split('/').next().unwrap_or("").is_empty() {
        return Err(bad("has no host"));
    }
    let mut normalized = url.to_owned();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Ok(normalized)
}

fn check_token(token: &str) -> Result<&str, PmpError> {
    if token.is_empty() {
        return Err(PmpError::invalid_input("token is empty"));
    }
    if token.trim() != token {
        return Err(PmpError::invalid_input(
            "token has leading or trailing whitespace",
        ));
    }
    // Never echo the token: say only what is wrong with it.
    if let Some(pos) = token.chars().position(|c| !(' '..='~').contains(&c)) {
        return Err(PmpError::invalid_input(text(&[
            "token must be printable ASCII (character ",
            &decimal(pos as u64 + 1),
            " is not)",
        ])));
    }
    Ok(token)
}

/// Checks an extra header: a valid HTTP token as name, no control or non-ASCII character in
/// the value, and neither `authtoken` nor `Authorization` (those are set from the token).
pub fn check_header(name: &str, value: &str) -> Result<(), PmpError> {
    // Bytes, not `str::contains(char)`, which links a substring searcher (1 kB of wasm).
    let tchar =
        |c: char| c.is_ascii_alphanumeric() || (c.is_ascii() && b"!#$%&'*+-.^_`|~".contains(&(c as u8)));
    if name.is_empty() || !name.chars().all(tchar) {
        return Err(PmpError::invalid_input(text(&[
            "header name `",
            name,
            "` is not a valid HTTP token",
        ])));
    }
    if name.eq_ignore_ascii_case("authtoken") || name.eq_ignore_ascii_case("authorization") {
        return Err(PmpError::invalid_input(text(&[
            "header `",
            name,
            "` is set from the token, not from headers",
        ])));
    }
    // One key per create: a key sent with every request would replay the first create.
    if name.eq_ignore_ascii_case("idempotency-key") {
        return Err(PmpError::invalid_input(
            "header `Idempotency-Key` is set per create (call option `idempotencyKey`), not from headers",
        ));
    }
    if value.chars().any(|c| c != '\t' && !(' '..='~').contains(&c)) {
        return Err(PmpError::invalid_input(text(&[
            "header `",
            name,
            "` has a control or non-ASCII character in its value",
        ])));
    }
    Ok(())
}

/// The largest page 3.x servers send (they clamp `per_page` to 1..100).
pub(crate) const MAX_PER_PAGE: u32 = crate::defaults::MAX_PER_PAGE.value;

/// The query of a list or search on 3.x servers (1.0 and 2.0 ignore it and send every row):
/// a page, and optionally a sort, a column selection and creation-date filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListQuery<'a> {
    /// Page number, from 1.
    pub page: u32,
    /// Rows per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: u32,
    /// Columns to sort by, comma-separated, `-` before a column for descending: `company,-userid`.
    pub sort: Option<&'a str>,
    /// Columns to return, comma-separated (3.x drops the id column unless it is named).
    pub fields: Option<&'a str>,
    /// Rows created after this date (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`).
    pub created_after: Option<&'a str>,
    /// Rows created before this date (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`).
    pub created_before: Option<&'a str>,
}

impl ListQuery<'_> {
    /// The query string (`page=1&per_page=100&...`), or an `invalid_input` error naming the
    /// parameter that is wrong.
    pub fn to_query_string(&self) -> Result<String, PmpError> {
        if self.page == 0 {
            return Err(PmpError::invalid_input("page must be a positive integer"));
        }
        if !(1..=MAX_PER_PAGE).contains(&self.per_page) {
            return Err(PmpError::invalid_input(
                "perPage must be an integer from 1 to 100",
            ));
        }
        let column = |c: &str, sortable: bool| {
            let c = if sortable {
                c.strip_prefix('-').unwrap_or(c)
            } else {
                c
            };
            !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        };
        let mut out = form_urlencoded::Serializer::new(String::new());
        // Integers are formatted as u64 throughout: one formatting routine in the wasm.
        out.append_pair("page", &u64::from(self.page).to_string())
            .append_pair("per_page", &u64::from(self.per_page).to_string());
        for (name, value, sortable) in [("sort", self.sort, true), ("fields", self.fields, false)] {
            if let Some(value) = value {
                if !value.split(',').all(|c| column(c, sortable)) {
                    return Err(PmpError::invalid_input(format!(
                        "{name} must be column names separated by commas{}",
                        if sortable {
                            " (`-` before one for descending)"
                        } else {
                            ""
                        }
                    )));
                }
                out.append_pair(name, value);
            }
        }
        for (name, value) in [
            ("created_after", self.created_after),
            ("created_before", self.created_before),
        ] {
            if let Some(value) = value {
                let (date, time) = value.split_at(value.len().min(10));
                let time_ok = time.is_empty()
                    || (time.len() == 9
                        && time.starts_with(' ')
                        && time[1..].bytes().enumerate().all(|(i, b)| {
                            if i % 3 == 2 {
                                b == b':'
                            } else {
                                b.is_ascii_digit()
                            }
                        }));
                if !(crate::fields::is_iso_date(date) && time_ok) {
                    return Err(PmpError::invalid_input(format!(
                        "{name} must be a date as YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS) or a Date"
                    )));
                }
                out.append_pair(name, value);
            }
        }
        Ok(out.finish())
    }
}

impl ListQuery<'_> {
    /// Appends the query to the request of a list or search (built with `Args::None` or
    /// `Args::Keyword`), or refuses it with an `invalid_input` error naming the parameter.
    /// Kept out of [`build_request`] so that clients that write the query themselves (the
    /// wasm client's JavaScript) link none of this.
    pub fn apply(&self, request: &mut HttpRequest) -> Result<(), PmpError> {
        if request.url.contains('?') {
            return Err(PmpError::invalid_input("the request already has a query"));
        }
        let query = self.to_query_string()?;
        request.url.push('?');
        request.url.push_str(&query);
        Ok(())
    }
}

/// What a call passes besides the configuration; must match the endpoint's [`InputKind`].
#[derive(Debug, Clone, Copy)]
pub enum Args<'a> {
    /// List (1.0 and 2.0's whole table; 3.x's first 20 rows: see [`ListQuery::apply`]).
    None,
    /// Get and delete: the row id.
    Id(u64),
    /// Search: the keyword.
    Keyword(&'a str),
    /// Create: the fields.
    Fields(&'a InputRecord),
    /// Update: the row id and the fields.
    IdAndFields(u64, &'a InputRecord),
    /// Get of a row that belongs to a parent's: the parent's id, then the row's.
    ParentAndId(u64, u64),
}

/// The names of a call's arguments, for transports that pass them by name (the wasm's
/// JavaScript passes `{ id, input }`): the row id.
pub const ARG_ID: &str = "id";
/// The search keyword (see [`ARG_ID`]).
pub const ARG_KEYWORD: &str = "keyword";
/// The create or update fields (see [`ARG_ID`]).
pub const ARG_INPUT: &str = "input";
/// The parent row's id, of a row that belongs to a parent's (a contact's customer; see [`ARG_ID`]).
pub const ARG_PARENT_ID: &str = "parentId";

/// The names of the arguments a call of `input` takes, in the order its method takes them
/// (`updateCustomer(id, input)`).
pub const fn argument_names(input: InputKind) -> &'static [&'static str] {
    match input {
        InputKind::None => &[],
        InputKind::Id => &[ARG_ID],
        InputKind::Keyword => &[ARG_KEYWORD],
        InputKind::Fields => &[ARG_INPUT],
        InputKind::IdAndFields => &[ARG_ID, ARG_INPUT],
        InputKind::ParentAndId => &[ARG_PARENT_ID, ARG_ID],
    }
}

/// One part of a form body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormField {
    /// A text field (`groups_in[]` repeats for each element of a list).
    Text {
        /// Field name as sent.
        name: String,
        /// Value.
        value: String,
    },
    /// A file part, always named `file[]`.
    File(FilePart),
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// No body.
    None,
    /// Form fields: `x-www-form-urlencoded` when there are no files, else multipart (the
    /// transport picks the boundary).
    Form(Vec<FormField>),
    /// A JSON document.
    Json(String),
}

impl Body {
    /// The form body `x-www-form-urlencoded`, or `None` if it is not a form without files.
    pub fn to_urlencoded(&self) -> Option<String> {
        let Body::Form(fields) = self else { return None };
        let mut out = form_urlencoded::Serializer::new(String::new());
        for field in fields {
            match field {
                FormField::Text { name, value } => out.append_pair(name, value),
                FormField::File(_) => return None,
            };
        }
        Some(out.finish())
    }

    /// Whether the body has file parts (and so must go as multipart).
    pub fn has_files(&self) -> bool {
        matches!(self, Body::Form(f) if f.iter().any(|p| matches!(p, FormField::File(_))))
    }
}

/// A request ready for any HTTP transport.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute (or same-origin) URL.
    pub url: String,
    /// Headers, token headers included. `Content-Type` is set for JSON and url-encoded
    /// bodies; for multipart the transport sets it with its boundary.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Body,
}

impl HttpRequest {
    /// A copy safe to show or log: token header values replaced by `[redacted]`.
    pub fn redacted(&self) -> HttpRequest {
        let mut copy = self.clone();
        for (name, value) in &mut copy.headers {
            if is_token_header(name) {
                *value = REDACTED.to_owned();
            }
        }
        copy
    }
}

fn is_token_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authtoken") || name.eq_ignore_ascii_case("authorization")
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.redacted();
        f.debug_struct("HttpRequest")
            .field("method", &shown.method)
            .field("url", &shown.url)
            .field("headers", &shown.headers)
            .field("body", &shown.body)
            .finish()
    }
}

/// Checks an id given as a JavaScript number: a positive integer no larger than 2^53 - 1.
pub fn id_from_f64(value: f64) -> Result<u64, PmpError> {
    safe_id(value)
        .ok_or_else(|| PmpError::invalid_input(format!("id must be a positive integer, got {value}")))
}

/// [`id_from_f64`]'s check without its message, for callers that word the refusal without
/// Rust's float formatting (the wasm client: 20 kB).
pub fn safe_id(value: f64) -> Option<u64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    (value.is_finite() && value.fract() == 0.0 && (1.0..=MAX_SAFE).contains(&value)).then_some(value as u64)
}

/// Checks an id given as text: decimal digits only, positive, fits in 64 bits.
pub fn id_from_str(text: &str) -> Result<u64, PmpError> {
    match text.parse::<u64>() {
        Ok(id) if id > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(id),
        _ => Err(PmpError::invalid_input(crate::error::text(&[
            "id must be a positive integer, got `",
            text,
            "`",
        ]))),
    }
}

fn check_id(id: u64) -> Result<u64, PmpError> {
    if id == 0 {
        return Err(PmpError::invalid_input("id must be a positive integer, got 0"));
    }
    Ok(id)
}

/// Encodes a search keyword as exactly one path segment.
pub(crate) fn encode_keyword(keyword: &str) -> Result<String, PmpError> {
    if keyword.trim().is_empty() {
        return Err(PmpError::invalid_input("search keyword is empty"));
    }
    // URL parsers (WHATWG, and so fetch) fold `.`/`..` segments even when percent-encoded.
    if keyword == "." || keyword == ".." {
        return Err(PmpError::invalid_input(text(&[
            "search keyword `",
            keyword,
            "` cannot be sent as a path segment",
        ])));
    }
    Ok(utf8_percent_encode(keyword, SEGMENT).collect())
}

/// The error, if any, of a list or search that answered no rows (an empty array, or the 404
/// `No data were found` of an empty table): a list that some version answers so whatever the
/// table holds (the declaration's `list_fails_on`) proves nothing unless the configured server
/// version is known to list it. `Ok`: the table is empty.
pub fn check_no_rows(config: &ClientConfig, endpoint: &Endpoint) -> Result<(), PmpError> {
    let quirks = endpoint.resource.quirks();
    let known_to_list = config.server_version.is_some_and(|v| !quirks.list_fails(v));
    if endpoint.operation != Operation::List || quirks.list_fails_on.is_empty() || known_to_list {
        return Ok(());
    }
    let versions: Vec<&str> = quirks.list_fails_on.iter().map(|v| v.version()).collect();
    Err(PmpError::new(
        ErrorKind::Unsupported,
        text(&[
            endpoint.operation_id,
            " answered no rows, which module ",
            &versions.join(", "),
            " answers whatever the table holds: the table may not be empty. Search or get the rows, \
             or set serverVersion to a version that lists them to read this as an empty table",
        ]),
    ))
}

/// Refuses a call that module `version` does not serve, naming the version and why.
fn check_served(endpoint: &Endpoint, version: ModuleVersion) -> Result<(), PmpError> {
    let resource = endpoint.resource;
    if resource.serves(version, endpoint.operation) {
        return Ok(());
    }
    let why = match resource.quirks().why_not(version, endpoint.operation) {
        Some(why) if resource.exists_on(version) => text(&[": ", why]),
        _ => lacks_path(&text(&["api/", resource.segment()]), resource.info().since),
    };
    Err(not_served(endpoint.operation_id, version, &why))
}

/// Why a version lacks an endpoint: it has no `path` (served from module `since` on).
pub(crate) fn lacks_path(path: &str, since: ModuleVersion) -> String {
    text(&[" (it has no ", path, "; from module ", since.name(), " on)"])
}

/// The `unsupported` refusal, before sending, of a call `version` does not serve, and `why`.
pub(crate) fn not_served(operation_id: &str, version: ModuleVersion, why: &str) -> PmpError {
    PmpError::new(
        ErrorKind::Unsupported,
        text(&[
            operation_id,
            " is not served by module ",
            version.version(),
            " servers",
            why,
            "; not sent",
        ]),
    )
}

/// Builds the request of one call of the catalogue. Refuses, with an `invalid_input` error
/// naming what is wrong, arguments that do not fit the endpoint and inputs the server would
/// refuse, and with an `unsupported` one a call the configured server version does not serve
/// ([`ClientConfig::with_server_version`]); no request is built then.
pub fn build_request(
    config: &ClientConfig,
    endpoint: &Endpoint,
    args: Args<'_>,
) -> Result<HttpRequest, PmpError> {
    request_with(config, endpoint, args, input_body)
}

/// [`build_request`] of a call that sends no input fields (a list, get, search or delete),
/// without linking the body encoders: a build that only ever reads (the browser's first
/// wasm) stays small. A call with input fields is refused with an `invalid_input` error.
pub fn build_read_request(
    config: &ClientConfig,
    endpoint: &Endpoint,
    args: Args<'_>,
) -> Result<HttpRequest, PmpError> {
    request_with(config, endpoint, args, |endpoint, _| {
        Err(PmpError::invalid_input(text(&[
            endpoint.operation_id,
            " sends input fields: not built by build_read_request",
        ])))
    })
}

/// The request of a call, its body (if it has input fields) made by `body`.
fn request_with(
    config: &ClientConfig,
    endpoint: &Endpoint,
    args: Args<'_>,
    body: impl FnOnce(&Endpoint, &InputRecord) -> Result<Body, PmpError>,
) -> Result<HttpRequest, PmpError> {
    if let Some(version) = config.server_version {
        check_served(endpoint, version)?;
    }
    let mut parent = None;
    let (id, keyword, record) = match (endpoint.input, args) {
        (InputKind::None, Args::None) => (None, None, None),
        (InputKind::Id, Args::Id(id)) => (Some(check_id(id)?), None, None),
        (InputKind::Keyword, Args::Keyword(k)) => (None, Some(encode_keyword(k)?), None),
        (InputKind::Fields, Args::Fields(r)) => (None, None, Some(r)),
        (InputKind::IdAndFields, Args::IdAndFields(id, r)) => (Some(check_id(id)?), None, Some(r)),
        (InputKind::ParentAndId, Args::ParentAndId(of, id)) => {
            parent = Some(check_id(of)?);
            (Some(check_id(id)?), None, None)
        }
        (expected, _) => {
            return Err(PmpError::invalid_input(text(&[
                endpoint.operation_id,
                " takes ",
                expected.describe(),
                " arguments",
            ])))
        }
    };
    let mut url = String::with_capacity(config.base_url.len() + endpoint.path.len() + 16);
    url.push_str(&config.base_url);
    let path = endpoint.path;
    match path.find('{') {
        Some(open) => {
            url.push_str(&path[..open]);
            if let Some(parent) = parent {
                // `{parent_id}/{id}`: the parent's id, then the row's.
                url.push_str(&decimal(parent));
                url.push('/');
            }
            match (id, &keyword) {
                (Some(id), _) => url.push_str(&decimal(id)),
                (None, Some(k)) => url.push_str(k),
                (None, None) => unreachable!("catalogue paths with a placeholder take an id or a keyword"),
            }
        }
        None => url.push_str(path),
    }

    let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    for name in endpoint.auth.headers() {
        headers.push(((*name).to_owned(), config.token.clone()));
    }
    let body = match record {
        None => Body::None,
        Some(record) => body(endpoint, record)?,
    };
    match &body {
        Body::Json(_) => headers.push(("Content-Type".to_owned(), "application/json".to_owned())),
        Body::Form(_) if !body.has_files() => headers.push((
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )),
        _ => {}
    }
    headers.extend(config.headers.iter().cloned());
    Ok(HttpRequest {
        method: endpoint.method,
        url,
        headers,
        body,
    })
}

/// The body of a call with input fields: the record checked against the endpoint (its
/// resource, invoice totals filled from the lines, the server's validation) and encoded.
fn input_body(endpoint: &Endpoint, record: &InputRecord) -> Result<Body, PmpError> {
    if record.resource() != endpoint.resource {
        return Err(PmpError::invalid_input(text(&[
            endpoint.operation_id,
            " takes ",
            endpoint.resource.model_name(),
            "Input fields, not ",
            record.resource().model_name(),
            "Input",
        ])));
    }
    // Invoices and estimates: `subtotal` and `total` from the lines, where left out.
    let with_totals;
    let record = if crate::lines::computes_totals(record.resource()) {
        let mut filled = record.clone();
        crate::lines::fill_totals(&mut filled, endpoint.operation)?;
        with_totals = filled;
        &with_totals
    } else {
        record
    };
    record.validate(endpoint.operation)?;
    Ok(match endpoint.body {
        BodyEncoding::Json => Body::Json(json_body(record)),
        _ => Body::Form(form_body(record)),
    })
}

/// The form fields of a record, as PHP's `$_POST` reads them.
pub(crate) fn form_body(record: &InputRecord) -> Vec<FormField> {
    let mut fields = Vec::new();
    let mut field = |name: String, value: String| fields.push(FormField::Text { name, value });
    let mut files = Vec::new();
    for (spec, value) in record.values() {
        match value {
            InputValue::Text(v) => field(spec.name.to_owned(), v.clone()),
            InputValue::Number(n) => field(spec.name.to_owned(), decimal(*n)),
            InputValue::Flag(true) => field(spec.name.to_owned(), "on".to_owned()),
            InputValue::Flag(false) => {}
            InputValue::NumberList(list) => {
                for n in list {
                    field(text(&[spec.name, "[]"]), decimal(*n));
                }
            }
            InputValue::CustomFields(map) => {
                for (fieldto, values) in map {
                    for (field_id, v) in values {
                        field(text(&[spec.name, "[", fieldto, "][", field_id, "]"]), v.clone());
                    }
                }
            }
            InputValue::Files(parts) => files.extend(parts.iter().cloned().map(FormField::File)),
            InputValue::Lines(lines) => crate::lines::form_fields(spec.name, lines, &mut field),
        }
    }
    fields.extend(files);
    fields
}

/// The JSON object of a record, for PUT bodies: keys in name order, values as serde_json
/// would write them. Written by hand so that the wasm client links no JSON serializer
/// (7 kB of gzip); crates/pmp-wasm/tests/json_body.rs checks it against serde_json.
pub fn json_body(record: &InputRecord) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    for (spec, value) in record.values() {
        let mut json = String::new();
        match value {
            InputValue::Text(v) => json_string(&mut json, v),
            InputValue::Number(n) => json.push_str(&decimal(*n)),
            InputValue::Flag(true) => json.push_str("\"on\""),
            InputValue::Flag(false) | InputValue::Files(_) => continue,
            InputValue::NumberList(list) => {
                json.push('[');
                for (i, n) in list.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    json.push_str(&decimal(*n));
                }
                json.push(']');
            }
            InputValue::Lines(lines) => crate::lines::json_array(lines, &mut json, json_string),
            InputValue::CustomFields(map) => {
                json.push('{');
                for (i, (fieldto, values)) in map.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    json_string(&mut json, fieldto);
                    json.push_str(":{");
                    for (j, (id, v)) in values.iter().enumerate() {
                        if j > 0 {
                            json.push(',');
                        }
                        json_string(&mut json, id);
                        json.push(':');
                        json_string(&mut json, v);
                    }
                    json.push('}');
                }
                json.push('}');
            }
        }
        fields.push((spec.name, json));
    }
    // Keys in name order, as serde_json's map writes them. A record has a few dozen fields
    // at most, each once: a selection needs no sort code in the wasm.
    let mut out = String::from("{");
    let mut last: Option<&str> = None;
    while let Some((name, json)) = fields
        .iter()
        .filter(|(name, _)| last.map_or(true, |l| *name > l))
        .min_by(|a, b| a.0.cmp(b.0))
    {
        if out.len() > 1 {
            out.push(',');
        }
        json_string(&mut out, name);
        out.push(':');
        out.push_str(json);
        last = Some(name);
    }
    out.push('}');
    out
}

/// A JSON string literal, escaped as serde_json escapes it.
fn json_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str("\\u00");
                out.push(HEX[c as usize >> 4] as char);
                out.push(HEX[c as usize & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
