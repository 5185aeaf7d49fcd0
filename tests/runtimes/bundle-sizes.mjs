// What each bundler emits for web/list-only.js (a page calling only listCustomers; and
// list-full.js, the same through `pmp-client/full`), measured
// as the page loads it: each bundle is opened in headless Chromium against pmp-sandbox, and
// the JS and .wasm it fetched until its list answered are summed (gzip -9 of each file). Apart:
// what the build emits that the page did not fetch (the full wasm and writes.js, loaded on a
// first write; the embedded-wasm chunk, loaded only where the .wasm is missing). Printed by
// `cargo xtask bench` and `cargo xtask bench --sizes`.
import { copyFileSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { BUNDLERS } from "./bundles.mjs";
import { TOKEN, startFront, startSandbox } from "../../../tests/node/servers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const out = join(here, "dist-sizes");
const files = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
const kB = (n) => (n / 1000).toFixed(1);
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
// The embedded copy is gzip in base64: it starts with gzip's magic bytes, "H4sI".
const EMBEDDED = "H4sI";

const NAMES = ["vite", "webpack", "rspack", "esbuild-esm"];
// Each bundler's build of list-only.js (`pmp-client`), and of list-full.js (`pmp-client/full`).
const PAGES = [["", "list-only.js"], [" (pmp-client/full)", "list-full.js"]];
const builds = PAGES.flatMap(([label, page], i) => NAMES.map((name) => [name + label, name, page, `${name}-${i}`]));
for (const [, name, page, dir] of builds) await BUNDLERS[name]({ main: page }, join(out, dir), `/${dir}/`);
copyFileSync(join(here, "web/run.html"), join(out, "run.html"));

const sandbox = await startSandbox();
const front = await startFront(sandbox.url, { staticDir: out });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
const rows = [];
try {
  for (const [name, , , dirName] of builds) {
    const dir = join(out, dirName);
    const emitted = files(dir).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => `/${relative(out, f)}`);
    // Vite names its entry main-<hash>.js; the others main.js.
    const entry = emitted.find((f) => /\/main(-[\w-]+)?\.js$/.test(f));
    const page = await browser.newPage();
    const fetched = new Set();
    page.on("request", (request) => fetched.add(new URL(request.url()).pathname));
    await page.goto(`${front.origin}/run.html?src=${entry}&module=1&token=${TOKEN}`);
    await page.waitForFunction(() => / customers$/.test(document.title), null, { timeout: 120_000 });
    await page.close();
    const loaded = { raw: 0, gzip: 0 };
    const later = { raw: 0, gzip: 0 };
    const embedded = { raw: 0, gzip: 0 };
    for (const path of emitted) {
      const bytes = readFileSync(join(out, path));
      const into = fetched.has(path) ? loaded : bytes.includes(EMBEDDED) ? embedded : later;
      into.raw += bytes.length;
      into.gzip += gzip(bytes);
    }
    rows.push([name, loaded, later, embedded]);
  }
} finally {
  await browser.close();
  await front.stop();
  sandbox.stop();
}
console.log("\nbundler output for a page calling only listCustomers, as Chromium loads it (kB, gzip -9 of each file, summed)");
console.log(["bundler", "page loads: raw", "gzip", "on a first write: gzip", "embedded-wasm chunk (not loaded): gzip"].join(" | "));
for (const [name, loaded, later, embedded] of rows) {
  const note = name.startsWith("esbuild-esm") ? " (no .wasm emitted: the wasm is embedded in the bundle)" : "";
  console.log([name + note, kB(loaded.raw), kB(loaded.gzip), kB(later.gzip), kB(embedded.gzip)].join(" | "));
}
