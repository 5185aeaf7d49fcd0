//! TypeScript declarations that are not derived from pmp-core's models (those come from
//! tsify): the options and `files` on the inputs that take attachments
//! (declaration merging adds it to tsify's `LeadInput` and `ProjectInput` interfaces).
//! An option name in double braces (`{{timeoutMs}}`) is its default or limit in `pmp_core::defaults`, written in by
//! `cargo xtask pkg`: no default is copied here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS: &str = r#"
/** Options of `new PmpClient(options)`. */
export interface PmpClientOptions {
  /** Where the CRM is: `https://crm.example.com`, `https://host/crm/` or a same-origin path such as `/crm/`. */
  baseUrl: string;
  /** The API token (a JWT issued in the CRM's admin area). Never appears in an error message. */
  token: string;
  /** The module version the server runs (`"1.0"`, `"2.0"`, `"3.0"`, or `"1.0.0"`, `"2.0.8"`, `"3.0.3"`), when known: a call that version does not serve (a resource newer than it, an operation it lacks) then rejects with kind `unsupported`, naming the version, without being sent. Left out, every call is sent and answers are read the same on every version. */
  serverVersion?: "1.0" | "2.0" | "3.0" | "1.0.0" | "2.0.8" | "3.0.3";
  /** Time limit of one attempt, answer body included, in milliseconds (default {{timeoutMs}}); a call that runs out of it fails with kind `timeout` after its retries. */
  timeoutMs?: number;
  /** Time limit of a whole call, every attempt and wait between attempts included, in whole milliseconds (default: none). Running out of it rejects with kind `timeout` at once. */
  totalTimeoutMs?: number;
  /** The largest answer body accepted, in bytes (default {{maxResponseBytes}}): checked against `Content-Length` first, then counted while reading. A larger answer is cut off and the call rejects with kind `too_large`, without retrying. */
  maxResponseBytes?: number;
  /** How many times to retry a failed idempotent call, 0 to {{maxRetries}} (default {{retries}}). GET is retried on network errors, per-attempt timeouts, rate limits (kind `rate_limited`) and 502, 503, 504 answers; PUT and DELETE only with `retryWrites`; POST only with `retryCreates`. */
  retries?: number;
  /** Also retry PUT and DELETE (default {{retryWrites}}): only if repeating the write does no harm. */
  retryWrites?: boolean;
  /** Also retry creates (default {{retryCreates}}). Every create carries an `Idempotency-Key`, the same on each attempt, so 3.x servers answer a repeat from storage; 1.0 and 2.0 ignore the key and would create twice. */
  retryCreates?: boolean;
  /** Bound of the first wait between attempts, in whole milliseconds (default {{retryBaseMs}}); it doubles with each retry, and the wait is a random time up to that bound (full jitter). */
  retryBaseMs?: number;
  /** Largest bound of the wait between attempts, in whole milliseconds (default {{retryMaxMs}}); not below `retryBaseMs`. */
  retryMaxMs?: number;
  /** The longest wait a server asks for that is honoured (`Retry-After` in seconds or as an HTTP date, or, on a 3.x 429 without it, until `X-RateLimit-Reset`), in whole milliseconds (default {{retryAfterMaxMs}}); longer ones are cut to this. */
  retryAfterMaxMs?: number;
  /** Called before each attempt (for logging, metrics or extra headers), with the token headers as `[redacted]`. Headers it returns at once, as an object of strings, are added to that attempt (not `authtoken` nor `Authorization`; a bad one rejects the call with `invalid_input`). What it throws is ignored. */
  onRequest?: (request: PmpRequestEvent) => Record<string, string> | void | Promise<unknown>;
  /** Called after each answer, whatever its status. What it throws is ignored. */
  onResponse?: (response: PmpResponseEvent) => void;
  /** Extra headers sent with every request (not `authtoken` nor `Authorization`). */
  headers?: Record<string, string>;
  /** A `fetch` to use instead of the global one (tests, proxies, runtimes without fetch). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** What `onRequest` gets before each attempt. */
export interface PmpRequestEvent {
  /** `GET`, `POST`, `PUT` or `DELETE`. */
  method: string;
  /** The full URL of the request. */
  url: string;
  /** The request headers; `authtoken` and `Authorization` read `[redacted]`. */
  headers: Record<string, string>;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

/** What `onResponse` gets after each answer. */
export interface PmpResponseEvent {
  /** `GET`, `POST`, `PUT` or `DELETE`. */
  method: string;
  /** The full URL of the request. */
  url: string;
  /** The HTTP status of the answer. */
  status: number;
  /** The attempt this answer is to (1 for the first). */
  attempt: number;
  /** Milliseconds from sending to the whole answer. */
  durationMs: number;
  /** 3.x's `X-RateLimit-*` headers of the answer, when it has them (`reset` in epoch seconds). */
  rateLimit?: { limit: number; remaining: number; reset: number };
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call: it then rejects with a `PmpError` of kind `aborted`. */
  signal?: AbortSignal;
}

/** Options of a create. */
export interface CreateOptions extends CallOptions {
  /** The `Idempotency-Key` of this create (default: a new random key per call); 3.x answers a create sent again with the same key from storage, for 24 hours. */
  idempotencyKey?: string;
}

/** Options of a list or search. `sort` and `fields` go to 3.x servers (enveloped lists and the leads and tickets searches) and are done by the client on answers that ignored them; `createdAfter` and `createdBefore` need 3.x (elsewhere the call rejects with `invalid_input`). */
export interface ListOptions extends CallOptions {
  /** Columns to sort by, `-` before one for descending: `"company,-userid"` or `["company", "-userid"]`. */
  sort?: string | string[];
  /** Columns to return (3.x drops the id column unless it is named). */
  fields?: string | string[];
  /** Rows created after this day (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or a `Date`, sent as its local day). */
  createdAfter?: string | Date;
  /** Rows created before this day (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or a `Date`). */
  createdBefore?: string | Date;
}

/** Options of `page` and `pages`. */
export interface PageOptions extends ListOptions {
  /** The page, from 1 (default 1; for `pages`, the first one). */
  page?: number;
  /** Rows per page, 1 to {{maxPerPage}} (default {{perPage}}, as 3.x). */
  perPage?: number;
}

/** A number input (ids, codes): a number or its decimal text, as rows carry them (`"3"`). */
export type NumberInput = number | string;

/** A date input: `YYYY-MM-DD`, or a `Date` (sent as its local calendar day). */
export type DateInput = string | Date;

/** Custom field values: `{ [fieldto]: { [field_id]: value } }`, e.g. `{ customers: { "1": "x" } }`. */
export type CustomFieldValues = Record<string, Record<string, string>>;

export interface LeadInput {
  /** Attachments, sent as `file[]` parts (create only). */
  files?: (Blob | File)[];
}

export interface ProjectInput {
  /** Project files, sent as `file[]` parts (create only). */
  files?: (Blob | File)[];
}
"#;
