//! TypeScript declarations that are not derived from pmp-core's models (those come from
//! tsify): the options, the error kinds, and `files` on the inputs that take attachments
//! (declaration merging adds it to tsify's `LeadInput` and `ProjectInput` interfaces).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const OPTIONS: &str = r#"
/** Options of `new PmpClient(options)`. */
export interface PmpClientOptions {
  /** Where the CRM is: `https://crm.example.com`, `https://host/crm/` or a same-origin path such as `/crm/`. */
  baseUrl: string;
  /** The API token (a JWT issued in the CRM's admin area). Never appears in an error message. */
  token: string;
  /** Time limit of one attempt, answer body included, in milliseconds (default 30000); a call that runs out of it fails with kind `timeout` after its retries. */
  timeoutMs?: number;
  /** Time limit of a whole call, every attempt and wait between attempts included, in whole milliseconds (default: none). Running out of it rejects with kind `timeout` at once. */
  totalTimeoutMs?: number;
  /** The largest answer body accepted, in bytes (default 33554432, 32 MiB): checked against `Content-Length` first, then counted while reading. A larger answer is cut off and the call rejects with kind `too_large`, without retrying. */
  maxResponseBytes?: number;
  /** How many times to retry a failed idempotent call, 0 to 10 (default 2). GET is retried on network errors, per-attempt timeouts and 429, 502, 503, 504 answers; PUT and DELETE only with `retryWrites`; POST never. */
  retries?: number;
  /** Also retry PUT and DELETE (default false): only if repeating the write does no harm. */
  retryWrites?: boolean;
  /** Bound of the first wait between attempts, in whole milliseconds (default 250); it doubles with each retry, and the wait is a random time up to that bound (full jitter). */
  retryBaseMs?: number;
  /** Largest bound of the wait between attempts, in whole milliseconds (default 5000); not below `retryBaseMs`. */
  retryMaxMs?: number;
  /** The longest `Retry-After` (seconds or HTTP date) honoured, in whole milliseconds (default 30000); longer ones are cut to this. */
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
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call: it then rejects with a `PmpError` of kind `aborted`. */
  signal?: AbortSignal;
}

/** What went wrong, for a program to branch on (`PmpError.kind`). */
export type PmpErrorKind =
  | "not_found"
  | "validation"
  | "auth"
  | "http"
  | "decode"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid_input"
  | "redirect"
  | "too_large";

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
