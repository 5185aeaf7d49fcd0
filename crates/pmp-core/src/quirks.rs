//! How real servers answer differently from one resource or module version to another
//! (wire/PMP-WIRE-FACTS.md and the recordings): the types of the `quirks` column of the
//! declaration (`resources.rs`), and what follows from them.
//!
//! # The rule of this file
//! A fact lives here, and only here, if it is about the shape or status of a real server's
//! answer and differs between resources or versions: which lists and searches answer 3.x
//! pages, which gets answer an array of one row, what a PUT body the module cannot use gets,
//! which answers crash on which version, which versions check permissions. Each resource's
//! values are in its row of `resources!`; the sandbox answers by them, the spec documents
//! them, and the decoders both clients use are tested against them (they accept every shape
//! listed here on every resource, so that a server that differs from the table is still read
//! right). Facts about the CRM's tables (columns, defaults, joins) are the sandbox's
//! `crm.rs`; server texts are `strings.rs`'s.

use crate::catalogue::Operation;
use crate::resources::{ModuleVersion, Resource};

/// When a 3.x list answers a page envelope `{data, meta}` (1.0 and 2.0 never do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPaging {
    /// Always, even without `page` or `per_page`.
    Always,
    /// Only when `page` or `per_page` is sent (milestones).
    WhenAsked,
    /// Never: a plain array of every row (a child's list: its parent's rows).
    Never,
}

/// A PUT body the module cannot use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnusableBody {
    /// No bytes, or not a JSON object.
    NotJson = 0,
    /// `{}`.
    EmptyObject = 1,
}

/// What a version answers to an unusable PUT body (wire/PMP-WIRE-FACTS.md's PUT table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutAnswer {
    /// Goes on with no fields: `... Update Fail.` (1.0.0 customers and milestones with `{}`).
    NoFields,
    /// 500 with an empty body (a PHP fatal error).
    Crash,
    /// 500 with CodeIgniter's HTML error page.
    ErrorPage,
    /// 406 `Data Not Acceptable OR Not Provided`.
    NotAcceptable,
    /// 404 `... Update Fail.`.
    UpdateFail,
    /// 200 `... Update Successful.` without changing anything.
    Success,
}

impl PutAnswer {
    /// The HTTP status of the answer.
    pub const fn status(self) -> u16 {
        match self {
            PutAnswer::NoFields | PutAnswer::UpdateFail => 404,
            PutAnswer::Crash | PutAnswer::ErrorPage => 500,
            PutAnswer::NotAcceptable => 406,
            PutAnswer::Success => 200,
        }
    }
}

/// An operation a version of the module does not serve, though it has the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lack {
    /// The version.
    pub version: ModuleVersion,
    /// The operation it lacks.
    pub operation: Operation,
    /// Why, for the client's error: `its controller has no update (405 Unknown method)`.
    pub why: &'static str,
}

/// The answers of one resource that differ from the usual ones ([`Quirks::USUAL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirks {
    /// When a 3.x list answers pages.
    pub list_paging: ListPaging,
    /// Whether a 3.x search answers pages as the lists do (else a plain, complete array).
    pub search_paged: bool,
    /// Whether a get answers an array of one row (every version), not the row.
    pub get_as_array: bool,
    /// What each version answers an unusable PUT body: `[not JSON, {}]`, per version in
    /// [`ModuleVersion::ALL`] order.
    pub unusable_put: [[PutAnswer; 2]; 3],
    /// Whether 3.x answers the update of a missing row `... not found` (else `Update Fail.`).
    pub missing_update_not_found_on_v3: bool,
    /// Whether every version answers the update of a missing row 409 `... ID Doesn't Not
    /// Exist.` (invoices, estimates: they check the whole document first, then the id).
    pub missing_update_conflict: bool,
    /// Versions whose get answers 500 with an empty body for every row that exists.
    pub get_crashes_on: &'static [ModuleVersion],
    /// The operations some version lacks (the client refuses them when told the version).
    pub lacks: &'static [Lack],
    /// Versions whose list answers 404 `No data were found` whatever the table holds (1.0.0's
    /// tasks: its model looks up the row whose id is `''`). A list that answers no rows is
    /// then no proof of an empty table.
    pub list_fails_on: &'static [ModuleVersion],
    /// The column that carries the row's id in rows that lack the id column: payments' and
    /// items' searches answer bare table rows, whose `id` is the row's id, with no `paymentid`
    /// or `itemid`. The decoders of both clients fill the id column from it in any row of the
    /// resource that lacks the id column (never overwriting one that is there: 3.0.3's payment
    /// lists carry the payment mode's id in `id`), so that no row is handed on without its
    /// id; the sandbox's searches answer such rows. A column the row model does not name.
    pub id_alias: Option<&'static str>,
    /// The member that is `false` in the resource's failure answers, instead of `status`:
    /// the payments controller answers `{"paymentmode":false,"message":"No data were found"}`
    /// and its validation failures `{"paymentmode":false,"error":{...},"message":...}`. The
    /// sandbox answers so and the spec shows it; such answers are all 404s, which the
    /// decoders read by their status (the usual typed errors, no rows for a list), whatever
    /// the member.
    pub failure_member: &'static str,
    /// Versions whose create answers 200 with an empty body, whether or not it stored the row
    /// (2.0.8's payments: the controller returns the new id instead of answering). Both
    /// clients read an empty 2xx answer to a create as a success with no message and no id
    /// only where this lists the version (or, not told the version, on a resource that lists
    /// some version: [`Quirks::create_empty`]); elsewhere it is a `decode` error. The
    /// sandbox's profiles answer so.
    pub create_empty_on: &'static [ModuleVersion],
    /// Versions whose update and delete answer success for an id no row has (staffs: the
    /// model's update returns true whatever it changed, its delete does not look the id up):
    /// the answer says nothing about the row. Both clients get the row first
    /// ([`crate::CheckedWrite`]): an unknown id is then `not_found` and nothing is written.
    /// The sandbox's profiles answer so. Only for a resource whose get takes the id alone.
    pub writes_ignore_missing_on: &'static [ModuleVersion],
    /// A number no other row dated in the same year may have (invoices, estimates: the
    /// controllers' `validate_invoice_number` callbacks), checked on create and update with
    /// the other rules: `The Invoice number is already in use`. The sandbox checks it; the
    /// spec says so.
    pub unique_in_year: Option<UniqueInYear>,
    /// Whether only the newest row (the highest id) may be deleted, as a new CRM's options
    /// `delete_only_on_last_invoice` / `_estimate` say: any other answers 404 `... Delete
    /// Fail`, and an unknown id 404 `Invalid ... ID` (the controller looks the row up first).
    pub deletes_newest_only: bool,
}

/// A number unique among the rows of one year, compared as the CRM compares it: leading
/// zeros aside (`ltrim($number, '0')`), in the year of the row's date (an update's own row
/// keeping its number passes; without a date sent, an update's stored one counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniqueInYear {
    /// The input field (and column) of the number.
    pub field: &'static str,
    /// The date field (and column) whose year counts.
    pub date: &'static str,
}

impl Quirks {
    /// The usual answers: 3.x lists always paged, searches plain, a get answers the row,
    /// unusable PUT bodies per [`Quirks::USUAL_PUT`].
    pub const USUAL: Quirks = Quirks {
        list_paging: ListPaging::Always,
        search_paged: false,
        get_as_array: false,
        unusable_put: Quirks::USUAL_PUT,
        missing_update_not_found_on_v3: false,
        missing_update_conflict: false,
        get_crashes_on: &[],
        lacks: &[],
        list_fails_on: &[],
        id_alias: None,
        failure_member: "status",
        create_empty_on: &[],
        writes_ignore_missing_on: &[],
        unique_in_year: None,
        deletes_newest_only: false,
    };

    /// The number of a sales document (invoices, estimates): unique in the year of its date.
    pub const NUMBER_IN_YEAR: Option<UniqueInYear> = Some(UniqueInYear {
        field: "number",
        date: "date",
    });

    /// The usual PUT answers: 1.0.0 crashes, 2.0.8 answers CodeIgniter's error page, 3.x
    /// `Update Successful.` without a change.
    pub const USUAL_PUT: [[PutAnswer; 2]; 3] = [
        [PutAnswer::Crash, PutAnswer::Crash],
        [PutAnswer::ErrorPage, PutAnswer::ErrorPage],
        [PutAnswer::Success, PutAnswer::Success],
    ];

    /// The controllers that check the body (customers, milestones, contacts): 1.0.0 crashes on
    /// a body that is not JSON and goes on without fields on `{}`; 2.x and 3.x answer 406.
    pub const CHECKED_PUT: [[PutAnswer; 2]; 3] = [
        [PutAnswer::Crash, PutAnswer::NoFields],
        [PutAnswer::NotAcceptable, PutAnswer::NotAcceptable],
        [PutAnswer::NotAcceptable, PutAnswer::NotAcceptable],
    ];

    /// Whether a list on `version` answers a page envelope; `asked`: `page` or `per_page` sent.
    pub const fn list_paged(&self, version: ModuleVersion, asked: bool) -> bool {
        version.pages()
            && match self.list_paging {
                ListPaging::Always => true,
                ListPaging::WhenAsked => asked,
                ListPaging::Never => false,
            }
    }

    /// Whether a search on `version` answers a page envelope.
    pub const fn search_paged_on(&self, version: ModuleVersion) -> bool {
        version.pages() && self.search_paged
    }

    /// What `version` answers a PUT with `body`.
    pub const fn put_answer(&self, version: ModuleVersion, body: UnusableBody) -> PutAnswer {
        self.unusable_put[version as usize][body as usize]
    }

    /// Why `version` does not serve `operation`, or `""` if it does.
    pub fn lacking(&self, version: ModuleVersion, operation: Operation) -> &'static str {
        self.lacks
            .iter()
            .find(|l| l.version == version && l.operation == operation)
            .map_or("", |l| l.why)
    }

    /// Whether a list on `version` answers 404 whatever the table holds.
    pub fn list_fails(&self, version: ModuleVersion) -> bool {
        self.list_fails_on.contains(&version)
    }

    /// Why `version` does not serve `operation` as far as these quirks say (the resource's
    /// versions aside): an operation it lacks, or a list that always fails; `None` if it does.
    pub fn why_not(&self, version: ModuleVersion, operation: Operation) -> Option<&'static str> {
        match self.lacking(version, operation) {
            "" if operation == Operation::List && self.list_fails(version) => Some(
                "its list answers 404 `No data were found` whatever the table holds; search or get the rows",
            ),
            "" => None,
            why => Some(why),
        }
    }

    /// Whether a create may answer 200 with an empty body on a server of `version` (a
    /// `ModuleVersion`, or `None` when not told: then on any version that lists it).
    pub fn create_empty(&self, version: impl Into<Option<ModuleVersion>>) -> bool {
        listed(self.create_empty_on, version.into())
    }

    /// Whether an update or delete may answer success for an id no row has on a server of
    /// `version` (a `ModuleVersion`, or `None` when not told: then on any version that lists it).
    pub fn writes_ignore_missing(&self, version: impl Into<Option<ModuleVersion>>) -> bool {
        listed(self.writes_ignore_missing_on, version.into())
    }

    /// Whether a get on `version` answers 500 for every row that exists.
    pub fn get_crashes(&self, version: ModuleVersion) -> bool {
        self.get_crashes_on.contains(&version)
    }
}

/// Whether `versions` lists `version`, or, not told the version (`None`), lists any.
fn listed(versions: &[ModuleVersion], version: Option<ModuleVersion>) -> bool {
    match version {
        Some(version) => versions.contains(&version),
        None => !versions.is_empty(),
    }
}

impl ModuleVersion {
    /// Whether the version answers pages at all (3.x): 1.0 and 2.0 ignore `page`, `per_page`,
    /// `sort` and `fields` and answer whole tables.
    pub const fn pages(self) -> bool {
        self.is_v3()
    }

    /// Whether tokens carry permissions (2.x, 3.x: a token may be refused a call with 403).
    pub const fn has_permissions(self) -> bool {
        !matches!(self, ModuleVersion::V1)
    }
}

impl Resource {
    /// The answers of the resource that differ from the usual ones.
    pub const fn quirks(self) -> &'static Quirks {
        &self.info().quirks
    }

    /// The versions that serve the resource's update and answer some unusable PUT body (not
    /// JSON, or `{}`) with one of `answers`, oldest first.
    pub fn put_answered_with(self, answers: &[PutAnswer]) -> impl Iterator<Item = ModuleVersion> + '_ {
        ModuleVersion::ALL.into_iter().filter(move |v| {
            self.serves(*v, Operation::Update)
                && [UnusableBody::NotJson, UnusableBody::EmptyObject]
                    .into_iter()
                    .any(|body| answers.contains(&self.quirks().put_answer(*v, body)))
        })
    }

    /// Whether servers of `version` serve `operation` of the resource: they have the resource
    /// and do not lack the operation.
    pub fn serves(self, version: ModuleVersion, operation: Operation) -> bool {
        self.exists_on(version) && self.quirks().why_not(version, operation).is_none()
    }

    /// Whether some version serves `operation` of the resource (payments' update and delete:
    /// none; every version that has payments answers them 405 `Unknown method`).
    pub fn served_anywhere(self, operation: Operation) -> bool {
        ModuleVersion::ALL.into_iter().any(|v| self.serves(v, operation))
    }

    /// The versions that have the resource but lack `operation`, oldest first.
    pub fn lacked_on(self, operation: Operation) -> impl Iterator<Item = ModuleVersion> {
        ModuleVersion::ALL
            .into_iter()
            .filter(move |v| self.exists_on(*v) && !self.quirks().lacking(*v, operation).is_empty())
    }
}
