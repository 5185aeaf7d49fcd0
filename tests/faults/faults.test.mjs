// Fault injection against the packed pmp-client, with retries off (`retries: 0`):
// every fault becomes the right PmpError after the right number of requests, nothing is left
// unhandled, the same client works right after, the token never leaks, and 1,000 faults in a
// row settle without memory growth. The retry behaviour is in retries.test.mjs.
import { wasmMemoryBytes } from "./wasm-memory.mjs"; // first: it watches the wasm instantiation
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PmpClient, PmpError } from "pmp-client";
import { TOKEN, assertNoToken, failure } from "./common.mjs";
import { startFaultServer } from "./server.mjs";

/**
 * The per-attempt time limits of these tests. Only the `hang` route needs one to end, and it
 * never answers, so its short limit decides nothing but how long the case takes; it only
 * has to let the request reach the server (a few ms; 1 s is 100x that). Every other case gets
 * a limit far beyond what its answer takes (the 4 MiB `hugeString` answer, the slowest, is read
 * in about 50 ms here; 150 ms was once not enough on a busy 2-core machine): none of them can
 * time out because the machine is slow.
 */
const HANG_TIMEOUT_MS = 1_000;
const ANSWER_TIMEOUT_MS = 20_000;

/**
 * What each fault must give with retries off: the PmpError's kind, status and message, and
 * how many requests reach the server (default 1). `call` is the method under test (default `listCustomers`);
 * `ok` checks the value of a fault the client is meant to tolerate.
 */
const CASES = [
  // HTML pages are named, never quoted (2.0.8's hold SQL and server paths).
  { route: "html500", kind: "http", status: 500, message: /^the server failed \(HTTP 500\) and sent an HTML page$/ },
  { route: "502then200", kind: "http", status: 502, message: /server failed \(HTTP 502\)/ },
  { route: "503then200", kind: "http", status: 503, message: /HTTP 503/ },
  { route: "429then200", kind: "http", status: 429, message: /HTTP 429/ },
  { route: "504then200", kind: "http", status: 504, message: /server failed \(HTTP 504\)/ },
  { route: "503dateThen200", kind: "http", status: 503, message: /HTTP 503/ },
  { route: "unavailable", kind: "http", status: 503, message: /Service Unavailable/ },
  { route: "truncated", kind: "decode", status: 200, message: /expected an array of rows or a \{data, meta\} page; got not JSON: `\[\{"userid"/ },
  { route: "emptyBody", kind: "decode", status: 200, message: /no body/ },
  // A 200 whose body says the call failed is a failure, not a value.
  { route: "statusFalse", kind: "http", status: 200 },
  {
    route: "statusFalse", call: (pmp) => pmp.createCustomer({ company: "A" }), kind: "http", status: 200,
  },
  { route: "reset", kind: "network", status: undefined, message: /the request failed/ },
  { route: "hang", kind: "timeout", status: undefined, message: new RegExp(`no answer within ${HANG_TIMEOUT_MS} ms`) },
  // Redirects are not followed: one request, and the error says to fix baseUrl.
  { route: "redirectLoop", kind: "redirect", status: 302, message: /redirect.*baseUrl/ },
  // Wrong shapes: an object that is neither an array nor a 3.x page is no list...
  {
    route: "objectForList", kind: "decode", status: 200,
    message: /expected an array of rows or a \{data, meta\} page/,
  },
  {
    route: "numbersForText", call: (pmp) => pmp.deleteCustomer(1), kind: "decode", status: 200,
    message: /expected a \{status, message\} object/,
  },
  // ...while the deviations real servers show are tolerated: an array of one row for a get
  // (getMilestone on every version), numbers for text, and huge values.
  {
    route: "numbersForText", call: (pmp) => pmp.getCustomer(1),
    ok: (row) => assert.deepEqual([row.userid, row.company, row.active], ["7", "12.5", "1"]),
  },
  {
    route: "numbersForText",
    ok: (rows) => {
      assert.equal(rows.length, 1);
      // Named columns come back as text, as the types say.
      assert.deepEqual([rows[0].userid, rows[0].company, rows[0].active], ["7", "12.5", "1"]);
    },
  },
  {
    route: "hugeString",
    ok: (rows) => {
      assert.equal(rows[0].company.length, 4 * 1024 * 1024);
      assert.ok(/^x+$/.test(rows[0].company));
    },
  },
];

/** The client of a route: retries off, the short time limit for `hang` only. */
const client = (baseUrl, route) =>
  new PmpClient({ baseUrl, token: TOKEN, retries: 0, timeoutMs: route === "hang" ? HANG_TIMEOUT_MS : ANSWER_TIMEOUT_MS });

let server;
before(async () => {
  server = await startFaultServer();
});
after(async () => {
  await server?.stop();
});

/** Runs one case's call and checks its outcome; `what` names it in failures. */
async function check(pmp, c, what) {
  const call = c.call ?? ((p) => p.listCustomers());
  if (c.ok) return c.ok(await call(pmp));
  const err = await failure(call(pmp), what);
  assert.equal(err.kind, c.kind, `${what}: ${err.message}`);
  assert.equal(err.status, c.status, `${what}: status`);
  if (c.message) assert.match(err.message, c.message, what);
  return err;
}

describe("each fault, with retries off", () => {
  for (const c of CASES) {
    const what = `${c.route}${c.call ? ` ${c.call.toString().match(/pmp\.(\w+)/)[1]}` : ""}`;
    test(`${what}: ${c.ok ? "tolerated" : c.kind}; then the same client works`, async () => {
      server.reset();
      const pmp = client(server.url(c.route), c.route);
      await check(pmp, c, what);
      assert.equal(server.count(c.route), c.requests ?? 1, "requests the server received");
      server.heal(c.route);
      const rows = await pmp.listCustomers();
      assert.equal(rows[0].company, "Acme", "a normal call right after, on the same client");
      assert.equal(server.count(c.route), (c.requests ?? 1) + 1);
    });
  }

  test("a write meets the same faults as a read (form POST, JSON PUT, DELETE)", async () => {
    server.reset();
    const pmp = client(server.url("html500"), "html500");
    const calls = {
      create: pmp.createCustomer({ company: "A" }),
      update: pmp.updateCustomer(1, { company: "A" }),
      delete: pmp.deleteCustomer(1),
    };
    for (const [name, promise] of Object.entries(calls)) {
      const err = await failure(promise, name);
      assert.equal(err.kind, "http", name);
      assert.equal(err.status, 500, name);
    }
    assert.equal(server.count("html500"), 3, "one request per call");
  });
});

describe("empty answers to creates", () => {
  test("an empty 200 is a create's success only where the server may answer so (2.0.8's payments)", async () => {
    const url = server.url("emptyBody");
    const told = (serverVersion) => new PmpClient({ baseUrl: url, token: TOKEN, retries: 0, serverVersion });
    const payment = { invoiceid: "1", amount: "1.00", paymentmode: "1" };
    for (const pmp of [told(undefined), told("2.0")]) {
      assert.deepEqual(await pmp.createPayment(payment), { status: true, message: null });
    }
    for (const [pmp, create] of [[told("3.0"), (p) => p.createPayment(payment)], [told(undefined), (p) => p.createLead({ source: "1", status: "1", name: "L" })]]) {
      const err = await create(pmp).then(() => assert.fail("an empty 200 resolved"), (e) => e);
      assert.ok(err instanceof PmpError, String(err));
      assert.equal(err.kind, "decode", err.message);
    }
  });
});

describe("token hygiene", () => {
  test("no fault puts the token in any printed form of the error", async () => {
    const routes = [...new Set(CASES.filter((c) => !c.ok).map((c) => c.route)), "echoHtml", "echoJson", "echoText"];
    const calls = [
      (pmp) => pmp.listCustomers(),
      (pmp) => pmp.getTicket(1),
      (pmp) => pmp.createLead({ source: "1", status: "1", name: "L" }),
    ];
    let checked = 0;
    for (const route of routes) {
      const pmp = client(server.url(route), route);
      for (const call of calls) {
        server.reset(); // so that the "then success" routes fault again
        // A wrong shape one method tolerates, another refuses: only errors are checked.
        const err = await call(pmp).then(() => undefined, (e) => e);
        if (err === undefined) continue;
        assert.ok(err instanceof PmpError, `${route} ${call}: ${err}`);
        // message, String, JSON.stringify, stack, util.inspect and fieldErrors
        assertNoToken(err, `${route} ${call}`);
        checked += 1;
      }
    }
    // A wrong shape one method tolerates: a get takes an object (objectForList) and numbers
    // for text (numbersForText, a list too): three calls resolve. An empty 200 is no lead
    // create's success (only 2.0.8's payment creates answer so: pmp-core's create_empty_on).
    assert.ok(checked >= 3 * routes.length - 3, `errors checked: ${checked}`);
  });

  test("a server that echoes the token: the error still says what happened", async () => {
    server.reset();
    const echoed = await failure(client(server.url("echoJson"), "echoJson").getCustomer(1), "echoJson");
    assert.equal(echoed.kind, "validation", "a 404 with field errors");
    assert.match(echoed.message, /company: bad \[redacted\]/);
    assert.deepEqual(echoed.fieldErrors, { company: "bad [redacted]" });
    const page = await failure(client(server.url("echoHtml"), "echoHtml").listLeads(), "echoHtml");
    assert.match(page.message, /an HTML page$/, "an HTML page is named, never quoted");
  });
});

describe("1,000 mixed faults in a row, one client instance", () => {
  test("every call settles with its fault's outcome, and memory stays flat", async () => {
    assert.equal(typeof global.gc, "function", "run with node --expose-gc");
    // One instance, so one time limit for every call: far beyond what any answer takes (see
    // ANSWER_TIMEOUT_MS), and the hanging calls, which only it ends, run alongside the others
    // instead of holding up the loop.
    const LOOP_TIMEOUT_MS = 5_000;
    const pmp = new PmpClient({ baseUrl: server.url("mixed"), token: TOKEN, retries: 0, timeoutMs: LOOP_TIMEOUT_MS });
    // The calls of the loop: every fault, and a healthy answer between them.
    const plan = [
      ...CASES.map((c) => (c.route === "hang" ? { ...c, message: new RegExp(`no answer within ${LOOP_TIMEOUT_MS} ms`) } : c)),
      { route: "ok", ok: (rows) => assert.equal(rows[0].company, "Acme") },
    ];
    /** Hanging calls still running: awaited before each measurement. */
    let hanging = [];
    /** One call of the plan; a call that does not settle within 60 s fails the test. */
    async function one(i) {
      const c = plan[i % plan.length];
      server.setMixed(c.route);
      let timer;
      const stuck = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`call ${i} (${c.route}) did not settle within 60 s`)), 60_000);
      });
      const before = server.count("mixed");
      const settled = Promise.race([check(pmp, c, `call ${i} (${c.route})`), stuck]).finally(() => clearTimeout(timer));
      if (c.route !== "hang") return settled;
      settled.catch(() => {}); // handled: drain() awaits it, and fails the test if it rejected
      hanging.push(settled);
      // The server picks the fault when the request arrives: wait for it before the next
      // call changes the fault (an event to wait for, not a time).
      while (server.count("mixed") === before) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const drain = async () => {
      await Promise.all(hanging);
      hanging = [];
    };
    const measure = () => {
      global.gc();
      global.gc();
      const { heapUsed, rss } = process.memoryUsage();
      return { heapUsed, rss, wasm: wasmMemoryBytes() };
    };
    for (let i = 0; i < 200; i++) await one(i); // warm-up: caches and the wasm heap grow here
    await drain();
    const start = measure();
    for (let i = 0; i < 1000; i++) await one(i);
    await drain();
    const end = measure();
    const mib = (n) => `${(n / 1048576).toFixed(2)} MiB`;
    const growth = {
      heapUsed: end.heapUsed - start.heapUsed,
      rss: end.rss - start.rss,
      wasm: end.wasm === undefined ? undefined : end.wasm - start.wasm,
    };
    console.log(`memory growth over 1,000 faults: heap ${mib(growth.heapUsed)}, wasm ${
      growth.wasm === undefined ? "n/a" : mib(growth.wasm)}, rss ${mib(growth.rss)} (wasm memory ${mib(end.wasm ?? 0)})`);
    // The bound: 8 MiB of JS heap (one leaked 4 MiB huge answer per 50 calls would pass it
    // many times over) and 8 MiB of wasm memory, which never shrinks; without a wasm memory
    // to read, RSS within 64 MiB (it moves with the allocator, hence the looser bound).
    assert.ok(growth.heapUsed < 8 * 1048576, `JS heap grew by ${mib(growth.heapUsed)}`);
    if (growth.wasm === undefined) {
      assert.ok(growth.rss < 64 * 1048576, `RSS grew by ${mib(growth.rss)}`);
    } else {
      assert.ok(growth.wasm < 8 * 1048576, `wasm memory grew by ${mib(growth.wasm)}`);
    }
    assert.equal(server.count("mixed") > 1000, true);
    // And the instance still answers.
    server.setMixed("ok");
    assert.equal((await pmp.getCustomer(1)).userid, "1");
  });
});
