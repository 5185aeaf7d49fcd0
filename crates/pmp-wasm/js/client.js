// The `PmpClient` class: the asynchronous half of the client, around the wasm's `Core`.
//
// The wasm (pmp-core) checks the options, builds each request, classifies failed answers and
// decides retries, all synchronously. This file sends with `fetch`, enforces time limits and
// aborts, runs the retry loop and returns successful answers as `JSON.parse` made them after
// a shape check: a successful call crosses into the wasm once (issue 7). Methods are defined
// from the wasm's catalogue, so they are pmp-core's endpoints and nothing else.

/** Builds the `PmpClient` and `PmpError` classes over an instantiated wasm-bindgen glue. */
export function clientClass(glue) {
  const { Core } = glue;
  const PmpError = glue.pmpErrorClass();
  // Input kinds of pmp-core's `InputKind`, in its order; outputs of `OutputKind`.
  const ID_AND_FIELDS = 4;
  const [ROWS, ROW] = [0, 1];
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  const ignore = () => {};
  // `call(client, endpoint, first, second, options)`: a method's body, set by the class's
  // static block so that it can reach the private members.
  let call;

  class PmpClient {
    #core;
    #fetch;
    #onRequest;
    #onResponse;

    constructor(options) {
      this.#core = new Core(options);
      this.#fetch = options.fetch ?? globalThis.fetch;
      this.#onRequest = options.onRequest;
      this.#onResponse = options.onResponse;
    }

    static {
      call = (client, endpoint, first, second, options) =>
        #core in client
          ? client.#call(endpoint, first, second, options)
          : Promise.reject(new PmpError("invalid_input", "PmpClient methods must be called on a PmpClient", undefined, {}, 0));
    }

    /** Releases the wasm memory now; later calls reject with kind `invalid_input`. */
    free() {
      this.#core?.free();
      this.#core = undefined;
    }

    // One call of endpoint `op`: refused before sending, or sent until it succeeds or fails
    // for good. Rejects only with a PmpError.
    async #call(endpoint, first, second, options) {
      const core = this.#core;
      if (!core) throw new PmpError("invalid_input", "the client was freed", undefined, {}, 0);
      const signal = callSignal(core, options);
      const [url, headers, body] = core.prepare(endpoint.op, first, second);
      const total = core.totalTimeoutMs;
      if (signal === undefined && total === undefined) {
        return this.#attempts(core, endpoint, url, headers, body, undefined);
      }
      // The caller's signal and the overall time limit abort one scope that every attempt
      // and wait of the call listens to.
      const scope = new AbortController();
      const onAbort = () => scope.abort("aborted");
      if (signal?.aborted) onAbort();
      signal?.addEventListener("abort", onAbort);
      const timer = total === undefined ? undefined : setTimeout(() => scope.abort("total"), total);
      try {
        return await this.#attempts(core, endpoint, url, headers, body, scope.signal);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      }
    }

    async #attempts(core, endpoint, url, headers, body, scope) {
      const { method } = endpoint;
      for (let attempt = 1; ; attempt++) {
        if (scope?.aborted) throw stopped(core, scope, attempt - 1);
        let sent;
        try {
          sent = this.#hookRequest(core, method, url, headers, attempt);
        } catch (error) {
          error.attempts = attempt - 1;
          throw error;
        }
        const started = Date.now();
        let status;
        let failure;
        let retryAfter;
        try {
          const response = await this.#exchange(core, method, url, sent, body, scope);
          status = response.status;
          this.#hookResponse(method, url, status, attempt, Date.now() - started);
          const value = success(endpoint, status, response.text);
          if (value !== undefined) return value;
          failure = core.failure(endpoint.op, status, response.text, attempt);
          retryAfter = response.retryAfter;
        } catch (error) {
          // Only errors of this file reach here (the hooks' are dropped).
          if (scope?.aborted) throw stopped(core, scope, attempt);
          if (error.kind !== "network" && error.kind !== "timeout") throw error;
          error.attempts = attempt;
          failure = error;
          status = error.kind === "network" ? 0 : 1;
        }
        const wait = core.retryDelay(endpoint.op, attempt, status, retryAfter);
        if (wait < 0 || scope?.aborted) throw scope?.aborted ? stopped(core, scope, attempt) : failure;
        await sleep(wait, scope);
      }
    }

    // One attempt: the answer's status, body text and `Retry-After`, or a PmpError of kind
    // network or timeout (the scope's abort is reported by the caller).
    async #exchange(core, method, url, headers, body, scope) {
      const timeoutMs = core.timeoutMs;
      const controller = new AbortController();
      let stop;
      // Each wait is raced against `stopped`, so that a custom fetch that ignores its signal
      // cannot outlive the time limit or the caller's abort.
      const stopped = new Promise((_, reject) => (stop = reject));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        stop("timeout");
      }, timeoutMs);
      const onAbort = () => {
        controller.abort();
        stop("aborted");
      };
      scope?.addEventListener("abort", onAbort);
      stopped.catch(ignore);
      try {
        const fetch = this.#fetch;
        const init = { method, headers, signal: controller.signal };
        if (body !== undefined) init.body = body;
        const response = await Promise.race([fetch(url, init), stopped]);
        const status = response?.status;
        if (!(status >= 100 && status <= 599) || typeof response.text !== "function") {
          throw new TypeError("fetch did not return a Response");
        }
        const text = await Promise.race([response.text(), stopped]);
        const retryAfter =
          status >= 300 && typeof response.headers?.get === "function"
            ? (response.headers.get("retry-after") ?? undefined)
            : undefined;
        return { status, text, retryAfter };
      } catch (reason) {
        if (timedOut) throw core.error("timeout", `no answer within ${timeoutMs} ms`, 0);
        if (scope?.aborted) throw reason;
        throw core.error("network", `the request failed: ${describe(reason)}`, 0);
      } finally {
        clearTimeout(timer);
        scope?.removeEventListener("abort", onAbort);
      }
    }

    // Calls onRequest; the headers it returns at once (an object of strings) are added to
    // this attempt, checked as the `headers` option is.
    #hookRequest(core, method, url, headers, attempt) {
      const hook = this.#onRequest;
      if (hook === undefined) return headers;
      const returned = callHook(hook, { method, url, attempt, headers: Core.shown(headers) });
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
  function textColumns(rows, columns) {
    for (const row of rows) {
      for (const name of columns) {
        const value = row[name];
        if (typeof value === "number") row[name] = String(value);
        else if (typeof value === "boolean") row[name] = value ? "1" : "0";
      }
    }
  }

  function callSignal(core, options) {
    if (options === undefined || options === null) return undefined;
    if (!isObject(options)) {
      throw core.error("invalid_input", "call options must be an object such as { signal }", 0);
    }
    const { signal } = options;
    if (signal === undefined || signal === null) return undefined;
    if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) {
      throw core.error("invalid_input", "options.signal must be an AbortSignal", 0);
    }
    return signal;
  }

  // The error of a call stopped by its scope: the caller's abort or the overall time limit.
  function stopped(core, scope, attempts) {
    return scope.reason === "total"
      ? core.error("timeout", `no result within totalTimeoutMs (${core.totalTimeoutMs} ms)`, attempts)
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

  // The message of a rejection, with its `cause` (Node's `fetch failed` hides the reason there).
  function describe(reason) {
    const text = (v) => (typeof v === "string" ? v : typeof v?.message === "string" ? v.message : "");
    const message = text(reason);
    const cause = text(reason?.cause);
    return (cause ? `${message} (${cause})` : message) || "unknown error";
  }

  // The methods' parameters by input kind: (options), (id | keyword | input, options) or
  // (id, input, options).
  const method = (input, e) =>
    input === 0
      ? function (options) { return call(this, e, undefined, undefined, options); }
      : input === ID_AND_FIELDS
        ? function (first, second, options) { return call(this, e, first, second, options); }
        : function (first, options) { return call(this, e, first, undefined, options); };
  glue.catalogue().forEach(([name, verb, input, output, columns], op) => {
    const endpoint = { op, method: verb, output, columns: columns.split(",").filter(Boolean) };
    Object.defineProperty(PmpClient.prototype, name, {
      value: Object.defineProperty(method(input, endpoint), "name", { value: name }),
      writable: true,
      configurable: true,
    });
  });
  if (typeof Symbol.dispose === "symbol") PmpClient.prototype[Symbol.dispose] = PmpClient.prototype.free;
  return { PmpClient, PmpError };
}
