// The lookups and custom fields (pmp-core's endpoints beyond the six) through the packed
// client: each against pmp-sandbox's 2.0 and 3.0 profiles, the custom fields' JSON texts
// decoded (from the sandbox, and from a fetch that answers the exact wire shapes), an empty
// install's `[]`, and a client told `1.0` refusing them before sending.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PmpClient, PmpError } from "pmp-client";
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
