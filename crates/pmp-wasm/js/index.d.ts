// Types of pmp-client: the models, inputs and options generated from the Rust crate, the
// error class that every failed call rejects with, and (appended by `cargo xtask pkg` from
// client.d.ts, generated from pmp-core's catalogue) the client class.
import type {
  ApiMessage,
  CallOptions,
  Contact,
  ContactInput,
  CreateOptions,
  Customer,
  CustomerInput,
  Lead,
  LeadInput,
  ListOptions,
  Milestone,
  MilestoneInput,
  Page,
  PageOptions,
  PmpClientOptions,
  PmpErrorKind,
  Project,
  ProjectInput,
  Ticket,
  TicketInput,
} from "./types/pmp_wasm.cjs";

export * from "./types/pmp_wasm.cjs";

/** The error every failed call rejects with; `instanceof Error` too. */
export declare class PmpError extends Error {
  /** What went wrong, for a program to branch on. */
  readonly kind: PmpErrorKind;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** Validation failures (kind `validation`): field name to message; empty otherwise. */
  readonly fieldErrors: Record<string, string>;
  /** Attempts made: 1 without retries, more after retries, 0 when refused before sending. */
  readonly attempts: number;
  /** Kind `rate_limited`: how long the server asked to wait (`Retry-After`, or until its `X-RateLimit-Reset`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  /** `{ name, kind, status, message, fieldErrors, attempts }`, for `JSON.stringify`. */
  toJSON(): {
    name: string;
    kind: PmpErrorKind;
    status: number | undefined;
    message: string;
    fieldErrors: Record<string, string>;
    attempts: number;
    retryAfterMs: number | undefined;
  };
  private constructor();
}
