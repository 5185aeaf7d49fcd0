// Browser, worker and bundler entry of pmp-client: instantiates the wasm module once, when
// this module is first imported (top-level await), so that every export is ready to use.
import init, { PmpClient, pmpErrorClass } from "./web/pmp_wasm.js";

await init({ module_or_path: new URL("./web/pmp_wasm_bg.wasm", import.meta.url) });

export { PmpClient };
/** The class of every rejection of a PmpClient call (a subclass of Error). */
export const PmpError = pmpErrorClass();
