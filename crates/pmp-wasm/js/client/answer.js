// Successful answers, parsed and shape-checked without the wasm: the rows of a list as
// `{ data, meta }`, a get's row, a write's `{status: true, ...}`; anything else goes to the
// wasm (`Core.failure`) to be classified. Rows' model columns are made text as pmp-core
// decodes them.
import { isObject, PmpError } from "./common.js";

/**
 * The parsed answer of a success of `endpoint`, or undefined for the wasm (`core`) to classify. Rows
 * come as `{ data, meta }`: a 3.x envelope, or a plain array (every row) with meta null.
 * `writes` (writes.js) decodes the custom fields of the endpoint that lists them. A promise of
 * the answer where a row's numbers wait for the column lists (textColumns).
 */
export function success(endpoint, status, text, attempt, core, writes) {
  if (status < 200 || status > 299) return undefined;
  // A create answered with an empty body: a success with no message and no id where the
  // server may answer so (2.0.8's payments answer nothing, stored or not: pmp-core's quirk
  // `create_empty_on`, asked of the wasm); elsewhere the wasm's decode error.
  if (endpoint.operation === "create" && text.trim() === "") {
    return core.createdEmpty(endpoint.op) ? { status: true, message: null } : undefined;
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { output } = endpoint;
  if (output === "rows") {
    let page = { data: value, meta: null };
    // An envelope is never a row; an object that is neither is a decode error.
    if (isObject(value)) page = isObject(value.meta) ? value : {};
    if (!Array.isArray(page.data) || !page.data.every(isObject)) return undefined;
    const later = textColumns(page.data, endpoint);
    if (endpoint.customFields) writes.decodeCustomFields(page.data, status, attempt);
    return later ? later.then(() => page) : page;
  }
  if (output === "row" && Array.isArray(value) && value.length < 2) {
    // An array of one row: what the declaration's quirks say some gets answer (`get_as_array`:
    // milestones, every version). Read so on every get, so that a server that differs from the
    // table is still read right (pmp-core's tests/quirks.rs).
    if (value.length === 0) throw new PmpError({ kind: "not_found", message: "the server answered no row", status, attempts: attempt });
    value = value[0];
  }
  if (!isObject(value)) return undefined;
  if (output === "row") {
    if (value.status === false) return undefined;
    const later = textColumns([value], endpoint);
    return later ? later.then(() => value) : value;
  }
  // A write succeeded only if the server says so: `{status: true, ...}`.
  if (value.status !== true) return undefined;
  // An endpoint beyond the six answers a model (`sendInvoice`'s InvoiceSent): its text
  // columns as text, as for rows.
  const later = endpoint.extra && textColumns([value], endpoint);
  return later ? later.then(() => value) : value;
}

// The named columns of rows as text, as the types say and as pmp-core decodes them: a
// number becomes its JavaScript text, a boolean "1" or "0" (MySQL's). Others stay as sent.
// Rows are first scanned with `for...in` (several times faster than reading each named
// column): real servers send text, so the rewrite is seldom needed. Returns undefined when
// done, or a promise of the rewrite once the column lists are loaded (the full wasm holds
// them: a page that has only read loads it for the first such row).
// The secret columns (PMP_SECRET_COLUMNS, pmp-core's SECRET_COLUMNS written in by
// `cargo xtask pkg`: password hashes, reset keys, two-factor secrets) are dropped. A row
// without its id column gets it from the column the resource's quirk `id_alias` names
// (`idAlias`: payments' and items' search rows carry their id in `id`).
function textColumns(rows, endpoint) {
  const { id, idAlias } = endpoint;
  let pending;
  for (const row of rows) {
    for (const column of PMP_SECRET_COLUMNS) if (column in row) delete row[column];
    if (idAlias && !(id in row) && (typeof row[idAlias] === "string" || typeof row[idAlias] === "number")) {
      row[id] = String(row[idAlias]);
    }
    for (const key in row) {
      const type = typeof row[key];
      if (type === "number" || type === "boolean") {
        (pending ??= []).push(row);
        break;
      }
    }
  }
  if (!pending) return undefined;
  const rewrite = (columns) => {
    for (const row of pending) rewriteRow(row, columns);
  };
  const columns = endpoint.columns();
  return columns ? rewrite(columns) : endpoint.loadColumns().then(rewrite);
}

// The text columns come from the wasm (pmp-core's models, `endpoint.columns()`).
function rewriteRow(row, columns) {
  for (const name of columns) {
    const value = row[name];
    if (typeof value === "number") row[name] = String(value);
    else if (typeof value === "boolean") row[name] = value ? "1" : "0";
  }
}
