// pmp-client in a module web worker (no `window`): lists customers for the page.
// Messages sent while the module still awaits the wasm would find no listener: the worker
// says "ready" once the import has settled, and only then gets its request.
import { PmpClient, PmpError } from "pmp-client";

self.onmessage = async ({ data }) => {
  const pmp = new PmpClient({ baseUrl: data.baseUrl, token: data.token });
  const hasWindow = typeof window !== "undefined";
  try {
    const rows = await pmp.listCustomers();
    self.postMessage({ ok: true, count: rows.length, hasWindow });
  } catch (e) {
    self.postMessage({ ok: false, kind: e instanceof PmpError ? e.kind : String(e), hasWindow });
  }
};

self.postMessage("ready");
