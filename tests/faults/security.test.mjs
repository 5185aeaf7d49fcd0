// Security of the packed client, against hostile loopback servers: a redirect
// never carries the token to another origin (nor anywhere: redirects are not followed), an
// answer too large is cut off, and the package installs nothing else and runs no script.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PmpClient } from "pmp-client";
import { TOKEN, failure } from "./common.mjs";
import { startFlood, startRecorder, startRedirector } from "./hostile.mjs";
import { startFaultServer } from "./server.mjs";

let redirector;
let other;
let flood;
let faults;
before(async () => {
  [redirector, other, flood, faults] = await Promise.all([startRedirector(), startRecorder(), startFlood(), startFaultServer()]);
  redirector.setTarget(`${other.origin}/`);
});
after(async () => {
  await Promise.all([redirector, other, flood, faults].map((s) => s?.stop()));
});

describe("redirects never carry the token elsewhere", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    test(`a ${status} to a second origin (127.0.0.2) rejects with kind redirect; the token never gets there`, async () => {
      redirector.setStatus(status);
      const before = redirector.count();
      const pmp = new PmpClient({ baseUrl: `${redirector.origin}/crm/`, token: TOKEN, retries: 2, retryBaseMs: 1 });
      const err = await failure(pmp.listCustomers(), `${status}`);
      assert.equal(err.kind, "redirect", err.message);
      assert.equal(err.status, status);
      assert.equal(err.attempts, 1, "a redirect is not retried");
      assert.ok(err.message.includes(`${other.origin}/crm/api/customers`), `names the Location: ${err.message}`);
      assert.match(err.message, /baseUrl/);
      assert.equal(redirector.count() - before, 1);
      assert.deepEqual(other.requests, [], "the second origin got no request at all");
    });
  }

  test("writes (307 and 308 keep method and body) do not go there either", async () => {
    const pmp = new PmpClient({ baseUrl: `${redirector.origin}/`, token: TOKEN });
    for (const status of [307, 308]) {
      redirector.setStatus(status);
      for (const call of [() => pmp.createCustomer({ company: "A" }), () => pmp.updateCustomer(1, { company: "A" }), () => pmp.getTicket(1)]) {
        const err = await failure(call(), `${status} ${call}`);
        assert.equal(err.kind, "redirect");
      }
    }
    assert.equal(other.sawToken(TOKEN), false);
    assert.deepEqual(other.requests, []);
  });

  test("a same-origin redirect is refused too, and onResponse reports the URL that was called", async () => {
    redirector.setStatus(302);
    redirector.setTarget(`${redirector.origin}/elsewhere/`);
    const seen = [];
    try {
      const pmp = new PmpClient({
        baseUrl: `${redirector.origin}/`,
        token: TOKEN,
        onResponse: ({ url, status }) => seen.push([url, status]),
      });
      const err = await failure(pmp.listLeads());
      assert.equal(err.kind, "redirect");
      assert.ok(err.message.includes(`${redirector.origin}/elsewhere/api/leads`), err.message);
      // Lists ask for 3.x pages (`?page=1&per_page=100`), which older versions ignore.
      assert.deepEqual(seen, [[`${redirector.origin}/api/leads?page=1&per_page=100`, 302]]);
    } finally {
      redirector.setTarget(`${other.origin}/`);
    }
  });

  test("a Location that echoes the token is redacted from the message", async () => {
    redirector.setStatus(307);
    redirector.setTarget((req) => `${other.origin}/steal?t=${req.headers.authtoken}`);
    try {
      const err = await failure(new PmpClient({ baseUrl: `${redirector.origin}/`, token: TOKEN }).listCustomers());
      assert.equal(err.kind, "redirect");
      assert.match(err.message, /steal\?t=\[redacted\]/);
    } finally {
      redirector.setTarget(`${other.origin}/`);
    }
    assert.deepEqual(other.requests, []);
  });
});

describe("maxResponseBytes", () => {
  const MiB = 1024 * 1024;

  /** Resolves once the flood server has no answer left open (the client hung up), or fails after 20 s. */
  async function hungUp() {
    for (let i = 0; i < 200 && flood.open() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(flood.open(), 0, "the client closed the endless answer");
  }

  test("an endless answer is cut off at the limit: kind too_large, not retried", async () => {
    const before = flood.written("endless");
    const pmp = new PmpClient({ baseUrl: flood.url("endless"), token: TOKEN, maxResponseBytes: MiB, timeoutMs: 20000, retries: 2 });
    const err = await failure(pmp.listCustomers());
    assert.equal(err.kind, "too_large", err.message);
    assert.equal(err.attempts, 1);
    assert.match(err.message, /over maxResponseBytes \(1048576 bytes\)/);
    await hungUp();
    // The server writes ahead of what the client reads (socket buffers), but not without end.
    assert.ok(flood.written("endless") - before < 64 * MiB, `bytes sent: ${flood.written("endless") - before}`);
  });

  test("the default limit is 32 MiB", async () => {
    const err = await failure(new PmpClient({ baseUrl: flood.url("endless"), token: TOKEN, timeoutMs: 60000 }).listCustomers());
    assert.equal(err.kind, "too_large", err.message);
    assert.match(err.message, /33554432 bytes/);
    await hungUp();
  });

  test("a Content-Length over the limit fails at once, before the body", async () => {
    const pmp = new PmpClient({ baseUrl: flood.url("declared"), token: TOKEN, timeoutMs: 20000 });
    const err = await failure(pmp.listCustomers());
    assert.equal(err.kind, "too_large", err.message);
  });

  test("a compressed answer is counted as it is decoded (a small Content-Length is no pass)", async () => {
    const pmp = new PmpClient({ baseUrl: flood.url("bomb"), token: TOKEN, maxResponseBytes: MiB });
    const err = await failure(pmp.listCustomers());
    assert.equal(err.kind, "too_large", err.message);
    // Under a limit above its 8 MiB, the same answer is read.
    const rows = await new PmpClient({ baseUrl: flood.url("bomb"), token: TOKEN, maxResponseBytes: 9 * MiB }).listCustomers();
    assert.equal(rows[0].company.length, 8 * MiB);
  });

  test("an answer up to the limit is read; one byte over it is refused", async () => {
    const size = JSON.stringify([{ userid: "1", company: "x".repeat(4 * MiB) }]).length;
    const at = new PmpClient({ baseUrl: faults.url("hugeString"), token: TOKEN, maxResponseBytes: size });
    assert.equal((await at.listCustomers())[0].company.length, 4 * MiB);
    const below = new PmpClient({ baseUrl: faults.url("hugeString"), token: TOKEN, maxResponseBytes: size - 1 });
    assert.equal((await failure(below.listCustomers())).kind, "too_large");
  });

  test("bad values are refused with invalid_input naming the option", () => {
    for (const bad of [0, -1, 1.5, "1", Number.NaN, Infinity]) {
      assert.throws(() => new PmpClient({ baseUrl: "http://127.0.0.1/", token: TOKEN, maxResponseBytes: bad }),
        (e) => e.kind === "invalid_input" && /maxResponseBytes/.test(e.message), String(bad));
    }
  });
});

test("the installed package has no dependencies and no install or other scripts", () => {
  const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("pmp-client/package.json"), "utf8"));
  for (const key of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies", "bundledDependencies", "scripts", "gypfile"]) {
    assert.equal(manifest[key], undefined, `package.json has ${key}: ${JSON.stringify(manifest[key])}`);
  }
});

describe("redaction without holes", () => {
  /** A client whose fetch answers `status` with `body` (JSON when it is an object). */
  const answering = (status, body) =>
    new PmpClient({
      baseUrl: "http://127.0.0.1:9/",
      token: TOKEN,
      fetch: async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status }),
    });

  test("the token as a field name, a partial echo, and a __proto__ field, all kept and none leaked", async () => {
    const body = { status: false, error: { [TOKEN]: "x", company: `bad ${TOKEN.slice(0, 9)}`, ["__proto__"]: "proto" } };
    const err = await failure(answering(404, body).getCustomer(1));
    assert.equal(err.kind, "validation");
    assert.deepEqual(Object.keys(err.fieldErrors).sort(), ["[redacted]", "__proto__", "company"]);
    assert.equal(Object.getPrototypeOf(err.fieldErrors), Object.prototype, "a plain object");
    assert.equal(err.fieldErrors.__proto__, "proto", "the __proto__ field is a field, not dropped");
    assert.equal(err.fieldErrors.company, "bad [redacted]");
    assert.ok(!JSON.stringify(err).includes(TOKEN.slice(0, 9)), JSON.stringify(err));
  });

  test("a short token is redacted too", async () => {
    const pmp = new PmpClient({
      baseUrl: "http://127.0.0.1:9/",
      token: "k3Y",
      fetch: async () => new Response(JSON.stringify({ status: false, message: "bad key k3Y" }), { status: 500 }),
    });
    const err = await pmp.listLeads().catch((e) => e);
    assert.equal(err.message, "bad key [redacted]");
  });

  test("an HTML error page is named, never quoted (2.0.8's hold SQL and server paths)", async () => {
    const page = "<!DOCTYPE html><html><head><style>body{}</style><script>x()</script></head><body><h1>Oops</h1><p>Fatal <b>error</b></p></body></html>";
    const err = await failure(answering(500, page).listLeads());
    assert.equal(err.message, "the server failed (HTTP 500) and sent an HTML page");
  });
});
