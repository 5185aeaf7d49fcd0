// A route handler using pmp-client: GET /api/flow?config=<JSON> answers the flow's report.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../../../../flow.js";

export const dynamic = "force-dynamic";

export async function GET(request) {
  const config = JSON.parse(new URL(request.url).searchParams.get("config"));
  return Response.json(await flow({ PmpClient, PmpError }, config));
}
