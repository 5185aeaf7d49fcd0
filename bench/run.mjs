// `cargo xtask bench`: pmp-client against bare fetch and an openapi-fetch client in one Node
// process, contenders interleaved, then cold starts, the browser build's size and pmp-sandbox
// under load. Prints the tables and writes them to $BENCH_OUT (BENCHMARKS.md). Figures are
// for comparison within one run; nothing here asserts a time. `BENCH_QUICK=1`: a short smoke run.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { seedCustomers, startSandbox, TOKEN } from "./sandbox.mjs";
import { customerInput } from "./customer.mjs";
import { sizes } from "./sizes.mjs";
import { load } from "./load.mjs";
import { report } from "./report.mjs";
import { paging, pagingReport } from "./pages.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const PLAN = QUICK
  ? { rows: 200, listRuns: 5, gets: 50, getRounds: 2, creates: 20, createRounds: 1, coldRuns: 2, loadSeconds: 3 }
  : { rows: 2000, listRuns: 25, gets: 500, getRounds: 5, creates: 200, createRounds: 3, coldRuns: 10, loadSeconds: 30 };
const NAMES = ["pmp-client", "fetch", "openapi-fetch"];
const here = fileURLToPath(new URL(".", import.meta.url));

/** The contenders in a rotated order, so that none always runs first (or after the same one). */
const rotated = (list, round) => list.map((_, i) => list[(i + round) % list.length]);

/** Wall time and this process's CPU time (all threads) of `fn`, in ms, and its result. */
async function timed(fn) {
  globalThis.gc?.(); // each sample starts from a collected heap, whoever allocated before
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [{ wall, cpu: (used.user + used.system) / 1000 }, result];
}


async function inProcess(url) {
  const contenders = {};
  for (const name of NAMES) contenders[name] = (await import(`./contenders/${name}.mjs`)).contender(url, TOKEN);
  // samples[call][contender]: [{ wall, cpu }]
  const samples = { list: {}, get: {}, create: {} };
  for (const line of Object.values(samples)) for (const name of NAMES) line[name] = [];

  // Warm-up (JIT, connection pools), and the check that all three see the same rows.
  const lengths = [];
  for (const name of NAMES) {
    lengths.push((await contenders[name].listCustomers()).length);
    for (let i = 1; i <= 20; i++) await contenders[name].getCustomer(i);
  }
  if (lengths.some((n) => n !== PLAN.rows)) throw new Error(`listCustomers lengths ${lengths}, not ${PLAN.rows}`);
  const first = await Promise.all(NAMES.map((n) => contenders[n].getCustomer(7)));
  if (new Set(first.map((row) => JSON.stringify(row))).size !== 1) throw new Error("the contenders' rows differ");

  for (let round = 0; round < PLAN.listRuns; round++) {
    for (const name of rotated(NAMES, round)) {
      const [time, rows] = await timed(() => contenders[name].listCustomers());
      if (rows.length !== PLAN.rows) throw new Error(`${name}: ${rows.length} rows`);
      samples.list[name].push(time);
    }
  }
  for (let round = 0; round < PLAN.getRounds; round++) {
    for (const name of rotated(NAMES, round)) {
      const [time] = await timed(async () => {
        for (let i = 0; i < PLAN.gets; i++) await contenders[name].getCustomer(((i * 7919) % PLAN.rows) + 1);
      });
      samples.get[name].push(time);
    }
  }
  let next = PLAN.rows + 1;
  for (const name of NAMES) await contenders[name].createCustomer(customerInput(next++)); // warm-up
  for (let round = 0; round < PLAN.createRounds; round++) {
    for (const name of rotated(NAMES, round)) {
      const [time] = await timed(async () => {
        for (let i = 0; i < PLAN.creates; i++) await contenders[name].createCustomer(customerInput(next++));
      });
      samples.create[name].push(time);
    }
  }
  const total = (await contenders.fetch.listCustomers()).length;
  if (total !== next - 1) throw new Error(`after the creates: ${total} customers, not ${next - 1}`);
  return samples;
}

/** Fresh `node cold.mjs` processes, interleaved; each reports ms from its start to its answer. */
function coldStarts(url) {
  const samples = Object.fromEntries(NAMES.map((n) => [n, []]));
  const parts = Object.fromEntries(NAMES.map((n) => [n, { importMs: [], callMs: [] }]));
  for (let round = 0; round < PLAN.coldRuns; round++) {
    for (const name of rotated(NAMES, round)) {
      const out = execFileSync(process.execPath, ["cold.mjs", name, url], {
        cwd: here,
        env: { ...process.env, PMP_BENCH_TOKEN: TOKEN },
        encoding: "utf8",
      });
      const { total, importMs, callMs } = JSON.parse(out);
      samples[name].push(total);
      parts[name].importMs.push(importMs);
      parts[name].callMs.push(callMs);
    }
  }
  return { samples, parts };
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, " UTC").replace("T", " "),
    cpu: cpus[0]?.model ?? "unknown",
    nproc: os.availableParallelism?.() ?? cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    rust: process.env.BENCH_RUSTC ?? "unknown",
    commit: process.env.BENCH_COMMIT ?? "unknown",
  };
}

const plan = PLAN;
console.error(`bench: ${QUICK ? "quick " : ""}run, ${plan.rows} customers`);
const main = await startSandbox({ empty: true });
let results;
try {
  await seedCustomers(main.url, plan.rows);
  console.error("bench: seeded; in-process contenders");
  const calls = await inProcess(main.url);
  console.error("bench: cold starts");
  const cold = coldStarts(main.url);
  results = { plan, calls, cold };
} finally {
  await main.stop();
}
console.error(`bench: sandbox under load, 16 clients, ${plan.loadSeconds} s`);
const loaded = await startSandbox({ empty: false });
try {
  results.load = await load({ url: loaded.url, token: TOKEN, clients: 16, seconds: plan.loadSeconds });
} finally {
  await loaded.stop();
}
console.error("bench: pages on the 3.0 profile, without and with a per-answer delay");
const pages = pagingReport(await paging({ quick: QUICK }));
results.sizes = sizes();
results.machine = machine();
const { text, markdown } = report(results);
console.log(`${text}\n\n${pages.text}`);
if (process.env.BENCH_OUT) {
  writeFileSync(process.env.BENCH_OUT, `${markdown}\n\n${pages.markdown}\n`);
  console.error(`bench: wrote ${process.env.BENCH_OUT}`);
}
const { serverErrors, mismatches, missing, failures } = results.load;
if (serverErrors > 0 || mismatches.length > 0 || missing.length > 0 || Object.keys(failures).length > 0) {
  console.error("bench: the sandbox failed under load (a 5xx or failed call, a write not as acknowledged, or an endpoint not called)");
  process.exitCode = 1;
}
