// pmp-sandbox for the benchmarks ($PMP_SANDBOX_BIN, built by `cargo xtask bench`), started by
// the tests' shared starter, and the customers it is seeded with.
import { customerForm, customerInput } from "./customer.mjs";
import { startSandbox as startWith } from "../tests/node/servers.mjs";

/** A random token for this run: nothing real is behind the sandbox, but it is never printed. */
export const TOKEN = `bench-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/**
 * Starts the sandbox with an in-memory database; `empty` skips the seeded records. Profile
 * 1.0, whose lists are one plain answer: the contenders here (bare fetch, openapi-fetch, ...)
 * each read one answer. 3.x's pages are measured apart, in pages.mjs.
 */
export function startSandbox({ empty }) {
  return startWith({ token: TOKEN, module: "1.0", args: empty ? ["--empty"] : [] });
}

/** Adds `count` customers through the sandbox's API, four requests at a time. */
export async function seedCustomers(url, count) {
  const post = async (i) => {
    const r = await fetch(new URL("api/customers", url), {
      method: "POST",
      headers: { authtoken: TOKEN, "content-type": "application/x-www-form-urlencoded" },
      body: customerForm(customerInput(i)),
    });
    if (!r.ok) throw new Error(`seeding customer ${i}: HTTP ${r.status} ${await r.text()}`);
  };
  for (let i = 1; i <= count; i += 4) {
    await Promise.all([0, 1, 2, 3].filter((k) => i + k <= count).map((k) => post(i + k)));
  }
}
