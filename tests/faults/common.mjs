// What every fault test shares: the token, the unhandled-rejection trap, and `failure`.
import assert from "node:assert/strict";
import { afterEach } from "node:test";
import { inspect } from "node:util";
import { PmpError } from "pmp-client";

/** A token easy to find in any text it leaks into. */
export const TOKEN = "tok-LEAKCHECK-5f1e9a";

// A rejection nobody handles (a dropped promise inside the client, a hook's throw) fails the
// test it happened in.
const unhandled = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(unhandled.splice(0).map(String), [], "unhandled rejections");
});

/** Every printed form of an error, where a leaked token would show. */
export function printedForms(err) {
  return {
    message: err.message,
    String: String(err),
    JSON: JSON.stringify(err),
    stack: String(err.stack),
    inspect: inspect(err, { depth: 10, showHidden: true }),
    fieldErrors: JSON.stringify(err.fieldErrors),
  };
}

/** Asserts the token is in none of the printed forms of `err`. */
export function assertNoToken(err, what) {
  for (const [form, text] of Object.entries(printedForms(err))) {
    assert.ok(!text.includes(TOKEN), `${what}: the token is in ${form}: ${text.slice(0, 300)}`);
  }
}

/** Awaits a call that must fail; returns its PmpError after the checks every one gets. */
export async function failure(promise, what = "call") {
  const err = await promise.then(
    (value) => assert.fail(`${what}: expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`),
    (e) => e,
  );
  assert.ok(err instanceof PmpError, `${what}: not a PmpError: ${err}`);
  assert.equal(typeof err.message, "string");
  assertNoToken(err, what);
  return err;
}
