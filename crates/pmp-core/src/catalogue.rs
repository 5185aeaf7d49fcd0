//! The endpoint catalogue: every endpoint of the PMP API, declared once.
//!
//! The client methods, the OpenAPI paths and the sandbox routes are all generated from
//! [`CATALOGUE`] or tested against it, so that nothing drifts.

/// One of the five resources of the PMP API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    /// Customers (the CRM's `clients` table, keyed by `userid`).
    Customers,
    /// Leads.
    Leads,
    /// Project milestones.
    Milestones,
    /// Projects.
    Projects,
    /// Support tickets (keyed by `ticketid`).
    Tickets,
}

impl Resource {
    /// All resources, in the document's order.
    pub const ALL: [Resource; 5] = [
        Resource::Customers,
        Resource::Leads,
        Resource::Milestones,
        Resource::Projects,
        Resource::Tickets,
    ];

    /// The path segment of the resource: `customers`, `leads`, ...
    pub const fn segment(self) -> &'static str {
        match self {
            Resource::Customers => "customers",
            Resource::Leads => "leads",
            Resource::Milestones => "milestones",
            Resource::Projects => "projects",
            Resource::Tickets => "tickets",
        }
    }

    /// The resource named by a path segment, if any.
    pub fn from_segment(segment: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.segment() == segment)
    }

    /// The name of the row model: `Customer`, `Lead`, ...
    pub const fn model_name(self) -> &'static str {
        match self {
            Resource::Customers => "Customer",
            Resource::Leads => "Lead",
            Resource::Milestones => "Milestone",
            Resource::Projects => "Project",
            Resource::Tickets => "Ticket",
        }
    }

    /// The column that identifies a row: `userid` for customers, `ticketid` for tickets, else `id`.
    pub const fn id_field(self) -> &'static str {
        match self {
            Resource::Customers => "userid",
            Resource::Tickets => "ticketid",
            _ => "id",
        }
    }

    /// The authentication headers real servers read on this resource: `authtoken` on all
    /// (no version reads `Authorization`, which the document names for tickets).
    pub const fn auth(self) -> Auth {
        Auth::Token
    }
}

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
    /// `authtoken` only: the one header every server version reads (PMP-WIRE-FACTS.md; the
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
    /// Name of the input type (`CustomerInput`, ...), when the call takes fields.
    pub input_type: Option<&'static str>,
    /// Name of the output type (`Customer`, `ApiMessage`, ...).
    pub output_type: &'static str,
    /// Summary, from the PMP document where it has one (`""` without the `docs` feature).
    pub summary: &'static str,
}

impl Endpoint {
    /// The endpoint of a resource and operation.
    pub fn of(resource: Resource, operation: Operation) -> &'static Endpoint {
        // The table is laid out resource by resource, operation by operation.
        &CATALOGUE[resource as usize * 6 + operation as usize]
    }

    /// The endpoint with this operation id, if any.
    pub fn by_operation_id(id: &str) -> Option<&'static Endpoint> {
        CATALOGUE.iter().find(|e| e.operation_id == id)
    }
}

/// Declares the six endpoints of each resource. Paths and methods follow
/// PMP-WIRE-FACTS.md; summaries are the document's where it has them.
macro_rules! catalogue {
    ($( $res:ident $Plural:literal $seg:literal $Model:literal $Input:literal
        [$list:literal, $get:literal, $search:literal, $create:literal, $update:literal, $delete:literal] )*) => {
        /// All 30 endpoints: five resources times six operations, in [`Resource::ALL`] and
        /// [`Operation::ALL`] order.
        pub static CATALOGUE: [Endpoint; 30] = [ $(
            catalogue!(@ep $res, List, concat!("list", $Plural), Get, concat!("api/", $seg),
                Token None, None Rows, None, $Model, $list),
            catalogue!(@ep $res, Get, concat!("get", $Model), Get, concat!("api/", $seg, "/{id}"),
                Token None, Id Row, None, $Model, $get),
            catalogue!(@ep $res, Search, concat!("search", $Plural), Get,
                concat!("api/", $seg, "/search/{keysearch}"), Token None, Keyword Rows, None, $Model, $search),
            catalogue!(@ep $res, Create, concat!("create", $Model), Post, concat!("api/", $seg),
                Token Form, Fields Message, Some($Input), "ApiMessage", $create),
            catalogue!(@ep $res, Update, concat!("update", $Model), Put, concat!("api/", $seg, "/{id}"),
                Token Json, IdAndFields Message, Some($Input), "ApiMessage", $update),
            catalogue!(@ep $res, Delete, concat!("delete", $Model), Delete,
                concat!("api/delete/", $seg, "/{id}"), Token None, Id Message, None, "ApiMessage", $delete),
        )* ];
    };
    (@ep $res:ident, $op:ident, $id:expr, $method:ident, $path:expr, Token $body:ident, $input:ident $output:ident,
        $input_type:expr, $output_type:expr, $summary:literal) => {
        Endpoint {
            operation_id: $id,
            resource: Resource::$res,
            operation: Operation::$op,
            method: Method::$method,
            path: $path,
            auth: Resource::$res.auth(),
            body: BodyEncoding::$body,
            input: InputKind::$input,
            output: OutputKind::$output,
            input_type: $input_type,
            output_type: $output_type,
            summary: doc_text!($summary),
        }
    };
}

catalogue! {
    Customers "Customers" "customers" "Customer" "CustomerInput" [
        "List all customers", "Request customer information", "Search Customer Information",
        "Add New Customer", "Update a Customer", "Delete a Customer"]
    Leads "Leads" "leads" "Lead" "LeadInput" [
        "List all leads", "Request lead information", "Search Lead Information",
        "Add New Lead", "Update a lead", "Delete a Lead"]
    Milestones "Milestones" "milestones" "Milestone" "MilestoneInput" [
        "List all milestones", "Request Milestones information", "Search Milestones Information",
        "Add New Milestone", "Update a Milestone", "Delete a Milestone"]
    Projects "Projects" "projects" "Project" "ProjectInput" [
        "List all projects", "Request project information", "Search Project Information",
        "Add New Project", "Update a Project", "Delete a Project"]
    Tickets "Tickets" "tickets" "Ticket" "TicketInput" [
        "List all tickets", "Request Ticket information", "Search Ticket Information",
        "Add New Ticket", "Update a Ticket", "Delete a Ticket"]
}
