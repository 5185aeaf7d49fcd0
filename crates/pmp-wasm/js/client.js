// The `PmpClient` class: the asynchronous half of the client, around the wasm's `Core`.
//
// The wasm (pmp-core) checks the options, builds each request, classifies failed answers and
// decides retries, all synchronously. This file sends with `fetch`, enforces time limits and
// aborts, runs the retry loop and returns successful answers as `JSON.parse` made them after
// a shape check: a successful call crosses into the wasm once (issue 7). Methods are defined
// from the wasm's catalogue, so they are pmp-core's endpoints and nothing else.
//
// `cargo xtask pkg` writes in PMP_METHODS, the catalogue's methods as `name` + `input` digit,
// comma-separated, read from the built wasm, so that the class and its methods exist before
// the wasm is instantiated.
import { PmpError } from "./web/error.js";

/**
 * Builds the `PmpClient` and `PmpError` classes over a wasm-bindgen glue: an instantiated one,
 * or one whose instantiation `ready` will settle (an entry without top-level await). Until
 * then, calls wait for it, and the options pmp-core checks are checked at the first call.
 */
export function clientClass(glue, ready) {
  const { Core } = glue;
  // The catalogue's endpoints (see the end), once the wasm is there; if it could not be
  // loaded, the reason, for every call to reject with.
  let endpoints;
  let loadFailure;
  // Input kinds of pmp-core's `InputKind`, in its order; outputs of `OutputKind`.
  const ID_AND_FIELDS = 4;
  const [ROWS, ROW] = [0, 1];
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  const ignore = () => {};
  // A call or option refused before anything is sent (no token can be in these messages).
  const invalid = (message) => new PmpError("invalid_input", message, undefined, [], 0);
  // `call(client, endpoint, first, second, options)`: a method's body, set by the class's
  // static block so that it can reach the private members.
  let call;

  class PmpClient {
    // The wasm's `Core`; null until the wasm is ready (`#coreArgs` waits for it), undefined once freed.
    #core;
    #coreArgs;
    #fetch;
    #onRequest;
    #onResponse;
    // Whether the fetch is the global one, which honours its signal.
    #trusted;
    #timeoutMs;
    #totalTimeoutMs;
    #maxBytes;

    constructor(options) {
      const o = readOptions(options);
      const args = [o.baseUrl, o.token, o.headers, ...RETRY_OPTIONS.map((name) => o[name])];
      if (endpoints) this.#core = new Core(...args);
      else [this.#core, this.#coreArgs] = [null, args];
      this.#trusted = options.fetch === undefined;
      this.#fetch = o.fetch;
      this.#timeoutMs = o.timeoutMs;
      this.#totalTimeoutMs = o.totalTimeoutMs;
      this.#maxBytes = o.maxResponseBytes;
      this.#onRequest = o.onRequest;
      this.#onResponse = o.onResponse;
    }

    static {
      call = (client, op, first, second, options) =>
        #core in client
          ? client.#call(op, first, second, options)
          : Promise.reject(invalid("PmpClient methods must be called on a PmpClient"));
    }

    /** Releases the wasm memory now; later calls reject with kind `invalid_input`. */
    free() {
      this.#core?.free();
      this.#core = undefined;
    }

    // One call of endpoint `op`: refused before sending, or sent until it succeeds or fails
    // for good. Rejects only with a PmpError. One async function on purpose: every nested
    // async call would add promises and microtask turns to each call (issue 7).
    async #call(op, first, second, options) {
      if (!endpoints) {
        await ready;
        if (loadFailure) throw new PmpError("network", `the wasm could not be loaded: ${describe(loadFailure)}`, undefined, [], 0);
      }
      if (this.#core === null) [this.#core, this.#coreArgs] = [new Core(...this.#coreArgs)];
      const core = this.#core;
      if (!core) throw invalid("the client was freed");
      const endpoint = endpoints[op];
      const signal = callSignal(options);
      const [url, headers, body] = core.prepare(endpoint.op, first, second);
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
      const { method } = endpoint;
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
              final = core.error("redirect", `${url} redirects ${location === "elsewhere" ? location : `to ${location}`
                }: not followed, so that the token goes nowhere else; fix baseUrl`, attempt);
              if (status) final.status = status;
            } else {
              if (!(status >= 100 && status <= 599) || typeof response.text !== "function") {
                throw new TypeError("fetch did not return a Response");
              }
              text = await readText(response, this.#maxBytes, wait, () => controller.abort());
              if (text === undefined) {
                final = core.error("too_large", `the answer is over maxResponseBytes (${this.#maxBytes} bytes)`, attempt);
              } else if (typeof text !== "string") {
                throw new TypeError("Response.text() gave no string");
              } else if (status >= 300 && typeof response.headers?.get === "function") {
                retryAfter = response.headers.get("retry-after") ?? undefined;
              }
            }
          } catch (reason) {
            if (scope?.aborted) throw stopError(core, scope, attempt, total);
            failure = timedOut
              ? core.error("timeout", `no answer within ${timeoutMs} ms`, attempt)
              : core.error("network", `the request failed: ${describe(reason)}`, attempt);
            status = timedOut ? 1 : 0;
          } finally {
            clearTimeout(timer);
            scope?.removeEventListener("abort", onScopeAbort);
          }
          if (final !== undefined) {
            if (started !== 0 && status >= 100) this.#hookResponse(method, url, status, attempt, Date.now() - started);
            throw final;
          }
          if (failure === undefined) {
            if (started !== 0) this.#hookResponse(method, url, status, attempt, Date.now() - started);
            const value = success(endpoint, status, text);
            if (value !== undefined) return value;
            failure = core.failure(endpoint.op, status, text, excerpt(text), attempt);
          }
          // An HTTP-date Retry-After is read here; delta-seconds by pmp-core.
          const dateWait = retryAfter === undefined ? NaN : Date.parse(retryAfter.trim()) - Date.now();
          const wait = core.retryDelay(endpoint.op, attempt, status, retryAfter, Math.max(dateWait, 0));
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
      const sent = { ...headers };
      for (const [name, value] of Object.entries(returned)) {
        core.checkHeader(name, value);
        sent[name] = value;
      }
      return sent;
    }

    #hookResponse(method, url, status, attempt, durationMs) {
      const hook = this.#onResponse;
      if (hook !== undefined) callHook(hook, { method, url, attempt, status, durationMs: Math.max(durationMs, 0) });
    }
  }

  // The parsed answer of a success of `endpoint`, or undefined for the wasm to classify.
  function success(endpoint, status, text) {
    if (status < 200 || status > 299) return undefined;
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const { output, columns } = endpoint;
    if (output === ROWS) {
      // The document shows a search answering one object; real servers send an array.
      if (isObject(value) && value.status !== false) value = [value];
      else if (!Array.isArray(value) || !value.every(isObject)) return undefined;
      textColumns(value, columns);
      return value;
    }
    if (!isObject(value)) return undefined;
    if (output === ROW) {
      if (value.status === false) return undefined;
      textColumns([value], columns);
      return value;
    }
    // A write succeeded only if the server says so: `{status: true, ...}`.
    return value.status === true ? value : undefined;
  }

  // The named columns of rows as text, as the types say and as pmp-core decodes them: a
  // number becomes its JavaScript text, a boolean "1" or "0" (MySQL's). Others stay as sent.
  // Rows are first scanned with `for...in` (several times faster than reading each named
  // column): real servers send text, so the rewrite is seldom needed.
  function textColumns(rows, columns) {
    for (const row of rows) {
      for (const key in row) {
        const type = typeof row[key];
        if (type === "number" || type === "boolean") {
          rewriteRow(row, columns);
          break;
        }
      }
    }
  }

  function rewriteRow(row, columns) {
    for (const name of columns) {
      const value = row[name];
      if (typeof value === "number") row[name] = String(value);
      else if (typeof value === "boolean") row[name] = value ? "1" : "0";
    }
  }

  // The options of `new PmpClient(options)`, type-checked; pmp-core checks their values
  // (base URL, token, headers, retry policy) in `Core`.
  const RETRY_OPTIONS = ["retries", "retryWrites", "retryBaseMs", "retryMaxMs", "retryAfterMaxMs"];
  const OPTION_NAMES = ["baseUrl", "token", "headers", "timeoutMs", "totalTimeoutMs", "maxResponseBytes", ...RETRY_OPTIONS,
    "fetch", "onRequest", "onResponse"];
  const MAX_MS = 2147483647; // the longest delay setTimeout honours
  const MAX_RETRIES = 10; // pmp-core's MAX_RETRIES, which Core enforces too
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
    o.headers = [];
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== "string") throw invalid(`options.headers["${name}"] must be a string`);
      o.headers.push(name, value);
    }
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
    o.timeoutMs = o.timeoutMs === undefined ? 30000 : Math.ceil(o.timeoutMs);
    check("totalTimeoutMs", ...ms(1));
    check("maxResponseBytes", (v) => Number.isSafeInteger(v) && v > 0, "a positive integer");
    o.maxResponseBytes ??= 32 * 1024 * 1024;
    check("retries", (v) => Number.isInteger(v) && v >= 0 && v <= MAX_RETRIES, `an integer from 0 to ${MAX_RETRIES}`);
    for (const name of ["retryBaseMs", "retryMaxMs", "retryAfterMaxMs"]) check(name, ...ms(0));
    if (o.retryWrites !== undefined && typeof o.retryWrites !== "boolean") {
      throw invalid("options.retryWrites must be a boolean");
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
      ? core.error("timeout", `no result within totalTimeoutMs (${total} ms)`, attempts)
      : core.error("aborted", "the call was aborted", attempts);
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

  // A short, one-line description of a body that is not the JSON expected, for messages.
  // An HTML page is described by its text (markup, scripts and styles dropped), never quoted
  // as HTML: a message may be shown in a page.
  function excerpt(text) {
    const CHARS = 120;
    const html = /^\s*</.test(text);
    const limit = html ? 64 * CHARS : 4 * CHARS;
    let source = text.slice(0, limit);
    if (html) source = source.replace(/<(script|style)\b[\s\S]*?(<\/\1[^>]*>?|$)|<[^>]*>?/gi, " ");
    const folded = source.split(/\s+/).filter(Boolean).join(" ");
    if (!folded) return html ? "an HTML page" : "an empty body";
    const chars = [...folded];
    let short = chars.slice(0, CHARS).join("");
    if (text.length > limit || chars.length > CHARS) short += "…";
    return html ? `an HTML page: ${short}` : `\`${short}\``;
  }

  // The message of a rejection, with its `cause` (Node's `fetch failed` hides the reason there).
  function describe(reason) {
    const text = (v) => (typeof v === "string" ? v : typeof v?.message === "string" ? v.message : "");
    const message = text(reason);
    const cause = text(reason?.cause);
    return (cause ? `${message} (${cause})` : message) || "unknown error";
  }

  // The methods' parameters by input kind: (options), (id | keyword | input, options) or
  // (id, input, options).
  const method = (input, op) =>
    input === 0
      ? function (options) { return call(this, op, undefined, undefined, options); }
      : input === ID_AND_FIELDS
        ? function (first, second, options) { return call(this, op, first, second, options); }
        : function (first, options) { return call(this, op, first, undefined, options); };
  PMP_METHODS.split(",").forEach((entry, op) => {
    const name = entry.slice(0, -1);
    Object.defineProperty(PmpClient.prototype, name, {
      value: Object.defineProperty(method(+entry.slice(-1), op), "name", { value: name }),
      writable: true,
      configurable: true,
    });
  });
  const load = () => {
    // In the order of PMP_METHODS, which was read from this very wasm.
    endpoints = glue.catalogue().map(([, verb, , output, columns, tokenHeaders], op) =>
      ({ op, method: verb, output, columns: columns.split(",").filter(Boolean), tokenHeaders }));
  };
  if (ready) ready = ready.then(load).catch((reason) => (loadFailure = reason));
  else load();
  if (typeof Symbol.dispose === "symbol") PmpClient.prototype[Symbol.dispose] = PmpClient.prototype.free;
  return { PmpClient, PmpError };
}
