// A one-file page using pmp-client as a web app would: built by Vite, run in Chromium.
// The CRM is reached through the same origin (`/crm/`), as behind a proxy.
import { PmpClient, PmpError } from "pmp-client";

const out = document.querySelector("#out");
const token = new URLSearchParams(location.search).get("token") ?? "";
const pmp = new PmpClient({ baseUrl: "/crm/", token });

try {
  const customers = await pmp.listCustomers();
  out.textContent = `${customers.length} customers, first: ${customers[0]?.company}`;
} catch (e) {
  out.textContent = e instanceof PmpError ? `PmpError ${e.kind}: ${e.message}` : `not a PmpError: ${e}`;
}

/** The smoke flow the test runs in the page: what a result or a rejection looks like here. */
window.smoke = async (marker) => {
  const settle = (promise) =>
    promise.then(
      (value) => ({ ok: true, value }),
      (e) => ({ ok: false, isPmpError: e instanceof PmpError, isError: e instanceof Error, kind: e.kind, status: e.status, message: e.message }),
    );
  // `assigned` is mandatory on 2.x and 3.x (the suites run the 3.0 profile).
  const created = await settle(pmp.createLead({ source: "1", status: "1", assigned: "1", name: marker, files: [new File(["hi"], "hi.txt")] }));
  const found = await settle(pmp.searchLeads(marker));
  // A lead's attachments are on its get row (real servers list none on search rows).
  const got = found.ok && found.value.length ? await settle(pmp.getLead(found.value[0].id)) : found;
  const missing = await settle(pmp.getCustomer(987654));
  const invalid = await settle(pmp.createCustomer({ company: "A", colour: "red" }));
  const controller = new AbortController();
  controller.abort();
  const aborted = await settle(pmp.listTickets({ signal: controller.signal }));
  const after = await settle(pmp.getCustomer(3));
  return { created, found, got, missing, invalid, aborted, after };
};

/** One create (a lead named `marker`): how it settled, `{ ok }` or the rejection's `{ kind, message }`. */
window.createOne = (marker) =>
  pmp.createLead({ source: "1", status: "1", assigned: "1", name: marker }).then(
    (value) => ({ ok: true, value }),
    (e) => ({ ok: false, isPmpError: e instanceof PmpError, kind: e.kind, message: e.message }),
  );

/** listCustomers on a fresh client: `{ ok, rows }` or the rejection's `{ kind, message }`. */
window.customers = () =>
  new PmpClient({ baseUrl: "/crm/", token }).listCustomers().then(
    (rows) => ({ ok: true, rows }),
    (e) => ({ ok: false, isPmpError: e instanceof PmpError, kind: e.kind, message: e.message }),
  );

/** The same client in a module worker: resolves with what the worker reports. */
window.inWorker = () =>
  new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => {
      if (data === "ready") {
        worker.postMessage({ baseUrl: "/crm/", token });
        return;
      }
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (e) => resolve({ ok: false, kind: `worker error: ${e.message}` });
  });

/** One list call through `baseUrl` (a server that redirects elsewhere): how it settled. */
window.redirected = (baseUrl) =>
  new PmpClient({ baseUrl, token })
    .listCustomers()
    .then(
      (rows) => ({ ok: true, rows }),
      (e) => ({ ok: false, isPmpError: e instanceof PmpError, kind: e.kind, status: e.status, message: e.message }),
    );
