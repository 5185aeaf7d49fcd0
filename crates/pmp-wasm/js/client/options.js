// Reading what callers pass: the options of `new PmpClient(options)` (type-checked here;
// pmp-core checks their values in `Core`) and the call options (`signal`, a list's `sort`,
// `fields`, date filters, `page` and `perPage`; a create's `idempotencyKey` and the Date
// values of inputs: writes.js).
import { invalid, isObject } from "./common.js";

const OPTION_NAMES = ["baseUrl", "token", "headers", "serverVersion", "timeoutMs", "totalTimeoutMs", "maxResponseBytes", "retries",
  "retryWrites", "retryCreates", "retryBaseMs", "retryMaxMs", "retryAfterMaxMs", "fetch", "onRequest", "onResponse"];
const MAX_MS = 2147483647; // the longest delay setTimeout honours

/**
 * The options of `new PmpClient(options)`, type-checked, with the defaults of the ones
 * JavaScript applies (`timeoutMs`, `maxResponseBytes`, `fetch`); pmp-core checks the values of
 * the rest (base URL, token, headers, retry policy) in `Core`.
 */
export function readOptions(options) {
  if (!isObject(options)) throw invalid("options must be an object with baseUrl and token");
  // Read once, inherited properties included (an options object may be a class instance).
  const o = {};
  for (const name of OPTION_NAMES) o[name] = options[name];
  for (const name of ["baseUrl", "token"]) {
    if (typeof o[name] !== "string") throw invalid(`options.${name} must be a string`);
  }
  // Its value is checked by the wasm's Core (pmp-core knows the versions).
  if (o.serverVersion !== undefined && typeof o.serverVersion !== "string") {
    throw invalid("options.serverVersion must be a string such as \"2.0\"");
  }
  const headers = o.headers ?? {};
  const proto = isObject(headers) ? Object.getPrototypeOf(headers) : undefined;
  if (proto !== null && proto !== Object.prototype) {
    throw invalid("options.headers must be a plain object of strings (not a Headers or Map)");
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") throw invalid(`options.headers["${name}"] must be a string`);
  }
  o.headers = headers;
  const check = (name, ok, what) => {
    const value = o[name];
    if (value !== undefined && !(typeof value === "number" && ok(value))) {
      throw invalid(`options.${name} must be ${what}`);
    }
  };
  const ms = (min) => [(v) => Number.isInteger(v) && v >= min && v <= MAX_MS,
    `a whole number of milliseconds from ${min} to ${MAX_MS}`];
  check("timeoutMs", (v) => v > 0 && v <= MAX_MS, `a number of milliseconds, above 0 and at most ${MAX_MS}`);
  // Fractions are rounded up: setTimeout counts whole milliseconds.
  o.timeoutMs = o.timeoutMs === undefined ? PMP_DEFAULTS.timeoutMs : Math.ceil(o.timeoutMs);
  check("totalTimeoutMs", ...ms(1));
  check("maxResponseBytes", (v) => Number.isSafeInteger(v) && v > 0, "a positive integer");
  o.maxResponseBytes ??= PMP_DEFAULTS.maxResponseBytes;
  // Core enforces the same limit.
  const maxRetries = PMP_DEFAULTS.maxRetries;
  check("retries", (v) => Number.isInteger(v) && v >= 0 && v <= maxRetries, `an integer from 0 to ${maxRetries}`);
  for (const name of ["retryBaseMs", "retryMaxMs", "retryAfterMaxMs"]) check(name, ...ms(0));
  for (const name of ["retryWrites", "retryCreates"]) {
    if (o[name] !== undefined && typeof o[name] !== "boolean") throw invalid(`options.${name} must be a boolean`);
  }
  for (const name of ["fetch", "onRequest", "onResponse"]) {
    if (o[name] !== undefined && typeof o[name] !== "function") throw invalid(`options.${name} must be a function`);
  }
  o.fetch ??= globalThis.fetch;
  if (typeof o.fetch !== "function") throw invalid("options.fetch must be a function (and there is no global fetch)");
  return o;
}

/** The `signal` of call options, checked; undefined for none. */
export function callSignal(options) {
  if (options === undefined || options === null) return undefined;
  if (!isObject(options)) {
    throw invalid("call options must be an object such as { signal }");
  }
  const { signal } = options;
  if (signal === undefined || signal === null) return undefined;
  if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) {
    throw invalid("options.signal must be an AbortSignal");
  }
  return signal;
}

// `perPage` and `page` (default 1) of the page calls.
function whole(value, name, max) {
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalid(`options.${name} must be an integer from 1 to ${max}`);
  return value;
}
/** The `perPage` of `page` and `pages` (default pmp-core's). */
export const perPage = (options) => whole(options?.perPage ?? PMP_DEFAULTS.perPage, "perPage", PMP_DEFAULTS.maxPerPage);
/** The `page` of `page` and `pages` (default 1). */
export const pageNumber = (options) => whole(options?.page ?? 1, "page", 2147483647);

// sort, fields and the created-date filters of call options as 3.x's query parameters,
// checked as pmp-core's ListQuery checks them.
const DATE = /^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?$/;
const QUERY = [
  ["sort", "sort", /^-?\w+(,-?\w+)*$/],
  ["fields", "fields", /^\w+(,\w+)*$/],
  ["createdAfter", "created_after", DATE],
  ["createdBefore", "created_before", DATE],
];

/** A list's call options as 3.x's query parameters by name (`{ sort, created_after, ... }`). */
export function listQuery(options) {
  if (options != null && !isObject(options)) throw invalid("call options must be an object such as { signal }");
  const q = {};
  for (const [name, param, form] of QUERY) {
    let value = options?.[name];
    if (value === undefined) continue;
    value = Array.isArray(value) ? value.join(",") : value instanceof Date ? ymd(value, name) : value;
    if (!form.test(value)) throw invalid(`${name} must be ${form === DATE ? "a date as YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS) or a Date" : "column names separated by commas"}`);
    q[param] = value;
  }
  return q;
}

/** The query string of one page. */
export const pageQuery = (q, page, per_page) => new URLSearchParams({ page, per_page, ...q }).toString();

/** A Date as the local calendar day `YYYY-MM-DD` (`name` names it in the error of an invalid one). */
export function ymd(date, name) {
  if (Number.isNaN(date.getTime())) throw invalid(`${name} is an invalid Date`);
  const two = (n) => String(n).padStart(2, "0");
  return `${String(date.getFullYear()).padStart(4, "0")}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}
