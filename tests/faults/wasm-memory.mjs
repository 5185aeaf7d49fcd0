// Keeps a reference to every WebAssembly instance created after this module is evaluated, so
// that the memory test can read the size of pmp-client's wasm memory (the package does not
// export it). Import this module before "pmp-client".
const instances = [];
const Original = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Original, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});

/** The bytes of the wasm memories created so far, or `undefined` if none was seen. */
export function wasmMemoryBytes() {
  const memories = instances
    .flatMap((i) => Object.values(i.exports))
    .filter((e) => e instanceof WebAssembly.Memory);
  return memories.length ? memories.reduce((n, m) => n + m.buffer.byteLength, 0) : undefined;
}
