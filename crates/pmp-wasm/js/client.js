// The `PmpClient` class: the asynchronous half of the client, around the wasm's `Core`. This
// file holds the class (its state, the one-call path, `page`, `pages`, `free`) and assembles
// it from the files of client/, one job each:
// - client/common.js: PmpError, the object test, the error of a refused call;
// - client/options.js: reading the client's options, the call options and input dates;
// - client/attempt.js: one attempt of fetch with its time limit, abort and size limit;
// - client/retry.js: the retry loop of one call (scope, hooks, the wasm's retry decision);
// - client/hooks.js: calling onRequest and onResponse safely;
// - client/answer.js: the shape check of successful answers (no wasm on success);
// - client/custom-fields.js: the custom fields' JSON texts decoded, as pmp-core does;
// - client/paging.js: every row of a list, `page` and `pages`, local paging of whole tables;
// - client/methods.js: the methods table from the catalogue, and the update-then-get check.
//
// The wasm (pmp-core) checks the options, builds each request, classifies failed answers and
// makes the whole-call decisions (retry waits, which pages to fetch, what `Update Fail.`
// means, which writes get their row first), all synchronously. JavaScript sends with `fetch`, enforces time limits and aborts,
// runs the retry loop and returns successful answers as `JSON.parse` made them after a shape
// check: a successful call crosses into the wasm once; a list call crosses a few more times
// (its plan, the pages past the end, the rows seen twice), a failure once more; a staff
// update or delete is two calls (the row's get, then the write).
//
// `cargo xtask pkg` bundles these files into the package's one client.js and writes in, from
// pmp-core (xtask/src/generate.rs), so that the class and its methods exist before the wasm is
// instantiated and nothing here is a copy:
// - PMP_CATALOGUE, named values resource by resource: `{ resource, id, idAlias?, tokenHeaders, endpoints }`,
//   the `endpoints` `{ name, operation, method, args, output, read? }`, in the catalogue's order
//   (flattened, an endpoint's index is its `op` in the wasm). `args` names the method's
//   arguments, which reach the wasm by name; `read` marks the lists, gets and searches, which
//   the browser's first wasm serves (the others wait for the full one);
// - PMP_EXTRAS, the endpoints beyond the six of a resource (pmp-core's `EXTRAS`: the lookups
//   and custom fields), `{ name, method, args, output, tokenHeaders, customFields }`, whose ops
//   follow the catalogue's;
// - PMP_DEFAULTS.<option>, the defaults and limits of pmp-core's `defaults`;
// - PMP_SECRET_COLUMNS, pmp-core's `SECRET_COLUMNS`: the columns dropped from every row.
import { invalid, PmpError } from "./client/common.js";
import { describe } from "./client/attempt.js";
import { catalogue, defineMethods, listing } from "./client/methods.js";
import { callSignal, readOptions } from "./client/options.js";
import { listCalls } from "./client/paging.js";
import { send } from "./client/retry.js";

/**
 * Builds the `PmpClient` and `PmpError` classes over the wasm: `{ Core, Full, writes,
 * loadFull }`, the `Core` classes of the build that serves the catalogue's reads
 * (`endpoint.read`) and of the full build (every call), and the helpers of the other calls
 * (writes.js); the last two given (Node, workerd: one wasm, `Full` is `Core`) or loaded by
 * `loadFull()`, which resolves to `{ Full, writes }`, on the first call the first wasm does
 * not serve (the browser entry).
 * Read at each use, as an entry may swap them while `ready` settles: calls wait for `ready`
 * (an entry without top-level await), and the options pmp-core checks are checked at the first call.
 */
export function clientClass(wasm, ready) {
  // Whether the wasm is there; if it could not be loaded, the reason, for every call to reject with.
  let loaded = !ready;
  let loadFailure;
  const unloaded = (reason) =>
    new PmpError({ kind: "network", message: `the wasm could not be loaded: ${describe(reason)}`, attempts: 0 });
  // The full wasm's loading, shared by every client; forgotten if it failed, so that a later call tries again.
  let loadingFull;
  const fullLoaded = () => (loadingFull ??= wasm.loadFull().then(
    (full) => Object.assign(wasm, full),
    (reason) => {
      loadingFull = undefined;
      throw unloaded(reason);
    },
  ));
  const endpoints = catalogue(wasm, fullLoaded);
  // `call(client, endpoint, args, query, options)`: a method's body, and `core(client)`, the
  // client's Core; set by the class's static block so that they can reach the private members.
  let call;
  let core;

  class PmpClient {
    // The wasm's `Core`; null until the wasm is ready, undefined once freed.
    #core;
    // The full wasm's `Core` (the same one where one wasm serves every call), made on the first call that needs it.
    #full;
    // The options read, which each `Core` checks when it is made.
    #options;
    // What the attempts read: `{ fetch, trusted, timeoutMs, totalTimeoutMs, maxBytes,
    // onRequest, onResponse, rateReset }`, `trusted` whether the fetch is the global one
    // (which honours its signal), `rateReset` the last X-RateLimit-Reset seen (epoch
    // seconds): 3.x's 429 carries none.
    #settings;

    constructor(options) {
      const o = readOptions(options);
      this.#options = o;
      this.#core = loaded ? new wasm.Core(o) : null;
      this.#settings = {
        fetch: o.fetch,
        trusted: options.fetch === undefined,
        timeoutMs: o.timeoutMs,
        totalTimeoutMs: o.totalTimeoutMs,
        maxBytes: o.maxResponseBytes,
        onRequest: o.onRequest,
        onResponse: o.onResponse,
        rateReset: NaN,
      };
    }

    static {
      call = (client, endpoint, args, query, options) =>
        #core in client
          ? client.#call(endpoint, args, query, options)
          : Promise.reject(invalid("PmpClient methods must be called on a PmpClient"));
      core = (client) => (#core in client ? client.#full : undefined);
    }

    /**
     * One page of a list or search, on every server version: `page("listCustomers", { page,
     * perPage })`, `page("searchLeads", keyword, { page })`. Resolves to `{ data, meta }`.
     */
    async page(name, ...args) {
      return lists.page(this, ...listing(endpoints, name, args));
    }

    /** The pages of a list or search, from `options.page` (default 1), for `for await`. */
    async *pages(name, ...args) {
      yield* lists.pages(this, ...listing(endpoints, name, args));
    }

    /** Releases the wasm memory now; later calls reject with kind `invalid_input`. */
    free() {
      this.#core?.free();
      if (this.#full !== this.#core) this.#full?.free();
      this.#core = this.#full = undefined;
    }

    // One call of `endpoint` with its arguments by name (`{ id, keyword, input }`) and, for
    // lists and searches, a page's query string: refused before sending, or sent until it
    // succeeds or fails for good (client/retry.js). Rejects only with a PmpError. Not an
    // async function: the one async function of a call is the retry loop's, as every nested
    // one would add promises and microtask turns to each call.
    #call(endpoint, args, query, options) {
      if (!loaded) {
        return ready.then(() => {
          if (loadFailure) throw unloaded(loadFailure);
          return this.#call(endpoint, args, query, options);
        });
      }
      try {
        if (this.#core === null) this.#core = new wasm.Core(this.#options);
        if (!this.#core) throw invalid("the client was freed");
        if (!endpoint.read && !this.#full) {
          const { Core, Full } = wasm;
          if (!Full) return fullLoaded().then(() => this.#call(endpoint, args, query, options));
          this.#full = Full === Core ? this.#core : new Full(this.#options);
        }
        const core = endpoint.read ? this.#core : this.#full;
        const signal = callSignal(options);
        const writes = endpoint.read ? undefined : wasm.writes;
        if (args.input !== undefined) args = { ...args, input: writes.dates(args.input) };
        let { url, headers, body, getFirst } = core.prepare(endpoint.op, args);
        if (query) url += `?${query}`;
        const { method } = endpoint;
        // One key per create, the same on each attempt: 3.x answers a repeat from storage.
        if (method === "POST") headers = { ...headers, "Idempotency-Key": writes.idempotencyKey(options) };
        const write = () => send(this.#settings, core, endpoint, { method, url, headers, body }, signal, writes);
        if (getFirst === undefined) return write();
        // A write whose answer says nothing about the row (pmp-core's CheckedWrite: staffs):
        // its get first, a call of its own (retries, time limits, the caller's signal); an
        // unknown id rejects with not_found and nothing is written.
        return this.#call(endpoints[getFirst], { id: args.id }, undefined, options).then(write, (failure) => {
          throw core.afterCheck(endpoint.op, failure);
        });
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  const lists = listCalls(wasm, call);
  defineMethods(PmpClient.prototype, endpoints, call, lists.every, core);
  ready = ready?.then(() => (loaded = true)).catch((reason) => (loadFailure = reason));
  if (typeof Symbol.dispose === "symbol") PmpClient.prototype[Symbol.dispose] = PmpClient.prototype.free;
  return { PmpClient, PmpError };
}
