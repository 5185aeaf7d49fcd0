// Starts pmp-sandbox ($PMP_SANDBOX_BIN, built by `cargo xtask bench`) on a free loopback port.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { customerForm, customerInput } from "./customer.mjs";

/** A random token for this run: nothing real is behind the sandbox, but it is never printed. */
export const TOKEN = `bench-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** Starts the sandbox with an in-memory database; `empty` skips the seeded records. */
export async function startSandbox({ empty }) {
  const bin = process.env.PMP_SANDBOX_BIN;
  if (!bin) throw new Error("PMP_SANDBOX_BIN is not set (run through `cargo xtask bench`)");
  const args = ["--port", "0", "--db", ":memory:", "--token", TOKEN, ...(empty ? ["--empty"] : [])];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => {
      throw new Error(`pmp-sandbox exited (${code}) before listening`);
    }),
  ]);
  const match = /^pmp-sandbox listening on (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(first);
  if (!match) throw new Error(`unexpected first line of pmp-sandbox: ${first}`);
  lines.on("line", () => {}); // keep draining its output
  return {
    url: match[1],
    stop: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
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
