// A page's script using pmp-client, bundled by each bundler under test: exposes the flow
// for the test to run in the page.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../flow.js";

globalThis.runFlow = (config) => flow({ PmpClient, PmpError }, config);

// Clients made and called while this module is evaluated, before the wasm can be ready: the
// calls wait for it, and pmp-core's option checks (the base URL's scheme) reject the call.
const kind = (promise) => promise.then(() => "resolved", (e) => (e instanceof PmpError ? e.kind : String(e)));
let early;
try {
  early = [
    kind(new PmpClient({ baseUrl: "/crm/", token: "not-the-token" }).listCustomers()),
    kind(new PmpClient({ baseUrl: "ftp://example.com/", token: "t" }).listCustomers()),
  ];
} catch (e) {
  early = [`the constructor threw: ${e}`];
}
globalThis.early = Promise.all(early);
