// Browser, worker and bundler entry of pmp-client. No top-level await (service workers and
// esbuild's default iife output refuse it): the first wasm's instantiation starts when this
// module is imported, and the first call waits for it.
// Two wasms (crates/pmp-wasm/README.md): `pmp_reads`, which serves lists, gets and searches,
// loaded at once; and `pmp_wasm`, which serves every call, loaded with writes.js on the first
// call the first one does not serve (a create, update, delete, lookup, custom fields,
// sendInvoice). A page that only reads never downloads them.
// Named imports, not the namespace: bundlers then drop what this entry does not use
// (wasm-bindgen's own loader, with its URL and MIME-type handling). A page that writes from
// the start may import `pmp-client/full` instead (browser-full.js): the full wasm alone.
import { initSync, Core } from "./web/pmp_reads.js";
import { clientClass } from "./client.js";
import { compiled, compiledFull, embedded } from "./load.js";

// What the client reads: the first wasm's `Core`; the full one's and writes.js once loaded.
const wasm = { Core, Full: undefined, writes: undefined, loadFull };

// `{ Full, writes }`: the full wasm's class, instantiated from `module` (a promise of it), and writes.js.
async function full(module) {
  const [glue, writes, compiledModule] = await Promise.all([import(/* webpackMode: "eager" */ "./web/pmp_wasm.js"), import(/* webpackMode: "eager" */ "./writes.js"), module]);
  glue.initSync({ module: compiledModule });
  return { Full: glue.Core, writes };
}

function loadFull() {
  return full(compiledFull(() => fetch(new URL("./web/pmp_wasm_bg.wasm", import.meta.url))));
}

const ready = (async () => {
  try {
    initSync({ module: await compiled(fetch(new URL("./web/pmp_reads_bg.wasm", import.meta.url))) });
  } catch {
    // No .wasm there: the embedded copy of the full wasm serves every call (one copy embedded,
    // not two).
    Object.assign(wasm, await full(embedded()));
    wasm.Core = wasm.Full;
  }
})();

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
export const { PmpClient, PmpError } = clientClass(wasm, ready);
