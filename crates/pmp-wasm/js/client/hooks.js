// The caller's hooks (onRequest, onResponse): called so that a broken logger never breaks a
// call nor leaves an unhandled rejection.
import { ignore } from "./common.js";

/** A hook's result; what it throws, or the promise it returns rejects with, is dropped. */
export function callHook(hook, event) {
  let returned;
  try {
    returned = hook(event);
  } catch {
    return undefined;
  }
  if (typeof returned?.then === "function") {
    Promise.resolve(returned).catch(ignore);
    return undefined;
  }
  return returned;
}
