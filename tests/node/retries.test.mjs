// Retries, timeouts, hooks and option checks of the packed client, driven by a scripted
// `fetch` (no server): each test states the answers in order and checks what the client did.
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { PmpClient, PmpError } from "pmp-client";

const TOKEN = "tok-RETRYCHECK-77a1";
const BASE = "http://127.0.0.1:9/crm/";
const ROWS = JSON.stringify([{ userid: "1", company: "Acme" }]);
const OK = JSON.stringify({ status: true, message: "done" });

// A rejection nobody handles (a hook's throw, a dropped promise) fails the test.
const unhandled = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled.splice(0).map(String), [], "unhandled rejections");
});

/**
 * A fetch answering from `script`, one entry per request: `[status, body, headers]`, or
 * `"hang"` (never answers, settles only when its signal aborts). `calls` records each request
 * and `live` counts requests not yet settled or aborted.
 */
function scripted(script) {
  const fake = {
    calls: [],
    live: 0,
    fetch: (url, init) => {
      fake.calls.push({ url, method: init.method, headers: init.headers });
      const next = script[Math.min(fake.calls.length - 1, script.length - 1)];
      if (next === "hang") {
        fake.live += 1;
        return new Promise((_, reject) =>
          init.signal.addEventListener("abort", () => {
            fake.live -= 1;
            reject(new DOMException("aborted", "AbortError"));
          }),
        );
      }
      const [status, body, headers = {}] = next;
      return Promise.resolve(new Response(body, { status, headers }));
    },
  };
  return fake;
}

const client = (fake, options = {}) =>
  new PmpClient({ baseUrl: BASE, token: TOKEN, fetch: fake.fetch, retryBaseMs: 1, retryMaxMs: 2, ...options });

async function failure(promise) {
  const err = await promise.then(
    (v) => assert.fail(`expected a rejection, got ${JSON.stringify(v)}`),
    (e) => e,
  );
  assert.ok(err instanceof PmpError, `not a PmpError: ${err}`);
  for (const text of [err.message, String(err), JSON.stringify(err), String(err.stack), inspect(err, { showHidden: true })]) {
    assert.ok(!text.includes(TOKEN), `the token leaked: ${text}`);
  }
  return err;
}

describe("retries", () => {
  test("503 on every attempt: 1 + retries requests, then the http error with attempts", async () => {
    const fake = scripted([[503, "{}"]]);
    const err = await failure(client(fake, { retries: 3 }).listCustomers());
    assert.equal(err.kind, "http");
    assert.equal(err.status, 503);
    assert.equal(err.attempts, 4);
    assert.equal(fake.calls.length, 4);
  });

  test("502 then 200: the GET succeeds on the second attempt", async () => {
    const fake = scripted([[502, "bad gateway"], [200, ROWS]]);
    assert.equal((await client(fake).listCustomers())[0].company, "Acme");
    assert.equal(fake.calls.length, 2);
  });

  test("404 and a success are not retried; attempts is 1", async () => {
    const fake = scripted([[404, JSON.stringify({ status: false, message: "No data were found" })]]);
    const err = await failure(client(fake, { retries: 5 }).getCustomer(1));
    assert.equal(err.kind, "not_found");
    assert.equal(err.attempts, 1);
    assert.equal(fake.calls.length, 1);
  });

  test("POST is never retried, even with retryWrites", async () => {
    const fake = scripted([[503, "{}"], [200, OK]]);
    const err = await failure(client(fake, { retryWrites: true }).createCustomer({ company: "A" }));
    assert.equal(err.attempts, 1);
    assert.equal(fake.calls.length, 1);
  });

  test("PUT is retried only with retryWrites", async () => {
    const off = scripted([[503, "{}"], [200, OK]]);
    assert.equal((await failure(client(off).updateCustomer(1, { company: "A" }))).attempts, 1);
    assert.equal(off.calls.length, 1);
    const on = scripted([[503, "{}"], [200, OK]]);
    assert.equal((await client(on, { retryWrites: true }).updateCustomer(1, { company: "A" })).status, true);
    assert.deepEqual(on.calls.map((c) => c.method), ["PUT", "PUT"]);
  });

  test("Retry-After: 1 makes the client wait about a second", async () => {
    const fake = scripted([[503, "{}", { "Retry-After": "1" }], [200, ROWS]]);
    const started = performance.now();
    await client(fake).listCustomers();
    // A lower bound only (timer slack allowed): never shorter than the server asked.
    assert.ok(performance.now() - started >= 900);
    assert.equal(fake.calls.length, 2);
  });

  test("a refused argument makes no attempt: attempts 0", async () => {
    const fake = scripted([[200, ROWS]]);
    const err = await failure(client(fake).getCustomer(-1));
    assert.equal(err.kind, "invalid_input");
    assert.equal(err.attempts, 0);
    assert.equal(fake.calls.length, 0);
  });
});

describe("timeouts and aborts", () => {
  test("an abort during a 30 s Retry-After wait rejects at once with kind aborted", async () => {
    const fake = scripted([[503, "{}", { "Retry-After": "30" }]]);
    const stop = new AbortController();
    const pending = client(fake).listCustomers({ signal: stop.signal });
    const poll = setInterval(() => fake.calls.length >= 1 && stop.abort(), 5);
    const started = performance.now();
    const err = await failure(pending).finally(() => clearInterval(poll));
    assert.equal(err.kind, "aborted");
    assert.equal(fake.calls.length, 1);
    assert.ok(performance.now() - started < 10_000, "did not wait the 30 s");
  });

  test("per-attempt timeout: each hanging attempt is aborted, then kind timeout", async () => {
    const fake = scripted(["hang"]);
    const err = await failure(client(fake, { retries: 1, timeoutMs: 50 }).listCustomers());
    assert.equal(err.kind, "timeout");
    assert.equal(err.attempts, 2);
    assert.equal(fake.calls.length, 2);
    assert.equal(fake.live, 0, "no request left running");
  });

  test("totalTimeoutMs ends a hanging attempt and the call with kind timeout", async () => {
    const fake = scripted(["hang"]);
    const err = await failure(client(fake, { retries: 5, totalTimeoutMs: 100 }).listCustomers());
    assert.equal(err.kind, "timeout");
    assert.match(err.message, /totalTimeoutMs/);
    assert.equal(fake.calls.length, 1);
    assert.equal(fake.live, 0, "the running attempt was aborted");
  });
});

describe("hooks", () => {
  test("onRequest and onResponse get plain objects per attempt, token redacted", async () => {
    const fake = scripted([[502, "{}"], [200, JSON.stringify({ ticketid: "1" })]]);
    const seen = [];
    await client(fake, {
      onRequest: (r) => seen.push(["request", r]),
      onResponse: (r) => seen.push(["response", r]),
    }).getTicket(1);
    assert.deepEqual(seen.map(([what, r]) => [what, r.attempt, r.status]), [
      ["request", 1, undefined], ["response", 1, 502], ["request", 2, undefined], ["response", 2, 200],
    ]);
    const [, request] = seen[0];
    assert.equal(request.method, "GET");
    assert.equal(request.url, `${BASE}api/tickets/1`);
    assert.equal(Object.getPrototypeOf(request.headers), Object.prototype);
    assert.equal(request.headers.authtoken, "[redacted]");
    // No server version reads Authorization: the token goes in authtoken only.
    assert.equal(request.headers.Authorization ?? request.headers.authorization, undefined);
    assert.ok(seen.every(([what, r]) => what === "request" || r.durationMs >= 0));
    assert.ok(!JSON.stringify(seen).includes(TOKEN));
    // The request itself still carries the token.
    assert.equal(fake.calls[0].headers.authtoken, TOKEN);
  });

  test("headers onRequest returns are added to that attempt, checked like options.headers", async () => {
    const fake = scripted([[503, "{}"], [200, ROWS]]);
    await client(fake, { onRequest: (r) => ({ "X-Attempt": String(r.attempt) }) }).listCustomers();
    assert.deepEqual(fake.calls.map((c) => c.headers["X-Attempt"]), ["1", "2"]);
    assert.equal(fake.calls[1].headers.authtoken, TOKEN, "the token headers stay");

    for (const [returned, why] of [[{ authtoken: "other" }, /set from the token/], [{ "X-A": "a\nb" }, /control/], [{ "X-A": 1 }, /non-string/]]) {
      const refused = scripted([[200, ROWS]]);
      const err = await client(refused, { onRequest: () => returned }).listCustomers().catch((e) => e);
      assert.ok(err instanceof PmpError);
      assert.equal(err.kind, "invalid_input");
      assert.match(err.message, why);
      assert.equal(refused.calls.length, 0, "nothing was sent");
    }
  });

  test("hooks that throw, or reject, do not break the call", async () => {
    const fake = scripted([[503, "{}"], [200, ROWS]]);
    const rows = await client(fake, {
      onRequest: () => {
        throw new Error("logger down");
      },
      onResponse: () => Promise.reject(new Error("metrics down")),
    }).listCustomers();
    assert.equal(rows.length, 1);
    assert.equal(fake.calls.length, 2);
  });
});

describe("row answers", () => {
  test("named columns sent as numbers or booleans come back as text; other fields as sent", async () => {
    const row = { userid: 3, active: true, latitude: null, company: 12.5, customfields: [{ label: "n", value: 1 }], extra: 7 };
    const one = await client(scripted([[200, JSON.stringify(row)]]), {}).getCustomer(3);
    assert.deepEqual(one, { userid: "3", active: "1", latitude: null, company: "12.5", customfields: [{ label: "n", value: 1 }], extra: 7 });
    const many = await client(scripted([[200, JSON.stringify([{ ticketid: 7, priority: 2 }, { ticketid: "8" }])]]), {}).searchTickets("x");
    assert.deepEqual(many, [{ ticketid: "7", priority: "2" }, { ticketid: "8" }]);
  });
});

describe("write answers", () => {
  test("a write answer that does not say status: true is a decode error", async () => {
    for (const body of [JSON.stringify({ userid: "1", company: "Acme" }), JSON.stringify({ status: "yes" })]) {
      const err = await client(scripted([[200, body]]), {}).createCustomer({ company: "A" }).catch((e) => e);
      assert.equal(err.kind, "decode", body);
      assert.match(err.message, /status, message/);
    }
    const ok = await client(scripted([[200, OK]]), {}).createCustomer({ company: "A" });
    assert.equal(ok.message, "done");
  });
});

describe("options and the error's printed forms", () => {
  test("each bad option is refused with invalid_input naming it", () => {
    const bad = [
      [{ retries: 11 }, /options\.retries/],
      [{ retries: 1.5 }, /options\.retries/],
      [{ retries: "2" }, /options\.retries/],
      [{ retryWrites: "yes" }, /options\.retryWrites/],
      [{ retryBaseMs: -1 }, /options\.retryBaseMs/],
      [{ retryMaxMs: 2 ** 31 }, /options\.retryMaxMs/],
      [{ retryAfterMaxMs: 0.5 }, /options\.retryAfterMaxMs/],
      [{ totalTimeoutMs: 0 }, /options\.totalTimeoutMs/],
      [{ retryBaseMs: 10, retryMaxMs: 5 }, /retryBaseMs must not exceed retryMaxMs/],
      [{ onRequest: "log" }, /options\.onRequest must be a function/],
      [{ onResponse: {} }, /options\.onResponse must be a function/],
    ];
    for (const [options, message] of bad) {
      assert.throws(() => new PmpClient({ baseUrl: BASE, token: TOKEN, ...options }), (e) => {
        assert.ok(e instanceof PmpError);
        assert.equal(e.kind, "invalid_input");
        assert.match(e.message, message);
        return true;
      });
    }
  });

  test("JSON.stringify gives kind, status, message, fieldErrors, attempts", async () => {
    const fake = scripted([[500, `<html>${TOKEN}</html>`]]);
    const err = await failure(client(fake).listCustomers());
    const json = JSON.parse(JSON.stringify(err));
    assert.deepEqual(Object.keys(json).sort(), ["attempts", "fieldErrors", "kind", "message", "name", "status"]);
    assert.equal(json.kind, "http");
    assert.equal(json.status, 500);
    assert.equal(json.attempts, 1);
  });
});
