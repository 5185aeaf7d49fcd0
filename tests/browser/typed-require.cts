// pmp-client's types through `require`, under TypeScript's node16 resolution (index.d.cts).
import pmp = require("pmp-client");

export async function firstCompany(): Promise<string | null | undefined> {
  const client: pmp.PmpClient = new pmp.PmpClient({ baseUrl: "http://127.0.0.1:8080/", token: "t" });
  try {
    const [first]: pmp.Customer[] = await client.listCustomers();
    return first?.company;
  } catch (e) {
    if (e instanceof pmp.PmpError) return e.kind;
    throw e;
  }
}

// `pmp-client/full` (the entry that loads the full wasm at once) has the same declarations.
import full = require("pmp-client/full");

export async function taxCount(): Promise<number> {
  const client: pmp.PmpClient = new full.PmpClient({ baseUrl: "http://127.0.0.1:8080/", token: "t" });
  return (await client.listTaxes()).length;
}
