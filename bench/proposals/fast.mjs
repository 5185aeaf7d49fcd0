// The JS transport of the sync-core experiment (sync-core-experiment.patch): the wasm checks
// and builds the request (`prepare`) and decodes the answer (`finish`); fetch, the timeout
// and the body read are plain JS. Ops are CATALOGUE indexes (0 listCustomers, 1 getCustomer,
// 3 createCustomer).
import { PmpClient } from "../out/fast/node_modules/pmp-client/node.mjs";
export function contender(baseUrl, token, timeoutMs = 30000, { signal = true } = {}) {
  const c = new PmpClient({ baseUrl, token });
  const call = async (op, a, b) => {
    const [url, init] = c.prepare(op, a, b);
    if (signal) init.signal = AbortSignal.timeout(timeoutMs);
    const r = await fetch(url, init);
    const text = await r.text();
    return c.finish(op, r.status, text);
  };
  return {
    listCustomers: () => call(0, undefined, undefined),
    getCustomer: (id) => call(1, id, undefined),
    createCustomer: (input) => call(3, input, undefined),
  };
}
