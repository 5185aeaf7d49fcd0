// Where the client's CPU time goes: for each contender and call, a fresh `node --cpu-prof`
// process makes the calls against one seeded sandbox; its V8 CPU profile is summed by
// category (wasm code, wasm-bindgen glue, undici/fetch, GC, ...) and its client CPU time
// (process.cpuUsage, insensitive to other processes' load) is reported per call.
// Run after `cargo xtask bench` (which installs everything), from bench/:
//   PMP_SANDBOX_BIN=../target/release/pmp-sandbox node profile.mjs
// A diagnostic for BENCHMARKS.md's analysis, not part of the timed run.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { customerInput } from "./customer.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const ROWS = 2000;
const CALLS = { listCustomers: 40, getCustomer: 2000, createCustomer: 500 };
const NAMES = ["fetch", "pmp-client", "openapi-fetch"];

if (process.argv[2] === "child") {
  const [, , , name, op, url] = process.argv;
  const { contender } = await import(`./contenders/${name}.mjs`);
  const c = contender(url, process.env.PMP_BENCH_TOKEN);
  const arg = (i) => (op === "getCustomer" ? (i % ROWS) + 1 : op === "createCustomer" ? customerInput(10_000 + i) : undefined);
  for (let i = 0; i < 20; i++) await c[op](arg(i)); // warm-up, not in the CPU figure
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < CALLS[op]; i++) await c[op](arg(i));
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start }));
} else {
  const { seedCustomers, startSandbox, TOKEN } = await import("./sandbox.mjs");
  const sandbox = await startSandbox({ empty: true });
  try {
    await seedCustomers(sandbox.url, ROWS);
    console.log("call | contender | client CPU per call | categories of the CPU profile (ms per call)");
    for (const op of Object.keys(CALLS)) {
      for (const name of NAMES) {
        const dir = join(here, "out/prof", `${op}-${name}`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const out = execFileSync(
          process.execPath,
          ["--cpu-prof", "--cpu-prof-dir", dir, "profile.mjs", "child", name, op, sandbox.url],
          { cwd: here, env: { ...process.env, PMP_BENCH_TOKEN: TOKEN }, encoding: "utf8" },
        );
        const { cpuMs } = JSON.parse(out.trim().split("\n").at(-1));
        const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), "utf8"));
        const perCall = (ms) => (ms / CALLS[op]).toFixed(3);
        const cats = Object.entries(categories(profile))
          .filter(([k]) => k !== "(idle)")
          .sort((a, b) => b[1] - a[1])
          .slice(0, 7)
          .map(([k, ms]) => `${k} ${perCall(ms)}`)
          .join(", ");
        console.log(`${op} | ${name} | ${perCall(cpuMs)} ms | ${cats}`);
      }
    }
  } finally {
    await sandbox.stop();
  }
}

/** Self time (ms) of a V8 CPU profile, by where the code comes from. */
function categories(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.endTime - profile.startTime;
  const perSample = total / 1000 / profile.samples.length;
  const out = {};
  for (const [id, n] of counts) {
    const { url, functionName } = byId.get(id).callFrame;
    const cat = url.startsWith("wasm://")
      ? "wasm"
      : url.includes("pmp_wasm.js")
        ? "wasm-bindgen glue"
        : url.includes("pmp-client")
          ? "pmp-client entry"
          : url.includes("openapi-fetch")
            ? "openapi-fetch"
            : url.includes("undici")
              ? "undici (fetch)"
              : url.startsWith("node:")
                ? "node internals"
                : url === ""
                  ? functionName || "(native)"
                  : url.includes("/bench/")
                    ? "bench script"
                    : "other JS";
    out[cat] = (out[cat] ?? 0) + n * perSample;
  }
  return out;
}
