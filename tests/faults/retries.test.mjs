// The retry, timeout and hook contract, against the faulty server (run by the
// `fault injection` step of `cargo xtask test`).
//
// The contract: `new PmpClient({ baseUrl, token, retries = 2, retryWrites = false,
// retryBaseMs = 250, retryMaxMs = 5000, retryAfterMaxMs = 30000, timeoutMs = 30000 (per
// attempt), totalTimeoutMs (all attempts and waits; default none), onRequest, onResponse })`.
// GET is retried on network errors, per-attempt timeouts, 429/502/503/504; PUT and DELETE only
// with retryWrites; POST never. Retry-After is honoured, capped by retryAfterMaxMs. An abort or
// timeout cancels the wait between attempts at once. Hooks get the token as `[redacted]`; a
// hook that throws does not break the call. PmpError carries `attempts`.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PmpClient } from "pmp-client";
import { TOKEN, failure } from "./common.mjs";
import { startFaultServer } from "./server.mjs";

let server;
before(async () => {
  server = await startFaultServer();
});
after(async () => {
  await server?.stop();
});
beforeEach(() => server.reset());

/** A client of `route` with fast backoff (the waits are not what these tests measure). */
const client = (route, options = {}) =>
  new PmpClient({ baseUrl: server.url(route), token: TOKEN, retryBaseMs: 1, retryMaxMs: 5, ...options });

/**
 * A bound far below the 30 s the `unavailable` route asks to wait: a call that ends within it
 * did not wait; one that waited fails the test. 10x the overall limits below.
 */
const FAR_BELOW_30_S = 10_000;

/**
 * The overall limit of the totalTimeoutMs tests: long enough that the first request reaches
 * the server well within it however busy the machine (the counts below depend on that).
 */
const TOTAL_MS = 1_000;

describe("which calls are retried", () => {
  test("the default is 2 retries: a GET gets past a 502", async () => {
    const pmp = new PmpClient({ baseUrl: server.url("502then200"), token: TOKEN });
    const rows = await pmp.listCustomers();
    assert.equal(rows[0].company, "Acme");
    assert.equal(server.count("502then200"), 2);
  });

  for (const route of ["502then200", "429then200", "504then200"]) {
    test(`GET after ${route.slice(0, 3)}: a second attempt succeeds`, async () => {
      assert.equal((await client(route).getCustomer(1)).userid, "1");
      assert.equal(server.count(route), 2);
    });
  }

  test("GET on a reset connection: 1 + retries attempts, then a network error", async () => {
    const err = await failure(client("reset", { retries: 2 }).listCustomers());
    assert.equal(err.kind, "network");
    assert.equal(err.attempts, 3);
    assert.equal(server.count("reset"), 3);
  });

  test("GET timing out per attempt: every attempt times out, kind timeout", async () => {
    // `hang` never answers; the limit only has to let each request reach the server (a few
    // ms) so that the count below holds on a busy machine too.
    const err = await failure(client("hang", { retries: 1, timeoutMs: 1_000 }).listCustomers());
    assert.equal(err.kind, "timeout");
    assert.equal(err.attempts, 2);
    assert.equal(server.count("hang"), 2);
  });

  test("not retried: 500, a decode failure, a status:false answer", async () => {
    for (const [route, kind] of [["html500", "http"], ["truncated", "decode"], ["statusFalse", "http"]]) {
      const err = await failure(client(route, { retries: 3 }).listCustomers(), route);
      assert.equal(err.kind, kind, route);
      assert.equal(err.attempts, 1, route);
      assert.equal(server.count(route), 1, route);
    }
  });

  test("POST is never retried, even with retryWrites", async () => {
    const err = await failure(client("502then200", { retryWrites: true }).createCustomer({ company: "A" }));
    assert.equal(err.status, 502);
    assert.equal(err.attempts, 1);
    assert.equal(server.count("502then200"), 1);
  });

  test("sendInvoice is never retried, even with retryCreates and retryWrites", async () => {
    const every = { retries: 3, retryCreates: true, retryWrites: true };
    // The same options retry a create: only the declaration of sendInvoice stops it.
    assert.equal((await client("502then200", every).createCustomer({ company: "A" })).status, true);
    assert.equal(server.count("502then200"), 2);
    for (const route of ["502then200", "503then200", "504then200", "reset"]) {
      server.reset();
      const err = await failure(client(route, every).sendInvoice(7, { cc: "a@example.com" }), route);
      assert.equal(err.attempts, 1, route);
      assert.equal(server.count(route), 1, `${route}: the email is requested once`);
    }
  });

  for (const [name, call] of [
    ["PUT", (pmp) => pmp.updateCustomer(1, { company: "A" })],
    ["DELETE", (pmp) => pmp.deleteCustomer(1)],
  ]) {
    test(`${name} is retried only with retryWrites`, async () => {
      const err = await failure(call(client("502then200")));
      assert.equal(err.status, 502);
      assert.equal(err.attempts, 1);
      assert.equal(server.count("502then200"), 1);
      server.reset();
      assert.equal((await call(client("502then200", { retryWrites: true }))).status, true);
      assert.equal(server.count("502then200"), 2);
    });
  }

  test("retries: 0 makes one attempt, and errors say so", async () => {
    const err = await failure(client("502then200", { retries: 0 }).listCustomers());
    assert.equal(err.attempts, 1);
    assert.equal(server.count("502then200"), 1);
  });
});

describe("Retry-After, aborts and the overall timeout", () => {
  test("Retry-After: 1 is honoured on a 503", async () => {
    const started = performance.now();
    assert.equal((await client("503then200").listCustomers())[0].company, "Acme");
    assert.equal(server.count("503then200"), 2);
    // A lower bound only: the wait cannot be shorter than the server asked (less 100 ms of
    // timer slack), however slow the machine.
    assert.ok(performance.now() - started >= 900, "waited about the second the server asked");
  });

  test("Retry-After as an HTTP date is honoured", async () => {
    const started = performance.now();
    assert.equal((await client("503dateThen200").listCustomers())[0].company, "Acme");
    assert.equal(server.count("503dateThen200"), 2);
    // The date is 2 s ahead at one-second resolution: more than 1 s of wait (lower bound).
    assert.ok(performance.now() - started >= 900, "waited until the date the server gave");
  });

  test("a redirect is neither followed nor retried", async () => {
    const err = await failure(client("redirectLoop", { retries: 2 }).listCustomers());
    assert.equal(err.kind, "redirect");
    assert.equal(err.attempts, 1);
    assert.equal(server.count("redirectLoop"), 1);
  });

  test("retryAfterMaxMs caps the wait the server asks for (30 s)", async () => {
    const err = await failure(client("unavailable", { retries: 2, retryAfterMaxMs: 1 }).listCustomers());
    assert.equal(err.kind, "http");
    assert.equal(err.status, 503);
    assert.equal(err.attempts, 3);
    assert.equal(server.count("unavailable"), 3);
  });

  test("an abort during the wait between attempts ends the call at once", async () => {
    const stop = new AbortController();
    const started = performance.now();
    const pending = client("unavailable").listCustomers({ signal: stop.signal });
    // Abort once the first answer (503, Retry-After: 30) is in: the client is then waiting.
    const poll = setInterval(() => server.count("unavailable") >= 1 && stop.abort(), 10);
    const err = await failure(pending).finally(() => clearInterval(poll));
    assert.equal(err.kind, "aborted");
    assert.equal(server.count("unavailable"), 1);
    assert.ok(performance.now() - started < FAR_BELOW_30_S, "the 30 s wait was cut short");
  });

  test("totalTimeoutMs ends the wait between attempts with kind timeout", async () => {
    const started = performance.now();
    const err = await failure(client("unavailable", { totalTimeoutMs: TOTAL_MS }).listCustomers());
    assert.equal(err.kind, "timeout");
    assert.equal(server.count("unavailable"), 1);
    assert.ok(performance.now() - started < FAR_BELOW_30_S, "the 30 s wait was cut short");
  });

  test("totalTimeoutMs bounds attempts that each hang", async () => {
    const started = performance.now();
    const err = await failure(
      client("hang", { retries: 5, timeoutMs: 30_000, totalTimeoutMs: TOTAL_MS }).listCustomers(),
    );
    assert.equal(err.kind, "timeout");
    assert.ok(performance.now() - started < FAR_BELOW_30_S, "ended by the overall timeout");
    assert.equal(server.count("hang"), 1, "the first attempt was still running at the deadline");
  });
});

describe("hooks", () => {
  test("onRequest and onResponse see every attempt, with the token redacted", async () => {
    const requests = [];
    const responses = [];
    const pmp = client("502then200", {
      onRequest: (r) => requests.push(structuredClone(r)),
      onResponse: (r) => responses.push(structuredClone(r)),
    });
    await pmp.getTicket(1); // tickets send the token in two headers
    assert.deepEqual(requests.map((r) => r.attempt), [1, 2]);
    for (const r of requests) {
      assert.equal(r.method, "GET");
      assert.equal(r.url, `${server.url("502then200")}api/tickets/1`);
      const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
      assert.equal(headers.authtoken, "[redacted]");
      assert.equal(headers.authorization, undefined, "no server reads Authorization: not sent");
    }
    assert.deepEqual(responses.map((r) => [r.attempt, r.status]), [[1, 502], [2, 200]]);
    for (const r of responses) {
      assert.equal(r.method, "GET");
      assert.equal(typeof r.durationMs, "number");
      assert.ok(r.durationMs >= 0);
    }
    const seen = JSON.stringify([requests, responses]);
    assert.ok(!seen.includes(TOKEN), `the token reached a hook: ${seen}`);
  });

  test("a hook that throws does not break the call (nor leave a rejection behind)", async () => {
    const pmp = client("502then200", {
      onRequest: () => {
        throw new Error("onRequest broke");
      },
      onResponse: async () => {
        throw new Error("onResponse broke");
      },
    });
    assert.equal((await pmp.listCustomers())[0].company, "Acme");
    assert.equal(server.count("502then200"), 2);
  });

  test("the token is redacted in hooks even when the server echoes it", async () => {
    const seen = [];
    const pmp = client("echoJson", { onRequest: (r) => seen.push(r), onResponse: (r) => seen.push(r) });
    await failure(pmp.listCustomers());
    assert.ok(seen.length >= 2);
    assert.ok(!JSON.stringify(seen).includes(TOKEN));
  });
});
