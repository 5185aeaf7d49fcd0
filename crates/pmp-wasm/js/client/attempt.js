// One attempt of a call: `fetch` within the attempt's time limit, aborted with the call's
// scope (the caller's signal, the overall time limit), redirects refused, the answer read up
// to maxResponseBytes, and the headers the retry decision reads (Retry-After,
// X-RateLimit-*). What the answer means is decided by the caller (answer.js, the wasm).
import { ignore } from "./common.js";

/**
 * One attempt of `request` (`{ method, url, headers, body }`), the `attempt`-th. Resolves to
 * `{ status, text, retryAfter, rate }` for an answer (`rate`: its X-RateLimit-* values, if
 * any; the reset is also kept in `settings.rateReset`), `{ failure }` for none (a timeout or a
 * network error, retried by policy), `{ final, status }` for a failure never retried (a
 * redirect, an answer over maxResponseBytes); rejects with the call's stop error once `scope`
 * aborted.
 */
export async function attempt(settings, core, request, attempt, scope, total) {
  // The fetch is called unbound, as browsers require of the global one.
  const { fetch, timeoutMs, maxBytes } = settings;
  const { method, url, headers, body } = request;
  // The attempt's own controller: aborted by its time limit or by the scope. A custom fetch
  // may ignore its signal, so its waits are also raced against `stopped`; the global fetch
  // honours it and is awaited directly.
  const controller = new AbortController();
  let stop = ignore;
  const stopped = settings.trusted ? undefined : new Promise((_, reject) => (stop = reject));
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
  try {
    // Redirects are not followed: fetch would send the token headers to wherever a server
    // points (it strips only Authorization across origins), https to http too.
    const init = { method, headers, signal: controller.signal, redirect: "manual" };
    if (body !== undefined) init.body = body;
    const wait = stopped ? (promise) => Promise.race([promise, stopped]) : (promise) => promise;
    const response = await wait(fetch(url, init));
    const status = response?.status;
    // An opaque redirect (a browser's, status 0) does not say where to.
    const location = response?.type === "opaqueredirect" ? "elsewhere"
      : status > 300 && status < 309 && response.headers?.get?.("location");
    if (location) {
      controller.abort(); // its body is not wanted: free the connection
      const final = core.error({ kind: "redirect", message: `${url} redirects ${location === "elsewhere" ? location : `to ${location}`
        }: not followed, so that the token goes nowhere else; fix baseUrl`, attempts: attempt });
      if (status) final.status = status;
      return { final, status };
    }
    if (!(status >= 100 && status <= 599) || typeof response.text !== "function") {
      throw new TypeError("fetch did not return a Response");
    }
    const text = await readText(response, maxBytes, wait, () => controller.abort());
    if (text === undefined) {
      return { final: core.error({ kind: "too_large", message: `the answer is over maxResponseBytes (${maxBytes} bytes)`, attempts: attempt }), status };
    }
    if (typeof text !== "string") throw new TypeError("Response.text() gave no string");
    const answered = response.headers;
    let retryAfter;
    let rate;
    if (typeof answered?.get === "function") {
      // Read only where pmp-core reads it (a success's would be ignored): one header lookup
      // less on every success.
      if (status >= 300) retryAfter = answered.get("retry-after") ?? undefined;
      const reset = answered.get("x-ratelimit-reset");
      if (reset !== null && reset !== undefined) {
        const limit = (name) => Number(answered.get(`x-ratelimit-${name}`));
        rate = { limit: limit("limit"), remaining: limit("remaining"), reset: Number(reset) };
        settings.rateReset = rate.reset;
      }
    }
    return { status, text, retryAfter, rate };
  } catch (reason) {
    if (scope?.aborted) throw stopError(core, scope, attempt, total);
    return {
      failure: timedOut
        ? core.error({ kind: "timeout", message: `no answer within ${timeoutMs} ms`, attempts: attempt })
        : core.error({ kind: "network", message: `the request failed: ${describe(reason)}`, attempts: attempt }),
    };
  } finally {
    clearTimeout(timer);
    scope?.removeEventListener("abort", onScopeAbort);
  }
}

/** The error of a call stopped by its scope: the caller's abort or the overall time limit. */
export function stopError(core, scope, attempts, total) {
  return scope.reason === "total"
    ? core.error({ kind: "timeout", message: `no result within totalTimeoutMs (${total} ms)`, attempts })
    : core.error({ kind: "aborted", message: "the call was aborted", attempts });
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

/** The message of a rejection, with its `cause` (Node's `fetch failed` hides the reason there). */
export function describe(reason) {
  const text = (v) => (typeof v === "string" ? v : typeof v?.message === "string" ? v.message : "");
  const message = text(reason);
  const cause = text(reason?.cause);
  return (cause ? `${message} (${cause})` : message) || "unknown error";
}
