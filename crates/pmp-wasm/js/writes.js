// What only the calls beyond lists, gets and searches use, beside the full wasm: the Date
// values of inputs, the `Idempotency-Key` of creates, the custom fields' JSON texts. A module
// of its own (pkg/writes.js), so that the browser entry loads it with the full wasm, on the
// first such call: a page that only reads never downloads it. Node's and workerd's entries
// import it at once.
import { invalid, isObject } from "./client/common.js";
import { ymd } from "./client/options.js";

export { decodeCustomFields } from "./client/custom-fields.js";

/** An input object with its Date values as `YYYY-MM-DD` (pmp-core checks which fields are dates). */
export function dates(input) {
  if (!isObject(input)) return input;
  let copy;
  for (const name of Object.keys(input)) {
    if (input[name] instanceof Date) (copy ??= { ...input })[name] = ymd(input[name], `field \`${name}\``);
  }
  return copy ?? input;
}

/** The `Idempotency-Key` of a create: the caller's, or a new random one. */
export function idempotencyKey(options) {
  const key = options?.idempotencyKey ?? newKey();
  if (typeof key !== "string" || !key) throw invalid("options.idempotencyKey must be a non-empty string");
  return key;
}

// A random key (crypto.randomUUID where there is one: every browser, Node 19+).
const newKey = () => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}-${Math.random()}`;
