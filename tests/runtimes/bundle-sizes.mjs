// What each bundler emits for web/list-only.js (a page calling only listCustomers), measured:
// the JS and .wasm the page loads, and apart, the chunk with the embedded wasm that the page
// loads only where the .wasm is missing. Printed by `cargo xtask bench`.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { BUNDLERS } from "./bundles.mjs";

const out = join(fileURLToPath(new URL(".", import.meta.url)), "dist-sizes");
const files = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
const kB = (n) => (n / 1000).toFixed(1);
// The embedded copy is gzip in base64: it starts with gzip's magic bytes, "H4sI".
const EMBEDDED = 'H4sI';

const rows = [];
for (const name of ["vite", "webpack", "rspack", "esbuild-esm"]) {
  const dir = join(out, name);
  await BUNDLERS[name]({ main: "list-only.js" }, dir, "/");
  const loaded = { raw: 0, gzip: 0 };
  const fallback = { raw: 0, gzip: 0 };
  let wasmFile = false;
  for (const file of files(dir).filter((f) => /\.(js|wasm)$/.test(f))) {
    const bytes = readFileSync(file);
    wasmFile ||= file.endsWith(".wasm");
    const embedded = file.endsWith(".js") && bytes.includes(EMBEDDED);
    // esbuild puts the embedded copy in the page's one bundle: all of it is loaded.
    const into = embedded && name !== "esbuild-esm" ? fallback : loaded;
    into.raw += bytes.length;
    into.gzip += gzipSync(bytes, { level: 9 }).length;
  }
  rows.push([name, loaded, fallback, wasmFile]);
}
console.log("\nbundler output for a page calling only listCustomers (kB, gzip -9 of each file, summed)");
console.log(["bundler", "page loads: raw", "gzip", "embedded-wasm chunk (not loaded): raw", "gzip"].join(" | "));
for (const [name, loaded, fallback, wasmFile] of rows) {
  const note = wasmFile ? "" : " (no .wasm emitted: the wasm is embedded in the bundle)";
  console.log([name + note, kB(loaded.raw), kB(loaded.gzip), kB(fallback.raw), kB(fallback.gzip)].join(" | "));
}
