// Compiled with `tsc --strict --noEmit` against the types openapi-typescript generates from
// openapi/pmp.openapi.json: the types must say what the wire carries.
import type { components, operations, paths } from "../../target/spec/openapi-typescript/pmp";

type Schemas = components["schemas"];

// Rows: strings or null, and extra columns allowed.
const row: Schemas["Customer"] = { userid: "3", company: "Jk Technologies", vat: null, custom_column: 1 };
// @ts-expect-error row values are strings or null, not numbers
const numeric: Schemas["Customer"] = { userid: 3 };

// list and search answer arrays of rows.
const listed: operations["listCustomers"]["responses"][200]["content"]["application/json"] = [row];
const found: operations["searchTickets"]["responses"][200]["content"]["application/json"] = [{ ticketid: "7" }];

// Errors: 404 with the field map.
const failure: operations["createCustomer"]["responses"][404]["content"]["application/json"] = {
  status: false,
  message: null,
  error: { company: "The Company field is required." },
};

// Creates take form fields with PHP array names; mandatory fields are required.
const form: Schemas["CustomerForm"] = { company: "ACME", "groups_in[]": [1, 4] };
// @ts-expect-error `company` is mandatory
const missing: Schemas["CustomerForm"] = { vat: "1" };
const upload: Schemas["LeadMultipartForm"] = { source: "1", status: "2", name: "Ann", "file[]": ["..."] };

// Updates take JSON with the same mandatory fields.
const update: Schemas["ProjectInput"] = {
  name: "Site",
  clientid: 1,
  billing_type: 1,
  start_date: "2019-07-30",
  status: 2,
  progress_from_tasks: "on",
};
// @ts-expect-error flags are sent as "on", not booleans
const flag: Schemas["ProjectInput"] = { ...update, progress_from_tasks: true };

// Path parameters are typed.
const id: paths["/api/customers/{id}"]["get"]["parameters"]["path"] = { id: 3 };
const keyword: paths["/api/leads/search/{keysearch}"]["get"]["parameters"]["path"] = { keysearch: "Ann" };

export const uses = [row, numeric, listed, found, failure, form, missing, upload, update, flag, id, keyword];
