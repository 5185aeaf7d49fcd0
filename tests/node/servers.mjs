// Local servers of the tests: pmp-sandbox (spawned from $PMP_SANDBOX_BIN) and a small Node
// front server on 127.0.0.1 that forwards `/crm/...` to the sandbox (a base URL with a
// sub-path), answers `/slow/...` late, `/held/...` never (it holds the request until the
// client has given up: timeouts and aborts that do not depend on the machine's speed),
// `/garbage/...` with an HTML page, and
// serves the files of `staticDir` (a built page) for other paths.
import { spawn } from "node:child_process";
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { once } from "node:events";
import { createInterface } from "node:readline";

export const TOKEN = "test-token-0123456789";

/**
 * The sandbox profile (`--module`) the JS suites, the demo e2e, the spec tools and the bench
 * start by default: the current line, 3.x.
 */
export const SUITE_MODULE = "3.0";

/**
 * Starts pmp-sandbox on a free port with an in-memory database: the binary `bin` (default
 * $PMP_SANDBOX_BIN), the server version `module` (`--module`, default SUITE_MODULE), the API
 * token `token` (default TOKEN; `null` for the sandbox's own development token) and extra
 * command-line `args`. Resolves to `{ url, token, stop }`.
 * Shared by every Node-side suite (tests/spec, tests/www and bench import it from here).
 */
export async function startSandbox({ bin = process.env.PMP_SANDBOX_BIN, module = SUITE_MODULE, token = TOKEN, args = [] } = {}) {
  if (!bin) throw new Error("PMP_SANDBOX_BIN is not set (run through `cargo xtask test` or `cargo xtask bench`)");
  const tokenArgs = token === null ? [] : ["--token", token];
  const child = spawn(bin, ["--port", "0", "--db", ":memory:", "--module", module, ...tokenArgs, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => {
      throw new Error(`pmp-sandbox exited (${code}) before listening`);
    }),
  ]);
  const match = /^pmp-sandbox listening on (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(first);
  if (!match) throw new Error(`unexpected first line of pmp-sandbox: ${first}`);
  lines.on("line", () => {}); // keep draining its output
  return {
    url: match[1],
    token,
    stop: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** The front server; `seen` records the raw request targets it received. */
export async function startFront(sandboxUrl, { slowMs = 2000, staticDir } = {}) {
  const seen = [];
  const timers = new Set();
  const server = http.createServer((req, res) => {
    seen.push(req.url);
    if (req.url.startsWith("/crm/")) {
      const target = new URL(req.url.slice("/crm/".length), sandboxUrl);
      const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    } else if (req.url.startsWith("/slow/")) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(200, { "content-type": "application/json" });
        res.end("[]");
      }, slowMs);
      timers.add(timer);
      res.on("close", () => clearTimeout(timer));
    } else if (req.url.startsWith("/held/")) {
      req.resume(); // no answer: only the client's time limit or abort ends the request
    } else if (req.url.startsWith("/garbage/")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body><h1>Maintenance</h1></body></html>");
    } else if (staticDir) {
      serveFile(staticDir, req.url, res);
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      server.close();
    },
  };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

async function serveFile(dir, url, res) {
  const path = normalize(decodeURIComponent(new URL(url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  try {
    const file = path === "/" ? "/index.html" : path;
    const body = await readFile(join(dir, file));
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}
