// The report of a run: a plain-text table for the terminal and BENCHMARKS.md. The targets are
// the package's speed targets; "met" compares this run's medians (a figure, never a test).
import { existsSync, readFileSync } from "node:fs";

const NAMES = ["pmp-client", "fetch", "openapi-fetch"];
/** The speed targets, as a ratio of the median to bare fetch's. */
const TARGETS = { list: 1.25, get: 1.1, create: 1.1, cold: 1.5 };

/** The median of samples (the mean of the middle two for an even count). */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ratio = (x) => `${x.toFixed(2)}x`;

/** The rows of the timing table; `measure` picks wall or CPU time from a sample. */
function lines(results, measure) {
  const { plan, calls, cold } = results;
  const spec = [
    ["list", `listCustomers, ${plan.rows} rows (median of ${plan.listRuns})`, calls.list],
    ["get", `${plan.gets} sequential getCustomer (median of ${plan.getRounds})`, calls.get],
    ["create", `${plan.creates} sequential createCustomer (median of ${plan.createRounds})`, calls.create],
    ["cold", `cold start: process start to first answer (median of ${plan.coldRuns})`, cold.samples],
  ];
  return spec
    .filter(([key]) => key !== "cold" || measure === "wall")
    .map(([key, what, samples]) => {
      const m = Object.fromEntries(
        NAMES.map((n) => [n, median(samples[n].map((s) => (typeof s === "number" ? s : s[measure])))]),
      );
      const mine = m["pmp-client"] / m.fetch;
      return [
        what,
        ...NAMES.map((n) => `${ms(m[n])} ms`),
        ratio(mine),
        ratio(m["openapi-fetch"] / m.fetch),
        `<= ${TARGETS[key].toFixed(2)}x`,
        mine <= TARGETS[key] ? "yes" : "no",
        m["pmp-client"] <= m["openapi-fetch"] ? "yes" : "no",
      ];
    });
}

const HEAD = ["", ...NAMES, "pmp-client / fetch", "openapi-fetch / fetch", "target", "met", "<= openapi-fetch"];

function markdownTable(head, rows) {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map((_, i) => (i ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function textTable(head, rows) {
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ");
  return [fmt(head), ...rows.map(fmt)].join("\n");
}

/** `{ text, markdown }` of a run's results. */
export function report(results) {
  const { machine, sizes, load, cold } = results;
  const timing = lines(results, "wall");
  const cpu = lines(results, "cpu");
  const sizeHead = ["browser build", "raw", "gzip -9", "brotli"];
  const sizeRows = sizes.map(([what, s]) => [what, kb(s.raw), kb(s.gzip), kb(s.brotli)]);
  const total = sizes.find(([what]) => what === "pmp-client total")[1];
  const coldHead = ["cold start, median ms", "import", "first call"];
  const coldRows = NAMES.map((n) => [n, ms(median(cold.parts[n].importMs)), ms(median(cold.parts[n].callMs))]);
  const failures = Object.entries(load.failures);
  const loadRows = [
    ["clients, duration", `${load.clients} concurrent pmp-client instances, ${load.seconds.toFixed(1)} s`],
    ["endpoints called", `${load.endpoints} of the five resources' ${load.expectedEndpoints}${load.missing.length ? ` (missing: ${load.missing.join(", ")})` : ""}`],
    ["requests", String(load.requests)],
    ["requests per second", load.rps.toFixed(0)],
    ["latency p50 / p99 / max", `${ms(load.p50)} / ${ms(load.p99)} / ${ms(load.max)} ms`],
    ["5xx answers", String(load.serverErrors)],
    ["failed calls", failures.length ? failures.map(([k, n]) => `${k}: ${n}`).join("; ") : "0"],
    [
      "final state equals the acknowledged writes",
      load.mismatches.length
        ? `no: ${load.mismatches.slice(0, 5).join("; ")}`
        : `yes (${load.writesChecked} rows checked${load.uncertain ? `, ${load.uncertain} unanswered writes left out` : ""})`,
    ],
  ];
  const machineRows = [
    ["date", machine.date],
    ["CPU", `${machine.cpu}, nproc ${machine.nproc}`],
    ["memory", machine.memory],
    ["OS", machine.os],
    ["Node", machine.node],
    ["Rust", machine.rust],
    ["commit", machine.commit],
  ];

  const text = [
    "wall time",
    textTable(HEAD, timing),
    "",
    "client CPU time (the Node process's, all threads)",
    textTable(HEAD, cpu),
    "",
    textTable(coldHead, coldRows),
    "",
    textTable(sizeHead, sizeRows),
    `browser build target: <= 35 kB gzip, wasm and JS glue: ${total.gzip <= 35000 ? "met" : "not met"}`,
    "",
    "pmp-sandbox under load",
    textTable(["", ""], loadRows),
    "",
    textTable(["machine", ""], machineRows),
  ].join("\n");

  const analysis = new URL("./ANALYSIS.md", import.meta.url);
  const markdown = [
    "# Benchmarks",
    "",
    "Written by `cargo xtask bench` (scripts in `bench/`). Three contenders in one Node process,",
    "interleaved in rotating order against pmp-sandbox (release build, `--db :memory:`) on loopback:",
    "the packed `pmp-client` installed from its tarball, bare `fetch` + `response.json()` making the",
    "same HTTP requests, and an `openapi-fetch` client typed by `openapi-typescript` output of",
    "`openapi/pmp.openapi.json`. Customers have every input field filled. Figures compare within",
    "this run only; nothing asserts a time.",
    "",
    markdownTable(["machine", ""], machineRows),
    "",
    "## Calls",
    "",
    "Wall time, the figures of the speed targets:",
    "",
    markdownTable(HEAD, timing),
    "",
    "The Node process's CPU time (all its threads) over the same samples: what the client costs",
    "the machine, less sensitive than wall time to other work on a shared machine.",
    "",
    markdownTable(HEAD, cpu),
    "",
    "Cold start: a fresh `node` process imports the contender and makes one `getCustomer`; the time",
    "is from the process's start (Node's own boot included) to the answer. Its parts:",
    "",
    markdownTable(coldHead, coldRows),
    "",
    "## Browser build size",
    "",
    "What a page that only reads loads (the first wasm, `web/pmp_reads_bg.wasm`, and the JS glue:",
    "`browser.js`, `client.js`, `web/pmp_reads.js`, `web/error.js`), then what its first write adds,",
    "as installed from the tarball; gzip -9 and brotli (quality 11) from Node's zlib. What bundlers",
    "emit and a page loads in Chromium: `cargo xtask bench --sizes`, printed before the benchmarks.",
    `Target: at most 35 kB gzip together: **${total.gzip <= 35000 ? "met" : "not met"}** (${kb(total.gzip)}).`,
    "",
    markdownTable(sizeHead, sizeRows),
    "",
    "## pmp-sandbox under load",
    "",
    "Each client loops over the five resources: create a row with a unique tag, search it, get it,",
    "update it, list, and delete every second row; the final lists must hold exactly what the",
    "acknowledged writes say. Latency is per call, measured in the client; the clients (one Node",
    "process) and the sandbox share the machine's cores, so the rate is bounded by both.",
    "",
    markdownTable(["", ""], loadRows),
    "",
    existsSync(analysis) ? readFileSync(analysis, "utf8").trim() : "",
    "",
  ].join("\n");
  return { text, markdown };
}
