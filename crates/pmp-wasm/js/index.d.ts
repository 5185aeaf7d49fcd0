// The hand-written part of the package's declarations: `cargo xtask pkg` (xtask/src/generate.rs)
// puts before it the import of every type named, and after it the `PmpClient` class, one method
// per endpoint of pmp-core's catalogue.
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
