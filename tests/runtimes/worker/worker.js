// pmp-client in a Cloudflare Worker: GET /?config=<JSON> runs the flow and answers the report.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../flow.js";

export default {
  async fetch(request) {
    const config = JSON.parse(new URL(request.url).searchParams.get("config"));
    return Response.json(await flow({ PmpClient, PmpError }, config));
  },
};
