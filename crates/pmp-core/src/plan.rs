//! Whole-call decisions: what a list does after its first answer, how a table a server sends
//! whole is paged, what an update's `Update Fail.` means, and which writes get their row
//! first ([`CheckedWrite`]). Pure values and functions that
//! every transport follows (pmp-client's `Client`, the wasm `Core` behind js/client), so that
//! each decision is written once and tested here without a network.
//!
//! A list or search on 3.x is a sequence of pages: the first says how many there are
//! ([`ListPlan::after_first`]); a page asked past the end answers the last page again
//! ([`is_asked_page`]: no rows there, and none after); rows shifted by a delete between pages come twice
//! ([`first_seen`]). 1.0 and 2.0 (and 3.x's plain searches) answer every row at once: sort and
//! fields are then done by the client ([`LocalOrder`]) and pages cut from the table
//! ([`local_page`]).

use std::ops::{Range, RangeInclusive};

use crate::catalogue::{Endpoint, InputKind, Operation};
use crate::error::{ErrorKind, PmpError};
#[cfg(doc)]
use crate::model::ApiMessage;
use crate::model::PageMeta;
use crate::request::ClientConfig;
use crate::request::ListQuery;
use crate::resources::Resource;

/// What a list or search does after its first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPlan<'a> {
    /// The answer held every row (a plain array): no page follows; the list's sort and
    /// fields are the client's to do ([`LocalOrder`]), and its pages to cut ([`local_page`]).
    WholeTable(LocalOrder<'a>),
    /// 3.x's pages: pages `2..=last_page` follow, [`ListPlan::IN_FLIGHT`] at a time.
    Pages {
        /// The last page the first answer announced (1: nothing follows).
        last_page: u32,
    },
}

impl<'a> ListPlan<'a> {
    /// How many pages a list fetches at once after the first: enough to hide the latency of
    /// one, few enough not to trip 3.x's rate limit.
    pub const IN_FLIGHT: u32 = crate::defaults::PAGES_IN_FLIGHT.value;

    /// The plan after the first answer of a list with `query`: `meta` is its page's meta,
    /// `None` for a plain array. A meta whose `total_pages` is no page count (0, or more pages
    /// than a `u32` counts) is a `decode` error: following it would fetch nothing or forever.
    /// A whole table with date filters is refused ([`LocalOrder::of`]).
    pub fn after_first(meta: Option<&PageMeta>, query: &ListQuery<'a>) -> Result<ListPlan<'a>, PmpError> {
        let Some(meta) = meta else {
            return LocalOrder::of(query).map(ListPlan::WholeTable);
        };
        match u32::try_from(meta.total_pages) {
            Ok(last_page) if last_page >= 1 => Ok(ListPlan::Pages { last_page }),
            _ => Err(
                PmpError::new(ErrorKind::Decode, "expected meta.total_pages to be a page count")
                    .with_status(200),
            ),
        }
    }

    /// The pages to fetch after the first, in order (none for a whole table).
    pub fn rest(&self) -> RangeInclusive<u32> {
        let last_page = match *self {
            ListPlan::WholeTable(_) => 1,
            ListPlan::Pages { last_page } => last_page,
        };
        2..=last_page
    }
}

/// Whether an answer to page `asked` is that page: 3.x answers a page past the end (rows
/// deleted meanwhile, or a caller's `page`) with the last page again, whose rows are not the
/// asked page's.
pub fn is_asked_page(asked: u32, meta: &PageMeta) -> bool {
    meta.page == u64::from(asked)
}

/// The ids a list has seen, kept as the transport keeps values: a `HashSet` of the rows'
/// texts in Rust, JavaScript's own `Set` in the wasm (no copy of each id into wasm memory).
pub trait SeenIds<K> {
    /// Adds `id`; whether it was not there before.
    fn first_time(&mut self, id: K) -> bool;
}

impl<'a> SeenIds<&'a str> for std::collections::HashSet<&'a str> {
    fn first_time(&mut self, id: &'a str) -> bool {
        self.insert(id)
    }
}

/// Which rows to keep of a list's rows, given each row's id in order (`None`: the row has no
/// id column, as with 3.x's `fields`) and the set to keep them in: a row whose id came before
/// is dropped (rows shifted by a delete between pages come twice), every row without an id
/// is kept.
pub fn first_seen<K>(ids: impl IntoIterator<Item = Option<K>>, seen: &mut impl SeenIds<K>) -> Vec<bool> {
    ids.into_iter().map(|id| keeps(id, seen)).collect()
}

/// [`first_seen`] of one row, for transports that walk the rows themselves: whether the row
/// with `id` is kept.
pub fn keeps<K>(id: Option<K>, seen: &mut impl SeenIds<K>) -> bool {
    id.map_or(true, |id| seen.first_time(id))
}

/// One column of a local sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey<'a> {
    /// The column.
    pub column: &'a str,
    /// Largest first (`-column` in the query).
    pub descending: bool,
}

/// What 3.x does with a list's `sort` and `fields`, for the client to do on a whole table
/// (1.0, 2.0 and 3.x's plain searches ignore them). The order of values is the transport's
/// (JavaScript compares with its own collation: numeric, case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocalOrder<'a> {
    sort: Option<&'a str>,
    fields: Option<&'a str>,
}

impl<'a> LocalOrder<'a> {
    /// The local sort and column selection of `query` (its page is ignored). Date filters are
    /// refused (`invalid_input`): those servers do not say which column holds the creation
    /// date, nor how they would compare.
    pub fn of(query: &ListQuery<'a>) -> Result<LocalOrder<'a>, PmpError> {
        if query.created_after.is_some() || query.created_before.is_some() {
            return Err(PmpError::invalid_input(
                "createdAfter and createdBefore need a 3.x server (this answer ignored them)",
            ));
        }
        Ok(LocalOrder {
            sort: query.sort,
            fields: query.fields,
        })
    }

    /// The sort, first key first; none for the server's order.
    pub fn sort(&self) -> impl Iterator<Item = SortKey<'a>> {
        columns(self.sort.unwrap_or_default())
            .filter(|key| !key.is_empty())
            .map(|key| match key.strip_prefix("-") {
                Some(column) => SortKey {
                    column,
                    descending: true,
                },
                None => SortKey {
                    column: key,
                    descending: false,
                },
            })
    }

    /// The columns to keep, in this order; `None` for every column.
    pub fn fields(&self) -> Option<impl Iterator<Item = &'a str>> {
        self.fields.map(columns)
    }
}

/// The columns of a comma-separated list, split on the byte: less wasm than `str::split`'s
/// searchers.
fn columns(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(list);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| b == b',') {
            Some(at) => {
                rest = text.get(at + 1..);
                text.get(..at)
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// One page cut from a whole table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPage {
    /// The meta 3.x would send with it.
    pub meta: PageMeta,
    /// The page's rows, as positions in the (sorted) table; empty past the end.
    pub rows: Range<usize>,
}

/// Page `page` (from 1) of `per_page` rows of a table of `total` rows, with the meta 3.x would
/// send (one page for no rows).
pub fn local_page(total: usize, page: u32, per_page: u32) -> LocalPage {
    let per_page = per_page.max(1) as usize;
    let page = page.max(1);
    let total_pages = total.div_ceil(per_page).max(1);
    let start = (page as usize - 1).saturating_mul(per_page).min(total);
    let end = start.saturating_add(per_page).min(total);
    LocalPage {
        meta: PageMeta {
            page: u64::from(page),
            per_page: per_page as u64,
            total: total as u64,
            total_pages: total_pages as u64,
            has_more: (page as usize) < total_pages,
        },
        rows: start..end,
    }
}

/// What an update does after its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStep {
    /// The answer stands: a success, or a failure to report as it is.
    Done,
    /// 1.0 and 2.0's 404 `... Update Fail.`, sent both to an unknown id and to an update that
    /// changes nothing: one get of the row ([`UpdatePlan::get`]) tells them apart.
    Get,
}

/// How an update ends once the get has answered.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateEnd {
    /// The row exists: nothing changed. The call's result is [`ApiMessage::unchanged`] of
    /// this message (`{status: false, message, unchanged: true}`); the message alone here,
    /// so that the wasm links no `ApiMessage` (its `extra` map).
    Unchanged(String),
    /// No row has this id: the update's failure as `not_found`.
    NoSuchRow(PmpError),
    /// The get failed otherwise: the update's own failure stands.
    Failed,
}

/// The update-then-get check of a resource's update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdatePlan {
    resource: Resource,
}

impl UpdatePlan {
    /// The plan of an update of `resource`.
    pub fn of(resource: Resource) -> UpdatePlan {
        UpdatePlan { resource }
    }

    /// The get that tells "unchanged" from "no such row": the resource's get by the update's
    /// id. `None` for a child's get, which needs its parent's id that an update does not
    /// have: its answer then stands.
    pub fn get(&self) -> Option<&'static Endpoint> {
        let get = Endpoint::of(self.resource, Operation::Get);
        (get.input == InputKind::Id).then_some(get)
    }

    /// What to do after the update failed with `failure` (kind `http`, status 404, the
    /// message [`crate::strings::is_update_fail`]: a get; anything else stands).
    pub fn after_update(&self, failure: &PmpError) -> UpdateStep {
        let ambiguous = failure.kind == ErrorKind::Http
            && failure.status == Some(404)
            && crate::strings::is_update_fail(&failure.message);
        if ambiguous && self.get().is_some() {
            UpdateStep::Get
        } else {
            UpdateStep::Done
        }
    }

    /// The end of an update that failed with the message `failure` after the get answered:
    /// `Ok(())` when the row was found, else the kind of the get's failure.
    pub fn after_get(failure: &str, get: Result<(), ErrorKind>) -> UpdateEnd {
        match get {
            Ok(()) => UpdateEnd::Unchanged(failure.to_owned()),
            Err(ErrorKind::NotFound) => UpdateEnd::NoSuchRow(
                PmpError::new(
                    ErrorKind::NotFound,
                    crate::error::text(&[failure, " (no row with this id)"]),
                )
                .with_status(404),
            ),
            Err(_) => UpdateEnd::Failed,
        }
    }
}

/// The get-first check of a write whose answer says nothing about the row: where the
/// declaration's quirk `writes_ignore_missing_on` lists the version (staffs, every version),
/// an update or delete of an id no row has answers success. The client gets the row first
/// ([`CheckedWrite::get`], by the write's id), and writes only if it is there: an unknown id
/// is `not_found` with nothing written, for the price of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedWrite {
    endpoint: &'static Endpoint,
}

/// What a checked write does once its get has answered.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckEnd {
    /// The row exists: send the write.
    Write,
    /// No row has this id: the call's failure, `not_found` (404); nothing was written.
    NoSuchRow(PmpError),
    /// The get failed otherwise (network, time limit, auth, ...): its failure is the call's,
    /// and nothing was written.
    Failed,
}

impl CheckedWrite {
    /// The check of a call of `endpoint` on the server `config` names: `Some` for an update
    /// or delete of a resource whose quirk lists the server's version (not told the
    /// version: any version), and whose get takes the id alone; `None` to write at once.
    pub fn of(config: &ClientConfig, endpoint: &Endpoint) -> Option<CheckedWrite> {
        let write = matches!(endpoint.operation, Operation::Update | Operation::Delete);
        let quirks = endpoint.resource.quirks();
        let get = Endpoint::of(endpoint.resource, Operation::Get);
        (write && get.input == InputKind::Id && quirks.writes_ignore_missing(config.server_version()))
            .then_some(CheckedWrite { endpoint: get })
    }

    /// The get to send first, with the write's id.
    pub fn get(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// What to do once the get answered: `Ok(())` when it found the row, else the kind of
    /// its failure.
    pub fn after_get(&self, get: Result<(), ErrorKind>) -> CheckEnd {
        match get {
            Ok(()) => CheckEnd::Write,
            Err(ErrorKind::NotFound) => CheckEnd::NoSuchRow(
                PmpError::new(
                    ErrorKind::NotFound,
                    crate::error::text(&[
                        "no ",
                        self.endpoint.resource.model_name(),
                        " has this id: nothing was written (the server would have answered success)",
                    ]),
                )
                .with_status(404),
            ),
            Err(_) => CheckEnd::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ApiMessage;
    use crate::resources::ModuleVersion;

    fn meta(page: u64, total_pages: u64) -> PageMeta {
        PageMeta {
            page,
            per_page: 100,
            total: total_pages * 100,
            total_pages,
            has_more: page < total_pages,
        }
    }

    #[test]
    fn the_first_page_says_which_pages_follow() {
        let none = ListQuery::default();
        let whole = ListPlan::after_first(None, &none).unwrap();
        assert_eq!(whole, ListPlan::WholeTable(LocalOrder::default()));
        assert!(whole.rest().is_empty());
        let plan = ListPlan::after_first(Some(&meta(1, 4)), &none).unwrap();
        assert_eq!(plan, ListPlan::Pages { last_page: 4 });
        assert_eq!(plan.rest().collect::<Vec<_>>(), [2, 3, 4]);
        assert!(ListPlan::after_first(Some(&meta(1, 1)), &none)
            .unwrap()
            .rest()
            .is_empty());
        for bad in [0, u64::from(u32::MAX) + 1] {
            let error = ListPlan::after_first(Some(&meta(1, bad)), &none).unwrap_err();
            assert_eq!((error.kind, error.status), (ErrorKind::Decode, Some(200)));
        }
        // 3.x applies date filters; a whole table cannot.
        let dated = ListQuery {
            created_before: Some("2026-01-01"),
            ..ListQuery::default()
        };
        assert!(ListPlan::after_first(Some(&meta(1, 4)), &dated).is_ok());
        assert_eq!(
            ListPlan::after_first(None, &dated).unwrap_err().kind,
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn a_page_past_the_end_is_empty_and_last() {
        let last = meta(3, 3);
        assert!(is_asked_page(3, &last));
        assert!(!is_asked_page(4, &last));
    }

    #[test]
    fn rows_seen_twice_are_dropped_but_rows_without_id_kept() {
        let ids = [Some("1"), Some("2"), None, Some("2"), Some("3"), None, Some("1")];
        let mut seen = std::collections::HashSet::new();
        assert_eq!(
            first_seen(ids, &mut seen),
            [true, true, true, false, true, true, false]
        );
        assert!(first_seen::<&str>([], &mut seen).is_empty());
    }

    #[test]
    fn whole_tables_are_sorted_cut_and_paged_locally() {
        let query = ListQuery {
            sort: Some("company,-userid"),
            fields: Some("userid,company"),
            ..ListQuery::default()
        };
        let order = LocalOrder::of(&query).unwrap();
        assert_eq!(
            order.sort().collect::<Vec<_>>(),
            [
                SortKey {
                    column: "company",
                    descending: false
                },
                SortKey {
                    column: "userid",
                    descending: true
                }
            ]
        );
        assert_eq!(order.fields().unwrap().collect::<Vec<_>>(), ["userid", "company"]);
        let plain = LocalOrder::of(&ListQuery::default()).unwrap();
        assert_eq!((plain.sort().count(), plain.fields().is_none()), (0, true));
        let dated = ListQuery {
            created_after: Some("2026-01-01"),
            ..ListQuery::default()
        };
        assert_eq!(LocalOrder::of(&dated).unwrap_err().kind, ErrorKind::InvalidInput);

        let page = local_page(45, 2, 20);
        assert_eq!(page.rows, 20..40);
        assert_eq!(
            page.meta,
            PageMeta {
                page: 2,
                per_page: 20,
                total: 45,
                total_pages: 3,
                has_more: true
            }
        );
        assert_eq!(local_page(45, 3, 20).rows, 40..45);
        let past = local_page(45, 9, 20);
        assert_eq!((past.rows.is_empty(), past.meta.has_more), (true, false));
        let empty = local_page(0, 1, 20);
        assert_eq!((empty.meta.total_pages, empty.meta.has_more), (1, false));
        assert!(local_page(10, u32::MAX, 100).rows.is_empty());
    }

    #[test]
    fn update_fail_needs_one_get_to_tell_unchanged_from_missing() {
        let fail = PmpError::new(ErrorKind::Http, "Customers Update Fail.").with_status(404);
        let plan = UpdatePlan::of(Resource::Customers);
        assert_eq!(plan.after_update(&fail), UpdateStep::Get);
        assert_eq!(plan.get().unwrap().operation, Operation::Get);
        let other = PmpError::new(ErrorKind::Http, "Customers Update Fail.").with_status(500);
        assert_eq!(plan.after_update(&other), UpdateStep::Done);
        let text = PmpError::new(ErrorKind::Http, "Something else").with_status(404);
        assert_eq!(plan.after_update(&text), UpdateStep::Done);
        // A child's get needs the parent's id: the answer stands.
        let children = Resource::ALL
            .into_iter()
            .filter(|r| Endpoint::of(*r, Operation::Get).input != InputKind::Id);
        for child in children {
            assert_eq!(UpdatePlan::of(child).after_update(&fail), UpdateStep::Done);
        }

        match UpdatePlan::after_get(&fail.message, Ok(())) {
            UpdateEnd::Unchanged(text) => {
                let message = ApiMessage::unchanged(text);
                assert_eq!(
                    (message.status, message.message.as_deref(), message.unchanged),
                    (false, Some("Customers Update Fail."), Some(true))
                );
            }
            other => panic!("{other:?}"),
        }
        match UpdatePlan::after_get(&fail.message, Err(ErrorKind::NotFound)) {
            UpdateEnd::NoSuchRow(error) => {
                assert_eq!((error.kind, error.status), (ErrorKind::NotFound, Some(404)));
                assert_eq!(error.message, "Customers Update Fail. (no row with this id)");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            UpdatePlan::after_get(&fail.message, Err(ErrorKind::Network)),
            UpdateEnd::Failed
        );
    }

    fn config(version: Option<&str>) -> ClientConfig {
        let config = ClientConfig::new("https://crm.example.com/", "token-123456").unwrap();
        match version {
            Some(version) => config.with_server_version(version).unwrap(),
            None => config,
        }
    }

    #[test]
    fn staff_updates_and_deletes_get_their_row_first_on_every_version() {
        for version in [None, Some("1.0"), Some("2.0"), Some("3.0")] {
            let config = config(version);
            for operation in [Operation::Update, Operation::Delete] {
                let write = Endpoint::of(Resource::Staffs, operation);
                let check = CheckedWrite::of(&config, write).expect("staff writes are checked");
                assert_eq!(check.get(), Endpoint::of(Resource::Staffs, Operation::Get));
                assert_eq!(check.after_get(Ok(())), CheckEnd::Write);
                match check.after_get(Err(ErrorKind::NotFound)) {
                    CheckEnd::NoSuchRow(error) => {
                        assert_eq!((error.kind, error.status), (ErrorKind::NotFound, Some(404)));
                        assert!(error.message.contains("nothing was written"), "{}", error.message);
                    }
                    other => panic!("{other:?}"),
                }
                for kind in [
                    ErrorKind::Network,
                    ErrorKind::Timeout,
                    ErrorKind::Auth,
                    ErrorKind::Aborted,
                ] {
                    assert_eq!(check.after_get(Err(kind)), CheckEnd::Failed, "{kind:?}");
                }
            }
            // Reads and creates are never checked; nor are other resources' writes.
            for operation in [
                Operation::List,
                Operation::Get,
                Operation::Search,
                Operation::Create,
            ] {
                assert_eq!(
                    CheckedWrite::of(&config, Endpoint::of(Resource::Staffs, operation)),
                    None
                );
            }
            let customers = Endpoint::of(Resource::Customers, Operation::Update);
            assert_eq!(CheckedWrite::of(&config, customers), None);
        }
    }

    #[test]
    fn checked_writes_are_declared_only_where_the_check_can_work() {
        for resource in Resource::ALL {
            let quirks = resource.quirks();
            for version in quirks.writes_ignore_missing_on {
                // The get takes the write's id alone, works on that version, and the write is served.
                assert_eq!(
                    Endpoint::of(resource, Operation::Get).input,
                    InputKind::Id,
                    "{resource:?}"
                );
                assert!(!quirks.get_crashes(*version), "{resource:?} {version:?}");
                for operation in [Operation::Get, Operation::Update, Operation::Delete] {
                    assert!(
                        resource.serves(*version, operation),
                        "{resource:?} {version:?} {operation:?}"
                    );
                }
            }
            // Told a version the quirk does not list, the write goes at once.
            for version in ModuleVersion::ALL {
                let config = config(Some(version.name()));
                let update = Endpoint::of(resource, Operation::Update);
                assert_eq!(
                    CheckedWrite::of(&config, update).is_some(),
                    quirks.writes_ignore_missing(version),
                    "{resource:?} {version:?}"
                );
            }
        }
    }
}
