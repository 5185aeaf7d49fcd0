// Hostile servers of the security tests, loopback only: a server that redirects
// every request elsewhere, and a second origin (127.0.0.2) that records every request it gets,
// so that a test can prove the token never reaches it. Both allow any CORS request (they echo
// the page's origin and the headers it asks for), so that a browser that followed a redirect
// would send the token there: only the client's refusal stops it.
import http from "node:http";
import { once } from "node:events";

/** CORS headers that allow whatever the request asks for. */
function allowAll(req) {
  return {
    "access-control-allow-origin": req.headers.origin ?? "*",
    "access-control-allow-methods": "GET, POST, PUT, DELETE",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "0",
  };
}

async function listen(server, host) {
  server.listen(0, host);
  await once(server, "listening");
  return `http://${host}:${server.address().port}`;
}

function stopper(server) {
  return async () => {
    server.closeAllConnections();
    server.close();
  };
}

/**
 * The second origin: on 127.0.0.2, answers every request with one customer row, as a real
 * API would. `requests` lists `{ method, url, authtoken, authorization }` of each request
 * (preflights included).
 */
export async function startRecorder(host = "127.0.0.2") {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({
      method: req.method,
      url: req.url,
      authtoken: req.headers.authtoken,
      authorization: req.headers.authorization,
    });
    req.resume();
    if (req.method === "OPTIONS") {
      res.writeHead(204, allowAll(req)).end();
      return;
    }
    const body = JSON.stringify([{ userid: "99", company: "FROM-THE-OTHER-ORIGIN" }]);
    res.writeHead(200, { ...allowAll(req), "content-type": "application/json" }).end(body);
  });
  const origin = await listen(server, host);
  return {
    origin,
    requests,
    /** Whether any request carried `token` in a header. */
    sawToken: (token) => requests.some((r) => r.authtoken === token || r.authorization?.includes(token)),
    stop: stopper(server),
  };
}

/**
 * A server on 127.0.0.1 that answers every request (but CORS preflights) with `status` and
 * `Location: ${target}${path}`, `target` being read at each request (`setTarget`; a function
 * of the request gives the whole Location).
 */
export async function startRedirector(status = 307) {
  let target = "http://127.0.0.2:9/";
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.method === "OPTIONS") {
      res.writeHead(204, allowAll(req)).end();
      return;
    }
    count++;
    const path = req.url.replace(/^\/+/, "");
    const location = typeof target === "function" ? target(req) : `${target}${path}`;
    res.writeHead(status, { ...allowAll(req), location }).end();
  });
  const origin = await listen(server, "127.0.0.1");
  return {
    origin,
    count: () => count,
    setTarget: (url) => {
      target = url;
    },
    setStatus: (s) => {
      status = s;
    },
    stop: stopper(server),
  };
}

/**
 * A server whose answers never end or are far too large, on 127.0.0.1: `endless/` streams a
 * JSON array forever (chunked, honouring back-pressure), `declared/` declares 1 GiB and sends
 * 1 KiB, `bomb/` sends 8 MiB of JSON gzipped into a few kB (a small Content-Length).
 * `written(route)` is how many bytes the route wrote in all; `open()` how many of its answers
 * are still being written.
 */
export async function startFlood() {
  const { gzipSync } = await import("node:zlib");
  const bomb = gzipSync(`[{"userid":"1","company":"${"x".repeat(8 * 1024 * 1024)}"}]`);
  const written = new Map();
  let open = 0;
  const count = (route, n) => written.set(route, (written.get(route) ?? 0) + n);
  const server = http.createServer((req, res) => {
    req.resume();
    const route = new URL(req.url, "http://x").pathname.split("/")[1];
    if (route === "bomb") {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
      count(route, bomb.length);
      res.end(bomb);
      return;
    }
    if (route === "declared") {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(1024 ** 3) });
      res.write("[" + " ".repeat(1023));
      count(route, 1024);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = "[" + `{"userid":"1","company":"${"y".repeat(16 * 1024)}"},`.repeat(4);
    open++;
    let closed = false;
    res.on("close", () => {
      closed = true;
      open--;
    });
    const pump = () => {
      while (!closed) {
        count(route, chunk.length);
        if (!res.write(chunk)) return res.once("drain", pump);
      }
    };
    pump();
  });
  const origin = await listen(server, "127.0.0.1");
  return {
    origin,
    url: (route) => `${origin}/${route}/`,
    written: (route) => written.get(route) ?? 0,
    open: () => open,
    stop: stopper(server),
  };
}
