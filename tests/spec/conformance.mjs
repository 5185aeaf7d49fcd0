// `node conformance.mjs <pmp-sandbox binary>`: every operation of openapi/pmp.openapi.json
// against a fresh pmp-sandbox: each answer's status must be documented for its operation and
// its body must validate against the documented schema (JSON Schema 2020-12, ajv). The cases
// are derived from the document (parameters, request bodies, required fields), and every
// documented status but 403 (the sandbox grants every permission) must be seen.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { startSandbox } from "../node/servers.mjs";

const doc = JSON.parse(readFileSync(new URL("../../openapi/pmp.openapi.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("int64", true);
const MISSING_ID = 999999;
/** The id column of each tag's rows, as the `id` parameter descriptions name them. */
const idColumn = (op) => /\(`(\w+)` column\)/.exec(op.parameters?.find((p) => p.name === "id")?.description ?? "")?.[1];

/** The versions that have an operation, with its facts there (the document's `x-pmp-versions`). */
const versions = ({ op }) => op["x-pmp-versions"];

const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);
const byTag = (tag) => operations.filter((o) => o.op.tags[0] === tag);
const resolve = (schema) =>
  schema.$ref ? doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")] : schema;

const validators = new Map();
function validatorFor(operationId, status, schema) {
  const key = `${operationId} ${status}`;
  if (!validators.has(key)) validators.set(key, ajv.compile({ ...schema, components: doc.components }));
  return validators.get(key);
}

const failures = [];
const seen = new Set();

async function call(sandbox, { path, method, op }, { id, parent, keysearch, fieldto, body, token = sandbox.token, expect, why }) {
  const url = new URL(
    path
      .slice(1)
      .replace("{fieldto}", fieldto ?? "")
      .replace("{parent_id}", String(parent))
      .replace("{id}", String(id))
      .replace("{keysearch}", encodeURIComponent(keysearch ?? "")),
    sandbox.url,
  );
  const headers = token === null ? {} : { authtoken: token };
  const init = { method, headers, body, signal: AbortSignal.timeout(10_000) };
  if (typeof body === "string") headers["content-type"] = "application/json";
  const answer = await fetch(url, init);
  const text = await answer.text();
  const where = `${op.operationId} (${why}) -> ${answer.status}`;
  seen.add(`${op.operationId} ${answer.status}`);
  const documented = op.responses[String(answer.status)];
  if (!documented) return failures.push(`${where}: status not documented; body ${text.slice(0, 200)}`);
  if (expect !== undefined && answer.status !== expect) failures.push(`${where}: expected ${expect}; body ${text.slice(0, 200)}`);
  // A documented answer without content (the PHP errors' empty 500): no body.
  if (!documented.content) return text === "" ? undefined : failures.push(`${where}: documented without a body; body ${text.slice(0, 200)}`);
  // An HTML page (CodeIgniter's error page, or a PHP fatal error's empty one) where the
  // document says one may come.
  if (documented.content["text/html"] && (answer.headers.get("content-type") ?? "").startsWith("text/html")) return undefined;
  if (!(answer.headers.get("content-type") ?? "").startsWith("application/json")) {
    failures.push(`${where}: content-type ${answer.headers.get("content-type")}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return failures.push(`${where}: body is not JSON: ${text.slice(0, 200)}`);
  }
  const validate = validatorFor(op.operationId, answer.status, documented.content["application/json"].schema);
  if (!validate(json)) failures.push(`${where}: ${ajv.errorsText(validate.errors)}; body ${text.slice(0, 200)}`);
  return json;
}

/** Whether a property is a day (`YYYY-MM-DD`), by its pattern. */
const isDate = (schema) => schema.pattern?.startsWith("^[0-9]{4}-(0[1-9]|1[0-2])") ?? false;

/** A value for a required field: the schema's example or enum value, else one the sandbox takes. */
function sample(schema, variant) {
  if (schema.enum) return schema.enum[0];
  // A form's lines (`newitems[1][description]=...`): one line.
  if (schema.additionalProperties?.$ref?.endsWith("/LineItem")) {
    return { 1: { description: `Line ${variant}`, qty: String(variant), rate: "10", taxname: ["VAT|10.00"] } };
  }
  if (schema.examples) return schema.examples[0];
  if (schema.type === "integer") return variant;
  return String(variant);
}

function requiredFields(schemaRef, variant) {
  const schema = resolve(schemaRef);
  return Object.fromEntries(schema.required.map((name) => [name, sample(schema.properties[name], variant)]));
}

/** Form pairs of fields: lines (objects of objects) as PHP's bracket names. */
function formPairs(fields) {
  const pairs = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== "object") {
      pairs.push([name, String(value)]);
      continue;
    }
    for (const [n, line] of Object.entries(value)) {
      for (const [key, v] of Object.entries(line)) {
        for (const one of [v].flat()) pairs.push([`${name}[${n}][${key}]${Array.isArray(v) ? "[]" : ""}`, String(one)]);
      }
    }
  }
  return pairs;
}

function formBody(fields, mediaType) {
  if (mediaType === "application/x-www-form-urlencoded") return new URLSearchParams(formPairs(fields));
  const form = new FormData();
  for (const [name, value] of formPairs(fields)) form.append(name, value);
  return form;
}

/** Form fields as a JSON body: `name[]` lists as arrays, lines as arrays of line objects. */
function jsonFields(fields) {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) =>
      name.endsWith("[]") ? [name.slice(0, -2), [value]] : [name, typeof value === "object" ? Object.values(value) : value],
    ),
  );
}

/** The operations of a tag that is no resource's (the lookups): each read, and refused without a token. */
async function exerciseLookups(sandbox, tag) {
  for (const o of byTag(tag)) {
    const any = { id: 1, fieldto: "customers" };
    await call(sandbox, o, { ...any, token: null, expect: 404, why: "no token" });
    await call(sandbox, o, { ...any, expect: 200, why: "seeded rows" });
  }
}

async function exercise(sandbox, tag) {
  if (!byTag(tag).some((o) => o.op.operationId.startsWith("get"))) return exerciseLookups(sandbox, tag);
  const ops = Object.fromEntries(byTag(tag).map((o) => [o.op.operationId.replace(/[A-Z].*/, ""), o]));
  const column = idColumn(ops.get.op);
  // A child's rows (contacts) are listed and got by their parent's id (`{parent_id}`): a
  // seeded row found by search names its parent.
  const child = ops.get.path.includes("{parent_id}");
  const seeded = child ? await call(sandbox, ops.search, { keysearch: "@", expect: 200, why: "seeded rows" }) : undefined;
  const parent = child ? Number(seeded?.[0]?.userid) : undefined;
  const listOf = child ? { id: parent } : {};
  const listed = await call(sandbox, ops.list, { ...listOf, expect: 200, why: "seeded table" });
  const rows = Array.isArray(listed) ? listed : listed?.data; // 3.x: a page envelope
  const id = Number(rows?.[0]?.[column]);
  if (!Number.isInteger(id) || id < 1) return failures.push(`${tag}: no seeded row to work on (${column})`);

  for (const o of Object.values(ops)) {
    const any = { id, parent, keysearch: "x", body: undefined };
    await call(sandbox, o, { ...any, token: null, expect: 404, why: "no token" });
    await call(sandbox, o, { ...any, token: "not-a-jwt", expect: 404, why: "malformed token" });
  }
  await call(sandbox, ops.get, { id, parent, expect: 200, why: "seeded row" });
  await call(sandbox, ops.get, { id: MISSING_ID, parent, expect: 404, why: "missing row" });
  // A resource's own endpoint (3.0's sendInvoice): the seeded row sent (the sandbox sends no
  // email), an unknown one, a non-numeric id, another method.
  if (ops.send) {
    await call(sandbox, ops.send, { id, body: new URLSearchParams({ cc: "a@example.com" }), expect: 200, why: "seeded row" });
    await call(sandbox, ops.send, { id, expect: 200, why: "seeded row, no cc" });
    await call(sandbox, ops.send, { id: MISSING_ID, expect: 404, why: "missing row" });
    await call(sandbox, ops.send, { id: "abc", expect: 400, why: "non-numeric id" });
    await call(sandbox, { ...ops.send, method: "GET" }, { id, expect: 405, why: "GET" });
  }
  // Contacts are searched by name and e-mail, the others by any column (their id included).
  const keyword = child ? rows[0].email : String(id);
  await call(sandbox, ops.search, { keysearch: keyword, expect: 200, why: "keyword in a row" });
  await call(sandbox, ops.search, { keysearch: "no such row / 100%", expect: 404, why: "keyword in no row" });

  // Invoices' and estimates' numbers are unique in the year of their date (`uniqueInYear`):
  // each create gets one no row has.
  const unique = versions(ops.create)["3.0"]?.uniqueInYear;
  let serial = 0;
  for (const [mediaType, content] of Object.entries(ops.create.op.requestBody.content)) {
    const fields = requiredFields(content.schema, 1);
    if (unique) fields[unique.field] = String(900000 + ++serial);
    if (tag === "Leads") fields.assigned = 1; // mandatory on 2.x and 3.x (the document says so)
    if (child) fields.customer_id = parent; // so that the parent keeps rows after the delete below
    await call(sandbox, ops.create, { body: formBody(fields, mediaType), expect: 200, why: `mandatory fields, ${mediaType}` });
    await call(sandbox, ops.create, { body: formBody({}, mediaType), expect: 404, why: `no fields, ${mediaType}` });
  }
  // The create's mandatory fields, sent as a JSON update (updates list none: they are partial,
  // but for the whole documents, invoices and estimates, which keep the seeded row's lines).
  const updateSchema = resolve(ops.update.op.requestBody.content["application/json"].schema);
  const whole = (updateSchema.required ?? []).length > 0;
  const update = jsonFields(requiredFields(ops.create.op.requestBody.content["application/x-www-form-urlencoded"].schema, 2));
  if (whole) {
    delete update.newitems;
    const row = await call(sandbox, ops.get, { id, parent, expect: 200, why: "the lines to keep" });
    update.items = row.items.map(({ id: itemid, description, qty, rate }) => ({ itemid, description, qty, rate: String(Number(rate) + 1) }));
    // The row keeps its own number (another's is refused).
    if (unique) update[unique.field] = row[unique.field];
  }
  // What no version serves (payments' update and delete): the controller's 405, and the
  // seeded row stays.
  if (!versions(ops.update)["3.0"] || !versions(ops.delete)["3.0"]) {
    await call(sandbox, ops.update, { id, body: JSON.stringify(update), expect: 405, why: "no such method" });
    await call(sandbox, ops.delete, { id, expect: 405, why: "no such method" });
    await call(sandbox, ops.get, { id: "abc", parent: child ? "abc" : undefined, expect: 405, why: "non-numeric id" });
    await call(sandbox, ops.list, { ...listOf, expect: 200, why: "after the writes" });
    return;
  }
  await call(sandbox, ops.update, { id, body: JSON.stringify(update), expect: 200, why: "mandatory fields" });
  // Nothing changes: `Update Fail.`, but where the model answers success whatever it changed
  // (staffs, whose update succeeds for an unknown id too: `unknownIdSucceeds`).
  const unchanged = versions(ops.update)["3.0"].unknownIdSucceeds ? 200 : 404;
  await call(sandbox, ops.update, { id, body: JSON.stringify(update), expect: unchanged, why: "nothing changes" });
  const optional = Object.keys(updateSchema.properties).find(
    // Not a date: "x" is no date, which a default install answers with an empty 500. Not a
    // flag (an `enum`): "x" sets it, which may change nothing.
    (name) =>
      !(name in update) &&
      updateSchema.properties[name].type === "string" &&
      !updateSchema.properties[name].examples &&
      !updateSchema.properties[name].enum,
  );
  // Updates are partial: no version re-checks the mandatory fields, but on the whole
  // documents (409 with the fields every update carries).
  const partial = whole ? 409 : 200;
  await call(sandbox, ops.update, { id, body: JSON.stringify({ [optional]: "x" }), expect: partial, why: "one optional field" });
  // Bodies with nothing to set, as the document says 3.0.3 answers them.
  const unusable = versions(ops.update)["3.0"].unusableBody;
  await call(sandbox, ops.update, { id, body: "", expect: unusable.notJson, why: "empty body" });
  await call(sandbox, ops.update, { id, body: "{}", expect: unusable.emptyObject, why: "empty object" });
  // The whole documents check the id last, and answer 409; where the document says an
  // unknown id succeeds (staffs: `unknownIdSucceeds`), 200.
  const missingUpdate = versions(ops.update)["3.0"].unknownIdSucceeds ? 200 : whole ? 409 : 404;
  await call(sandbox, ops.update, { id: MISSING_ID, body: JSON.stringify(update), expect: missingUpdate, why: "missing row" });
  // A non-numeric id: 405 `Unknown method` on every version.
  for (const o of [ops.get, ops.update, ops.delete, ...(child ? [ops.list] : [])]) {
    const ids = o === ops.get && child ? { parent: "abc", id: "abc" } : { id: "abc" };
    await call(sandbox, o, { ...ids, body: o === ops.update ? JSON.stringify(update) : undefined, expect: 405, why: "non-numeric id" });
  }
  // A date not written YYYY-MM-DD (the PMP document's form): an empty 500.
  const createForm = ops.create.op.requestBody.content["application/x-www-form-urlencoded"].schema;
  const dateField = (schema) => Object.keys(resolve(schema).properties).find((name) => isDate(resolve(schema).properties[name]));
  const createDate = dateField(createForm);
  if (createDate) {
    const fields = { ...requiredFields(createForm, 3), [createDate]: "30/07/2019" };
    if (tag === "Leads") fields.assigned = 1;
    await call(sandbox, ops.create, { body: formBody(fields, "application/x-www-form-urlencoded"), expect: 500, why: "a date as 30/07/2019" });
  }
  const updateDate = dateField(ops.update.op.requestBody.content["application/json"].schema);
  if (updateDate) {
    const dated = whole ? { ...update, [updateDate]: "30/07/2019" } : { [updateDate]: "30/07/2019" };
    await call(sandbox, ops.update, { id, body: JSON.stringify(dated), expect: 500, why: "a date as 30/07/2019" });
  }
  // Where only the newest row goes (`newestOnly`: invoices, estimates), the seeded one is
  // refused and the newest (a create's above) deleted.
  let doomed = id;
  if (versions(ops.delete)["3.0"].newestOnly) {
    await call(sandbox, ops.delete, { id, expect: 404, why: "not the newest row" });
    const page = await call(sandbox, ops.list, { ...listOf, expect: 200, why: "the newest row" });
    doomed = Math.max(...(Array.isArray(page) ? page : page.data).map((r) => Number(r[column])));
  }
  await call(sandbox, ops.delete, { id: doomed, expect: 200, why: doomed === id ? "seeded row" : "the newest row" });
  const deletedAgain = versions(ops.delete)["3.0"].unknownIdSucceeds ? 200 : 404;
  await call(sandbox, ops.delete, { id: doomed, expect: deletedAgain, why: "already deleted" });
  await call(sandbox, ops.list, { ...listOf, expect: 200, why: "after the writes" });
}

// Every operation is called without a token and with a malformed one: more auth failures than
// 3.x's lock-out allows (20 per IP in 15 minutes), so the lock-out is moved out of the way.
const sandbox = await startSandbox({ bin: process.argv[2], args: ["--auth-lockout", "1000000"] });
try {
  for (const tag of doc.tags.map((t) => t.name)) await exercise(sandbox, tag);
} catch (error) {
  failures.push(`aborted: ${error.stack}`);
} finally {
  await sandbox.stop();
}
// The older versions, as the document says they answer where versions differ: unusable PUT
// bodies, lists that always answer 404 (1.0.0's tasks), and gets that fail on every row
// (2.0.8's tickets: read from the list).
for (const module of ["1.0", "2.0"]) {
  const old = await startSandbox({ bin: process.argv[2], module });
  try {
    for (const o of operations) {
      const facts = versions(o)[module];
      if (!facts) {
        // An operation this version lacks though it has the resource (2.0's item writes):
        // the controller's 405. A resource newer than this version is skipped.
        const hasResource = byTag(o.op.tags[0]).some((other) => versions(other)[module]);
        const body = o.method === "PUT" ? JSON.stringify({ x: 1 }) : undefined;
        if (hasResource) await call(old, o, { id: 1, body, expect: 405, why: `--module ${module}, an operation it lacks` });
        continue;
      }
      if (facts.unusableBody) {
        await call(old, o, { id: 1, body: "", expect: facts.unusableBody.notJson, why: `--module ${module}, empty body` });
        await call(old, o, { id: 1, body: "{}", expect: facts.unusableBody.emptyObject, why: `--module ${module}, {}` });
      }
      if (facts.alwaysNotFound) {
        await call(old, o, { expect: 404, why: `--module ${module}, a list that always answers 404` });
      }
      if (facts.crashes && !o.path.includes("{parent_id}")) {
        const list = byTag(o.op.tags[0]).find((l) => l.op.operationId.startsWith("list"));
        const rows = await call(old, list, { why: `--module ${module}` });
        const row = rows?.data?.[0] ?? rows?.[0];
        await call(old, o, { id: Number(row?.[idColumn(o.op)]), expect: 500, why: `--module ${module}, a listed row` });
      }
    }
  } finally {
    await old.stop();
  }
}
// What the sandbox cannot answer: it sends no email, so 3.0.3's 500 for an invoice email that
// could not go out never comes (crates/pmp-sandbox/README.md, "Sending an invoice").
const UNPRODUCIBLE = new Set(["sendInvoice 500"]);
for (const { op } of operations) {
  // 403 needs a limited token; 3.x's rate limits (401, 429) and bad list filters (422) are
  // exercised by tests/node/profiles.test.mjs and replayed by tests/node/replay.test.mjs.
  for (const status of Object.keys(op.responses).filter((s) => !["401", "403", "422", "429"].includes(s) && !UNPRODUCIBLE.has(`${op.operationId} ${s}`))) {
    if (!seen.has(`${op.operationId} ${status}`)) failures.push(`${op.operationId}: documented status ${status} never exercised`);
  }
}
if (failures.length) {
  console.error(`conformance: ${failures.length} failure(s)\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`conformance: ${seen.size} (operation, status) pairs seen, every answer matches the document`);
