// Contender: the pmp-client package, installed from its packed tarball.
import { PmpClient } from "pmp-client";

/** The three calls of the benchmark through pmp-client. */
export function contender(baseUrl, token) {
  const pmp = new PmpClient({ baseUrl, token });
  return {
    listCustomers: () => pmp.listCustomers(),
    getCustomer: (id) => pmp.getCustomer(id),
    createCustomer: (input) => pmp.createCustomer(input),
  };
}
