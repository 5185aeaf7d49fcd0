// The flow through `import { PmpClient } from "pmp-client"`, run by Node, Bun and Deno:
// `<runtime> node-esm.mjs '<config JSON>'` prints the report as JSON.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "./flow.js";

const config = JSON.parse(process.argv[process.argv.length - 1]);
console.log(JSON.stringify(await flow({ PmpClient, PmpError }, config)));
