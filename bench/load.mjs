// pmp-sandbox under load: `clients` concurrent pmp-client instances for `seconds`,
// each looping (bounded) over the five resources through all six calls: create a row with a
// unique tag, find it by search, get it, update it, list, and delete every second one. Every
// acknowledged write is recorded; at the end each resource's list must hold exactly the rows
// the acknowledged writes say (no lost, duplicated or resurrected row).
import { readFileSync } from "node:fs";
import { PmpClient } from "pmp-client";

/** Per resource: the method name stem, the id column, and a valid input carrying `tag`. */
const RESOURCES = {
  customers: { stem: "Customer", id: "userid", field: "company", input: (tag) => ({ company: tag }) },
  leads: { stem: "Lead", id: "id", field: "name", input: (tag) => ({ source: "1", status: "1", name: tag }) },
  milestones: {
    stem: "Milestone",
    id: "id",
    field: "name",
    input: (tag) => ({ project_id: "28", name: tag, due_date: "2026-12-31" }),
  },
  projects: {
    stem: "Project",
    id: "id",
    field: "name",
    input: (tag) => ({ name: tag, clientid: 1, billing_type: 1, start_date: "2026-01-05", status: 2 }),
  },
  tickets: {
    stem: "Ticket",
    id: "ticketid",
    field: "subject",
    input: (tag) => ({ subject: tag, department: "1", contactid: "1", userid: "1" }),
  },
};
/** Tags are `L<worker>x<iteration>Z`: no tag is a substring of another. */
const TAG = /^L\d+x\d+Z/;
/** The loop's bound, whatever the clock says. */
const MAX_ITERATIONS = 100_000;

/**
 * The six operationIds of each resource the load loops over, each checked to be one of the
 * OpenAPI document's: the load must call every one of them. (The other resources' quirks,
 * unique invoice numbers and newest-only deletes among them, are the sandbox's mixed-load
 * test's: crates/pmp-sandbox/tests/mixed_load.rs.)
 */
function operationIds() {
  const doc = JSON.parse(readFileSync(new URL("../openapi/pmp.openapi.json", import.meta.url), "utf8"));
  const documented = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)));
  const ids = Object.entries(RESOURCES).flatMap(([name, { stem }]) => {
    const plural = `${name[0].toUpperCase()}${name.slice(1)}`;
    return [`list${plural}`, `get${stem}`, `search${plural}`, `create${stem}`, `update${stem}`, `delete${stem}`];
  });
  const unknown = ids.filter((id) => !documented.has(id));
  if (unknown.length) throw new Error(`not in openapi/pmp.openapi.json: ${unknown.join(", ")}`);
  return ids;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** Runs the load against the sandbox at `url`; resolves to the figures of the report. */
export async function load({ url, token, clients = 16, seconds = 30 }) {
  const latencies = [];
  const called = new Set();
  const failures = new Map(); // "kind status" -> count
  let serverErrors = 0;
  // resource -> id -> expected value of its tagged field (null: deleted)
  const expected = Object.fromEntries(Object.keys(RESOURCES).map((r) => [r, new Map()]));
  // resource -> ids whose last write got no answer (network error, timeout): its outcome is
  // unknown, so the final check leaves these rows out
  const unknown = Object.fromEntries(Object.keys(RESOURCES).map((r) => [r, new Set()]));
  // tags of rows whose id was never learned (a create or its search failed): left out too
  const unknownTags = new Set();
  const deadline = performance.now() + seconds * 1000;

  async function timed(pmp, method, ...args) {
    called.add(method);
    const start = performance.now();
    try {
      return await pmp[method](...args);
    } catch (e) {
      const key = `${method}: ${e?.kind ?? "?"} ${e?.status ?? ""}`.trim();
      failures.set(key, (failures.get(key) ?? 0) + 1);
      if (e?.status >= 500) serverErrors += 1;
      throw e;
    } finally {
      latencies.push(performance.now() - start);
    }
  }

  async function worker(w) {
    const pmp = new PmpClient({ baseUrl: url, token });
    const names = Object.keys(RESOURCES);
    for (let i = 0; i < MAX_ITERATIONS && performance.now() < deadline; i++) {
      const name = names[(w + i) % names.length];
      const { stem, id: idField, field, input } = RESOURCES[name];
      const tag = `L${w}x${i}Z`;
      let id;
      try {
        await timed(pmp, `create${stem}`, input(tag));
        const found = await timed(pmp, `search${name[0].toUpperCase()}${name.slice(1)}`, tag);
        if (found.length !== 1) throw new Error(`search for ${tag} found ${found.length} rows`);
        id = Number(found[0][idField]);
        expected[name].set(id, tag);
        const row = await timed(pmp, `get${stem}`, id);
        if (row[field] !== tag) throw new Error(`${name} ${id}: ${field} is ${row[field]}, not ${tag}`);
        await timed(pmp, `update${stem}`, id, input(`${tag}u`));
        expected[name].set(id, `${tag}u`);
        await timed(pmp, `list${name[0].toUpperCase()}${name.slice(1)}`);
        if (i % 2 === 1) {
          await timed(pmp, `delete${stem}`, id);
          expected[name].set(id, null);
        }
      } catch (e) {
        if (e?.kind === "network" || e?.kind === "timeout") {
          if (id === undefined) {
            unknownTags.add(tag);
          } else {
            unknown[name].add(id);
            expected[name].delete(id);
          }
        }
        if (!e?.kind) failures.set(String(e.message), (failures.get(String(e.message)) ?? 0) + 1);
      }
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;

  // The final state: every tagged row is one an acknowledged write left, with its value.
  const check = new PmpClient({ baseUrl: url, token });
  const mismatches = [];
  for (const [name, { id: idField, field }] of Object.entries(RESOURCES)) {
    const rows = await check[`list${name[0].toUpperCase()}${name.slice(1)}`]();
    const tagged = new Map(rows.filter((r) => TAG.test(r[field] ?? "")).map((r) => [Number(r[idField]), r[field]]));
    for (const [id, value] of expected[name]) {
      if (tagged.get(id) !== (value ?? undefined)) mismatches.push(`${name} ${id}: ${tagged.get(id)} != ${value}`);
      tagged.delete(id);
    }
    for (const id of unknown[name]) tagged.delete(id);
    for (const [id, value] of tagged) {
      if (!unknownTags.has(value.replace(/u$/, ""))) mismatches.push(`${name} ${id}: unexpected row ${value}`);
    }
  }
  const sorted = latencies.sort((a, b) => a - b);
  const all = operationIds();
  return {
    clients,
    seconds: elapsed,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
    serverErrors,
    failures: Object.fromEntries(failures),
    endpoints: all.filter((op) => called.has(op)).length,
    expectedEndpoints: all.length,
    missing: all.filter((op) => !called.has(op)),
    writesChecked: Object.values(expected).reduce((n, m) => n + m.size, 0),
    uncertain: Object.values(unknown).reduce((n, ids) => n + ids.size, 0) + unknownTags.size,
    mismatches,
  };
}
