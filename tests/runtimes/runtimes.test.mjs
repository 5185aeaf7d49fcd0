// The packed pmp-client everywhere JavaScript runs, with no configuration about it: every
// target runs flow.js against one pmp-sandbox and its report is checked the same way.
// Node (import, require), Bun, Deno (no --allow-read), workerd (`wrangler dev --local`),
// Next.js production builds (Turbopack and webpack: route handler, server component, client
// page), and bundles of Vite, webpack, rspack, esbuild (iife, esm) and `bun build` in headless
// Chromium (playwright-core with Debian's /usr/bin/chromium), in pages, module and classic
// workers and service workers.
// Then a browser app reaching a server that refuses CORS preflights, as real installations
// do, through Vite's dev-server proxy. Run by `cargo xtask test runtimes`, in a folder where
// the tarball is installed, below the folder of the tools (xtask/src/runtimes.rs).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { once } from "node:events";
import { copyFileSync, cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { BUNDLERS } from "./bundles.mjs";
// The servers of the Node tests, from the source tree (this copy runs in target/runtimes/app).
import { TOKEN, startFront, startSandbox } from "../../../tests/node/servers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const tools = join(here, "..", "node_modules", ".bin");
const dist = join(here, "dist");
let sandbox;
let front;
let browser;
const children = new Set();

before(async () => {
  // Every target checks a wrong token once: more than 3.x's lock-out allows from one IP.
  sandbox = await startSandbox({ args: ["--auth-lockout", "1000000"] });
});

after(async () => {
  await browser?.close();
  await front?.stop();
  for (const child of children) child.kill();
  await sandbox?.stop();
});

let markers = 0;
/** A config for one run of the flow: its own marker, so that runs do not see each other's rows. */
const config = (baseUrl = sandbox.url) => ({ baseUrl, token: TOKEN, marker: `rt-${process.pid}-${++markers}` });

/** Checks a flow report: what the client returned at each step. */
function checkReport(report, { marker }, target) {
  const where = `${target}: ${JSON.stringify(report)}`;
  assert.equal(report.failed, undefined, where);
  assert.ok(Array.isArray(report.listed) && report.listed.length > 0, where);
  assert.ok(report.listed.every((id) => /^\d+$/.test(id)), `rows with ids: ${where}`);
  assert.equal(report.created, true, where);
  assert.deepEqual(report.found, [marker], where);
  assert.equal(report.got, marker, where);
  assert.equal(report.deleted, true, where);
  assert.equal(report.afterDelete, "not_found", where);
  assert.equal(report.wrongToken, "auth", where);
}

/** Runs a command to its end; resolves with its standard output. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: here, stdio: ["ignore", "pipe", "pipe"], ...options });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${err}${out}`))));
  });
}

/** Starts a long-running command; resolves once its output matches `ready`. */
function serve(command, args, ready, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: here, stdio: ["ignore", "pipe", "pipe"], ...options });
    children.add(child);
    let out = "";
    const look = (d) => {
      out += d;
      const match = ready.exec(out);
      if (match) resolve({ match, stop: () => child.kill() });
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.on("exit", (code) => reject(new Error(`${command} exited ${code} before it was ready:\n${out}`)));
  });
}

async function freePort() {
  const server = http.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  return port;
}

const json = async (url) => {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url}: ${response.status}`);
  return response.json();
};

// Each runtime runs `node-esm.mjs` (`import`) or `node-cjs.cjs` (`require`).
const RUNTIMES = [
  ["Node, import", process.execPath, ["node-esm.mjs"]],
  ["Node, require", process.execPath, ["node-cjs.cjs"]],
  // Bun's binary from its platform package: `npm ci --ignore-scripts` skips the script that
  // would link it into .bin.
  ["Bun", join(here, "..", "node_modules/@oven", `bun-${process.platform}-${process.arch}`, "bin/bun"), ["node-esm.mjs"]],
  // Network to the sandbox only; no --allow-read (nor env, write, run...).
  ["Deno, no --allow-read", join(tools, "deno"), ["run", "--allow-net=127.0.0.1", "node-esm.mjs"]],
];

for (const [name, command, args] of RUNTIMES) {
  test(`${name}: the flow`, async () => {
    const c = config();
    const out = await run(command, [...args, JSON.stringify(c)], {
      env: { ...process.env, DENO_DIR: join(here, ".deno"), DENO_NO_UPDATE_CHECK: "1" },
    });
    checkReport(JSON.parse(out.trim().split("\n").pop()), c, name);
  });
}

test("workerd (wrangler dev --local): the flow in a Worker", { timeout: 360_000 }, async () => {
  const port = await freePort();
  const home = join(here, ".wrangler-home");
  const server = await serve(
    join(tools, "wrangler"),
    ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()), "--log-level", "info"],
    /Ready on (http:\/\/127\.0\.0\.1:\d+)/,
    { cwd: join(here, "worker"), env: { ...process.env, WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: home, HOME: home } },
  );
  try {
    const c = config();
    checkReport(await json(`${server.match[1]}/?config=${encodeURIComponent(JSON.stringify(c))}`), c, "workerd");
  } finally {
    server.stop();
  }
});

// Next.js builds with Turbopack (its default) and with webpack, each in its own copy of
// next-app/, started at load so that they run while the other targets are tested.
const NEXT = join(here, "..", "node_modules/next/dist/bin/next");
const NEXT_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
cpSync(join(here, "next-app"), join(here, "next-webpack"), { recursive: true });
const nextBuilds = [
  ["Turbopack", "next-app", []],
  ["webpack", "next-webpack", ["--webpack"]],
].map(([bundler, dir, flags]) => {
  const built = run(process.execPath, [NEXT, "build", ...flags], { cwd: join(here, dir), env: NEXT_ENV });
  built.catch(() => {});
  return [bundler, dir, built];
});

for (const [bundler, dir, built] of nextBuilds) {
  test(`Next.js production build (${bundler}): a route handler, a server component and a client page`, { timeout: 900_000 }, async () => {
    await built;
    const port = await freePort();
    const server = await serve(process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], /Ready in/, {
      cwd: join(here, dir),
      env: NEXT_ENV,
    });
    try {
      const origin = `http://127.0.0.1:${port}`;
      const route = config();
      checkReport(await json(`${origin}/api/flow?config=${encodeURIComponent(JSON.stringify(route))}`), route, "Next route handler");
      const rsc = config();
      const html = await (await fetch(`${origin}/server?config=${encodeURIComponent(JSON.stringify(rsc))}`)).text();
      const rendered = /<pre id="report">([^<]*)<\/pre>/.exec(html);
      assert.ok(rendered, html.slice(0, 500));
      checkReport(JSON.parse(rendered[1].replaceAll("&quot;", '"').replaceAll("&amp;", "&")), rsc, "Next server component");
      // The client page in the browser: the sandbox answers CORS (its default), so the page calls it directly.
      const page = await newPage();
      const client = config();
      await page.goto(`${origin}/client?config=${encodeURIComponent(JSON.stringify(client))}`);
      await page.waitForFunction(() => document.querySelector("#report")?.textContent !== "running", null, { timeout: 120_000 });
      checkReport(JSON.parse(await page.textContent("#report")), client, "Next client page");
      await page.close();
    } finally {
      server.stop();
    }
  });
}

const errors = [];
async function newPage() {
  browser ??= await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  page.on("pageerror", (e) => errors.push(String(e)));
  return page;
}

test("bundlers: Vite (page, worker), webpack, rspack, esbuild (iife, esm), bun build each build the page", { timeout: 720_000 }, async () => {
  const entries = { main: "page.js", worker: "worker.js", sw: "sw.js" };
  await Promise.all(
    Object.entries(BUNDLERS).map(([name, build]) =>
      name === "vite"
        ? build({ index: "index.html", worker: "vite-worker.html" }, join(dist, name), `/${name}/`)
        : build(entries, join(dist, name)),
    ),
  );
  copyFileSync(join(here, "web/run.html"), join(dist, "run.html"));
  front = await startFront(sandbox.url, { staticDir: dist });
  const baseUrl = `${front.origin}/crm/`;
  const cases = [
    ["Vite", "/vite/index.html"],
    ["webpack", "/run.html?src=/webpack/main.js"],
    ["rspack", "/run.html?src=/rspack/main.js"],
    ["esbuild iife", "/run.html?src=/esbuild-iife/main.js"],
    ["esbuild esm", "/run.html?src=/esbuild-esm/main.js&module=1"],
    ["bun build", "/run.html?src=/bun-build/page.js&module=1"],
  ];
  for (const [name, path] of cases) {
    const page = await newPage();
    await page.goto(`${front.origin}${path}`);
    await page.waitForFunction(() => typeof globalThis.runFlow === "function");
    assert.deepEqual(await page.evaluate(() => globalThis.early), ["auth", "invalid_input"], `${name}: calls made at import`);
    const c = config(baseUrl);
    checkReport(await page.evaluate((c) => globalThis.runFlow(c), c), c, `${name} page`);
    await page.close();
  }
  // A worker as Vite bundles it by default (format iife, which refuses top-level await).
  const page = await newPage();
  await page.goto(`${front.origin}/vite/vite-worker.html`);
  await page.waitForFunction(() => typeof globalThis.runWorkerFlow === "function");
  const c = config(baseUrl);
  checkReport(await page.evaluate((c) => globalThis.runWorkerFlow(c), c), c, "Vite worker (default format)");
  await page.close();
  assert.deepEqual(errors, [], "no uncaught error in the pages");
});

test("a page whose wasm cannot be loaded (no .wasm, no embedded copy): calls reject with a PmpError of kind network", { timeout: 180_000 }, async () => {
  assert.ok(front, "the bundlers test built the pages");
  const page = await newPage();
  await page.route(/\.wasm$|\/inline[^/]*\.js$/, (route) => route.abort());
  await page.goto(`${front.origin}/run.html?src=/webpack/main.js`);
  await page.waitForFunction(() => typeof globalThis.runFlow === "function");
  assert.deepEqual(await page.evaluate(() => globalThis.early), ["network", "network"], "calls made at import");
  // The flow reports its first failure as `kind: message` (`not a PmpError: …` otherwise).
  const report = await page.evaluate((c) => globalThis.runFlow(c), config(`${front.origin}/crm/`));
  assert.match(String(report.failed), /^network: the wasm could not be loaded/, JSON.stringify(report));
  await page.close();
  assert.deepEqual(errors, [], "no uncaught error in the page");
});

test("workers: module and classic web workers (esbuild esm, iife; webpack), classic and module service workers (esbuild)", { timeout: 360_000 }, async () => {
  const page = await newPage();
  await page.goto(`${front.origin}/run.html`);
  const baseUrl = `${front.origin}/crm/`;
  const workers = [
    ["module worker (esbuild esm)", "/esbuild-esm/worker.js", "module"],
    ["classic worker (esbuild iife)", "/esbuild-iife/worker.js", "classic"],
    ["classic worker (webpack)", "/webpack/worker.js", "classic"],
  ];
  for (const [name, url, type] of workers) {
    const c = config(baseUrl);
    const report = await page.evaluate(
      ([url, type, c]) =>
        new Promise((resolve) => {
          const worker = new Worker(url, { type });
          worker.onmessage = ({ data }) => resolve(data);
          worker.onerror = (e) => resolve({ failed: `worker error: ${e.message}` });
          worker.postMessage(c);
        }),
      [url, type, c],
    );
    checkReport(report, c, name);
  }
  const services = [
    ["service worker (esbuild iife)", "/esbuild-iife/sw.js", "classic"],
    ["module service worker (esbuild esm)", "/esbuild-esm/sw.js", "module"],
  ];
  for (const [name, url, type] of services) {
    const c = config(baseUrl);
    const report = await page.evaluate(
      async ([url, type, c]) => {
        const registration = await navigator.serviceWorker.register(url, { type });
        const worker = registration.installing ?? registration.waiting ?? registration.active;
        if (worker.state !== "activated") {
          await new Promise((resolve) => worker.addEventListener("statechange", () => worker.state === "activated" && resolve()));
        }
        const answer = new Promise((resolve) => navigator.serviceWorker.addEventListener("message", ({ data }) => resolve(data), { once: true }));
        worker.postMessage(c);
        return answer;
      },
      [url, type, c],
    );
    checkReport(report, c, name);
  }
  await page.close();
  assert.deepEqual(errors, [], "no uncaught error in the pages");
});

/**
 * A server that behaves as real installations do towards browsers (wire/PMP-WIRE-FACTS.md): a
 * CORS preflight gets 404, and answers carry no CORS headers; everything else is the sandbox's.
 */
async function startRefusingCors(target) {
  const server = http.createServer((req, res) => {
    if (req.method === "OPTIONS") return res.writeHead(404, { "content-type": "text/html" }).end("<h1>404</h1>");
    const upstream = http.request(new URL(req.url, target), { method: req.method, headers: req.headers }, (answer) => {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith("access-control-")));
      res.writeHead(answer.statusCode, headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { origin: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() };
}

test("a server refusing CORS preflights: unreachable from another origin, reached through Vite's server.proxy", { timeout: 360_000 }, async () => {
  const real = await startRefusingCors(sandbox.url);
  const { createServer } = await import("vite");
  const vite = await createServer({
    root: join(here, "web"),
    configFile: false,
    logLevel: "warn",
    // What the README shows: the API on a path of the app's own origin.
    server: { host: "127.0.0.1", port: await freePort(), strictPort: true, proxy: { "/crm": { target: real.origin, rewrite: (path) => path.replace(/^\/crm/, "") } } },
  });
  await vite.listen();
  try {
    const page = await newPage();
    await page.goto(vite.resolvedUrls.local[0]);
    await page.waitForFunction(() => typeof globalThis.runFlow === "function");
    const direct = await page.evaluate((c) => globalThis.runFlow(c), config(`${real.origin}/`));
    assert.match(direct.failed ?? "", /^network: /, `a cross-origin call fails: ${JSON.stringify(direct)}`);
    const c = config("/crm/");
    checkReport(await page.evaluate((c) => globalThis.runFlow(c), c), c, "Vite dev server, through server.proxy");
    await page.close();
  } finally {
    await vite.close();
    real.stop();
  }
});
