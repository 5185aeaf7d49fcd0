// Browser, worker and bundler entry of pmp-client for pages that write
// (`import { PmpClient } from "pmp-client/full"`): the full wasm alone serves every call,
// one download at import (45 kB gzip) where the default entry (browser.js) loads a first
// wasm that only reads (24 kB) and the full one on the first write. The same class, the
// same calls; no top-level await, as in browser.js.
import { initSync, Core } from "./web/pmp_wasm.js";
import * as writes from "./writes.js";
import { clientClass } from "./client.js";
import { compiledFull } from "./load.js";

const ready = (async () => {
  initSync({ module: await compiledFull(() => fetch(new URL("./web/pmp_wasm_bg.wasm", import.meta.url))) });
})();

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
export const { PmpClient, PmpError } = clientClass({ Core, Full: Core, writes }, ready);
