// How the browser entries get a wasm's compiled module: from its `.wasm` file, or from the
// embedded copy of the full wasm where no `.wasm` is there (bundlers that copy no assets:
// esbuild, `bun build`, a dev server's prebundled copy).

/**
 * The compiled module of a `.wasm` file's answer (bundlers that copy assets, Vite, webpack,
 * rspack, Next, emit the .wasm and rewrite the URL that fetched it), whatever MIME type the
 * server gave, compiled asynchronously (so, off the main thread).
 */
export async function compiled(answer) {
  const response = await answer;
  return WebAssembly.compile(response.ok && (await response.arrayBuffer()));
}

/**
 * The full wasm's compiled module from its embedded copy. webpack, rspack and Next always
 * emit the .wasm: told not to add a chunk (and its loader) for it.
 */
export const embedded = async () =>
  WebAssembly.compile(await (await import(/* webpackIgnore: true */ "./inline.js")).wasm());

/**
 * The full wasm's compiled module from its `.wasm` file's answer (`fetchFile()`, called here,
 * as without `import.meta.url` its URL throws), else from its embedded copy.
 */
export async function compiledFull(fetchFile) {
  try {
    return await compiled(fetchFile());
  } catch {
    return embedded();
  }
}
