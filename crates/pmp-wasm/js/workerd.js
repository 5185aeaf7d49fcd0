// Cloudflare Workers (workerd) entry of pmp-client: workerd compiles no wasm from bytes and has
// no `import.meta.url`, but gives a `.wasm` import as a compiled module (wrangler's default
// rule), which is instantiated here synchronously.
import * as glue from "./web/pmp_wasm.js";
import module from "./web/pmp_wasm_bg.wasm";
import { clientClass } from "./client.js";
import * as writes from "./writes.js";

glue.initSync({ module });

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
export const { PmpClient, PmpError } = clientClass({ Core: glue.Core, Full: glue.Core, writes });
