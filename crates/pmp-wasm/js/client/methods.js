// The methods table: every endpoint of pmp-core's catalogue (PMP_CATALOGUE, written in by
// `cargo xtask pkg`), and every one beyond the six of a resource (PMP_EXTRAS), as a method of the class, its arguments as the catalogue names them,
// then the call options. Lists and searches return every row; updates tell "unchanged" from
// "no such row" with one get when pmp-core says the answer needs it.
import { invalid } from "./common.js";

/**
 * Each endpoint with its index (`op`, in pmp-core's CATALOGUE order) and its resource's name,
 * id column and token headers. `columns()` gives its rows' text columns, asked of the full
 * wasm (`wasm.Full`, the one build that holds the column lists) the first time a row needs
 * them, or undefined while it is not loaded; `loadColumns()` loads it (`loadFull()`) first.
 */
export function catalogue(wasm, loadFull) {
  const endpoints = PMP_CATALOGUE.flatMap(({ endpoints, ...resource }) =>
    endpoints.map((endpoint) => ({ ...endpoint, ...resource })));
  // The endpoints beyond the six of a resource (pmp-core's EXTRAS, PMP_EXTRAS), after the
  // catalogue's: their ops follow on. One request each, no pages.
  for (const extra of PMP_EXTRAS) endpoints.push({ ...extra, extra: true });
  endpoints.forEach((endpoint, op) => {
    let columns;
    endpoint.op = op;
    endpoint.columns = () => (columns ??= wasm.Full?.rowColumns(op).split(","));
    endpoint.loadColumns = () => loadFull().then(endpoint.columns);
  });
  return endpoints;
}

/** A method's positional arguments by the names the catalogue gives them. */
export const named = (endpoint, args) => Object.fromEntries(endpoint.args.map((name, i) => [name, args[i]]));

/** The list or search endpoint named `name`, its arguments by name and its call options. */
export function listing(endpoints, name, args) {
  const endpoint = endpoints.find((e) => e.name === name && e.output === "rows" && !e.extra);
  if (!endpoint) throw invalid(`${name} is not a list or search method`);
  return [endpoint, named(endpoint, args), args[endpoint.args.length]];
}

/**
 * Defines a method on `prototype` for every endpoint: `call(client, endpoint, args, query,
 * options)` sends one call, `every` is the list calls' (paging.js), `core(client)` the
 * client's wasm `Core` (for the update check).
 */
export function defineMethods(prototype, endpoints, call, every, core) {
  // 1.0 and 2.0 answer 404 `... Update Fail.` both to an unknown id and to an update that
  // changes nothing: when pmp-core says so, one get tells them apart (not_found, or
  // `{status: false, message, unchanged: true}`).
  async function update(client, endpoint, args, options) {
    try {
      return await call(client, endpoint, args, undefined, options);
    } catch (error) {
      // The wasm marks the failures that need the get (pmp-core's UpdatePlan).
      const wasm = core(client);
      if (!error.updateFail || !wasm) throw error;
      let missing;
      try {
        const get = endpoints.find((e) => e.resource === endpoint.resource && e.operation === "get");
        await call(client, get, { id: args.id }, undefined, options);
      } catch (failure) {
        missing = failure;
      }
      return wasm.afterGet(error, missing);
    }
  }

  // An endpoint beyond the six: one request; its rows (`[]` for "No data were found"), or
  // what else it answers (a write's `{status, message}`).
  async function extra(client, e, args, options) {
    const got = await call(client, e, args, undefined, options);
    return e.output === "rows" ? got.data : got;
  }

  for (const endpoint of endpoints) {
    const body = endpoint.extra ? extra : endpoint.output === "rows" ? every : endpoint.operation === "update" ? update
      : (client, e, args, options) => call(client, e, args, undefined, options);
    const method = function (...args) { return body(this, endpoint, named(endpoint, args), args[endpoint.args.length]); };
    Object.defineProperty(prototype, endpoint.name, {
      value: Object.defineProperty(method, "name", { value: endpoint.name }),
      writable: true,
      configurable: true,
    });
  }
}
