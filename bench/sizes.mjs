// The browser build's weight: what a page that only reads loads (the first `.wasm` and the JS
// glue: browser.js, client.js, web/pmp_reads.js and web/error.js), then what its first write adds
// (the full `.wasm`, its glue, writes.js), raw, gzip -9 and brotli (Node's zlib, quality 11),
// read from the installed package; openapi-fetch's module for comparison.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { createRequire } from "node:module";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const require = createRequire(import.meta.url);

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
  const read = (files) => Buffer.concat(files.map((f) => readFileSync(join(pkg, f))));
  // A page that only reads loads the first wasm and this JS; its first write adds the rest.
  const w = measure(read(["web/pmp_reads_bg.wasm"]));
  const g = measure(read(["browser.js", "client.js", "web/pmp_reads.js", "web/error.js"]));
  const total = { raw: w.raw + g.raw, gzip: w.gzip + g.gzip, brotli: w.brotli + g.brotli };
  const writes = measure(read(["web/pmp_wasm_bg.wasm", "web/pmp_wasm.js", "writes.js"]));
  const openapiFetch = measure(readFileSync(join(dirname(require.resolve("openapi-fetch")), "index.mjs")));
  return [
    ["pmp-client first `.wasm` (reads)", w],
    ["pmp-client JS glue", g],
    ["pmp-client total", total],
    ["on a first write: the full `.wasm`, its glue, writes.js", writes],
    ["openapi-fetch `dist/index.mjs` (unminified)", openapiFetch],
  ];
}
