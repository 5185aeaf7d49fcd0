// Compiled with `tsc --strict --noEmit` against the SDK @hey-api/openapi-ts generates from
// openapi/pmp.openapi.json: its functions take and return the document's types.
import { createClient } from "../../target/spec/hey-api/client";
import { getCustomer, listCustomers, updateProject } from "../../target/spec/hey-api";
import type { Customer, ErrorBody } from "../../target/spec/hey-api";

const client = createClient({ baseUrl: "http://127.0.0.1:8080", headers: { authtoken: "T" } });

export async function firstCompany(): Promise<string | null | undefined> {
  const { data } = await listCustomers({ client });
  // A plain array (1.0, 2.0) or a 3.x page envelope.
  const rows: Customer[] | undefined = Array.isArray(data) ? data : data?.data;
  return rows?.[0]?.company;
}

export async function one(id: number): Promise<Customer | ErrorBody | undefined> {
  const answer = await getCustomer({ client, path: { id } });
  return answer.data ?? answer.error;
}

export async function rename(id: number): Promise<boolean | undefined> {
  const { data } = await updateProject({
    client,
    path: { id },
    body: { name: "Site", clientid: 1, billing_type: 1, start_date: "2019-07-30", status: 2 },
  });
  return data?.status;
}

// @ts-expect-error `id` is a path parameter the call cannot do without
export const missingId = () => getCustomer({ client });
