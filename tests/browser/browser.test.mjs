// The packed pmp-client in a browser: `tsc --strict` of a typed example using every method,
// a Vite production build of a one-file page, and that page in headless Chromium
// (playwright-core with Debian's /usr/bin/chromium) against pmp-sandbox.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { chromium } from "playwright-core";
// The servers of the Node tests, from the source tree (this copy runs in tests/out/browser/consumer).
import { TOKEN, startFront, startSandbox } from "../../../node/servers.mjs";
import { startRecorder, startRedirector } from "../../../faults/hostile.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
let sandbox;
let front;
let browser;
let page;

before(async () => {
  sandbox = await startSandbox();
});

after(async () => {
  await browser?.close();
  await front?.stop();
  await sandbox?.stop();
});

test("the public .d.ts has no `any`; typed examples of every method, page, pages and require compile", () => {
  const pkg = dirname(createRequire(import.meta.url).resolve("pmp-client/package.json"));
  for (const file of ["index.d.ts", "types/pmp_wasm.d.cts"]) {
    // Prose may say "any"; the declarations may not.
    const code = readFileSync(join(pkg, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\bany\b/, `${file} declares an any`);
  }
  const source = readFileSync(join(here, "typed-example.ts"), "utf8");
  const methods = new Set(source.match(/pmp\.\w+\(/g));
  // The catalogue's methods (six per resource), the page calls page() and pages(), and the
  // lookups and custom fields, and sendInvoice.
  assert.equal(methods.size, 6 * 6 + 2 + 4 + 1, [...methods].join(" "));
  const tsc = join(here, "node_modules/typescript/bin/tsc");
  // Bundler resolution (import), then Node16 resolution (import and require).
  for (const config of ["tsconfig.json", "tsconfig.node16.json"]) {
    execFileSync(process.execPath, [tsc, "-p", join(here, config)], { stdio: "inherit" });
  }
});

test("Vite builds the page, and it works in headless Chromium, in the page and in a worker (pmp-client/full)", { timeout: 360_000 }, async () => {
  // Workers as ES modules (classic ones and Vite's default format: tests/runtimes).
  await build({
    root: join(here, "page"),
    logLevel: "warn",
    build: { outDir: dist, emptyOutDir: true },
    worker: { format: "es" },
  });
  const assets = readdirSync(join(dist, "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `a .wasm asset: ${assets}`);

  front = await startFront(sandbox.url, { staticDir: dist });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The files the page fetched: a page that only lists loads the first wasm alone, and the
  // full one (with writes.js) on its first write.
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  const wasms = () => fetched.filter((path) => path.endsWith(".wasm")).map((path) => path.replace(/^.*\/|-[\w-]+\.wasm$/g, ""));
  await page.goto(`${front.origin}/index.html?token=${TOKEN}`);
  await page.waitForFunction(() => document.querySelector("#out").textContent !== "loading");
  assert.match(await page.textContent("#out"), /^\d+ customers, first: \S/);
  assert.deepEqual(wasms(), ["pmp_reads_bg"], `a page that has only listed: ${fetched}`);

  const marker = `browser-${process.pid}`;
  page.setDefaultTimeout(120_000);
  const r = await page.evaluate((m) => window.smoke(m), marker);
  assert.deepEqual(r.created.ok, true, JSON.stringify(r.created));
  assert.equal(r.found.ok, true, JSON.stringify(r.found));
  assert.equal(r.found.value.length, 1);
  assert.equal(r.got.value.attachments.length, 1, "the file was uploaded");
  for (const [name, kind] of [["missing", "not_found"], ["invalid", "invalid_input"], ["aborted", "aborted"]]) {
    assert.equal(r[name].ok, false, name);
    assert.equal(r[name].isPmpError, true, name);
    assert.equal(r[name].isError, true, name);
    assert.equal(r[name].kind, kind, `${name}: ${r[name].message}`);
    assert.ok(!r[name].message.includes(TOKEN));
  }
  assert.equal(r.after.ok, true, "the client works after failures");
  assert.deepEqual(wasms(), ["pmp_reads_bg", "pmp_wasm_bg"], `after writes, the full wasm once: ${fetched}`);

  const inWorker = await page.evaluate(() =>
    Promise.race([window.inWorker(), new Promise((r) => setTimeout(() => r({ ok: false, kind: "no answer in 120 s" }), 120_000))]),
  );
  assert.equal(inWorker.ok, true, JSON.stringify(inWorker));
  assert.equal(inWorker.hasWindow, false, "a worker has no window");
  assert.ok(inWorker.count > 0, "the worker listed customers");
  assert.ok(inWorker.taxes > 0, "the worker listed the taxes");
  assert.deepEqual(inWorker.wasms, ["pmp_wasm_bg"], "pmp-client/full fetches the full wasm alone");
  assert.deepEqual(errors, [], "no uncaught error or unhandled rejection in the page");
});

test("a page whose full wasm cannot be loaded still reads; a write rejects with kind network, then works once it can be", { timeout: 180_000 }, async () => {
  assert.ok(front, "the page of the first test is built and served");
  const other = await browser.newPage();
  const errors = [];
  other.on("pageerror", (e) => errors.push(String(e)));
  let blocked = true;
  // The full wasm and the embedded copy: what the first write loads.
  await other.route(/pmp_wasm_bg[^/]*\.wasm$|inline[^/]*\.js$/, (route) => (blocked ? route.abort() : route.continue()));
  try {
    await other.goto(`${front.origin}/index.html?token=${TOKEN}`);
    await other.waitForFunction(() => document.querySelector("#out").textContent !== "loading");
    assert.match(await other.textContent("#out"), /^\d+ customers/, "the first wasm serves the list");
    const failed = await other.evaluate((m) => window.createOne(m), `unloaded-${process.pid}`);
    assert.equal(failed.ok, false, JSON.stringify(failed));
    assert.equal(failed.isPmpError, true);
    assert.equal(failed.kind, "network", failed.message);
    assert.match(failed.message, /wasm could not be loaded/);
    blocked = false;
    const created = await other.evaluate((m) => window.createOne(m), `loaded-${process.pid}`);
    assert.equal(created.ok, true, `the next write loads the full wasm again: ${JSON.stringify(created)}`);
    assert.deepEqual(errors, [], "no uncaught error or unhandled rejection in the page");
  } finally {
    await other.close();
  }
});

test("rows that carry numbers on a page that has only read: the full wasm loads for the column lists", { timeout: 180_000 }, async () => {
  assert.ok(front, "the page of the first test is built and served");
  const other = await browser.newPage();
  const errors = [];
  other.on("pageerror", (e) => errors.push(String(e)));
  const fetched = [];
  other.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  let blocked = true;
  await other.route(/pmp_wasm_bg[^/]*\.wasm$|inline[^/]*\.js$/, (route) => (blocked ? route.abort() : route.continue()));
  try {
    await other.goto(`${front.origin}/index.html?token=${TOKEN}`);
    await other.waitForFunction(() => document.querySelector("#out").textContent !== "loading");
    // A server that sends numbers and booleans (real ones send text): the model's columns become text.
    await other.route(/\/crm\/api\/customers(\?|$)/, (route) =>
      route.fulfill({ json: [{ userid: 5, company: "Numbers", active: true, unknown_column: 7 }] }),
    );
    const unloaded = await other.evaluate(() => window.customers());
    assert.equal(unloaded.ok, false, `no row is returned half-decoded: ${JSON.stringify(unloaded)}`);
    assert.equal(unloaded.kind, "network", unloaded.message);
    blocked = false;
    const listed = await other.evaluate(() => window.customers());
    assert.equal(listed.ok, true, JSON.stringify(listed));
    assert.deepEqual(listed.rows, [{ userid: "5", company: "Numbers", active: "1", unknown_column: 7 }]);
    assert.ok(fetched.some((path) => /pmp_wasm_bg[^/]*\.wasm$/.test(path)), `the full wasm was fetched: ${fetched}`);
    assert.deepEqual(errors, [], "no uncaught error or unhandled rejection in the page");
  } finally {
    await other.close();
  }
});

test("in Chromium too, a redirect to a second origin (127.0.0.2) rejects and the token never gets there", { timeout: 180_000 }, async () => {
  assert.ok(page, "the page of the previous test is loaded");
  const [redirector, other] = await Promise.all([startRedirector(307), startRecorder()]);
  try {
    redirector.setTarget(`${other.origin}/`);
    for (const status of [302, 307, 308]) {
      redirector.setStatus(status);
      const r = await page.evaluate((base) => window.redirected(base), `${redirector.origin}/crm/`);
      assert.equal(r.ok, false, `${status}: resolved with ${JSON.stringify(r.rows)}`);
      assert.equal(r.isPmpError, true);
      assert.equal(r.kind, "redirect", r.message);
      assert.match(r.message, /baseUrl/);
      assert.ok(!r.message.includes(TOKEN));
    }
    assert.ok(redirector.count() >= 3, "the redirecting server was called");
    assert.equal(other.sawToken(TOKEN), false, "the token reached the second origin");
    assert.deepEqual(other.requests, [], "the second origin got no request at all");
  } finally {
    await Promise.all([redirector.stop(), other.stop()]);
  }
});
