// The `PmpClient` class: the asynchronous half of the client, around the wasm's `Core`.
//
// The wasm (pmp-core) checks the options, builds each request, classifies failed answers and
// decides retries, all synchronously. This file sends with `fetch`, enforces time limits and
// aborts, runs the retry loop and returns successful answers as `JSON.parse` made them after
// a shape check: a successful call crosses into the wasm once. Methods are defined
// from pmp-core's catalogue, so they are its endpoints and nothing else. Lists and searches
// follow 3.x's pages (a few in flight) or page whole tables locally (1.0, 2.0).
//
// `cargo xtask pkg` writes in, from pmp-core (xtask/src/generate.rs), so that the class and its
// methods exist before the wasm is instantiated and nothing here is a copy:
// - PMP_CATALOGUE, named values resource by resource: `{ resource, id, tokenHeaders, endpoints }`,
//   the `endpoints` `{ name, operation, method, args, output }`, in the catalogue's order
//   (flattened, an endpoint's index is its `op` in the wasm). `args` names the method's
//   arguments, which reach the wasm by name;
// - PMP_DEFAULTS.<option>, the defaults and limits of pmp-core's `defaults`.
import { PmpError } from "./web/error.js";

/**
 * Builds the `PmpClient` and `PmpError` classes over a wasm-bindgen glue: an instantiated one,
 * or one whose instantiation `ready` will settle (an entry without top-level await). Until
 * then, calls wait for it, and the options pmp-core checks are checked at the first call.
 */
export function clientClass(glue, ready) {
  const { Core } = glue;
  // Whether the wasm is there; if it could not be loaded, the reason, for every call to reject with.
  let loaded = !ready;
  let loadFailure;
  // Each endpoint with its index (`op`) and its resource's name, id column and token headers.
  const endpoints = PMP_CATALOGUE.flatMap(({ endpoints, ...resource }) =>
    endpoints.map((endpoint) => ({ ...endpoint, ...resource })));
  endpoints.forEach((endpoint, op) => (endpoint.op = op));
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  const ignore = () => {};
  // A call or option refused before anything is sent (no token can be in these messages).
  const invalid = (message) => new PmpError({ kind: "invalid_input", message, attempts: 0 });
  // `call(client, endpoint, args, query, options)`: a method's body, set by the class's
  // static block so that it can reach the private members.
  let call;

  class PmpClient {
    // The wasm's `Core`; null until the wasm is ready (`#options` waits for it), undefined once freed.
    #core;
    #options;
    #fetch;
    #onRequest;
    #onResponse;
    // Whether the fetch is the global one, which honours its signal.
    #trusted;
    #timeoutMs;
    #totalTimeoutMs;
    #maxBytes;
    // The last `X-RateLimit-Reset` seen (epoch seconds): 3.x's 429 carries none.
    #rateReset = NaN;

    constructor(options) {
      const o = readOptions(options);
      if (loaded) this.#core = new Core(o);
      else [this.#core, this.#options] = [null, o];
      this.#trusted = options.fetch === undefined;
      this.#fetch = o.fetch;
      this.#timeoutMs = o.timeoutMs;
      this.#totalTimeoutMs = o.totalTimeoutMs;
      this.#maxBytes = o.maxResponseBytes;
      this.#onRequest = o.onRequest;
      this.#onResponse = o.onResponse;
    }

    static {
      call = (client, endpoint, args, query, options) =>
        #core in client
          ? client.#call(endpoint, args, query, options)
          : Promise.reject(invalid("PmpClient methods must be called on a PmpClient"));
    }

    /**
     * One page of a list or search, on every server version: `page("listCustomers", { page,
     * perPage })`, `page("searchLeads", keyword, { page })`. Resolves to `{ data, meta }`.
     */
    async page(name, ...args) {
      const [endpoint, named, options] = listing(name, args);
      const q = query(options);
      const number = pageNumber(options);
      const got = await call(this, endpoint, named, pageQuery(q, number, perPage(options)), options);
      return got.meta ? pastTheEnd(got, number) : localPage(got.data, q, number, perPage(options));
    }

    /** The pages of a list or search, from `options.page` (default 1), for `for await`. */
    async *pages(name, ...args) {
      const [endpoint, named, options] = listing(name, args);
      const q = query(options);
      const size = perPage(options);
      for (let number = pageNumber(options); ; number++) {
        const got = await call(this, endpoint, named, pageQuery(q, number, size), options);
        if (!got.meta) {
          const rows = local(got.data, q);
          do yield localPage(rows, undefined, number, size);
          while (number++ * size < rows.length);
          return;
        }
        if (got.meta.page !== number) return;
        yield got;
        if (!got.meta.has_more) return;
      }
    }

    /** Releases the wasm memory now; later calls reject with kind `invalid_input`. */
    free() {
      this.#core?.free();
      this.#core = undefined;
    }

    // One call of `endpoint` with its arguments by name (`{ id, keyword, input }`) and, for
    // lists and searches, a page's query string: refused before sending, or sent until it
    // succeeds or fails for good. Rejects only with a PmpError. One async function on purpose:
    // every nested async call would add promises and microtask turns to each call.
    async #call(endpoint, args, query, options) {
      if (!loaded) {
        await ready;
        if (loadFailure) throw new PmpError({ kind: "network", message: `the wasm could not be loaded: ${describe(loadFailure)}`, attempts: 0 });
      }
      if (this.#core === null) [this.#core, this.#options] = [new Core(this.#options)];
      const core = this.#core;
      if (!core) throw invalid("the client was freed");
      const signal = callSignal(options);
      if (args.input !== undefined) args = { ...args, input: dates(args.input) };
      let { url, headers, body } = core.prepare(endpoint.op, args);
      if (query) url += `?${query}`;
      const { method } = endpoint;
      // One key per create, the same on each attempt: 3.x answers a repeat from storage.
      if (method === "POST") {
        const key = options?.idempotencyKey ?? newKey();
        if (typeof key !== "string" || !key) throw invalid("options.idempotencyKey must be a non-empty string");
        headers = { ...headers, "Idempotency-Key": key };
      }
      const total = this.#totalTimeoutMs;
      // The caller's signal and the overall time limit abort one scope that every attempt
      // and wait of the call listens to; without either there is none.
      let scope;
      let onAbort;
      let totalTimer;
      if (signal !== undefined || total !== undefined) {
        const controller = new AbortController();
        scope = controller.signal;
        onAbort = () => controller.abort("aborted");
        if (signal?.aborted) onAbort();
        signal?.addEventListener("abort", onAbort);
        if (total !== undefined) totalTimer = setTimeout(() => controller.abort("total"), total);
      }
      const timeoutMs = this.#timeoutMs;
      const fetch = this.#fetch;
      try {
        for (let attempt = 1; ; attempt++) {
          if (scope?.aborted) throw stopError(core, scope, attempt - 1, total);
          let sent = headers;
          if (this.#onRequest !== undefined) {
            try {
              sent = this.#hookRequest(core, endpoint, url, headers, attempt);
            } catch (error) {
              error.attempts = attempt - 1;
              throw error;
            }
          }
          const started = this.#onResponse === undefined ? 0 : Date.now();
          // The attempt's own controller: aborted by its time limit or by the scope. A
          // custom fetch may ignore its signal, so its waits are also raced against
          // `stopped`; the global fetch honours it and is awaited directly.
          const controller = new AbortController();
          let stop = ignore;
          const stopped = this.#trusted ? undefined : new Promise((_, reject) => (stop = reject));
          stopped?.catch(ignore);
          let timedOut = false;
          const timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
            stop();
          }, timeoutMs);
          const onScopeAbort = () => {
            controller.abort();
            stop();
          };
          scope?.addEventListener("abort", onScopeAbort);
          let status;
          let text;
          let retryAfter;
          let rate;
          let failure;
          // A failure that is never retried: a redirect, or an answer over maxResponseBytes.
          let final;
          try {
            // Redirects are not followed: fetch would send the token headers to wherever a
            // server points (it strips only Authorization across origins), https to http too.
            const init = { method, headers: sent, signal: controller.signal, redirect: "manual" };
            if (body !== undefined) init.body = body;
            const wait = stopped ? (promise) => Promise.race([promise, stopped]) : (promise) => promise;
            const response = await wait(fetch(url, init));
            status = response?.status;
            // An opaque redirect (a browser's, status 0) does not say where to.
            const location = response?.type === "opaqueredirect" ? "elsewhere"
              : status > 300 && status < 309 && response.headers?.get?.("location");
            if (location) {
              controller.abort(); // its body is not wanted: free the connection
              final = core.error({ kind: "redirect", message: `${url} redirects ${location === "elsewhere" ? location : `to ${location}`
                }: not followed, so that the token goes nowhere else; fix baseUrl`, attempts: attempt });
              if (status) final.status = status;
            } else {
              if (!(status >= 100 && status <= 599) || typeof response.text !== "function") {
                throw new TypeError("fetch did not return a Response");
              }
              text = await readText(response, this.#maxBytes, wait, () => controller.abort());
              const answered = response.headers;
              if (text === undefined) {
                final = core.error({ kind: "too_large", message: `the answer is over maxResponseBytes (${this.#maxBytes} bytes)`, attempts: attempt });
              } else if (typeof text !== "string") {
                throw new TypeError("Response.text() gave no string");
              } else if (typeof answered?.get === "function") {
                if (status >= 300) retryAfter = answered.get("retry-after") ?? undefined;
                const reset = answered.get("x-ratelimit-reset");
                if (reset !== null && reset !== undefined) {
                  const limit = (name) => Number(answered.get(`x-ratelimit-${name}`));
                  rate = { limit: limit("limit"), remaining: limit("remaining"), reset: Number(reset) };
                  this.#rateReset = rate.reset;
                }
              }
            }
          } catch (reason) {
            if (scope?.aborted) throw stopError(core, scope, attempt, total);
            failure = timedOut
              ? core.error({ kind: "timeout", message: `no answer within ${timeoutMs} ms`, attempts: attempt })
              : core.error({ kind: "network", message: `the request failed: ${describe(reason)}`, attempts: attempt });
          } finally {
            clearTimeout(timer);
            scope?.removeEventListener("abort", onScopeAbort);
          }
          if (final !== undefined) {
            if (started !== 0 && status >= 100) this.#hookResponse(method, url, status, attempt, Date.now() - started);
            throw final;
          }
          if (failure === undefined) {
            if (started !== 0) this.#hookResponse(method, url, status, attempt, Date.now() - started, rate);
            const value = success(endpoint, status, text, attempt);
            if (value !== undefined) return value;
            failure = core.failure(endpoint.op, { status, text, excerpt: excerpt(text), attempts: attempt });
            // "No data were found" on a list or search: no rows (an empty table).
            if (failure.kind === "not_found" && endpoint.output === "rows") return { data: [], meta: null };
          }
          // The wait the server asks for: Retry-After (seconds or an HTTP date), else, over a
          // rate limit, until the last X-RateLimit-Reset (3.x's 429 sends neither).
          let serverWait = NaN;
          if (retryAfter !== undefined) {
            const text = retryAfter.trim();
            serverWait = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - Date.now();
          } else if (failure.kind === "rate_limited") {
            serverWait = this.#rateReset * 1000 - Date.now();
          }
          serverWait = Math.max(serverWait, 0);
          if (failure.kind === "rate_limited" && serverWait >= 0) failure.retryAfterMs = serverWait;
          const wait = core.retryDelay(endpoint.op, failure, serverWait);
          if (scope?.aborted) throw stopError(core, scope, attempt, total);
          if (wait < 0) throw failure;
          await sleep(wait, scope);
        }
      } finally {
        clearTimeout(totalTimer);
        signal?.removeEventListener("abort", onAbort);
      }
    }

    // Calls onRequest; the headers it returns at once (an object of strings) are added to
    // this attempt, checked as the `headers` option is.
    #hookRequest(core, { method, tokenHeaders }, url, headers, attempt) {
      const hook = this.#onRequest;
      if (hook === undefined) return headers;
      const shown = { ...headers };
      for (const name of tokenHeaders) shown[name] = "[redacted]";
      const returned = callHook(hook, { method, url, attempt, headers: shown });
      if (!isObject(returned)) return headers;
      const added = Object.fromEntries(Object.entries(returned));
      core.checkHeaders(added);
      return { ...headers, ...added };
    }

    #hookResponse(method, url, status, attempt, durationMs, rateLimit) {
      const hook = this.#onResponse;
      if (hook !== undefined) callHook(hook, { method, url, attempt, status, durationMs: Math.max(durationMs, 0), rateLimit });
    }
  }

  // The parsed answer of a success of `endpoint`, or undefined for the wasm to classify.
  // Rows come as `{ data, meta }`: a 3.x envelope, or a plain array (every row) with meta null.
  function success(endpoint, status, text, attempt) {
    if (status < 200 || status > 299) return undefined;
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const { output } = endpoint;
    if (output === "rows") {
      let page = { data: value, meta: null };
      // An envelope is never a row; an object that is neither is a decode error.
      if (isObject(value)) page = isObject(value.meta) ? value : {};
      if (!Array.isArray(page.data) || !page.data.every(isObject)) return undefined;
      textColumns(page.data, endpoint);
      return page;
    }
    if (output === "row" && Array.isArray(value) && value.length < 2) {
      // getMilestone answers an array of one row on every version.
      if (value.length === 0) throw new PmpError({ kind: "not_found", message: "the server answered no row", status, attempts: attempt });
      value = value[0];
    }
    if (!isObject(value)) return undefined;
    if (output === "row") {
      if (value.status === false) return undefined;
      textColumns([value], endpoint);
      return value;
    }
    // A write succeeded only if the server says so: `{status: true, ...}`.
    return value.status === true ? value : undefined;
  }

  // Every row of a list or search: the pages after the first, a few at a time, on 3.x; the
  // whole table, sorted and cut locally, elsewhere.
  async function every(client, endpoint, args, options) {
    const q = query(options);
    const fetchPage = (number) => call(client, endpoint, args, pageQuery(q, number, PMP_DEFAULTS.maxPerPage), options);
    const first = await fetchPage(1);
    if (!first.meta) return local(first.data, q);
    const count = first.meta.total_pages;
    if (!(count >= 1)) throw new PmpError({ kind: "decode", message: "expected meta.total_pages", status: 200, attempts: 1 });
    const pages = [first.data];
    let next = 2;
    let failed;
    const worker = async () => {
      while (next <= count && failed === undefined) {
        const number = next++;
        try {
          const got = await fetchPage(number);
          // A page past the end (rows deleted meanwhile) answers the last page again.
          pages[number - 1] = got.meta?.page === number ? got.data : [];
        } catch (error) {
          failed ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PMP_DEFAULTS.pagesInFlight, count - 1) }, worker));
    if (failed !== undefined) throw failed;
    // Rows shifted by a delete between pages would come twice: once by id.
    const seen = new Set();
    const idColumn = endpoint.id;
    return pages.flat().filter((row) => {
      const id = row[idColumn];
      return id === undefined || (!seen.has(id) && seen.add(id));
    });
  }

  // The endpoint, arguments by name and options of `page(name, ...)` and `pages(name, ...)`.
  function listing(name, args) {
    const endpoint = endpoints.find((e) => e.name === name && e.output === "rows");
    if (!endpoint) throw invalid(`${name} is not a list or search method`);
    return [endpoint, named(endpoint, args), args[endpoint.args.length]];
  }

  // A method's positional arguments by the names the catalogue gives them.
  const named = (endpoint, args) => Object.fromEntries(endpoint.args.map((name, i) => [name, args[i]]));

  // The query string of one page.
  const pageQuery = (q, page, per_page) => new URLSearchParams({ page, per_page, ...q }).toString();

  // `perPage` and `page` (default 1) of the page calls.
  function whole(value, name, max) {
    if (!Number.isInteger(value) || value < 1 || value > max) throw invalid(`options.${name} must be an integer from 1 to ${max}`);
    return value;
  }
  const perPage = (options) => whole(options?.perPage ?? PMP_DEFAULTS.perPage, "perPage", PMP_DEFAULTS.maxPerPage);
  const pageNumber = (options) => whole(options?.page ?? 1, "page", 2147483647);

  // sort, fields and the created-date filters of call options as 3.x's query parameters,
  // checked as pmp-core's ListQuery checks them.
  const DATE = /^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?$/;
  const QUERY = [
    ["sort", "sort", /^-?\w+(,-?\w+)*$/],
    ["fields", "fields", /^\w+(,\w+)*$/],
    ["createdAfter", "created_after", DATE],
    ["createdBefore", "created_before", DATE],
  ];
  function query(options) {
    if (options != null && !isObject(options)) throw invalid("call options must be an object such as { signal }");
    const q = {};
    for (const [name, param, form] of QUERY) {
      let value = options?.[name];
      if (value === undefined) continue;
      value = Array.isArray(value) ? value.join(",") : value instanceof Date ? ymd(value, name) : value;
      if (!form.test(value)) throw invalid(`${name} must be ${form === DATE ? "a date as YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS) or a Date" : "column names separated by commas"}`);
      q[param] = value;
    }
    return q;
  }

  // What 3.x does with sort and fields, done on a whole table (1.0, 2.0, 3.x's plain
  // searches ignore them). Date filters are refused there: those servers do not say which
  // column holds the creation date, nor how they would compare.
  function local(rows, q) {
    if (q.created_after !== undefined || q.created_before !== undefined) {
      throw new PmpError({ kind: "invalid_input", message: "createdAfter and createdBefore need a 3.x server (this answer ignored them)", attempts: 1 });
    }
    if (q.sort !== undefined) {
      const keys = q.sort.split(",").map((k) => (k[0] === "-" ? [k.slice(1), -1] : [k, 1]));
      const order = (a, b) => (a ?? "").localeCompare(b ?? "", undefined, { numeric: true, sensitivity: "base" });
      rows = [...rows].sort((a, b) => {
        for (const [key, sign] of keys) {
          const by = order(a[key], b[key]) * sign;
          if (by) return by;
        }
        return 0;
      });
    }
    if (q.fields !== undefined) {
      const names = q.fields.split(",");
      rows = rows.map((row) => Object.fromEntries(names.filter((n) => n in row).map((n) => [n, row[n]])));
    }
    return rows;
  }

  // One page of a whole table, with the meta 3.x would send.
  function localPage(rows, q, page, per_page) {
    if (q !== undefined) rows = local(rows, q);
    const total = rows.length;
    const total_pages = Math.max(1, Math.ceil(total / per_page));
    const has_more = page < total_pages;
    const data = rows.slice((page - 1) * per_page, page * per_page);
    return { data, meta: { page, per_page, total, total_pages, has_more, current_page: page, last_page: total_pages } };
  }

  // 3.x answers a page past the end with the last page again: that is no rows.
  const pastTheEnd = (got, page) =>
    got.meta.page === page ? got : { data: [], meta: { ...got.meta, page, current_page: page, has_more: false } };

  // A Date as the local calendar day `YYYY-MM-DD`.
  function ymd(date, name) {
    if (Number.isNaN(date.getTime())) throw invalid(`${name} is an invalid Date`);
    const two = (n) => String(n).padStart(2, "0");
    return `${String(date.getFullYear()).padStart(4, "0")}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  }

  // An input object with its Date values as `YYYY-MM-DD` (pmp-core checks which fields are dates).
  function dates(input) {
    if (!isObject(input)) return input;
    let copy;
    for (const name of Object.keys(input)) {
      if (input[name] instanceof Date) (copy ??= { ...input })[name] = ymd(input[name], `field \`${name}\``);
    }
    return copy ?? input;
  }

  // A random key (crypto.randomUUID where there is one: every browser, Node 19+).
  const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}-${Math.random()}`;

  // The named columns of rows as text, as the types say and as pmp-core decodes them: a
  // number becomes its JavaScript text, a boolean "1" or "0" (MySQL's). Others stay as sent.
  // Rows are first scanned with `for...in` (several times faster than reading each named
  // column): real servers send text, so the rewrite is seldom needed.
  // Columns named `password` (ticket rows' contact hash and IMAP password) are dropped.
  function textColumns(rows, endpoint) {
    for (const row of rows) {
      if ("password" in row) delete row.password;
      for (const key in row) {
        const type = typeof row[key];
        if (type === "number" || type === "boolean") {
          rewriteRow(row, endpoint);
          break;
        }
      }
    }
  }

  // The text columns come from the wasm (pmp-core's models) the first time a row needs them.
  function rewriteRow(row, endpoint) {
    for (const name of (endpoint.columns ??= Core.rowColumns(endpoint.op).split(","))) {
      const value = row[name];
      if (typeof value === "number") row[name] = String(value);
      else if (typeof value === "boolean") row[name] = value ? "1" : "0";
    }
  }

  // The options of `new PmpClient(options)`, type-checked; pmp-core checks their values
  // (base URL, token, headers, retry policy) in `Core`.
  const OPTION_NAMES = ["baseUrl", "token", "headers", "timeoutMs", "totalTimeoutMs", "maxResponseBytes", "retries",
    "retryWrites", "retryCreates", "retryBaseMs", "retryMaxMs", "retryAfterMaxMs", "fetch", "onRequest", "onResponse"];
  const MAX_MS = 2147483647; // the longest delay setTimeout honours
  const MAX_RETRIES = PMP_DEFAULTS.maxRetries; // which Core enforces too
  function readOptions(options) {
    if (!isObject(options)) throw invalid("options must be an object with baseUrl and token");
    // Read once, inherited properties included (an options object may be a class instance).
    const o = {};
    for (const name of OPTION_NAMES) o[name] = options[name];
    for (const name of ["baseUrl", "token"]) {
      if (typeof o[name] !== "string") throw invalid(`options.${name} must be a string`);
    }
    const headers = o.headers ?? {};
    const proto = isObject(headers) ? Object.getPrototypeOf(headers) : undefined;
    if (proto !== null && proto !== Object.prototype) {
      throw invalid("options.headers must be a plain object of strings (not a Headers or Map)");
    }
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== "string") throw invalid(`options.headers["${name}"] must be a string`);
    }
    o.headers = headers;
    const check = (name, ok, what) => {
      const value = o[name];
      if (value !== undefined && !(typeof value === "number" && ok(value))) {
        throw invalid(`options.${name} must be ${what}`);
      }
    };
    const ms = (min) => [(v) => Number.isInteger(v) && v >= min && v <= MAX_MS,
      `a whole number of milliseconds from ${min} to ${MAX_MS}`];
    check("timeoutMs", (v) => v > 0 && v <= MAX_MS, `a number of milliseconds, above 0 and at most ${MAX_MS}`);
    // Fractions are rounded up: setTimeout counts whole milliseconds.
    o.timeoutMs = o.timeoutMs === undefined ? PMP_DEFAULTS.timeoutMs : Math.ceil(o.timeoutMs);
    check("totalTimeoutMs", ...ms(1));
    check("maxResponseBytes", (v) => Number.isSafeInteger(v) && v > 0, "a positive integer");
    o.maxResponseBytes ??= PMP_DEFAULTS.maxResponseBytes;
    check("retries", (v) => Number.isInteger(v) && v >= 0 && v <= MAX_RETRIES, `an integer from 0 to ${MAX_RETRIES}`);
    for (const name of ["retryBaseMs", "retryMaxMs", "retryAfterMaxMs"]) check(name, ...ms(0));
    for (const name of ["retryWrites", "retryCreates"]) {
      if (o[name] !== undefined && typeof o[name] !== "boolean") throw invalid(`options.${name} must be a boolean`);
    }
    for (const name of ["fetch", "onRequest", "onResponse"]) {
      if (o[name] !== undefined && typeof o[name] !== "function") throw invalid(`options.${name} must be a function`);
    }
    o.fetch ??= globalThis.fetch;
    if (typeof o.fetch !== "function") throw invalid("options.fetch must be a function (and there is no global fetch)");
    return o;
  }

  function callSignal(options) {
    if (options === undefined || options === null) return undefined;
    if (!isObject(options)) {
      throw invalid("call options must be an object such as { signal }");
    }
    const { signal } = options;
    if (signal === undefined || signal === null) return undefined;
    if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) {
      throw invalid("options.signal must be an AbortSignal");
    }
    return signal;
  }

  // The error of a call stopped by its scope: the caller's abort or the overall time limit.
  function stopError(core, scope, attempts, total) {
    return scope.reason === "total"
      ? core.error({ kind: "timeout", message: `no result within totalTimeoutMs (${total} ms)`, attempts })
      : core.error({ kind: "aborted", message: "the call was aborted", attempts });
  }

  // Waits `ms` milliseconds, or less if the scope aborts first.
  function sleep(ms, scope) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        scope?.removeEventListener("abort", done);
        resolve();
      }
      scope?.addEventListener("abort", done);
    });
  }

  // A hook's result; what it throws, or the promise it returns rejects with, is dropped so
  // that a broken logger never breaks the call nor leaves an unhandled rejection.
  function callHook(hook, event) {
    let returned;
    try {
      returned = hook(event);
    } catch {
      return undefined;
    }
    if (typeof returned?.then === "function") {
      Promise.resolve(returned).catch(ignore);
      return undefined;
    }
    return returned;
  }

  // The body of an answer as text, or undefined (and the attempt aborted) when it is larger
  // than `limit` bytes: the declared Content-Length is checked first, then the bytes are
  // counted as they arrive (a compressed or chunked body declares nothing reliable).
  async function readText(response, limit, wait, abort) {
    if (response.headers?.get?.("content-length") > limit) return abort();
    const reader = response.body?.getReader?.();
    // A custom fetch's answer without a stream is read whole.
    if (!reader) return wait(response.text());
    const decoder = new TextDecoder();
    let text = "";
    for (let size = 0; ;) {
      const { done, value } = await wait(reader.read());
      if (done) return text + decoder.decode();
      if ((size += value.byteLength) > limit) {
        reader.cancel().catch(ignore);
        return abort();
      }
      text += decoder.decode(value, { stream: true });
    }
  }

  // A short, one-line description of a body that is not the JSON expected, for messages: an
  // HTML page is named, never quoted (2.0.8's error pages hold SQL and server paths).
  function excerpt(text) {
    const CHARS = 120;
    const folded = text.slice(0, 4 * CHARS).split(/\s+/).filter(Boolean).join(" ");
    if (!folded) return "no body";
    if (folded.startsWith("<")) return "an HTML page";
    const chars = [...folded];
    let short = chars.slice(0, CHARS).join("");
    if (text.length > 4 * CHARS || chars.length > CHARS) short += "…";
    return `\`${short}\``;
  }

  // The message of a rejection, with its `cause` (Node's `fetch failed` hides the reason there).
  function describe(reason) {
    const text = (v) => (typeof v === "string" ? v : typeof v?.message === "string" ? v.message : "");
    const message = text(reason);
    const cause = text(reason?.cause);
    return (cause ? `${message} (${cause})` : message) || "unknown error";
  }

  // 1.0 and 2.0 answer 404 `... Update Fail.` both to an unknown id and to an update that
  // changes nothing: one get tells them apart (not_found, or `unchanged: true`).
  async function update(client, endpoint, args, options) {
    try {
      return await call(client, endpoint, args, undefined, options);
    } catch (error) {
      if (error.kind !== "http" || error.status !== 404 || !/Update Fail\.?$/.test(error.message)) throw error;
      try {
        const get = endpoints.find((e) => e.resource === endpoint.resource && e.operation === "get");
        await call(client, get, { id: args.id }, undefined, options);
      } catch (missing) {
        if (missing.kind === "not_found") {
          throw new PmpError({ kind: "not_found", message: `${error.message} (no row with this id)`, status: 404, attempts: error.attempts });
        }
        throw error;
      }
      return { status: false, message: error.message, unchanged: true };
    }
  }

  // The methods: their arguments as the catalogue names them, then the call options. Lists
  // and searches return every row; updates tell "unchanged" from "no such row".
  for (const endpoint of endpoints) {
    const body = endpoint.output === "rows" ? every : endpoint.operation === "update" ? update
      : (client, e, args, options) => call(client, e, args, undefined, options);
    const method = function (...args) { return body(this, endpoint, named(endpoint, args), args[endpoint.args.length]); };
    Object.defineProperty(PmpClient.prototype, endpoint.name, {
      value: Object.defineProperty(method, "name", { value: endpoint.name }),
      writable: true,
      configurable: true,
    });
  }
  ready = ready?.then(() => (loaded = true)).catch((reason) => (loadFailure = reason));
  if (typeof Symbol.dispose === "symbol") PmpClient.prototype[Symbol.dispose] = PmpClient.prototype.free;
  return { PmpClient, PmpError };
}
