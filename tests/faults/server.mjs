// A deliberately faulty PMP server for the fault-injection tests, on 127.0.0.1 and
// an ephemeral port. The first path segment names the fault, the rest is a real API path:
// a client pointed at `${origin}/html500/` gets the HTML 500 page on every call. Each route
// counts the requests it received, so a test can assert how many attempts a call made.
//
// A route answers with its fault while it is "armed" and like a healthy server once healed:
// `heal(route)` lets a test check that the same client works right after a fault, `reset()`
// re-arms every route and zeroes the counts. "Then success" faults (`502then200`,
// `503then200`, ...) fault once after each reset. The `mixed` route answers with whichever fault
// `setMixed(name)` chose last, so one client instance can meet every fault in a row.
import http from "node:http";
import { once } from "node:events";

/** A customer row as the real API sends it: every column is text or null. */
const ROW = { userid: "1", company: "Acme", vat: null, phonenumber: "555", active: "1" };

/** A healthy answer to any request of the API, by method and path shape. */
function healthy(req, res, path) {
  const json = (status, value) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  if (req.method !== "GET") return json(200, { status: true, message: "Done." });
  // api/{resource} lists, api/{resource}/search/{kw} searches, api/{resource}/{id} gets.
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 2 || parts[2] === "search") return json(200, [ROW]);
  return json(200, ROW);
}

/** `Retry-After: 1` on a 503 and a 429, then success. */
const retryLater = (status) => (req, res) => {
  res.writeHead(status, { "content-type": "text/html", "retry-after": "1" });
  res.end(`<html><body><h1>${status}</h1>Try again later.</body></html>`);
};

/** Sends `body` as a complete 200 answer of the given content type. */
const send200 = (body, type = "application/json") => (req, res) => {
  res.writeHead(200, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
};

const HUGE = "x".repeat(4 * 1024 * 1024);

/**
 * The faults: `fault(req, res, route, path)` answers while the route is armed; `once` faults
 * only on the first request after a reset.
 */
export const FAULTS = {
  html500: {
    fault: (req, res) => {
      res.writeHead(500, { "content-type": "text/html; charset=UTF-8" });
      res.end("<!DOCTYPE html><html><head><title>Error</title></head><body><h1>A PHP Error was encountered</h1><p>Severity: Warning</p></body></html>");
    },
  },
  "502then200": {
    once: true,
    fault: (req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>");
    },
  },
  "503then200": { once: true, fault: retryLater(503) },
  "504then200": {
    once: true,
    fault: (req, res) => {
      res.writeHead(504, { "content-type": "text/html" });
      res.end("<html><body><h1>504 Gateway Time-out</h1></body></html>");
    },
  },
  // Retry-After as an HTTP date 2 s ahead (the header's resolution is a second).
  "503dateThen200": {
    once: true,
    fault: (req, res) => {
      res.writeHead(503, { "content-type": "text/html", "retry-after": new Date(Date.now() + 2000).toUTCString() });
      res.end("<html><body><h1>503</h1></body></html>");
    },
  },
  // Always 503, asking for a 30 s wait: only a cap, an abort or an overall timeout ends it.
  unavailable: {
    fault: (req, res) => {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "30" });
      res.end(JSON.stringify({ status: false, message: "Service Unavailable" }));
    },
  },
  "429then200": { once: true, fault: retryLater(429) },
  truncated: { fault: send200('[{"userid":"1","company":"Acme","vat":nu') },
  objectForList: { fault: send200(JSON.stringify({ userid: "1", company: "Acme" })) },
  numbersForText: { fault: send200(JSON.stringify([{ userid: 7, company: 12.5, active: 1 }])) },
  hugeString: { fault: send200(JSON.stringify([{ userid: "1", company: HUGE }])) },
  emptyBody: { fault: send200("") },
  statusFalse: { fault: send200(JSON.stringify({ status: false })) },
  reset: { fault: (req) => req.socket.destroy() },
  // Servers that echo the token they got (a debug page, a careless error message, a field
  // error, a redirect): the client must not pass it on in its errors.
  echoHtml: {
    fault: (req, res) => {
      res.writeHead(500, { "content-type": "text/html" });
      res.end(`<html><body><pre>authtoken: ${req.headers.authtoken}</pre></body></html>`);
    },
  },
  echoJson: {
    fault: (req, res) => {
      const token = req.headers.authtoken;
      const body = JSON.stringify({ status: false, message: `Token ${token} is not valid`, error: { company: `bad ${token}` } });
      res.writeHead(404, { "content-type": "application/json" });
      res.end(body);
    },
  },
  echoText: {
    fault: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`not json, token=${req.headers.authtoken}`);
    },
  },
  // Headers, then a body that never comes: only the client's timeout or abort ends it.
  hang: {
    fault: (req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write("[");
    },
  },
  // A redirect to itself: a fetch follows it until its own limit (20 in Node's undici).
  redirectLoop: {
    fault: (req, res) => {
      res.writeHead(302, { location: req.url });
      res.end();
    },
  },
};

/** Starts the server; resolves to `{ origin, url(route), count(route), heal, reset, setMixed, stop }`. */
export async function startFaultServer() {
  const counts = new Map();
  const healed = new Set();
  let mixed = "html500";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const [, route, ...rest] = url.pathname.split("/");
    const path = rest.join("/");
    counts.set(route, (counts.get(route) ?? 0) + 1);
    const name = route === "mixed" ? mixed : route;
    if (name === "ok" || (route !== "mixed" && healed.has(route))) return healthy(req, res, path);
    const spec = FAULTS[name];
    if (!spec) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no route ${route}`);
      return;
    }
    if (spec.once && route !== "mixed" && counts.get(route) > 1) return healthy(req, res, path);
    // The client's body (a form or JSON) is read before the fault, so that no write is left
    // half-sent by the server; the fault is what the test injects, not a side effect.
    req.resume();
    req.on("end", () => spec.fault(req, res, route, path));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    /** The base URL of a route, for `new PmpClient({ baseUrl })`. */
    url: (route) => `${origin}/${route}/`,
    /** How many requests the route received since the last reset. */
    count: (route) => counts.get(route) ?? 0,
    /** Makes the route answer like a healthy server until the next reset. */
    heal: (route) => healed.add(route),
    /** Re-arms every route and zeroes the counts. */
    reset: () => {
      counts.clear();
      healed.clear();
    },
    /** Chooses the fault of the `mixed` route (or `ok` for a healthy answer). */
    setMixed: (name) => {
      if (name !== "ok" && !FAULTS[name]) throw new Error(`unknown fault ${name}`);
      mixed = name;
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
