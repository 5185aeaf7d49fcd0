// The wasm's bytes from the copy embedded in JavaScript, for the browser entry when the .wasm
// file is not where it looks (a bundler that does not copy assets). Loaded only then.
import base64 from "./wasm-inline.cjs";

/** The wasm module's bytes, un-gzipped. */
export function wasm() {
  const gzipped = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Response(new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}
