// The sync-core experiment against the package and bare fetch, interleaved, wall and CPU
// medians (see README.md here). Not part of `cargo xtask bench`.
import { startSandbox, TOKEN } from "../sandbox.mjs";
import { customerInput, customerForm } from "../customer.mjs";
import { contender as bare } from "../contenders/fetch.mjs";
import { contender as current } from "../contenders/pmp-client.mjs";
import { contender as openapi } from "../contenders/openapi-fetch.mjs";
import { contender as fast } from "./fast.mjs";
const ROWS = 2000, ROUNDS = +(process.env.ROUNDS ?? 7);
const s = await startSandbox({ empty: true });
try {
  for (let i = 1; i <= ROWS; i += 4) await Promise.all([0,1,2,3].map((k) => fetch(new URL("api/customers", s.url), { method: "POST", headers: { authtoken: TOKEN, "content-type": "application/x-www-form-urlencoded" }, body: customerForm(customerInput(i + k)) })));
  const v = { fetch: bare(s.url, TOKEN), "pmp-client": current(s.url, TOKEN), "openapi-fetch": openapi(s.url, TOKEN), prototype: fast(s.url, TOKEN), "prototype, no signal": fast(s.url, TOKEN, 30000, { signal: false }) };
  const names = Object.keys(v);
  // sanity: same row, same list length
  const rows = await Promise.all(names.map((n) => v[n].getCustomer(7)));
  if (new Set(rows.map((r) => JSON.stringify(r))).size !== 1) throw new Error("rows differ");
  console.log("list lengths", await Promise.all(names.map(async (n) => (await v[n].listCustomers()).length)));
  console.log("create", JSON.stringify(await v.prototype.createCustomer(customerInput(99999))));
  try { await v.prototype.getCustomer(0); } catch (e) { console.log("bad id:", e.kind, e.message); }
  const S = Object.fromEntries(names.map((n) => [n, { list: [], get: [], create: [], listCpu: [], getCpu: [], createCpu: [] }]));
  let next = 100000;
  for (let r = 0; r < ROUNDS; r++) for (const n of names.map((_, i) => names[(i + r) % names.length])) {
    const t = async (k, fn) => { globalThis.gc?.(); const c = process.cpuUsage(); const w = performance.now(); await fn(); S[n][k].push(performance.now() - w); const u = process.cpuUsage(c); S[n][k + "Cpu"].push((u.user + u.system) / 1000); };
    for (let j = 0; j < 3; j++) await t("list", () => v[n].listCustomers());
    await t("get", async () => { for (let i = 0; i < 500; i++) await v[n].getCustomer(((i * 7919) % ROWS) + 1); });
    await t("create", async () => { for (let i = 0; i < 100; i++) await v[n].createCustomer(customerInput(next++)); });
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log("contender | list 2000 wall (cpu) | 500 gets wall (cpu) | 100 creates wall (cpu)");
  for (const n of names) {
    const cell = (k) => `${med(S[n][k]).toFixed(1)} ms ${(med(S[n][k]) / med(S.fetch[k])).toFixed(2)}x (${(med(S[n][k + "Cpu"]) / med(S.fetch[k + "Cpu"])).toFixed(2)}x)`;
    console.log(`${n} | ${cell("list")} | ${cell("get")} | ${cell("create")}`);
  }
} finally { await s.stop(); }
