// A page starting a worker the way Vite documents (`new Worker(new URL(...))`), so that Vite
// bundles the worker in its default format (iife): `runWorkerFlow(config)` resolves with its report.
globalThis.runWorkerFlow = (config) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url));
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (e) => resolve({ failed: `worker error: ${e.message}` });
    worker.postMessage(config);
  });
