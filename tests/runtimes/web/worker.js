// pmp-client in a web worker (module or classic, by the bundle's format): runs the flow
// with the config the page posts, and posts the report back.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../flow.js";

self.onmessage = async ({ data }) => self.postMessage(await flow({ PmpClient, PmpError }, data));
