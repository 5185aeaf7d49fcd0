"use client";
// A client page using pmp-client (prerendered at build, then run in the browser): renders
// the flow's report once it has run in the page.
import { useEffect, useState } from "react";
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../../../flow.js";

export default function ClientPage() {
  const [report, setReport] = useState(null);
  useEffect(() => {
    const config = JSON.parse(new URLSearchParams(location.search).get("config"));
    flow({ PmpClient, PmpError }, config).then(setReport);
  }, []);
  return <pre id="report">{report ? JSON.stringify(report) : "running"}</pre>;
}
