// The lookups and custom fields (pmp-core's endpoints beyond the six) through the packed
// client: each against pmp-sandbox's 2.0 and 3.0 profiles, the custom fields' JSON texts
// decoded (from the sandbox, and from a fetch that answers the exact wire shapes), an empty
// install's `[]`, and a client told `1.0` refusing them before sending; 3.0's sendInvoice,
// refused unsent by a client told `1.0` or `2.0`.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PmpClient, PmpError } from "pmp-client";
import { RESOURCES } from "./resources.mjs";
import { TOKEN, startSandbox } from "./servers.mjs";

const LOOKUPS = ["listExpenseCategories", "listPaymentModes", "listTaxes"];

for (const module of ["2.0", "3.0"]) {
  describe(`lookups on the ${module} profile`, () => {
    let sandbox;
    let pmp;
    before(async () => {
      sandbox = await startSandbox({ module });
      pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion: module });
    });
    after(() => sandbox?.stop());

    test("each lookup answers its rows", async () => {
      const [categories, modes, taxes] = await Promise.all(LOOKUPS.map((name) => pmp[name]()));
      assert.ok(categories.length > 0 && categories.every((c) => typeof c.name === "string"));
      assert.equal(modes[0].id, "1");
      assert.equal(modes[0].name, "Bank");
      const paypal = modes.find((m) => m.id === "paypal");
      assert.equal(typeof paypal.instance, "object", "the gateway's instance is kept");
      assert.ok(taxes.length > 0 && taxes.every((t) => typeof t.taxrate === "string"));
    });

    test("listCustomFields decodes values and options, keeping the wire's texts", async () => {
      const fields = await pmp.listCustomFields("customers", 1);
      const byType = (type) => fields.find((f) => f.type === type);
      const channels = byType("multiselect");
      assert.deepEqual(channels.decoded_value, ["Email", "Phone"]);
      assert.deepEqual(channels.decoded_options, ["Email", "Phone", "Post"]);
      assert.equal(channels.value, '["Email"," Phone"]');
      assert.deepEqual(byType("select").decoded_value, []);
      assert.equal(byType("input").decoded_value, "");
      assert.equal(byType("input").decoded_options, undefined);
      const unnamed = await pmp.listCustomFields("customers");
      assert.deepEqual(unnamed.find((f) => f.type === "multiselect").decoded_value, []);
      assert.deepEqual(await pmp.listCustomFields("tickets", null), []);
    });

    test("a fieldto the module does not know is refused before sending", async () => {
      const error = await pmp.listCustomFields("customer").then(() => assert.fail("resolved"), (e) => e);
      assert.ok(error instanceof PmpError);
      assert.equal(error.kind, "invalid_input");
      assert.equal(error.attempts, 0);
    });
  });
}

describe("an empty install", () => {
  let sandbox;
  before(async () => {
    sandbox = await startSandbox({ module: "3.0", args: ["--empty"] });
  });
  after(() => sandbox?.stop());

  test("lists no lookups: 404 `No data were found` and `[]` read as no rows", async () => {
    const pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
    for (const name of LOOKUPS) assert.deepEqual(await pmp[name](), [], name);
    assert.deepEqual(await pmp.listCustomFields("customers", 1), []);
  });
});

describe("without a server", () => {
  const requests = [];
  const answer = (status, body) => async (url) => {
    requests.push(url);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  const client = (fetch, options = {}) => new PmpClient({ baseUrl: "http://127.0.0.1:9/", token: "tok-LOOKUPS-0123", fetch, retries: 0, ...options });

  test("a client told 1.0 refuses each before sending, naming the version", async () => {
    const pmp = client(answer(200, []), { serverVersion: "1.0" });
    for (const call of [...LOOKUPS.map((name) => () => pmp[name]()), () => pmp.listCustomFields("leads")]) {
      const error = await call().then(() => assert.fail("resolved"), (e) => e);
      assert.equal(error.kind, "unsupported");
      assert.match(error.message, /module 1\.0\.0/);
      assert.equal(error.attempts, 0);
    }
    assert.equal(requests.length, 0, "nothing was sent");
  });

  test("the exact wire shapes are decoded; an unknown type is an http error", async () => {
    const wire = [
      { field_name: "custom_fields[customers][1]", custom_field_id: "1", label: "Code", required: "0", type: "input", value: "AC-7" },
      { field_name: "custom_fields[customers][2]", custom_field_id: "2", label: "Tier", required: "1", type: "select", value: '[""]', options: '["Gold","Silver"]' },
      { field_name: "custom_fields[customers][3]", custom_field_id: "3", label: "Ch", required: "0", type: "multiselect", value: '["Email"," Phone"]', options: '["Email","Phone","Post"]', bs_column: "6" },
    ];
    const fields = await client(answer(200, wire)).listCustomFields("customers", 7);
    assert.match(requests.at(-1), /\/api\/custom_fields\/customers\/7$/);
    assert.equal(fields[0].decoded_value, "AC-7");
    assert.deepEqual(fields[1].decoded_value, []);
    assert.deepEqual(fields[1].decoded_options, ["Gold", "Silver"]);
    assert.deepEqual(fields[2].decoded_value, ["Email", "Phone"]);
    assert.equal(fields[2].bs_column, "6");
    const invalid = await client(answer(404, { status: false, message: "Not valid data" })).listTaxes().then(() => assert.fail("resolved"), (e) => e);
    assert.equal(invalid.kind, "http");
    assert.equal(invalid.status, 404);
  });

  test("a JSON text that is not an array of strings is a decode error naming the field", async () => {
    for (const [row, what] of [
      [{ custom_field_id: "2", type: "select", value: '[""]', options: "Gold,Silver" }, "options"],
      [{ custom_field_id: "3", type: "select", value: "Gold", options: '["Gold"]' }, "value"],
      [{ custom_field_id: "4", type: "select", value: "[1]", options: '["Gold"]' }, "value"],
    ]) {
      const error = await client(answer(200, [row])).listCustomFields("customers").then(() => assert.fail("resolved"), (e) => e);
      assert.ok(error instanceof PmpError);
      assert.equal(error.kind, "decode");
      assert.match(error.message, new RegExp(`custom field \`${row.custom_field_id}\`: its \`${what}\``));
    }
  });
});

describe("sendInvoice on the 3.0 profile", () => {
  let sandbox;
  let pmp;
  before(async () => {
    sandbox = await startSandbox({ module: "3.0" });
    pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion: "3.0" });
  });
  after(() => sandbox?.stop());

  test("marks the invoice sent and answers its fields as text", async () => {
    const invoices = RESOURCES.find((r) => r.resource === "invoices");
    const { record_id: id } = await pmp.createInvoice(invoices.example);
    const sent = await pmp.sendInvoice(id, { cc: "a@example.com, b@example.com" });
    assert.equal(sent.status, true);
    assert.equal(sent.invoice_id, String(id));
    assert.match(sent.invoice_number, /^INV-\d{6,}$/);
    assert.equal(sent.sent, true);
    assert.match(sent.datesend, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(sent.message, "Invoice sent to the customer.");
    const invoice = await pmp.getInvoice(id);
    assert.equal(invoice.sent, "1");
    assert.equal(invoice.datesend, sent.datesend);
    // By its text, without cc.
    assert.equal((await pmp.sendInvoice(String(id))).sent, true);
  });

  test("an unknown id is not_found; a bad id or cc is refused before sending", async () => {
    const missing = await pmp.sendInvoice(999999).then(() => assert.fail("resolved"), (e) => e);
    assert.ok(missing instanceof PmpError);
    assert.equal(missing.kind, "not_found");
    assert.equal(missing.status, 404);
    assert.equal(missing.attempts, 1);
    for (const call of [() => pmp.sendInvoice(0), () => pmp.sendInvoice(1, { cc: 7 }), () => pmp.sendInvoice(1, { cc: "a@example.com\r\nBcc: b@example.com" })]) {
      const error = await call().then(() => assert.fail("resolved"), (e) => e);
      assert.equal(error.kind, "invalid_input");
      assert.equal(error.attempts, 0);
    }
  });
});

describe("sendInvoice without a server", () => {
  test("a client told 1.0 or 2.0 refuses it unsent; the body is the cc form field", async () => {
    const requests = [];
    const fetch = async (url, init) => {
      requests.push({ url, init });
      const body = { status: true, invoice_id: 7, invoice_number: "INV-000007", sent: true, datesend: "2026-12-07 15:00:00", message: "Invoice sent to the customer." };
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    };
    for (const serverVersion of ["1.0", "2.0"]) {
      const pmp = new PmpClient({ baseUrl: "http://127.0.0.1:9/", token: "tok-SEND-0123", fetch, serverVersion });
      const error = await pmp.sendInvoice(7).then(() => assert.fail("resolved"), (e) => e);
      assert.equal(error.kind, "unsupported", serverVersion);
      assert.match(error.message, /sendInvoice/);
      assert.match(error.message, /from module 3\.0 on/);
      assert.equal(error.attempts, 0);
    }
    assert.equal(requests.length, 0, "nothing was sent");
    const pmp = new PmpClient({ baseUrl: "http://127.0.0.1:9/", token: "tok-SEND-0123", fetch });
    const sent = await pmp.sendInvoice(7, { cc: "a@example.com" });
    assert.equal(sent.invoice_id, "7", "a number sent in a text column is its text");
    const [{ url, init }] = requests;
    assert.match(url, /\/api\/invoices\/7\/send$/);
    assert.equal(init.method, "POST");
    assert.equal(init.body, "cc=a%40example.com");
    assert.equal(init.headers["Content-Type"], "application/x-www-form-urlencoded");
  });
});
