// pmp-client in a module web worker (no `window`), through the entry for pages that write
// (`pmp-client/full`): lists customers and taxes for the page, and says which wasm files it
// fetched (the full one alone). Messages sent while the module still awaits the wasm would
// find no listener: the worker says "ready" once the import has settled, and only then gets
// its request.
import { PmpClient, PmpError } from "pmp-client/full";

self.onmessage = async ({ data }) => {
  const pmp = new PmpClient({ baseUrl: data.baseUrl, token: data.token });
  const hasWindow = typeof window !== "undefined";
  try {
    const rows = await pmp.listCustomers();
    const taxes = await pmp.listTaxes();
    const wasms = performance
      .getEntriesByType("resource")
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.endsWith(".wasm"))
      .map((path) => path.replace(/^.*\/|-[\w-]+\.wasm$/g, ""));
    self.postMessage({ ok: true, count: rows.length, taxes: taxes.length, wasms, hasWindow });
  } catch (e) {
    self.postMessage({ ok: false, kind: e instanceof PmpError ? e.kind : String(e), hasWindow });
  }
};

self.postMessage("ready");
