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
  /** Time limit of one request, answer body included, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Extra headers sent with every request (not `authtoken` nor `Authorization`). */
  headers?: Record<string, string>;
  /** A `fetch` to use instead of the global one (tests, proxies, runtimes without fetch). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
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
  | "invalid_input";

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
