// The demo page: one view per resource, and a read-only one per lookup (expense categories,
// payment modes, taxes, custom fields), driven by the pmp-client package.
import { PmpClient, PmpError } from "pmp-client";
import { ACTIONS, LOOKUPS, RESOURCES } from "./resources.js";

/** The sandbox's documented development token (crates/pmp-sandbox/README.md). */
const SANDBOX_TOKEN =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoicG1wLXNhbmRib3giLCJuYW1lIjoiRGV2ZWxvcG1lbnQgdG9rZW4iLCJpYXQiOjE1NzQ5ODU2MDB9.cG1wLXNhbmRib3gtZGV2ZWxvcG1lbnQtdG9rZW4";

const $ = (selector) => document.querySelector(selector);
const el = (tag, { dataset = {}, ...props } = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
};

const state = {
  client: null,
  resource: RESOURCES[0],
  lookup: null, // the lookup shown instead of a resource, or null
  editing: null, // id of the row being edited, or null when the form creates
  retry: null, // the action to run again from the retry banner
};

// ---- connection --------------------------------------------------------------------------

function connect() {
  const baseUrl = $("#baseUrl").value.trim();
  const token = $("#token").value.trim();
  localStorage.setItem("pmp.baseUrl", baseUrl);
  localStorage.setItem("pmp.token", token);
  try {
    state.client = new PmpClient({ baseUrl, token });
  } catch (err) {
    state.client = null;
    showError(err);
    return;
  }
  hideBanners();
  if (state.lookup) showLookup();
  else showAll();
}

// ---- running calls -----------------------------------------------------------------------

/** Runs one call with the spinner on, and shows its failure where it belongs. */
async function run(action) {
  if (!state.client) return;
  hideBanners();
  clearFieldErrors();
  $("#spinner").hidden = false;
  document.body.setAttribute("aria-busy", "true");
  try {
    await action();
  } catch (err) {
    showError(err, action);
  } finally {
    $("#spinner").hidden = true;
    document.body.removeAttribute("aria-busy");
  }
}

function showError(err, action) {
  if (!(err instanceof PmpError)) {
    banner("#error-banner", `Unexpected error: ${err}`);
    return;
  }
  switch (err.kind) {
    case "auth":
      banner("#auth-banner", err.message);
      break;
    case "network":
    case "timeout":
      state.retry = action ?? null;
      banner("#retry-banner", err.kind === "timeout" ? `The server took too long: ${err.message}` : `Cannot reach the server: ${err.message}`);
      $("#retry").hidden = !action;
      break;
    case "validation":
    case "invalid_input":
      if (showFieldErrors(err.fieldErrors)) break;
      banner("#error-banner", err.message);
      break;
    default:
      banner("#error-banner", `${err.kind}: ${err.message}`);
  }
}

function banner(selector, text) {
  const node = $(selector);
  node.querySelector(".detail").textContent = text;
  node.hidden = false;
}

function hideBanners() {
  for (const id of ["#auth-banner", "#retry-banner", "#error-banner", "#notice"]) $(id).hidden = true;
}

function notice(text) {
  $("#notice").textContent = text;
  $("#notice").hidden = false;
}

/** Shows each message next to its field; true if at least one field was on the form. */
function showFieldErrors(fieldErrors) {
  let shown = false;
  for (const [field, message] of Object.entries(fieldErrors ?? {})) {
    const slot = document.getElementById(`error-${field}`);
    if (slot) {
      slot.textContent = message;
      shown = true;
    }
  }
  return shown;
}

function clearFieldErrors() {
  for (const slot of document.querySelectorAll(".field-error")) slot.textContent = "";
}

// ---- the list ----------------------------------------------------------------------------

const method = (verb, noun) => state.client[`${verb}${noun}`].bind(state.client);

/** Every row of a resource; a child's (contacts) are those of each parent row (customers). */
async function listAll(resource) {
  const list = method("list", resource.plural);
  if (!resource.parent) return list();
  const parents = await method("list", resource.parent.plural)();
  const rows = [];
  for (const parent of parents) {
    try {
      rows.push(...(await list(parent[resource.parent.id])));
    } catch (err) {
      // A parent row without children answers `not_found`.
      if (!(err instanceof PmpError && err.kind === "not_found")) throw err;
    }
  }
  return rows;
}

function showAll() {
  $("#keyword").value = "";
  return run(async () => renderRows(await listAll(state.resource)));
}

function search(keyword) {
  return run(async () => {
    try {
      renderRows(await method("search", state.resource.plural)(keyword));
    } catch (err) {
      if (err instanceof PmpError && err.kind === "not_found") renderRows([]);
      else throw err;
    }
  });
}

function renderRows(rows) {
  const { columns, id } = state.resource;
  $("#rows thead").replaceChildren(el("tr", {}, ...columns.map((c) => el("th", { textContent: c })), el("th", { textContent: "" })));
  $("#rows tbody").replaceChildren(
    ...rows.map((row) =>
      el(
        "tr",
        { dataset: { id: row[id] ?? "" } },
        ...columns.map((c) => el("td", { textContent: row[c] ?? "" })),
        el(
          "td",
          { className: "actions" },
          el("button", { type: "button", textContent: "Edit", onclick: () => startEdit(row) }),
          " ",
          el("button", { type: "button", textContent: "Delete", onclick: () => remove(row) }),
          ...actionButtons(row),
        ),
      ),
    ),
  );
  $("#empty").hidden = rows.length > 0;
}

// The buttons of the endpoints the resource has of its own (ACTIONS: an invoice's Send, on
// module 3.0 servers only; the server's refusal shows as any error does).
function actionButtons(row) {
  const { key, id } = state.resource;
  return ACTIONS.filter((a) => a.resource === key).flatMap((a) => [
    " ",
    el("button", { type: "button", textContent: a.label, title: `${a.method}() (module ${a.since} on)`, onclick: () => act(a, row[id]) }),
  ]);
}

function act(action, rowId) {
  if (!confirm(`${action.label} ${state.resource.singular.toLowerCase()} ${rowId}?`)) return;
  return run(async () => {
    const answer = await state.client[action.method](rowId);
    notice(answer.message ?? `${action.label}: done.`);
    await refresh();
  });
}

function remove(row) {
  const { id, singular } = state.resource;
  const rowId = Number(row[id]);
  if (!confirm(`Delete ${singular.toLowerCase()} ${rowId}?`)) return;
  return run(async () => {
    const answer = await method("delete", singular)(rowId);
    notice(answer.message ?? "Deleted.");
    await refresh();
  });
}

/** Re-runs the current search, or the list. */
async function refresh() {
  const keyword = $("#keyword").value.trim();
  if (!keyword) return renderRows(await listAll(state.resource));
  try {
    renderRows(await method("search", state.resource.plural)(keyword));
  } catch (err) {
    if (err instanceof PmpError && err.kind === "not_found") renderRows([]);
    else throw err;
  }
}

// ---- the form ----------------------------------------------------------------------------

function renderForm() {
  const { fields, singular, example } = state.resource;
  $("#fields").replaceChildren(...fields.map(([name, kind, required]) => fieldRow(name, kind, required, example[name])));
  setEditing(null);
  $("#record-title").dataset.singular = singular;
  for (const [field, key] of Object.entries(state.resource.refers)) offerRows(field, key);
}

/**
 * A field holding another resource's id (`refers` in resources.js: a ticket's contact, a
 * project's customer) offers that resource's real rows, fetched when the field is first
 * focused. Where the server lacks the resource (1.0 has no contacts) the id is typed in.
 */
function offerRows(field, key) {
  const referred = RESOURCES.find((r) => r.key === key);
  const input = $(`#field-${field}`);
  if (!referred || !input) return;
  const listId = `rows-of-${field}`;
  input.setAttribute("list", listId);
  input.addEventListener("focus", async () => {
    if ($(`#${CSS.escape(listId)}`)) return;
    const list = el("datalist", { id: listId });
    input.after(list);
    let rows = [];
    try {
      rows = await listAll(referred);
    } catch {
      return;
    }
    const label = (row) => referred.columns.slice(1, 4).map((c) => row[c]).filter(Boolean).join(" · ");
    list.append(...rows.map((row) => el("option", { value: row[referred.id], textContent: label(row) })));
  }, { once: true });
}

/** The columns of a line of an invoice or estimate, as the form edits them. */
const LINE_COLUMNS = [
  ["description", "Description"],
  ["qty", "Qty"],
  ["rate", "Rate"],
  ["unit", "Unit"],
  ["taxname", "Taxes (NAME|RATE, comma separated)"],
];

/**
 * The lines of an invoice or estimate as rows of inputs, one per line, with a button that
 * adds one and one per row that removes it. `newitems` are the lines a save adds; `items`
 * (on edit only) the lines the document has: a removed one goes in `removed_items`.
 */
function linesEditor(id, name, example) {
  const body = el("tbody");
  const table = el(
    "table",
    { id, className: "lines", dataset: { name } },
    el("thead", {}, el("tr", {}, ...LINE_COLUMNS.map(([, title]) => el("th", { textContent: title })), el("th"))),
    body,
  );
  const add = el("button", { type: "button", className: "add-line", textContent: "Add line", onclick: () => addLine(table) });
  if (name === "newitems") addLine(table, {}, example?.[0]);
  return [table, add];
}

/** Adds a row to a lines editor: the values of `line` (a get's `items` row), placeholders from `example`. */
function addLine(table, line = {}, example = {}) {
  const row = el("tr", { dataset: { itemid: line.id ?? "" } });
  for (const [key] of LINE_COLUMNS) {
    const value = key === "taxname" ? (line.taxname ?? []).join(", ") : line[key] ?? "";
    const placeholder = key === "taxname" ? (example.taxname ?? []).join(", ") : example[key] ?? "";
    row.append(el("td", {}, el("input", { name: key, value, placeholder, title: key })));
  }
  const drop = el("button", { type: "button", textContent: "Remove", onclick: () => {
    if (row.dataset.itemid) table.dataset.removed = `${table.dataset.removed ?? ""} ${row.dataset.itemid}`.trim();
    row.remove();
  } });
  row.append(el("td", {}, drop));
  table.tBodies[0].append(row);
}

/** The lines of a lines editor, as the package's LineItem objects; rows left empty are skipped. */
function linesOf(table) {
  const lines = [];
  for (const row of table.tBodies[0].rows) {
    const value = (key) => row.querySelector(`input[name=${key}]`).value.trim();
    const line = { description: value("description"), qty: value("qty"), rate: value("rate") };
    if (!line.description && !line.qty && !line.rate) continue;
    if (value("unit")) line.unit = value("unit");
    const taxes = value("taxname").split(",").map((t) => t.trim()).filter(Boolean);
    if (taxes.length) line.taxname = taxes;
    if (row.dataset.itemid) line.itemid = row.dataset.itemid;
    lines.push(line);
  }
  return lines;
}

/** A form field; `example` is the declaration's example value of it, if any, shown as its placeholder. */
function fieldRow(name, kind, required, example) {
  const id = `field-${name}`;
  const label = el("label", { htmlFor: id, textContent: name });
  if (required) label.append(" ", el("abbr", { title: "mandatory", textContent: "*" }));
  if (kind === "lines") {
    // The lines a document keeps are edited on update only; removed ones are sent by the editor.
    const field = el("div", { className: `field lines`, dataset: { only: name === "items" ? "edit" : "" } }, label, ...linesEditor(id, name, example));
    field.append(el("small", { id: `error-${name}`, className: "field-error", role: "alert" }));
    return field;
  }
  let input;
  if (kind === "textarea") input = el("textarea", { id, name, rows: 2 });
  else if (kind === "flag") input = el("input", { id, name, type: "checkbox" });
  else if (kind === "files") input = el("input", { id, name, type: "file", multiple: true });
  else input = el("input", { id, name, type: kind === "number" ? "number" : "text", required: !!required });
  // Dates as text, YYYY-MM-DD: what a default install reads (30/07/2019 crashes one); the
  // declaration gives every date field an example.
  if (kind === "list") input.placeholder = `ids, comma separated${example ? `: ${example.join(", ")}` : ""}`;
  else if (kind === "computed") input.placeholder = "computed from the lines when left empty";
  else if (example !== undefined && kind !== "flag") input.placeholder = String(example);
  const error = el("small", { id: `error-${name}`, className: "field-error", role: "alert" });
  return el("div", { className: `field ${kind}` }, ...(kind === "flag" ? [input, label] : [label, input]), error);
}

function setEditing(id) {
  state.editing = id;
  const { singular } = state.resource;
  $("#record-title").textContent = id == null ? `New ${singular.toLowerCase()}` : `Edit ${singular.toLowerCase()} ${id}`;
  $("#save").textContent = id == null ? "Create" : "Save";
  $("#cancel-edit").hidden = id == null;
  for (const input of document.querySelectorAll("#fields input[type=file]")) input.disabled = id != null;
  for (const field of document.querySelectorAll("#fields [data-only=edit]")) field.hidden = id == null;
  // The ids of the removed lines are a part of the lines editor, not a field to type.
  const removed = document.getElementById("field-removed_items")?.closest(".field");
  if (removed) removed.hidden = true;
}

async function startEdit(row) {
  const { fields, id, singular } = state.resource;
  // A list row lacks an invoice's lines: the get has them (`items`).
  if (fields.some(([, kind]) => kind === "lines")) {
    let full;
    await run(async () => (full = await method("get", singular)(Number(row[id]))));
    if (!full) return;
    row = full;
  }
  renderForm();
  for (const [name, kind] of fields) {
    const input = document.getElementById(`field-${name}`);
    const value = row[name];
    if (kind === "flag") input.checked = value === "1" || value === "on";
    else if (kind === "lines") {
      if (name === "items") for (const line of row.items ?? []) addLine(input, line);
    } else if (kind === "list" && typeof value === "string" && value.startsWith("a:")) {
      // The CRM stores a list PHP-serialized (`a:1:{i:0;s:1:"1";}`): its strings are the ids.
      input.value = [...value.matchAll(/s:\d+:"([^"]*)"/g)].map((m) => m[1]).join(", ");
    } else if (kind !== "files" && kind !== "computed") input.value = value ?? "";
  }
  setEditing(Number(row[id]));
}

/** The input object of the form, as the package's CustomerInput, LeadInput, ... types. */
function formInput() {
  const input = {};
  for (const [name, kind, required] of state.resource.fields) {
    const node = document.getElementById(`field-${name}`);
    const text = node.value?.trim() ?? "";
    if (kind === "flag") input[name] = node.checked;
    else if (kind === "lines") {
      if (name === "items" && state.editing == null) continue;
      const lines = linesOf(node);
      // A create's lines go even when none: the client then says they are mandatory.
      if (lines.length || (required && state.editing == null)) input[name] = lines;
      if (name === "items" && node.dataset.removed) {
        input.removed_items = node.dataset.removed.split(" ").map(Number);
      }
    } else if (name === "removed_items") continue;
    else if (kind === "files") {
      if (node.files.length && state.editing == null) input[name] = Array.from(node.files);
    } else if (kind === "list") {
      if (text) input[name] = text.split(/[\s,]+/).filter(Boolean).map(Number);
    } else if (kind === "number") {
      if (text) input[name] = Number(text);
    } else if (text || required) {
      // Mandatory fields go even when empty: the client then says which one is missing.
      input[name] = text;
    }
  }
  return input;
}

function save() {
  const { singular } = state.resource;
  const input = formInput();
  const editing = state.editing;
  return run(async () => {
    const answer = editing == null
      ? await method("create", singular)(input)
      : await method("update", singular)(editing, input);
    notice(answer.message ?? "Saved.");
    renderForm();
    await refresh();
  });
}

// ---- lookups ------------------------------------------------------------------------------

/** A value as a cell shows it: lists (decoded options) joined, objects (a gateway's instance) as JSON. */
const cell = (value) => (Array.isArray(value) ? value.join(", ") : value !== null && typeof value === "object" ? JSON.stringify(value) : value ?? "");

/** The rows of the lookup shown, with the custom field target and row id of its form. */
function showLookup() {
  const { method, fieldto, columns } = state.lookup;
  return run(async () => {
    const id = $("#lookup-id").value.trim();
    const args = fieldto ? [$("#fieldto").value, id ? Number(id) : undefined] : [];
    const rows = await state.client[method](...args);
    $("#rows thead").replaceChildren(el("tr", {}, ...columns.map((c) => el("th", { textContent: c }))));
    $("#rows tbody").replaceChildren(...rows.map((row) => el("tr", {}, ...columns.map((c) => el("td", { textContent: cell(row[c]) })))));
    $("#empty").hidden = rows.length > 0;
  });
}

function selectLookup(lookup) {
  state.lookup = lookup;
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.setAttribute("aria-selected", String(tab.dataset.lookup === lookup.key));
  }
  $("#search").hidden = true;
  $(".editor").hidden = true;
  $("#lookup").hidden = !lookup.fieldto;
  if (lookup.fieldto) {
    $("#fieldto").replaceChildren(...lookup.fieldto.map((t) => el("option", { value: t, textContent: t, selected: t === "customers" })));
  }
  hideBanners();
  showLookup();
}

// ---- tabs and start-up -------------------------------------------------------------------

function selectResource(resource) {
  state.resource = resource;
  state.lookup = null;
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.setAttribute("aria-selected", String(tab.dataset.resource === resource.key));
  }
  $("#search").hidden = false;
  $(".editor").hidden = false;
  $("#lookup").hidden = true;
  renderForm();
  hideBanners();
  showAll();
}

function start() {
  $("#baseUrl").value = localStorage.getItem("pmp.baseUrl") || location.origin;
  $("#token").value = localStorage.getItem("pmp.token") || SANDBOX_TOKEN;
  $("#tabs").replaceChildren(
    ...RESOURCES.map((r) => el("button", { type: "button", role: "tab", textContent: r.title, dataset: { resource: r.key }, onclick: () => selectResource(r) })),
    ...LOOKUPS.map((l) => el("button", { type: "button", role: "tab", textContent: l.title, title: `${l.method}() (module ${l.since} on)`, dataset: { lookup: l.key }, onclick: () => selectLookup(l) })),
  );
  $("#lookup").addEventListener("submit", (e) => { e.preventDefault(); showLookup(); });
  $("#connect").addEventListener("submit", (e) => { e.preventDefault(); connect(); });
  $("#search").addEventListener("submit", (e) => {
    e.preventDefault();
    const keyword = $("#keyword").value.trim();
    keyword ? search(keyword) : showAll();
  });
  $("#show-all").addEventListener("click", showAll);
  $("#record").addEventListener("submit", (e) => { e.preventDefault(); save(); });
  $("#cancel-edit").addEventListener("click", renderForm);
  $("#retry").addEventListener("click", () => state.retry && run(state.retry));
  state.resource = RESOURCES[0];
  for (const tab of document.querySelectorAll("#tabs button")) tab.setAttribute("aria-selected", String(tab.dataset.resource === "customers"));
  renderForm();
  connect();
}

start();
