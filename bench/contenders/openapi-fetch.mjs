// Contender: the client a user would generate instead: openapi-fetch typed by the
// openapi-typescript output of openapi/pmp.openapi.json (out/pmp.d.ts, checked by
// `tsc -p tsconfig.json`, which `cargo xtask bench` runs before the benchmark).
import createClient from "openapi-fetch";
import { customerForm } from "../customer.mjs";

/** @typedef {import("../out/pmp.js").paths} paths */
/** @typedef {import("../out/pmp.js").components["schemas"]["CustomerForm"]} CustomerForm */

/**
 * The three calls of the benchmark through an openapi-fetch client.
 * @param {string} baseUrl
 * @param {string} token
 */
export function contender(baseUrl, token) {
  /** @type {import("openapi-fetch").Client<paths>} */
  const client = createClient({ baseUrl: baseUrl.replace(/\/$/, ""), headers: { authtoken: token } });
  /** @type {<T>(result: { data?: T, error?: unknown, response: Response }) => T} */
  const data = ({ data, error, response }) => {
    if (error !== undefined || data === undefined) throw new Error(`HTTP ${response.status}`);
    return data;
  };
  return {
    listCustomers: async () => data(await client.GET("/api/customers")),
    /** @param {number} id */
    getCustomer: async (id) => data(await client.GET("/api/customers/{id}", { params: { path: { id } } })),
    /** @param {ReturnType<typeof import("../customer.mjs").customerInput>} input */
    createCustomer: async (input) => {
      const { groups_in, ...rest } = input;
      /** @type {CustomerForm} */
      const body = { ...rest, "groups_in[]": groups_in };
      return data(
        await client.POST("/api/customers", {
          body,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          bodySerializer: () => customerForm(input),
        }),
      );
    },
  };
}
