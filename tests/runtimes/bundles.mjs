// Builds web/'s scripts with each bundler under test, with no configuration about pmp-client
// (each bundler's defaults, production mode): `build(name, entries, outDir)`.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const web = join(here, "web");

/** The bundlers: each builds `entries` ({ name: file in web/ }) into `outDir`. */
export const BUNDLERS = {
  async vite(entries, outDir, base) {
    const { build } = await import("vite");
    await build({
      root: web,
      base,
      logLevel: "warn",
      configFile: false,
      build: { outDir, emptyOutDir: true, rollupOptions: { input: entriesIn(entries) } },
    });
  },
  webpack: (entries, outDir) => pack(() => import("webpack").then((m) => m.default), entries, outDir),
  rspack: (entries, outDir) => pack(() => import("@rspack/core").then((m) => m.rspack ?? m.default), entries, outDir),
  "esbuild-iife": (entries, outDir) => esbuild(entries, outDir, "iife"),
  "esbuild-esm": (entries, outDir) => esbuild(entries, outDir, "esm"),
  // `bun build --target browser --minify`; outputs are named after the entry files.
  "bun-build": async (entries, outDir) => {
    const bun = join(here, "..", "node_modules/@oven", `bun-${process.platform}-${process.arch}`, "bin/bun");
    const files = Object.values(entries).map((file) => join(web, file));
    execFileSync(bun, ["build", ...files, "--outdir", outDir, "--target", "browser", "--minify"], { stdio: "pipe" });
  },
};

function entriesIn(entries) {
  return Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(web, file)]));
}

// webpack and rspack share their configuration (rspack takes webpack's).
async function pack(load, entries, outDir) {
  const compiler = (await load())({
    mode: "production",
    context: web,
    entry: entriesIn(entries),
    output: { path: outDir, clean: true },
    // The page, not a library: no HTML plugin needed, the test's run.html loads main.js.
    performance: { hints: false },
  });
  const stats = await new Promise((resolve, reject) =>
    compiler.run((error, result) => (error ? reject(error) : resolve(result))),
  );
  await new Promise((resolve) => compiler.close(resolve));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return stats;
}

// esbuild's CLI defaults (`esbuild --bundle --minify`, iife unless --format=esm).
async function esbuild(entries, outDir, format) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: entriesIn(entries),
    bundle: true,
    minify: true,
    format,
    outdir: outDir,
    logLevel: "error",
  });
}
