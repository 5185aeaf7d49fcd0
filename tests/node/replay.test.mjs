// The packed client fed the exchanges recorded from real servers (1.0.0, 2.0.8, 3.0.3; see
// wire/README.md) through a custom fetch that answers from the recording: for each
// exchange that is a call the client makes, the result or error kind is what the recording
// implies. No server needed. $PMP_WIRE_DIR points at the recordings (cargo xtask test sets it
// to the workspace's wire/, which the sandbox's replay test reads too); the suite fails, saying
// where it looked, when they are absent.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PmpClient, PmpError } from "pmp-client";
import { RESOURCES as DECLARED } from "./resources.mjs";

const DIR = process.env.PMP_WIRE_DIR ?? new URL("../../wire", import.meta.url).pathname; // cargo xtask test sets it
// One file per recorded module version (pmp-core's `ModuleVersion::recording`).
const FILES = existsSync(DIR) ? readdirSync(DIR).filter((name) => /^module-[\d.]+\.jsonl$/.test(name)).sort() : [];
// The resources of pmp-core's declaration whose rows stand alone, by path segment (a child's
// `api/<segment>/<id>` lists a parent's rows: not replayed here).
const RESOURCES = Object.fromEntries(DECLARED.filter((r) => r.parent === null).map((r) => [r.resource, r]));
const ID = Object.fromEntries(Object.values(RESOURCES).map((r) => [r.resource, r.id]));
// A valid input per resource, its declared example: the recorded answer is what matters, not
// the body sent.
const INPUT = Object.fromEntries(Object.values(RESOURCES).map((r) => [r.resource, r.example]));

function load(file) {
  const path = join(DIR, file);
  if (!existsSync(path)) {
    throw new Error(`the recorded exchanges are missing: expected ${path} (cargo xtask wire copies them in)`);
  }
  const [, ...lines] = readFileSync(path, "utf8").split("\n").filter(Boolean);
  return lines.map((line) => JSON.parse(line));
}

const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The call the client makes for an exchange, or undefined when it makes none like it. */
function callOf({ request }) {
  const token = request.headers.authtoken;
  if (typeof token !== "string" || request.headers["X-HTTP-Method-Override"]) return undefined;
  const url = new URL(request.path, "http://crm.test");
  const parts = url.pathname.split("/").filter(Boolean).slice(1);
  const del = parts[0] === "delete" ? parts.shift() : undefined;
  const [res, second, third] = parts;
  if (!RESOURCES[res] || url.searchParams.has("created_after") || url.searchParams.has("q")) return undefined;
  const { one, plural } = RESOURCES[res];
  const id = /^\d+$/.test(second ?? "") ? second : undefined;
  switch (request.method) {
    case "GET":
      if (second === undefined) return { token, res, op: "list", run: (c) => c[`list${plural}`]() };
      if (second === "search" && third !== undefined) {
        return { token, res, op: "search", run: (c) => c[`search${plural}`](decodeURIComponent(third)) };
      }
      return id && { token, res, op: "get", run: (c) => c[`get${one}`](id) };
    case "POST":
      return second === undefined && { token, res, op: "create", run: (c) => c[`create${one}`](INPUT[res]) };
    case "PUT": {
      const body = json(request.body);
      const known = body && Object.keys(body).length > 0 && Object.keys(body).every((k) => k in { ...INPUT[res], city: 1, vat: 1, phonenumber: 1, description: 1, priority: 1, company: 1 });
      return id && known && { token, res, op: "update", id, run: (c) => c[`update${one}`](id, body) };
    }
    case "DELETE":
      return id && (del || true) && { token, res, op: "delete", run: (c) => c[`delete${one}`](id) };
    default:
      return undefined;
  }
}

/** What the recorded answer implies: `{ kind }` for a rejection, else a check of the value. */
function expected(exchange, call) {
  const { status, body = "" } = exchange.response;
  const parsed = json(body);
  const message = parsed?.message ?? parsed?.error;
  if (status === 200 && parsed === undefined) return { kind: "decode" };
  if (status === 500) return { kind: "http", message: /server failed/ };
  if (status === 403 || (status === 429 && /failed authentication/.test(message))) return { kind: "auth" };
  if (status === 429 || (status === 401 && /time limit/.test(message))) return { kind: "rate_limited" };
  // Token failures: 404 with `Token ...`, a JWT library's text, or `message: null`.
  if (status === 404 && (parsed?.message === null || /^(Token|Wrong number|Signature verification)/.test(message ?? ""))) {
    return { kind: "auth" };
  }
  if (status === 404 && isObjectOf(parsed?.error)) return { kind: "validation", fields: Object.keys(parsed.error) };
  if (status === 404 && message === "No data were found") {
    return call.op === "get" ? { kind: "not_found" } : { value: (v) => assert.deepEqual(v, []) };
  }
  if (status === 404 && /not found$/.test(message)) return { kind: "not_found" };
  if (status === 404 && /Update Fail/.test(message)) {
    return call.id === "999999" ? { kind: "not_found" } : { value: (v) => assert.equal(v.unchanged, true) };
  }
  if (status === 404) return { kind: "http" };
  if (status === 200 && (call.op === "list" || call.op === "search")) {
    const rows = Array.isArray(parsed) ? parsed : parsed.data;
    return {
      value: (v) => {
        assert.ok(Array.isArray(v), "rows");
        assert.equal(v.length, rows.length);
        const fields = new URL(exchange.request.path, "http://crm.test").searchParams.get("fields");
        for (const row of v) {
          assert.ok(!("data" in row) && !("meta" in row), "an envelope is never a row");
          assert.ok(!("password" in row), "no password column");
          if (fields === null) assert.equal(typeof row[ID[call.res] ?? "id"], "string");
        }
      },
    };
  }
  if (status === 200 && call.op === "get") {
    const row = Array.isArray(parsed) ? parsed[0] : parsed;
    return { value: (v) => assert.equal(v[ID[call.res] ?? "id"], row[ID[call.res] ?? "id"]) };
  }
  if (status === 200) {
    return {
      value: (v) => {
        assert.equal(v.status, true);
        assert.equal(v.record_id, parsed.record_id);
      },
    };
  }
  throw new Error(`no expectation for HTTP ${status}`);
}

const isObjectOf = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

if (FILES.length === 0) throw new Error(`the recorded exchanges are missing: expected module-*.jsonl in ${DIR} (cargo xtask wire copies them in)`);
for (const file of FILES) {
  const exchanges = load(file);
  describe(`recorded exchanges: ${file}`, () => {
    let replayed = 0;
    for (const exchange of exchanges ?? []) {
      const call = callOf(exchange);
      if (!call) continue;
      replayed += 1;
      test(`${exchange.n} ${exchange.title}`, async () => {
        const { status, headers, body = "" } = exchange.response;
        const sent = [];
        const fetch = async (url, init) => {
          sent.push({ url, init });
          // The one get that tells an unknown id from an update that changed nothing.
          if (call.op === "update" && init.method === "GET") {
            return call.id === "999999"
              ? new Response('{"status":false,"message":"No data were found"}', { status: 404 })
              : new Response(JSON.stringify({ [ID[call.res] ?? "id"]: call.id }), { status: 200 });
          }
          return new Response(body, { status, headers: { "content-type": headers["content-type"] ?? "text/html" } });
        };
        const client = new PmpClient({ baseUrl: "http://crm.test/", token: call.token, fetch, retries: 0 });
        const want = expected(exchange, call);
        const got = await call.run(client).then((value) => ({ value }), (error) => ({ error }));
        if (want.kind) {
          assert.ok(got.error instanceof PmpError, `expected ${want.kind}, got ${JSON.stringify(got.value)?.slice(0, 200)}`);
          assert.equal(got.error.kind, want.kind, got.error.message);
          assert.ok(!/<[a-z!]/i.test(got.error.message), `no HTML in the message: ${got.error.message}`);
          if (want.message) assert.match(got.error.message, want.message);
          if (want.fields) assert.deepEqual(Object.keys(got.error.fieldErrors).sort(), want.fields.sort());
        } else {
          assert.ok(!got.error, `expected a value, got ${got.error?.kind}: ${got.error?.message}`);
          want.value(got.value);
        }
        for (const { init } of sent) assert.equal(init.headers.Authorization, undefined, "no Authorization header");
      });
    }
    test("replays enough of the recording", () => assert.ok(replayed >= 30, `${replayed} exchanges`));
  });
}
