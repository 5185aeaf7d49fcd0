// Lists and searches through pages: every row of a list (3.x's pages, a few in flight; or
// the whole table 1.0 and 2.0 send), and the `page` and `pages` calls. What to fetch, which
// answers count, the sort and columns of a whole table and the meta of a local page are
// pmp-core's decisions (`Core.listPlan`, `pastTheEnd`, `firstSeen`, `localPage`), asked once
// per list or page call;
// the collation of a local sort is JavaScript's own.
import { listQuery, pageNumber, pageQuery, perPage } from "./options.js";

/**
 * The list calls over `call(client, endpoint, args, query, options)` (one call of a page's
 * query string) and the wasm's `Core` (`wasm.Core`, the build that serves reads):
 * `{ every, page, pages }`, each taking the client, the list or search endpoint, its
 * arguments by name and the call options.
 */
export function listCalls(wasm, call) {
  // Every row of a list or search: the pages after the first, a few at a time, on 3.x; the
  // whole table, sorted and cut locally, elsewhere.
  async function every(client, endpoint, args, options) {
    const q = listQuery(options);
    const fetchPage = (number) => call(client, endpoint, args, pageQuery(q, number, PMP_DEFAULTS.maxPerPage), options);
    const first = await fetchPage(1);
    const plan = wasm.Core.listPlan(first.meta, q);
    if (plan.wholeTable) return local(first.data, plan);
    const { lastPage, inFlight } = plan;
    const pages = [first.data];
    let next = 2;
    let failed;
    const worker = async () => {
      while (next <= lastPage && failed === undefined) {
        const number = next++;
        try {
          const got = await fetchPage(number);
          // A page past the end (rows deleted meanwhile) answers the last page again.
          pages[number - 1] = got.meta && !wasm.Core.pastTheEnd(number, got.meta) ? got.data : [];
        } catch (error) {
          failed ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, lastPage - 1) }, worker));
    if (failed !== undefined) throw failed;
    // Rows shifted by a delete between pages would come twice: pmp-core keeps the first.
    return wasm.Core.firstSeen(endpoint.op, pages.flat());
  }

  // One page of a list or search, on every server version.
  async function page(client, endpoint, args, options) {
    const q = listQuery(options);
    const number = pageNumber(options);
    const size = perPage(options);
    const got = await call(client, endpoint, args, pageQuery(q, number, size), options);
    if (!got.meta) return localPage(local(got.data, wasm.Core.listPlan(null, q)), number, size);
    // 3.x answers a page past the end with the last page again: that is no rows, and none after.
    if (!wasm.Core.pastTheEnd(number, got.meta)) return got;
    return { data: [], meta: { ...got.meta, page: number, current_page: number, has_more: false } };
  }

  // The pages of a list or search, from `options.page`, for `for await`.
  async function* pages(client, endpoint, args, options) {
    const q = listQuery(options);
    const size = perPage(options);
    for (let number = pageNumber(options); ; number++) {
      const got = await call(client, endpoint, args, pageQuery(q, number, size), options);
      if (!got.meta) {
        const rows = local(got.data, wasm.Core.listPlan(null, q));
        for (; ; number++) {
          const cut = localPage(rows, number, size);
          yield cut;
          if (!cut.meta.has_more) return;
        }
      }
      if (wasm.Core.pastTheEnd(number, got.meta)) return;
      yield got;
      if (!got.meta.has_more) return;
    }
  }

  // What 3.x does with sort and fields, done on a whole table (1.0, 2.0, 3.x's plain
  // searches ignore them) as a whole table's plan says (pmp-core refuses the date filters
  // there).
  function local(rows, { sort, fields }) {
    if (sort.length) {
      const order = (a, b) => (a ?? "").localeCompare(b ?? "", undefined, { numeric: true, sensitivity: "base" });
      // Plain arrays for the comparator, which runs n log n times.
      const columns = sort.map((key) => key.column);
      const signs = sort.map((key) => (key.descending ? -1 : 1));
      rows = [...rows].sort((a, b) => {
        for (let k = 0; k < columns.length; k++) {
          const by = order(a[columns[k]], b[columns[k]]) * signs[k];
          if (by) return by;
        }
        return 0;
      });
    }
    if (fields !== undefined) {
      rows = rows.map((row) => Object.fromEntries(fields.filter((n) => n in row).map((n) => [n, row[n]])));
    }
    return rows;
  }

  // One page of a whole table, with the meta 3.x would send.
  function localPage(rows, number, size) {
    const { start, end, meta } = wasm.Core.localPage(rows.length, number, size);
    return { data: rows.slice(start, end), meta };
  }

  return { every, page, pages };
}
