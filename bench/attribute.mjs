// Where pmp-client's time over bare fetch goes: the same getCustomer / listCustomers /
// createCustomer requests made by fetch variants that add, one at a time, what pmp-client's
// transport does around fetch (crates/pmp-wasm/js/client.js), interleaved like run.mjs;
// medians of the client process's CPU time.
// Run: `cargo xtask bench` first (it installs everything), then from bench/:
//   PMP_SANDBOX_BIN=../target/release/pmp-sandbox node --expose-gc attribute.mjs
// A diagnostic for the report (BENCHMARKS.md's analysis), not part of the timed run.
import { seedCustomers, startSandbox, TOKEN } from "./sandbox.mjs";
import { customerInput, customerForm } from "./customer.mjs";
import { contender as pmpClient } from "./contenders/pmp-client.mjs";

const ROWS = Number(process.env.ROWS ?? 2000);
const GETS = 500;
const ROUNDS = Number(process.env.ROUNDS ?? 7);

/** A fetch-based caller: `opts` adds transport steps of pmp-client one by one. */
function variant(url, { text = false, signal = false, timer = false, race = false } = {}) {
  const call = async (path, init = {}) => {
    const controller = signal ? new AbortController() : undefined;
    const handle = timer ? setTimeout(() => controller?.abort(), 30000) : undefined;
    let stop;
    const stopped = race ? new Promise((_, reject) => (stop = reject)) : undefined;
    const wait = (p) => (race ? Promise.race([Promise.resolve(p), stopped]) : p);
    try {
      const response = await wait(
        fetch(new URL(path, url), {
          ...init,
          headers: { authtoken: TOKEN, ...init.headers },
          ...(controller ? { signal: controller.signal } : {}),
        }),
      );
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return text ? JSON.parse(await wait(response.text())) : await wait(response.json());
    } finally {
      if (handle) clearTimeout(handle);
      stopped?.catch(() => {});
      stop?.("done");
    }
  };
  return {
    listCustomers: () => call("api/customers"),
    getCustomer: (id) => call(`api/customers/${id}`),
    createCustomer: (input) =>
      call("api/customers", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: customerForm(input).toString(),
      }),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sandbox = await startSandbox({ empty: true });
try {
  await seedCustomers(sandbox.url, ROWS);
  const variants = {
    "fetch + json()": variant(sandbox.url),
    "+ text() + JSON.parse": variant(sandbox.url, { text: true }),
    "+ AbortController signal": variant(sandbox.url, { text: true, signal: true }),
    "+ setTimeout/clearTimeout": variant(sandbox.url, { text: true, signal: true, timer: true }),
    "+ Promise.race per wait": variant(sandbox.url, { text: true, signal: true, timer: true, race: true }),
    "pmp-client": pmpClient(sandbox.url, TOKEN),
  };
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, { list: [], get: [], create: [] }]));
  let next = ROWS + 1;
  for (const n of names) {
    await variants[n].listCustomers();
    for (let i = 1; i <= 50; i++) await variants[n].getCustomer(i);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of names.map((_, i) => names[(i + round) % names.length])) {
      const v = variants[n];
      // Client CPU time (all of this process's threads), not wall time: the machine is
      // shared, and CPU time is what the client adds whatever else runs.
      const time = async (key, fn) => {
        globalThis.gc?.();
        const cpu = process.cpuUsage();
        await fn();
        const used = process.cpuUsage(cpu);
        samples[n][key].push((used.user + used.system) / 1000);
      };
      for (let k = 0; k < 3; k++) await time("list", () => v.listCustomers());
      await time("get", async () => {
        for (let i = 0; i < GETS; i++) await v.getCustomer(((i * 7919) % ROWS) + 1);
      });
      await time("create", async () => {
        for (let i = 0; i < 100; i++) await v.createCustomer(customerInput(next++));
      });
    }
  }
  const base = samples[names[0]];
  console.log(`variant (client CPU ms) | list ${ROWS} rows | ${GETS} gets | 100 creates`);
  for (const n of names) {
    const cell = (k) => `${median(samples[n][k]).toFixed(1)} ms (${(median(samples[n][k]) / median(base[k])).toFixed(2)}x)`;
    console.log(`${n} | ${cell("list")} | ${cell("get")} | ${cell("create")}`);
  }
} finally {
  await sandbox.stop();
}
