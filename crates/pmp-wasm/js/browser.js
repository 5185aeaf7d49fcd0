// Browser, worker and bundler entry of pmp-client: instantiates the wasm module once, when
// this module is first imported (top-level await), so that every export is ready to use.
import init, * as glue from "./web/pmp_wasm.js";
import { clientClass } from "./client.js";

await init({ module_or_path: new URL("./web/pmp_wasm_bg.wasm", import.meta.url) });

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
export const { PmpClient, PmpError } = clientClass(glue);
