// Browser, worker and bundler entry of pmp-client. No top-level await (service workers and
// esbuild's default iife output refuse it): the wasm's instantiation starts when this module
// is imported, and the first call waits for it.
// Named imports, not the namespace: bundlers then drop what this entry does not use
// (wasm-bindgen's own loader, with its URL and MIME-type handling).
import { initSync, Core } from "./web/pmp_wasm.js";
import { clientClass } from "./client.js";

const ready = (async () => {
  let bytes;
  try {
    // Bundlers that copy assets (Vite, webpack, rspack, Next) emit the .wasm and rewrite this URL.
    const response = await fetch(new URL("./web/pmp_wasm_bg.wasm", import.meta.url));
    bytes = response.ok && (await response.arrayBuffer());
    // Compiled asynchronously (so, off the main thread), whatever MIME type the server gave.
    initSync({ module: await WebAssembly.compile(bytes) });
  } catch {
    // No .wasm there (esbuild, `bun build`, a dev server's prebundled copy): the embedded one.
    // webpack, rspack and Next always emit the .wasm: told not to add a chunk (and its loader).
    initSync({ module: await WebAssembly.compile(await (await import(/* webpackIgnore: true */ "./inline.js")).wasm()) });
  }
})();

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
export const { PmpClient, PmpError } = clientClass({ Core }, ready);
