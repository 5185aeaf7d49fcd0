//! The endpoint catalogue: the six endpoints of every resource of the PMP API, generated from
//! the declaration of the resources (`resources.rs`). The endpoints beyond those six (the
//! lookups, the custom fields) are declared in `extras.rs` ([`EXTRAS`](crate::EXTRAS)).
//!
//! The client methods, the OpenAPI paths and the sandbox routes are all generated from
//! [`CATALOGUE`] and `EXTRAS` or tested against them, so that nothing drifts.

use crate::resources::Resource;

/// One of the six operations every resource has on a real server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// `GET api/{res}`: every row.
    List,
    /// `GET api/{res}/{id}`: one row.
    Get,
    /// `GET api/{res}/search/{keysearch}`: the rows matching a keyword.
    Search,
    /// `POST api/{res}`: a new row from form fields.
    Create,
    /// `PUT api/{res}/{id}`: change a row from a JSON body.
    Update,
    /// `DELETE api/delete/{res}/{id}`: remove a row.
    Delete,
}

impl Operation {
    /// All operations, in catalogue order.
    pub const ALL: [Operation; 6] = [
        Operation::List,
        Operation::Get,
        Operation::Search,
        Operation::Create,
        Operation::Update,
        Operation::Delete,
    ];

    /// Whether the operation only reads (list, get, search): it sends no input and changes
    /// nothing on the server.
    pub const fn is_read(self) -> bool {
        matches!(self, Operation::List | Operation::Get | Operation::Search)
    }

    /// The verb used in operation ids: `list`, `get`, ...
    pub const fn verb(self) -> &'static str {
        match self {
            Operation::List => "list",
            Operation::Get => "get",
            Operation::Search => "search",
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }
}

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as it goes on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Which headers carry the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `authtoken` only: the one header every server version reads (wire/PMP-WIRE-FACTS.md; the
    /// document's `Authorization` on tickets is never read).
    Token,
}

impl Auth {
    /// The header names that carry the token.
    pub const fn headers(self) -> &'static [&'static str] {
        match self {
            Auth::Token => &["authtoken"],
        }
    }
}

/// How the request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// No body.
    None,
    /// Form fields (`multipart/form-data`, or `x-www-form-urlencoded` without files):
    /// the server reads POST bodies from PHP's `$_POST` only.
    Form,
    /// A JSON object.
    Json,
}

/// What the caller passes besides the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Nothing.
    None,
    /// A row id (positive integer).
    Id,
    /// A search keyword (one path segment).
    Keyword,
    /// The resource's input fields.
    Fields,
    /// A row id and the resource's input fields.
    IdAndFields,
    /// The parent row's id and a row id (a contact of a customer: `api/contacts/{parent_id}/{id}`).
    ParentAndId,
}

impl InputKind {
    /// What the caller passes, in words (for messages; no `Debug` formatting).
    pub const fn describe(self) -> &'static str {
        match self {
            InputKind::None => "no",
            InputKind::Id => "an id as",
            InputKind::Keyword => "a keyword as",
            InputKind::Fields => "input fields as",
            InputKind::IdAndFields => "an id and input fields as",
            InputKind::ParentAndId => "a parent id and an id as",
        }
    }
}

/// What a successful response holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// Rows: a plain array (1.0, 2.0, 3.x's plain searches) or a 3.x page envelope
    /// `{data, meta}`; "No data were found" is no rows.
    Rows,
    /// One row object (an array of one row is unwrapped: `getMilestone` on every version).
    Row,
    /// `{status, message}`.
    Message,
}

/// One endpoint of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// Stable operation id: `listCustomers`, `getLead`, ...
    pub operation_id: &'static str,
    /// The resource.
    pub resource: Resource,
    /// The operation.
    pub operation: Operation,
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, with `{id}` or `{keysearch}` placeholders.
    pub path: &'static str,
    /// Headers that carry the token.
    pub auth: Auth,
    /// Body encoding.
    pub body: BodyEncoding,
    /// What the call takes.
    pub input: InputKind,
    /// What a success returns.
    pub output: OutputKind,
}

impl Endpoint {
    /// The endpoint of a resource and operation.
    pub fn of(resource: Resource, operation: Operation) -> &'static Endpoint {
        // The table is laid out resource by resource, operation by operation.
        &CATALOGUE[resource as usize * 6 + operation as usize]
    }

    /// Name of the input type (`CustomerInput`, ...), when the call takes fields. A method,
    /// as the type names and summaries are not in the table: a build that never reads them
    /// (the wasm) links none of them.
    pub fn input_type(&self) -> Option<&'static str> {
        matches!(self.operation, Operation::Create | Operation::Update)
            .then(|| self.resource.info().input_name)
    }

    /// Name of the output type (`Customer`, `ApiMessage`, ...).
    pub fn output_type(&self) -> &'static str {
        match self.operation {
            Operation::List | Operation::Get | Operation::Search => self.resource.model_name(),
            Operation::Create | Operation::Update | Operation::Delete => "ApiMessage",
        }
    }

    /// Summary, from the PMP document where it has one (`""` without the `docs` feature).
    pub fn summary(&self) -> &'static str {
        self.resource.summaries()[self.operation as usize]
    }

    /// Its place in [`CATALOGUE`] (laid out as [`Endpoint::of`] reads it).
    pub fn index(&self) -> usize {
        self.resource as usize * 6 + self.operation as usize
    }

    /// The endpoint with this operation id, if any.
    pub fn by_operation_id(id: &str) -> Option<&'static Endpoint> {
        CATALOGUE.iter().find(|e| e.operation_id == id)
    }
}

/// Every endpoint: each resource's six, resource by resource in [`Resource::ALL`] order,
/// operation by operation in [`Operation::ALL`] order (from the declaration, `resources.rs`).
pub static CATALOGUE: [Endpoint; Resource::COUNT * 6] = crate::resources::all_endpoints();

/// The lists, gets and searches of [`CATALOGUE`] alone, for a build that only reads (the
/// browser's first wasm), which then links none of the writes' paths and names.
static READ_CATALOGUE: [Endpoint; Resource::COUNT * 3] = crate::resources::read_endpoints();

/// The endpoint at `index` of [`CATALOGUE`] if it is a list, get or search, read from a table
/// of those alone (so a build that calls only this links no write endpoint); `None` otherwise.
pub fn read_endpoint(index: usize) -> Option<&'static Endpoint> {
    // Laid out as `Endpoint::of` reads it: the reads are the first three of each resource's six.
    const _: () = assert!(Operation::List as usize == 0 && Operation::Search as usize == 2);
    match index % 6 {
        0..=2 => READ_CATALOGUE.get(index / 6 * 3 + index % 6),
        _ => None,
    }
}
