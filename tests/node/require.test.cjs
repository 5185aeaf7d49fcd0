// The packed pmp-client loaded with `require`: the same module instance as `import` gets.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { PmpClient, PmpError } = require("pmp-client");

test("require gives PmpClient and PmpError", async () => {
  assert.equal(typeof PmpClient, "function");
  assert.ok(PmpError.prototype instanceof Error);
  const esm = await import("pmp-client");
  assert.equal(esm.PmpError, PmpError, "one PmpError class whichever way it is loaded");
  assert.equal(esm.PmpClient, PmpClient);
});

test("require: a call through a custom fetch", async () => {
  const fetch = async () => new Response('{"status":false,"message":"No data were found"}', { status: 404 });
  const pmp = new PmpClient({ baseUrl: "http://127.0.0.1:9/", token: "t", fetch });
  // "No data were found" on a search is no rows; on a get, not_found.
  assert.deepEqual(await pmp.searchTickets("x"), []);
  await assert.rejects(pmp.getTicket(1), (e) => e instanceof PmpError && e.kind === "not_found");
});
