// A page's script using pmp-client, bundled by each bundler under test: exposes the flow
// for the test to run in the page.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../flow.js";

globalThis.runFlow = (config) => flow({ PmpClient, PmpError }, config);
