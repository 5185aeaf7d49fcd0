// What every part of the client uses: the PmpError class (wasm-bindgen's snippet, which
// `cargo xtask pkg` moves to web/error.js), the shape test of options and answers, and the
// error of a call or option refused before anything is sent.
import { PmpError } from "../web/error.js";

export { PmpError };

/** Whether `v` is an object that is neither null nor an array. */
export const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/** A callback that does nothing (rejections that nobody awaits). */
export const ignore = () => {};

/** A call or option refused before anything is sent (no token can be in these messages). */
export const invalid = (message) => new PmpError({ kind: "invalid_input", message, attempts: 0 });
