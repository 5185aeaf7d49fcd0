//! pmp-core's whole-call decisions of lists (`pmp_core::ListPlan`, `local_page`, ...) for
//! js/client/paging.js (those of writes, `UpdatePlan` and `CheckedWrite`: src/writes.rs). Each is asked
//! once per list or page call, or on an update's failure: a successful call still crosses
//! into the wasm once. Values cross by name, as `prepare`'s do. Whether an update's failure
//! needs the get is decided when the failure is classified (`Core::failure` marks it).

use js_sys::{Array, Reflect, Set};
use pmp_core::{is_asked_page, keeps, local_page, ErrorKind, ListPlan, ListQuery, PageMeta, SeenIds};
use wasm_bindgen::prelude::*;

use crate::core::{endpoint, Core};
use crate::error::{list_plan_value, local_page_value, sort_key_value, to_js};
use crate::js;

#[wasm_bindgen]
impl Core {
    /// What a list does after its first answer, whose `meta` is given (`null` for a plain
    /// array), for a list with `query` (`{ sort, fields, created_after, created_before }`, texts
    /// already checked): `{ wholeTable: false, lastPage, inFlight }`, the pages `2..=lastPage`
    /// to fetch `inFlight` at a time; or for a whole table `{ wholeTable: true, sort, fields }`,
    /// the sort and columns to apply to it (`sort` an array of `{ column, descending }`, empty
    /// for none; `fields` an array of columns or `undefined`). Throws a `PmpError` of kind
    /// `decode` when the meta's `total_pages` is no page count, of kind `invalid_input` for date
    /// filters on a whole table (only 3.x applies them).
    #[wasm_bindgen(js_name = listPlan)]
    pub fn list_plan(meta: &JsValue, query: &JsValue) -> Result<JsValue, JsValue> {
        let meta = (!meta.is_null() && !meta.is_undefined()).then(|| PageMeta {
            total_pages: count(&js::get(meta, "total_pages")),
            ..PageMeta::default()
        });
        let text = |name| js::get(query, name).as_string();
        let (sort, fields) = (text("sort"), text("fields"));
        // Only whether a date filter is there matters: none is applied locally.
        let dated = |name| (!js::get(query, name).is_undefined()).then_some("");
        let query = ListQuery {
            sort: sort.as_deref(),
            fields: fields.as_deref(),
            created_after: dated("created_after"),
            created_before: dated("created_before"),
            ..ListQuery::default()
        };
        let plan = ListPlan::after_first(meta.as_ref(), &query).map_err(|e| to_js(None, e, 1))?;
        let ListPlan::WholeTable(order) = plan else {
            let (last, in_flight) = (*plan.rest().end(), ListPlan::IN_FLIGHT);
            return Ok(list_plan_value(
                false,
                last,
                in_flight,
                JsValue::UNDEFINED,
                JsValue::UNDEFINED,
            ));
        };
        let keys = Array::new();
        for key in order.sort() {
            keys.push(&sort_key_value(key.column, key.descending));
        }
        let fields = order.fields().map_or(JsValue::UNDEFINED, |columns| {
            let list = Array::new();
            for column in columns {
                list.push(&column.into());
            }
            list.into()
        });
        Ok(list_plan_value(true, 1, 0, keys.into(), fields))
    }

    /// Whether the answer to page `asked`, whose `meta` is given, is another page: 3.x answers
    /// a page past the end with the last page again, and that is no rows (and none after).
    #[wasm_bindgen(js_name = pastTheEnd)]
    pub fn past_the_end(asked: u32, meta: &JsValue) -> bool {
        let answered = PageMeta {
            page: count(&js::get(meta, "page")),
            ..PageMeta::default()
        };
        !is_asked_page(asked, &answered)
    }

    /// The rows of a list of endpoint `op` without the repeats: a row whose id (its
    /// resource's id column, a string) came before is dropped, rows without one are kept
    /// (pmp-core's `first_seen`, over JavaScript's `Set`). `rows` itself when nothing is
    /// dropped.
    #[wasm_bindgen(js_name = firstSeen)]
    pub fn first_seen(op: usize, rows: &Array) -> Array {
        let column = JsValue::from_str(endpoint(op).resource.id_field());
        let mut seen = JsSeen(Set::new(&JsValue::UNDEFINED));
        let kept = Array::new();
        let mut dropped = false;
        for at in 0..rows.length() {
            let row = rows.get(at);
            let id = Reflect::get(&row, &column).unwrap_or(JsValue::UNDEFINED);
            if keeps(id.is_string().then_some(id), &mut seen) {
                kept.push(&row);
            } else {
                dropped = true;
            }
        }
        if dropped {
            kept
        } else {
            rows.clone()
        }
    }

    /// Page `page` of `perPage` rows of a whole table of `total` rows: `{ start, end, meta }`,
    /// the page's rows `start..end` of the (sorted) table and the meta 3.x would send
    /// (`page`, `per_page`, `total`, `total_pages`, `has_more`, `current_page`, `last_page`).
    #[wasm_bindgen(js_name = localPage)]
    pub fn local_page(total: u32, page: u32, per_page: u32) -> JsValue {
        let cut = local_page(total as usize, page, per_page);
        let meta = cut.meta;
        // Each count is at most `total` or `page`, both u32.
        let small = |n: u64| n as u32;
        local_page_value(
            small(cut.rows.start as u64),
            small(cut.rows.end as u64),
            small(meta.page),
            small(meta.per_page),
            small(meta.total),
            small(meta.total_pages),
            meta.has_more,
        )
    }
}

/// JavaScript's `Set` of the ids a list has seen.
struct JsSeen(Set);

impl SeenIds<JsValue> for JsSeen {
    fn first_time(&mut self, id: JsValue) -> bool {
        let first = !self.0.has(&id);
        if first {
            self.0.add(&id);
        }
        first
    }
}

/// A `PmpError`'s kind read off the JavaScript error (`http` if it names none).
pub(crate) fn kind(error: &JsValue) -> ErrorKind {
    js::get(error, "kind")
        .as_string()
        .and_then(|k| ErrorKind::from_name(&k))
        .unwrap_or(ErrorKind::Http)
}

/// A page number or count read off an answer's meta: a number that is not a whole count
/// reads as `u64::MAX`, which is no page asked and no page count.
fn count(value: &JsValue) -> u64 {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(n))
        .map_or(u64::MAX, |n| n as u64)
}
