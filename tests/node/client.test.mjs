// The packed pmp-client, imported with `import`, against a running pmp-sandbox: every method,
// every error kind, files, abort, timeout, custom fetch, sub-path base URL, hostile keywords.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PmpClient, PmpError } from "pmp-client";
import { EXTRAS, RESOURCES, exampleTitled, serves, updateTitled } from "./resources.mjs";
import { SUITE_MODULE, TOKEN, startFront, startSandbox } from "./servers.mjs";

let sandbox;
let front;
let pmp;

before(async () => {
  sandbox = await startSandbox();
  front = await startFront(sandbox.url, { slowMs: 1000 });
  pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
});

after(async () => {
  await front?.stop();
  await sandbox?.stop();
});

/** Awaits a call that must fail; returns its PmpError after checking what every one has. */
async function failure(promise) {
  const err = await promise.then(
    (value) => assert.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (e) => e,
  );
  assert.ok(err instanceof PmpError, `not a PmpError: ${err}`);
  assert.ok(err instanceof Error);
  assert.equal(typeof err.message, "string");
  assert.ok(!err.message.includes(TOKEN), `token in message: ${err.message}`);
  return err;
}

// One unique marker per run, so that the rows this test creates are found by search.
const MARK = `zq${process.pid}x`;

describe("every method against the sandbox", () => {
  // Every resource of pmp-core's declaration, from its declared example (resources.mjs).
  test("the package has the methods of every declared resource", () => {
    const lists = Object.getOwnPropertyNames(PmpClient.prototype).filter((n) => /^list[A-Z]/.test(n));
    const extras = EXTRAS.map((e) => e.name).filter((n) => /^list[A-Z]/.test(n));
    assert.deepEqual(lists.sort(), [...RESOURCES.map((r) => `list${r.plural}`), ...extras].sort());
  });

  for (const r of RESOURCES) {
    test(`${r.plural}: list, get, search, create, update, delete`, async () => {
      // A child's list and get take its parent's id first.
      const of = r.parent === null ? [] : [r.parent];
      const rows = await pmp[`list${r.plural}`](...of);
      assert.ok(Array.isArray(rows) && rows.length > 0, "the seeded rows");
      const first = rows[0];
      assert.equal(typeof first[r.id], "string", "ids come as text");

      const one = await pmp[`get${r.one}`](...of, Number(first[r.id]));
      assert.deepEqual(one[r.id], first[r.id]);
      const again = await pmp[`get${r.one}`](...of, first[r.id]); // the id as rows carry it
      assert.equal(again[r.id], first[r.id]);

      // What the suite's version lacks (payments' update and delete) is refused unsent by a
      // client told the version.
      const told = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion: SUITE_MODULE });
      const refused = async (call) => {
        const err = await failure(call);
        assert.equal(err.kind, "unsupported");
        assert.equal(err.attempts, 0);
      };
      if (!serves(r, SUITE_MODULE, "create")) {
        await refused(told[`create${r.one}`](exampleTitled(r, `${MARK} refused`)));
        return;
      }
      const name = `${MARK} ${r.one} new`;
      const created = await pmp[`create${r.one}`](exampleTitled(r, name));
      assert.equal(created.status, true);
      assert.equal(typeof created.message, "string");

      // Search rows of another shape (items': rate, id, name, subtext) have their id: the
      // row itself is read with a get.
      const found = await pmp[`search${r.plural}`](MARK);
      assert.ok(found.every((row) => typeof row[r.id] === "string"), `ids of ${JSON.stringify(found)}`);
      const full = await Promise.all(found.map((row) => (r.title in row ? row : pmp[`get${r.one}`](...of, row[r.id]))));
      const mine = full.filter((row) => row[r.title] === name);
      assert.equal(mine.length, 1, `the created row is found: ${JSON.stringify(found)}`);
      const id = mine[0][r.id];

      const renamed = `${MARK} ${r.one} renamed`;
      if (serves(r, SUITE_MODULE, "update")) {
        const row = await pmp[`get${r.one}`](...of, id);
        const updated = await pmp[`update${r.one}`](id, updateTitled(r, renamed, row));
        assert.equal(updated.status, true);
        assert.equal((await pmp[`get${r.one}`](...of, id))[r.title], renamed);
      } else {
        await refused(told[`update${r.one}`](id, exampleTitled(r, renamed)));
      }

      if (!serves(r, SUITE_MODULE, "delete")) {
        await refused(told[`delete${r.one}`](id));
        return;
      }
      const deleted = await pmp[`delete${r.one}`](id);
      assert.equal(deleted.status, true);
      const gone = await failure(pmp[`get${r.one}`](...of, id));
      assert.equal(gone.kind, "not_found");
      assert.equal(gone.status, 404);
    });
  }

  test("rows keep fields the models do not name", async () => {
    const [customer] = await pmp.listCustomers();
    assert.ok("customfields" in customer, "2.x/3.x's extra `customfields` column survives");
  });
});

describe("invoices and estimates", () => {
  test("lines as objects, the totals computed from them, a whole-document update", async () => {
    const number = String(process.pid);
    const input = {
      clientid: 1, number, date: "2026-03-01", currency: 1, allowed_payment_modes: [1],
      billing_street: "1 Main Street",
      newitems: [
        { description: `${MARK} design`, qty: 2, rate: "50", taxname: ["VAT|19.00"] },
        { description: "Pens", qty: "3", rate: 0.1, unit: "pcs" },
      ],
    };
    assert.equal((await pmp.createInvoice(input)).status, true);
    const [found] = (await pmp.searchInvoices(number)).filter((row) => row.number === number);
    const invoice = await pmp.getInvoice(found.id);
    // 100 + 0.30 of lines, 19.00 of tax on the first: computed by the client, stored as sent.
    assert.deepEqual([invoice.subtotal, invoice.total], ["100.30", "119.30"]);
    assert.deepEqual(invoice.items.map((l) => [l.description, l.qty, l.rate, l.item_order]), [
      [`${MARK} design`, "2", "50", "1"],
      ["Pens", "3", "0.1", "2"],
    ]);

    // A line is checked before sending, named by its place.
    const bad = await failure(pmp.createInvoice({ ...input, newitems: [{ description: "x", qty: "two", rate: 1 }] }));
    assert.equal(bad.kind, "invalid_input");
    assert.match(bad.message, /newitems\[1\]\.qty must be a decimal/);
    const unknown = await failure(pmp.createInvoice({ ...input, newitems: [{ description: "x", qty: 1, rate: 1, price: 3 }] }));
    assert.match(unknown.message, /newitems\[1\]: unknown key `price`/);

    // An update is the whole invoice again: without its kept lines it is refused, unsent.
    const partial = await failure(pmp.updateInvoice(found.id, { clientnote: "x" }));
    assert.equal(partial.kind, "invalid_input");
    const [first, second] = invoice.items;
    const { newitems, ...rest } = input;
    const whole = {
      ...rest,
      items: [{ itemid: first.id, description: "Design, revised", qty: first.qty, rate: "60" }],
      removed_items: [Number(second.id)],
      newitems: [{ description: "Support", qty: 1, rate: 10 }],
    };
    assert.equal((await pmp.updateInvoice(found.id, whole)).status, true);
    const after = await pmp.getInvoice(found.id);
    assert.deepEqual(after.items.map((l) => l.description), ["Design, revised", "Support"]);
    assert.deepEqual([after.subtotal, after.total], ["130.00", "130.00"]);
    // An id no invoice has: 409 on every version, read as not_found, once the number is
    // free (the server checks it first: this invoice's number is in use in its year).
    const missing = await failure(pmp.updateInvoice(987654, { ...whole, number: `${number}1` }));
    assert.deepEqual([missing.kind, missing.status], ["not_found", 409]);
    const clash = await failure(pmp.updateInvoice(987654, whole));
    assert.deepEqual([clash.kind, clash.status], ["validation", 409]);
    assert.equal(clash.fieldErrors.number, "The Invoice number is already in use");
    assert.equal((await pmp.deleteInvoice(found.id)).status, true);
  });
});

describe("error kinds", () => {
  test("not_found: a missing id; a search that finds nothing is no rows", async () => {
    const missing = await failure(pmp.getCustomer(987654));
    assert.equal(missing.kind, "not_found");
    assert.equal(missing.status, 404);
    // Real servers answer 404 "No data were found": for a search, that is [].
    assert.deepEqual(await pmp.searchLeads(`${MARK}-nothing`), []);
  });

  test("validation: the server's field errors", async (t) => {
    // 2.x servers also require a lead's `assigned`, which the client does not check.
    const v2 = await startSandbox({ module: "2.0" });
    t.after(() => v2.stop());
    const client = new PmpClient({ baseUrl: v2.url, token: TOKEN });
    const err = await failure(client.createLead({ source: "1", status: "1", name: `${MARK} unassigned` }));
    assert.equal(err.kind, "validation");
    assert.equal(err.status, 404);
    assert.match(err.fieldErrors.assigned, /The Assigned field is required/);
    assert.ok(!err.message.includes("<p>"), "HTML stripped from the message");
  });

  // The server's validation answers (404 with the `error` map, 3.x's 422) are replayed from
  // real servers by replay.test.mjs; a date a default install cannot read is refused here.
  test("dates: YYYY-MM-DD or a Date, anything else refused before sending", async () => {
    const err = await failure(
      pmp.createMilestone({ project_id: "1", name: `${MARK} bad date`, due_date: "30/07/2019" }),
    );
    assert.equal(err.kind, "invalid_input");
    assert.match(err.message, /due_date.*YYYY-MM-DD/);
    const name = `${MARK} dated`;
    const created = await pmp.createMilestone({ project_id: "1", name, due_date: new Date(2019, 6, 30) });
    assert.equal(created.status, true);
    const [row] = (await pmp.searchMilestones(name)).filter((m) => m.name === name);
    assert.equal(row.due_date, "2019-07-30");
  });

  test("auth: a token the server does not know, and the token never echoed", async () => {
    const secret = "not-the-right-token-SECRET";
    const stranger = new PmpClient({ baseUrl: sandbox.url, token: secret });
    const err = await failure(stranger.listCustomers());
    assert.equal(err.kind, "auth");
    assert.ok(!err.message.includes(secret));
    const tickets = await failure(stranger.listTickets());
    assert.equal(tickets.kind, "auth");
  });

  test("http: a write the server refuses", async () => {
    const err = await failure(pmp.deleteCustomer(987654));
    assert.equal(err.kind, "http");
    assert.equal(typeof err.status, "number");
  });

  test("decode: a success answer that is an HTML page", async () => {
    const odd = new PmpClient({ baseUrl: `${front.origin}/garbage/`, token: TOKEN });
    const err = await failure(odd.listProjects());
    assert.equal(err.kind, "decode");
    assert.equal(err.status, 200);
    assert.match(err.message, /an HTML page/);
    assert.ok(!err.message.includes("<"), "no HTML quoted in the message");
  });

  test("network: nothing listens", async () => {
    const closed = await startFront(sandbox.url);
    await closed.stop();
    const nowhere = new PmpClient({ baseUrl: closed.origin, token: TOKEN });
    const err = await failure(nowhere.listCustomers());
    assert.equal(err.kind, "network");
    assert.equal(err.status, undefined);
  });

  test("invalid_input: refused before anything is sent", async () => {
    const before = front.seen.length;
    const viaFront = new PmpClient({ baseUrl: `${front.origin}/crm`, token: TOKEN });
    const cases = [
      [viaFront.getCustomer(0), /id must be a positive integer/],
      [viaFront.getCustomer(1.5), /id must be a positive integer/],
      [viaFront.getCustomer("12abc"), /id must be a positive integer/],
      [viaFront.getCustomer(null), /id must be/],
      [viaFront.searchCustomers(""), /keyword is empty/],
      [viaFront.searchCustomers(42), /keyword must be a string/],
      [viaFront.createCustomer({ company: "A", colour: "red" }), /unknown field `colour` for CustomerInput/],
      [viaFront.createCustomer({ company: { x: 1 } }), /field `company` must be a string or a number/],
      [viaFront.createCustomer({ company: "A", groups_in: [1, -2] }), /groups_in/],
      [viaFront.createCustomer({ vat: "1" }), /field `company` is mandatory/],
      [viaFront.createCustomer("company=A"), /CustomerInput must be an object/],
      [viaFront.createProject({ name: "P", clientid: "3x", billing_type: 1, start_date: "2019-07-30", status: 2 }),
        /field `clientid` must be a non-negative integer/],
      [viaFront.updateCustomer(1, {}), /an update needs at least one field/],
      [viaFront.updateLead(1, { is_public: false }), /an update needs at least one field/],
      [viaFront.createProject({ name: "P", clientid: 3, billing_type: 1, start_date: "2019-02-30", status: 2 }),
        /start_date/],
      [viaFront.listCustomers({ sort: "company;drop" }), /sort/],
      [viaFront.listCustomers({ createdAfter: "31/01/2026" }), /createdAfter/],
      [viaFront.page("listCustomers", { perPage: 500 }), /perPage/],
      [viaFront.page("getCustomer"), /not a list or search method/],
      [viaFront.createLead({ source: "1", status: "1", name: "L", files: ["not a blob"] }), /files/],
      [viaFront.updateLead(1, { source: "1", status: "1", name: "L", files: [new Blob(["x"])] }),
        /can only be sent on create/],
      [viaFront.listCustomers({ signal: "stop" }), /AbortSignal/],
    ];
    for (const [promise, message] of cases) {
      const err = await failure(promise);
      assert.equal(err.kind, "invalid_input", err.message);
      assert.match(err.message, message);
      assert.equal(err.status, undefined);
    }
    assert.equal(front.seen.length, before, "no request reached the server");
  });

  test("unsupported: a call the configured server version does not serve is not sent", async () => {
    const sent = [];
    const fetch = (url, init) => (sent.push(url), globalThis.fetch(url, init));
    const old = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion: "1.0.0", fetch });
    // Every resource newer than 1.0 is refused on a 1.0 server, naming the version.
    const newer = RESOURCES.filter((r) => r.since !== "1.0");
    assert.ok(newer.length > 0, "a resource newer than 1.0 (contacts)");
    for (const { plural, parent } of newer) {
      // A child's list takes its parent's id.
      const err = await failure(old[`list${plural}`](...(parent === null ? [] : [1])));
      assert.equal(err.kind, "unsupported");
      assert.equal(err.attempts, 0);
      assert.match(err.message, new RegExp(`list${plural} is not served by module 1\\.0\\.0`));
    }
    assert.deepEqual(sent, [], "nothing was sent");
    // What 1.0 serves is sent as usual.
    const oldest = RESOURCES.find((r) => r.since === "1.0");
    assert.ok(Array.isArray(await old[`list${oldest.plural}`]()));
    assert.ok(sent.length >= 1);
  });

  test("invalid options throw a PmpError from the constructor", () => {
    const bad = [
      [undefined, /options must be an object/],
      [{ baseUrl: "crm.example.com", token: TOKEN }, /baseUrl/],
      [{ baseUrl: sandbox.url }, /options.token must be a string/],
      [{ baseUrl: sandbox.url, token: "" }, /token is empty/],
      [{ baseUrl: sandbox.url, token: TOKEN, timeoutMs: -1 }, /timeoutMs/],
      [{ baseUrl: sandbox.url, token: TOKEN, fetch: "fetch" }, /options.fetch must be a function/],
      [{ baseUrl: sandbox.url, token: TOKEN, headers: { authtoken: "x" } }, /set from the token/],
      [{ baseUrl: sandbox.url, token: TOKEN, headers: { "X-A": 1 } }, /must be a string/],
      [{ baseUrl: sandbox.url, token: TOKEN, headers: new Headers({ "X-A": "1" }) }, /plain object/],
      [{ baseUrl: sandbox.url, token: TOKEN, serverVersion: "4.1" }, /serverVersion must be "1.0"/],
      [{ baseUrl: sandbox.url, token: TOKEN, serverVersion: 2 }, /serverVersion must be a string/],
    ];
    for (const [options, message] of bad) {
      assert.throws(() => new PmpClient(options), (e) => {
        assert.ok(e instanceof PmpError);
        assert.equal(e.kind, "invalid_input");
        assert.match(e.message, message);
        assert.ok(!e.message.includes(TOKEN));
        return true;
      });
    }
  });

  test("the client keeps working after every kind of failure", async () => {
    await failure(pmp.getCustomer(-1));
    await failure(pmp.getCustomer(987654));
    await failure(pmp.createCustomer({ nope: true }));
    const rows = await pmp.listCustomers();
    assert.ok(rows.length > 0);
  });
});

describe("transport", () => {
  test("files are uploaded as file[] parts", async () => {
    const name = `${MARK} with files`;
    const files = [
      new File(["hello"], "hello.txt", { type: "text/plain" }),
      new Blob([new Uint8Array([1, 2, 3])], { type: "application/octet-stream" }),
    ];
    const created = await pmp.createLead({ source: "1", status: "1", name, files, assigned: "1" });
    assert.equal(created.status, true);
    const [found] = (await pmp.searchLeads(name)).filter((l) => l.name === name);
    assert.ok(found, "the lead exists");
    const lead = await pmp.getLead(found.id); // real servers list attachments on get
    assert.equal(lead.attachments.length, 2, JSON.stringify(lead.attachments));
    assert.ok(JSON.stringify(lead.attachments).includes("hello.txt"));
  });

  test("a base URL with a sub-path, through a front server", async () => {
    const viaFront = new PmpClient({ baseUrl: `${front.origin}/crm/`, token: TOKEN });
    const rows = await viaFront.listMilestones();
    assert.ok(rows.length > 0);
    assert.equal(front.seen.at(-1), "/crm/api/milestones?page=1&per_page=100");
    const noSlash = new PmpClient({ baseUrl: `${front.origin}/crm`, token: TOKEN });
    await noSlash.getCustomer(3);
    assert.equal(front.seen.at(-1), "/crm/api/customers/3");
  });

  test("hostile search keywords reach the search route as one segment", async (t) => {
    // 1.0.0 searches with the keyword undecoded; 2.0.8 decodes it, as the client expects.
    const decoding = await startSandbox({ module: "2.0" });
    const front = await startFront(decoding.url);
    t.after(async () => {
      await front.stop();
      await decoding.stop();
    });
    const viaFront = new PmpClient({ baseUrl: `${front.origin}/crm/`, token: TOKEN });
    const hostile = `${MARK} a/b?c#d%e&f ü`;
    await viaFront.createCustomer({ company: hostile });
    const found = await viaFront.searchCustomers(hostile);
    assert.deepEqual(found.map((c) => c.company), [hostile]);
    assert.equal(
      front.seen.at(-1),
      `/crm/api/customers/search/${MARK}%20a%2Fb%3Fc%23d%25e%26f%20%C3%BC?page=1&per_page=100`,
    );
    for (const keyword of ["../customers", "%2F", "?x=1", "#top", "a\\b"]) {
      assert.deepEqual(await viaFront.searchCustomers(keyword), [], keyword);
      assert.ok(front.seen.at(-1).startsWith("/crm/api/customers/search/"), front.seen.at(-1));
    }
  });

  test("a custom fetch sees every request, with the token headers", async () => {
    const calls = [];
    const fetch = (url, init) => {
      calls.push({ url, init });
      return globalThis.fetch(url, init);
    };
    const custom = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch, headers: { "X-Trace": "t1" } });
    await custom.listCustomers();
    await custom.getTicket(1).catch(() => {});
    assert.equal(calls.length, 2);
    assert.equal(calls[0].url, `${sandbox.url}api/customers?page=1&per_page=100`);
    assert.equal(calls[0].init.method, "GET");
    assert.equal(calls[0].init.headers.authtoken, TOKEN);
    assert.equal(calls[0].init.headers["X-Trace"], "t1");
    assert.equal(calls[0].init.headers.Authorization, undefined);
    // No server version reads Authorization, tickets included: the token goes once.
    assert.equal(calls[1].init.headers.Authorization, undefined);
  });

  test("a custom fetch that throws or returns junk is a network error", async () => {
    const throwing = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch: () => { throw new TypeError(`boom ${TOKEN}`); } });
    const thrown = await failure(throwing.listCustomers());
    assert.equal(thrown.kind, "network");
    assert.match(thrown.message, /boom \[redacted\]/);
    const junk = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch: async () => 42 });
    assert.equal((await failure(junk.listCustomers())).kind, "network");
    // A Response-like object whose text() gives no string.
    const odd = { status: 500, text: async () => ({ not: "text" }) };
    const oddClient = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch: async () => odd, retries: 0 });
    const err = await failure(oddClient.listCustomers());
    assert.equal(err.kind, "network");
    assert.match(err.message, /text\(\) gave no string/);
  });

  test("timeout: a slow endpoint, per request", async () => {
    // A server that never answers: the client's limit ends the call, whatever the machine's speed.
    const held = new PmpClient({ baseUrl: `${front.origin}/held/`, token: TOKEN, timeoutMs: 200, retries: 0 });
    const err = await failure(held.listCustomers());
    assert.equal(err.kind, "timeout");
    assert.match(err.message, /200 ms/);
    // An answer 1 s late, within a limit 30 times that: not a timeout.
    const patient = new PmpClient({ baseUrl: `${front.origin}/slow/`, token: TOKEN, timeoutMs: 30_000 });
    assert.deepEqual(await patient.listCustomers(), [], "a later answer within its limit");
  });

  test("aborted: before sending and while waiting", async () => {
    const early = new AbortController();
    early.abort();
    assert.equal((await failure(pmp.listCustomers({ signal: early.signal }))).kind, "aborted");

    const held = new PmpClient({ baseUrl: `${front.origin}/held/`, token: TOKEN });
    const late = new AbortController();
    const pending = held.listLeads({ signal: late.signal });
    setTimeout(() => late.abort(), 100); // the server never answers: the abort always comes first
    const err = await failure(pending);
    assert.equal(err.kind, "aborted");
    // A signal that is never used does not keep anything alive nor fail later calls.
    const unused = new AbortController();
    assert.ok((await pmp.listLeads({ signal: unused.signal })).length > 0);
  });
});

describe("the client class", () => {
  // The method names `index.d.ts` declares, which it generates from pmp-core's catalogue.
  async function declaredMethods() {
    const { readFile } = await import("node:fs/promises");
    const { createRequire } = await import("node:module");
    const manifest = createRequire(import.meta.url).resolve("pmp-client/package.json");
    const dts = await readFile(new URL("index.d.ts", `file://${manifest}`), "utf8");
    return [...dts.matchAll(/^  (\w+)\(.*\): Promise<\w+(\[\])?>;$/gm)].map((m) => m[1]);
  }

  test("has exactly the methods its declarations name, six per resource and one per extra endpoint", async () => {
    const declared = await declaredMethods();
    assert.equal(declared.length, 6 * RESOURCES.length + EXTRAS.length);
    const own = Object.getOwnPropertyNames(PmpClient.prototype).filter(
      (name) => !["constructor", "free", "page", "pages"].includes(name),
    );
    assert.deepEqual(own.sort(), [...declared].sort());
    for (const name of declared) assert.equal(pmp[name].name, name);
  });

  test("misuse rejects with a PmpError, never a TypeError", async () => {
    const detached = pmp.getCustomer;
    assert.equal((await failure(detached(1))).kind, "invalid_input");
    assert.equal((await failure(pmp.listCustomers("signal"))).kind, "invalid_input");
    assert.equal((await failure(pmp.listCustomers({ signal: {} }))).kind, "invalid_input");
    const freed = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
    freed.free();
    const err = await failure(freed.listCustomers());
    assert.equal(err.kind, "invalid_input");
    assert.match(err.message, /freed/);
    freed.free();
  });

  test("a custom fetch that ignores its signal still times out, or is aborted", async () => {
    const deaf = () => new Promise(() => {});
    const slow = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch: deaf, timeoutMs: 50, retries: 0 });
    assert.equal((await failure(slow.listProjects())).kind, "timeout");
    const total = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch: deaf, totalTimeoutMs: 80 });
    const err = await failure(total.listProjects());
    assert.equal(err.kind, "timeout");
    assert.match(err.message, /totalTimeoutMs \(80 ms\)/);
    const controller = new AbortController();
    const pending = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, fetch: deaf }).listTickets({
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    assert.equal((await failure(pending)).kind, "aborted");
  });

  test("the global fetch is called unbound, as browsers require", async () => {
    const seen = [];
    const original = globalThis.fetch;
    globalThis.fetch = function (url, init) {
      seen.push(this);
      return original(url, init);
    };
    try {
      const client = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
      assert.ok((await client.listCustomers()).length > 0);
    } finally {
      globalThis.fetch = original;
    }
    assert.deepEqual(seen, [undefined]);
  });
});
