// A server component using pmp-client: renders the flow's report at request time.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../../../flow.js";

export const dynamic = "force-dynamic";

export default async function ServerPage({ searchParams }) {
  const report = await flow({ PmpClient, PmpError }, JSON.parse((await searchParams).config));
  return <pre id="report">{JSON.stringify(report)}</pre>;
}
