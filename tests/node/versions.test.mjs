// What the packed client does with each server version's answers, driven by a fetch that
// answers like 1.0/2.0 (whole tables) or 3.x (pages, rate limits, idempotency): every row,
// pages on every version, the bounded number of pages in flight, rate-limit waits and kinds,
// one Idempotency-Key per create. No server, no timing assertion but lower bounds.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PmpClient, PmpError } from "pmp-client";

const BASE = "http://127.0.0.1:9/";
const TOKEN = "tok-VERSIONS-0123";
const customers = (n) => Array.from({ length: n }, (_, i) => ({ userid: String(i + 1), company: `C${String(n - i).padStart(4, "0")}` }));
const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers });

/** A 3.x-like server of `rows`: pages of `per_page` (default 20, at most 100), `?sort=`. */
function paged(rows, { delayMs = 0 } = {}) {
  const server = { requests: [], inFlight: 0, maxInFlight: 0 };
  server.fetch = async (url, init) => {
    server.requests.push({ url, init });
    server.inFlight += 1;
    server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    server.inFlight -= 1;
    const q = new URL(url).searchParams;
    if (rows.length === 0) return json(404, { status: false, message: "No data were found" });
    const perPage = Math.min(100, Math.max(1, Number(q.get("per_page") ?? 20)));
    const totalPages = Math.ceil(rows.length / perPage);
    const page = Math.min(Number(q.get("page") ?? 1), totalPages);
    const data = rows.slice((page - 1) * perPage, page * perPage);
    const meta = { page, per_page: perPage, total: rows.length, total_pages: totalPages, has_more: page < totalPages, current_page: page, last_page: totalPages };
    return json(200, { data, meta });
  };
  return server;
}

/** A 1.0/2.0-like server: the whole table as a plain array, whatever the query. */
function whole(rows) {
  const server = { requests: [] };
  server.fetch = async (url) => {
    server.requests.push(url);
    return rows.length ? json(200, rows) : json(404, { status: false, message: "No data were found" });
  };
  return server;
}

const client = (server, options = {}) => new PmpClient({ baseUrl: BASE, token: TOKEN, fetch: server.fetch, retryBaseMs: 1, retryMaxMs: 2, ...options });

describe("every row", () => {
  test("3.x: listCustomers() follows every page, 100 per page, at most 4 in flight, in order", async () => {
    const rows = customers(1050);
    const server = paged(rows, { delayMs: 5 });
    const got = await client(server).listCustomers();
    assert.deepEqual(got.map((r) => r.userid), rows.map((r) => r.userid));
    assert.equal(server.requests.length, 11);
    assert.ok(server.requests.every(({ url }) => new URL(url).searchParams.get("per_page") === "100"));
    assert.ok(server.maxInFlight <= 4, `${server.maxInFlight} in flight`);
    assert.ok(server.maxInFlight > 1, "pages after the first go concurrently");
  });

  test("1.0/2.0: the whole table in one request; sort and fields done locally", async () => {
    const rows = customers(30);
    const server = whole(rows);
    const got = await client(server).listCustomers({ sort: "company", fields: ["userid"] });
    assert.equal(server.requests.length, 1);
    assert.deepEqual(got, [...rows].sort((a, b) => a.company.localeCompare(b.company)).map(({ userid }) => ({ userid })));
    const err = await client(server).listCustomers({ createdAfter: "2026-01-01" }).catch((e) => e);
    assert.ok(err instanceof PmpError);
    assert.equal(err.kind, "invalid_input");
    assert.match(err.message, /3\.x/);
  });

  test("an empty table is [] on both; a failure of a later page rejects the list", async () => {
    assert.deepEqual(await client(paged([])).listCustomers(), []);
    assert.deepEqual(await client(whole([])).listCustomers(), []);
    const server = paged(customers(250));
    const failing = async (url, init) => (new URL(url).searchParams.get("page") === "3" ? json(500, {}) : server.fetch(url, init));
    const err = await client({ fetch: failing }, { retries: 0 }).listCustomers().catch((e) => e);
    assert.equal(err.kind, "http");
    assert.equal(err.status, 500);
  });
});

describe("pages on every version", () => {
  for (const [version, make] of [["3.x", paged], ["1.0/2.0", whole]]) {
    test(`${version}: page() and pages() give the same rows and meta`, async () => {
      const rows = customers(45);
      const pmp = client(make(rows));
      const second = await pmp.page("listCustomers", { page: 2, perPage: 20 });
      assert.deepEqual(second.data.map((r) => r.userid), rows.slice(20, 40).map((r) => r.userid));
      assert.deepEqual(
        { ...second.meta },
        { page: 2, per_page: 20, total: 45, total_pages: 3, has_more: true, current_page: 2, last_page: 3 },
      );
      const past = await pmp.page("listCustomers", { page: 9, perPage: 20 });
      assert.deepEqual(past.data, [], "a page past the end has no rows");
      const seen = [];
      for await (const { data, meta } of pmp.pages("listCustomers", { perPage: 20 })) seen.push([meta.page, data.length]);
      assert.deepEqual(seen, [[1, 20], [2, 20], [3, 5]]);
    });
  }
});

describe("3.x rate limits and idempotency", () => {
  test("a 429 without Retry-After waits until the last X-RateLimit-Reset, and says so", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    const answers = [
      json(200, [{ userid: "1" }], { "x-ratelimit-limit": "2", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }),
      json(429, { status: false, message: "Rate limit exceeded" }),
      json(200, [{ userid: "1" }]),
    ];
    const events = [];
    const pmp = new PmpClient({ baseUrl: BASE, token: TOKEN, fetch: async () => answers.shift(), onResponse: (e) => events.push(e) });
    await pmp.getCustomer(1).catch(() => {}); // an array of one row: unwrapped
    const started = Date.now();
    await pmp.listCustomers();
    assert.ok(Date.now() - started >= reset * 1000 - started - 50, "waited until the reset");
    assert.deepEqual(events[0].rateLimit, { limit: 2, remaining: 0, reset });
    assert.deepEqual(events.map((e) => e.status), [200, 429, 200]);
  });

  test("rate_limited after the retries, with the wait; the 401 time limit too; the lock-out is auth, not retried", async () => {
    let calls = 0;
    const limited = async () => (calls++, json(401, { status: false, error: "This API key has reached the time limit for this method" }, { "retry-after": "0" }));
    const err = await client({ fetch: limited }, { retries: 1 }).getLead(1).catch((e) => e);
    assert.equal(err.kind, "rate_limited");
    assert.equal(err.retryAfterMs, 0);
    assert.equal(calls, 2, "retried once");
    calls = 0;
    const locked = async () => (calls++, json(429, { status: false, message: "Too many failed authentication attempts. Try again later." }));
    const lockout = await client({ fetch: locked }, { retries: 3 }).getLead(1).catch((e) => e);
    assert.equal(lockout.kind, "auth");
    assert.equal(calls, 1, "not retried");
  });

  test("every create has its own Idempotency-Key, the same on each attempt; creates retried only with retryCreates", async () => {
    const keys = [];
    let n = 0;
    const fetch = async (url, init) => {
      keys.push(init.headers["Idempotency-Key"]);
      return n++ % 2 === 0 ? json(503, {}) : json(200, { status: true, message: "Client add successful.", record_id: 7 });
    };
    const once = await client({ fetch }).createCustomer({ company: "A" }).catch((e) => e);
    assert.equal(once.kind, "http", "not retried by default");
    assert.equal(keys.length, 1);
    n = 0;
    const made = await client({ fetch }, { retryCreates: true }).createCustomer({ company: "A" });
    assert.equal(made.record_id, 7);
    assert.equal(keys.length, 3);
    assert.notEqual(keys[0], keys[1], "one key per call");
    assert.equal(keys[1], keys[2], "the same key on each attempt");
    await client({ fetch }).createCustomer({ company: "B" }, { idempotencyKey: "mine-1" }).catch(() => {});
    assert.equal(keys.at(-1), "mine-1");
    assert.throws(() => new PmpClient({ baseUrl: BASE, token: TOKEN, headers: { "Idempotency-Key": "x" } }), /per create/);
  });
});

describe("partial updates and round trips", () => {
  test("only the given fields go; ids and numbers from rows go back as they are", async () => {
    const bodies = [];
    const fetch = async (url, init) => {
      bodies.push([init.method, url, init.body]);
      return json(200, { status: true, message: "done" });
    };
    const pmp = client({ fetch });
    await pmp.updateCustomer("3", { phonenumber: "456" });
    assert.deepEqual(bodies[0], ["PUT", `${BASE}api/customers/3`, '{"phonenumber":"456"}']);
    await pmp.createProject({ name: "P", clientid: "3", billing_type: "1", start_date: new Date(2019, 6, 30), status: 2 });
    assert.match(bodies[1][2], /clientid=3&billing_type=1&start_date=2019-07-30&status=2/);
    await pmp.createTicket({ subject: "S", department: 1, contactid: "1" });
    assert.match(bodies[2][2], /department=1&contactid=1/);
  });

  test("Update Fail: one get tells an unknown id from an update that changed nothing", async () => {
    const fail = json(404, { status: false, message: "Customers Update Fail." });
    const exists = async (url, init) => (init.method === "PUT" ? fail.clone() : json(200, { userid: "1" }));
    assert.deepEqual(await client({ fetch: exists }).updateCustomer(1, { city: "York" }), {
      status: false, message: "Customers Update Fail.", unchanged: true,
    });
    const missing = async (url, init) => (init.method === "PUT" ? fail.clone() : json(404, { status: false, message: "No data were found" }));
    const err = await client({ fetch: missing }).updateCustomer(1, { city: "York" }).catch((e) => e);
    assert.equal(err.kind, "not_found");
  });
});

describe("secrets", () => {
  test("a staff row's password hash, reset key and two-factor secrets are dropped from lists, searches and gets", async () => {
    const staff = {
      staffid: "1", firstname: "Grace", password: "$2y$08$hash", new_pass_key: "reset-key",
      two_factor_auth_code: "123456", google_auth_secret: "JBSWY3DP", new_pass_key_requested: null,
    };
    const secrets = ["password", "new_pass_key", "two_factor_auth_code", "google_auth_secret"];
    const answers = [json(200, [staff]), json(200, [staff]), json(200, staff), json(200, { ...staff, staffid: 2 })];
    const pmp = client({ fetch: async () => answers.shift() });
    const rows = [...await pmp.listStaffs(), ...await pmp.searchStaffs("Grace"), await pmp.getStaff(1), await pmp.getStaff(2)];
    assert.equal(rows.length, 4);
    for (const row of rows) {
      for (const secret of secrets) assert.ok(!(secret in row), `${secret} in ${JSON.stringify(row)}`);
      assert.equal(row.firstname, "Grace");
      assert.ok("new_pass_key_requested" in row, "a column that is no secret stays");
    }
    // A number column is rewritten as text, and the secrets are still gone.
    assert.equal(rows[3].staffid, "2");
  });
});

describe("payments and items, as the module's source says they answer", () => {
  test("2.0.8's payment create answers 200 with an empty body: a success without message or id", async () => {
    const empty = () => new Response("", { status: 200, headers: { "content-type": "text/html; charset=UTF-8" } });
    const pmp = client({ fetch: async () => empty() });
    const created = await pmp.createPayment({ invoiceid: "1", amount: "100.00", paymentmode: "1" });
    assert.deepEqual(created, { status: true, message: null });
    // Not a create: an empty body is no answer.
    const err = await pmp.getPayment(1).catch((e) => e);
    assert.ok(err instanceof PmpError);
    assert.equal(err.kind, "decode");
  });

  test("failures that say paymentmode: false are the usual errors, and no rows for lists and searches", async () => {
    const none = () => json(404, { paymentmode: false, message: "No data were found" });
    const pmp = client({ fetch: async () => none() }, { serverVersion: "2.0" });
    assert.deepEqual(await pmp.listPayments(), []);
    assert.deepEqual(await pmp.searchPayments("x"), []);
    const missing = await pmp.getPayment(9).catch((e) => e);
    assert.equal(missing.kind, "not_found");
    const invalid = () => json(404, {
      paymentmode: false,
      error: { invoiceid: "The Payment Name field is required." },
      message: "<p>The Payment Name field is required.</p>\n",
    });
    const err = await client({ fetch: async () => invalid() }).createPayment({ invoiceid: "1", amount: "1", paymentmode: "1" }).catch((e) => e);
    assert.equal(err.kind, "validation");
    assert.equal(err.fieldErrors.invoiceid, "The Payment Name field is required.");
  });

  test("payment search rows carry the payment's id in id: read with it in paymentid; a list's id stays the mode's", async () => {
    const answers = [
      json(200, [{ id: "4", invoiceid: "1", amount: "100.00", paymentmode: "1" }]),
      json(200, [{ id: "1", name: "Bank", invoiceid: "1", amount: "100.00", paymentmode: "1", paymentid: "4" }]),
    ];
    const pmp = client({ fetch: async () => answers.shift() });
    const [found] = await pmp.searchPayments("100");
    assert.equal(found.paymentid, "4");
    const [listed] = await pmp.listPayments();
    assert.equal(listed.paymentid, "4");
    assert.equal(listed.id, "1", "3.0.3's joined payment mode id, as sent");
  });

  test("item search rows {rate, id, name, subtext} are read with their id in itemid", async () => {
    const row = { rate: "100.00", id: 3, name: "(100.00) Consulting hour", subtext: "One hour..." };
    const pmp = client({ fetch: async () => json(200, { data: [row], meta: { page: 1, per_page: 100, total: 1, total_pages: 1, has_more: false } }) });
    const [item] = await pmp.searchItems("Consulting");
    assert.equal(item.itemid, "3");
    assert.equal(item.name, "(100.00) Consulting hour");
    assert.equal(item.rate, "100.00");
  });

  test("told the version, payment updates and deletes and 2.0's item writes are refused unsent", async () => {
    const sent = [];
    const fetch = async (url) => (sent.push(url), json(500, {}));
    for (const serverVersion of ["2.0", "3.0.3"]) {
      const pmp = client({ fetch }, { serverVersion });
      for (const call of [pmp.updatePayment(1, { note: "x" }), pmp.deletePayment(1)]) {
        const err = await call.catch((e) => e);
        assert.equal(err.kind, "unsupported");
        assert.match(err.message, /405/);
      }
    }
    const v2 = client({ fetch }, { serverVersion: "2.0.8" });
    for (const call of [v2.createItem({ description: "d", rate: "1" }), v2.updateItem(1, { rate: "2" }), v2.deleteItem(1)]) {
      assert.equal((await call.catch((e) => e)).kind, "unsupported");
    }
    assert.deepEqual(sent, []);
  });
});
