// The retry loop of one call: the call's scope (the caller's signal and the overall time
// limit), the hooks around each attempt, and the attempts until one succeeds or the wasm
// (pmp-core's retry policy and the server's wait) says to stop.
import { attempt, stopError } from "./attempt.js";
import { success } from "./answer.js";
import { isObject } from "./common.js";
import { callHook } from "./hooks.js";

/**
 * Sends `request` (`{ method, url, headers, body }`) of `endpoint` until it succeeds or fails
 * for good: resolves to the answer as success() returns it, rejects with a PmpError.
 * `settings` are the client's read options, `signal` the caller's (or undefined), `writes`
 * the helpers of the calls that are not reads (writes.js; undefined for a read).
 */
export async function send(settings, core, endpoint, request, signal, writes) {
  const total = settings.totalTimeoutMs;
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
  const { method, url } = request;
  const { onRequest, onResponse } = settings;
  try {
    for (let number = 1; ; number++) {
      if (scope?.aborted) throw stopError(core, scope, number - 1, total);
      let sent = request;
      if (onRequest !== undefined) {
        try {
          sent = { ...request, headers: hookRequest(onRequest, core, endpoint, request, number) };
        } catch (error) {
          error.attempts = number - 1;
          throw error;
        }
      }
      const started = onResponse === undefined ? 0 : Date.now();
      const got = await attempt(settings, core, sent, number, scope, total);
      const { status } = got;
      if (got.final !== undefined) {
        if (started !== 0 && status >= 100) hookResponse(onResponse, method, url, status, number, Date.now() - started);
        throw got.final;
      }
      let { failure } = got;
      if (failure === undefined) {
        if (started !== 0) hookResponse(onResponse, method, url, status, number, Date.now() - started, got.rate);
        const value = success(endpoint, status, got.text, number, core, writes);
        if (value !== undefined) return value;
        failure = core.failure(endpoint.op, { status, text: got.text, excerpt: excerpt(got.text), attempts: number });
        // "No data were found" on a list or search: no rows (an empty table).
        if (failure.kind === "not_found" && endpoint.output === "rows") return { data: [], meta: null };
      }
      // pmp-core decides the wait: the server's (Retry-After, else over a rate limit until
      // the last X-RateLimit-Reset, as 3.x's 429 sends neither), then the policy's.
      const wait = core.retryDelay(endpoint.op, failure, { retryAfter: got.retryAfter, rateReset: settings.rateReset });
      if (scope?.aborted) throw stopError(core, scope, number, total);
      if (wait < 0) throw failure;
      await sleep(wait, scope);
    }
  } finally {
    clearTimeout(totalTimer);
    signal?.removeEventListener("abort", onAbort);
  }
}

// Calls onRequest; the headers it returns at once (an object of strings) are added to this
// attempt, checked as the `headers` option is.
function hookRequest(hook, core, { method, tokenHeaders }, { url, headers }, attempt) {
  const shown = { ...headers };
  for (const name of tokenHeaders) shown[name] = "[redacted]";
  const returned = callHook(hook, { method, url, attempt, headers: shown });
  if (!isObject(returned)) return headers;
  const added = Object.fromEntries(Object.entries(returned));
  core.checkHeaders(added);
  return { ...headers, ...added };
}

function hookResponse(hook, method, url, status, attempt, durationMs, rateLimit) {
  callHook(hook, { method, url, attempt, status, durationMs: Math.max(durationMs, 0), rateLimit });
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
