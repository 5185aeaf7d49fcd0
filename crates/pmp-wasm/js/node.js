// Node entry of pmp-client (also Deno's, Bun's and Next's servers'), bundled by `cargo xtask
// pkg` with the glue and client.js into node.cjs. The wasm is instantiated synchronously from
// the copy embedded in wasm-inline.cjs: no file is read at run time, so it works in bundles
// (Next), without Deno's --allow-read, and wherever the package's files are moved.
import { gunzipSync } from "node:zlib";
import * as glue from "./web/pmp_wasm.js";
import { clientClass } from "./client.js";
import * as writes from "./writes.js";
import base64 from "./wasm-inline.cjs";

glue.initSync({ module: gunzipSync(Buffer.from(base64, "base64")) });

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
export const { PmpClient, PmpError } = clientClass({ Core: glue.Core, Full: glue.Core, writes });
