// The browser build's weight: the `.wasm` and the JS glue a browser loads (browser.js,
// client.js, web/pmp_wasm.js and web/error.js), raw, gzip -9 and brotli (Node's zlib, quality 11), read
// from the installed package; openapi-fetch's module for comparison.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const require = createRequire(import.meta.url);

function filesUnder(dir) {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .flatMap((path) => (statSync(path).isDirectory() ? filesUnder(path) : [path]))
    .sort();
}

function measure(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Rows of [what, {raw, gzip, brotli}]. */
export function sizes() {
  const pkg = dirname(require.resolve("pmp-client/package.json"));
  const wasm = readFileSync(join(pkg, "web/pmp_wasm_bg.wasm"));
  const glueFiles = [join(pkg, "browser.js"), join(pkg, "client.js"), join(pkg, "web/pmp_wasm.js"), join(pkg, "web/error.js")];
  const glue = Buffer.concat(glueFiles.map((f) => readFileSync(f)));
  const w = measure(wasm);
  const g = measure(glue);
  const total = { raw: w.raw + g.raw, gzip: w.gzip + g.gzip, brotli: w.brotli + g.brotli };
  const openapiFetch = measure(readFileSync(join(dirname(require.resolve("openapi-fetch")), "index.mjs")));
  return [
    ["pmp-client `.wasm`", w],
    ["pmp-client JS glue", g],
    ["pmp-client total", total],
    ["openapi-fetch `dist/index.mjs` (unminified)", openapiFetch],
  ];
}
