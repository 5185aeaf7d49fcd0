// Contender: bare `fetch` + `response.json()` making the same HTTP requests, with the least
// checking a caller would write (the status). The floor the others are measured against.
import { customerForm } from "../customer.mjs";

/** The three calls of the benchmark with bare fetch. */
export function contender(baseUrl, token) {
  const headers = { authtoken: token };
  const call = async (path, init = {}) => {
    const response = await fetch(new URL(path, baseUrl), { ...init, headers: { ...headers, ...init.headers } });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${path}`);
    return response.json();
  };
  return {
    listCustomers: () => call("api/customers"),
    getCustomer: (id) => call(`api/customers/${id}`),
    createCustomer: (input) =>
      call("api/customers", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: customerForm(input),
      }),
  };
}
