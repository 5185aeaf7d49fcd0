// A user's flow through the packed client against pmp-sandbox in each server-version profile
// (`--module 1.0|2.0|3.0`): all 30 methods with ids passed back from rows, partial updates on
// each resource, every page of customers on 3.0, an empty install, the failures each version
// has, and 3.0's rate limit (a tiny quota) and idempotent creates. Search keywords have no
// space: 1.0 does not decode the path segment, so `%20` finds nothing there.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { PmpClient, PmpError } from "pmp-client";
import { RESOURCES, exampleTitled, servedOn, serves, updateTitled } from "./resources.mjs";
import { TOKEN, startSandbox } from "./servers.mjs";

const BIN = process.env.PMP_SANDBOX_BIN;
// The profiles come with pmp-sandbox's `--module` option (its usage may go to stderr).
const help = BIN ? spawnSync(BIN, ["--help"], { encoding: "utf8" }) : undefined;
const PROFILES = Boolean(help && `${help.stdout}${help.stderr}`.includes("--module"));
const MARK = `pf${process.pid}x`;
const CUSTOMERS = 250; // more than two pages of 100 on 3.0

async function rejection(promise) {
  const err = await promise.then((v) => assert.fail(`expected a rejection, got ${JSON.stringify(v)?.slice(0, 200)}`), (e) => e);
  assert.ok(err instanceof PmpError, `not a PmpError: ${err}`);
  assert.ok(!err.message.includes(TOKEN));
  return err;
}

for (const module of ["1.0", "2.0", "3.0"]) {
  const v3 = module === "3.0";
  describe(`server profile ${module}`, { skip: PROFILES ? false : "pmp-sandbox has no --module profiles" }, () => {
    let sandbox;
    let pmp;
    before(async () => {
      sandbox = await startSandbox({ module, args: ["--customers", String(CUSTOMERS)] });
      pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
    });
    after(() => sandbox?.stop());

    test("listCustomers gives every row, once each", async () => {
      const rows = await pmp.listCustomers();
      assert.ok(rows.length >= CUSTOMERS, `${rows.length} rows`);
      assert.equal(new Set(rows.map((r) => r.userid)).size, rows.length, "no row twice");
      assert.ok(rows.every((r) => typeof r.userid === "string" && !("data" in r) && !("meta" in r)));
      const pages = [];
      for await (const { data, meta } of pmp.pages("listCustomers", { perPage: 100 })) pages.push([meta.page, data.length, meta.total]);
      assert.equal(pages.length, Math.ceil(rows.length / 100));
      assert.ok(pages.every(([, , total]) => total === rows.length));
      const sorted = await pmp.listCustomers({ sort: "-userid", fields: "userid,company" });
      assert.deepEqual(Object.keys(sorted[0]).sort(), ["company", "userid"]);
      assert.ok(Number(sorted[0].userid) > Number(sorted.at(-1).userid));
    });

    // Every version answers a staff update or delete of an unknown id with success: the
    // client gets the row first, rejects with not_found and sends no write.
    test("staff updates and deletes of an unknown id are not_found, nothing written; a known id is written", async () => {
      const sent = [];
      const onRequest = ({ method, url }) => void sent.push(`${method} ${new URL(url).pathname.replace(/^.*\/api\//, "")}`);
      for (const serverVersion of [undefined, module]) {
        sent.length = 0;
        const client = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion, onRequest });
        const updated = await rejection(client.updateStaff(987654, { firstname: "Nobody" }));
        assert.equal(updated.kind, "not_found", updated.message);
        assert.match(updated.message, /nothing was written/);
        assert.equal((await rejection(client.deleteStaff(987654))).kind, "not_found");
        assert.deepEqual(sent, ["GET staffs/987654", "GET staffs/987654"]);
        // An aborted call sends nothing, the get included.
        const aborted = await rejection(client.deleteStaff(987654, { signal: AbortSignal.abort() }));
        assert.equal(aborted.kind, "aborted");
      }
      const added = `Staff${module.replace(".", "")}x${process.pid}`;
      await pmp.createStaff({ firstname: added, email: `${added}@example.com`, password: "Secret-123" });
      const [first] = await pmp.searchStaffs(added);
      const renamed = `Renamed${added}`;
      assert.equal((await pmp.updateStaff(first.staffid, { firstname: renamed })).status, true);
      assert.equal((await pmp.getStaff(first.staffid)).firstname, renamed);
      assert.equal((await pmp.deleteStaff(first.staffid)).status, true);
      assert.equal((await rejection(pmp.getStaff(first.staffid))).kind, "not_found");
      assert.equal((await rejection(pmp.deleteStaff(first.staffid))).kind, "not_found", "deleted once");
    });

    // Every resource of the declaration this version serves, from its declared example, told
    // the version: what it serves works, what it lacks is refused unsent.
    test("every declared resource: create, search, get, list, update, delete where served", async () => {
      const told = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion: module });
      for (const r of RESOURCES.filter((r) => servedOn(r, module))) {
        const of = r.parent === null ? [] : [r.parent];
        const mark = `Pq${r.resource}${module.replace(".", "")}x${process.pid}`;
        if (!serves(r, module, "create")) {
          assert.equal((await rejection(told[`create${r.one}`](exampleTitled(r, mark)))).kind, "unsupported", r.plural);
          continue;
        }
        const created = await told[`create${r.one}`](exampleTitled(r, mark));
        assert.equal(created.status, true, r.plural);
        // Item search rows name the item `(<rate>) <description>` and carry no description.
        const titled = (row) => row[r.title] === mark || (row[r.title] === undefined && String(row.name ?? "").endsWith(` ${mark}`));
        const [found, ...more] = (await told[`search${r.plural}`](mark)).filter(titled);
        assert.ok(found && more.length === 0, `${r.plural}: the created row is found once`);
        const id = found[r.id];
        const crashes = r.getCrashesOn.includes(module);
        const row = crashes ? undefined : await told[`get${r.one}`](...of, id);
        if (row) assert.equal(row[r.title], mark, r.plural);
        if (!r.listFailsOn.includes(module)) assert.ok((await told[`list${r.plural}`](...of)).length > 0, r.plural);
        // An invoice's update needs the lines of its get: none where the get crashes.
        if (!serves(r, module, "update")) {
          assert.equal((await rejection(told[`update${r.one}`](id, exampleTitled(r, `${mark}u`)))).kind, "unsupported", r.plural);
        } else if (!(r.updatesWhole && crashes)) {
          assert.equal((await told[`update${r.one}`](id, updateTitled(r, `${mark}u`, row))).status, true, r.plural);
          assert.equal((await told[`search${r.plural}`](`${mark}u`)).length, 1, `${r.plural}: the update arrived`);
        }
        if (serves(r, module, "delete")) {
          assert.equal((await told[`delete${r.one}`](id)).status, true, r.plural);
          assert.deepEqual(await told[`search${r.plural}`](mark), [], `${r.plural}: deleted`);
        } else {
          assert.equal((await rejection(told[`delete${r.one}`](id))).kind, "unsupported", r.plural);
        }
      }
    });

    test("customers, projects, milestones: create, read back, partial update, delete, ids from rows", async () => {
      const name = `${MARK}-${module}-Co`;
      const made = await pmp.createCustomer({ company: name, groups_in: [1] });
      assert.equal(made.status, true);
      assert.equal(typeof made.record_id, v3 ? "number" : "undefined");
      const [customer] = (await pmp.searchCustomers(name)).filter((c) => c.company === name);
      assert.ok(customer, "found by search");
      assert.equal((await pmp.getCustomer(customer.userid)).company, name);
      assert.equal((await pmp.updateCustomer(customer.userid, { phonenumber: "456" })).status, true);
      const changed = await pmp.getCustomer(customer.userid);
      assert.equal(changed.phonenumber, "456");
      assert.equal(changed.company, name, "the fields not sent are kept");

      const project = `${MARK}-${module}-Project`;
      await pmp.createProject({ name: project, clientid: customer.userid, billing_type: 1, start_date: new Date(2026, 0, 31), status: 2 });
      const [p] = (await pmp.searchProjects(project)).filter((r) => r.name === project);
      assert.equal(p.clientid, customer.userid);
      assert.equal(p.start_date, "2026-01-31");
      assert.equal((await pmp.updateProject(p.id, { status: 4 })).status, true);
      assert.equal((await pmp.getProject(p.id)).status, "4");

      const milestone = `${MARK}-${module}-Milestone`;
      await pmp.createMilestone({ project_id: p.id, name: milestone, due_date: "2026-02-28" });
      const [m] = (await pmp.searchMilestones(milestone)).filter((r) => r.name === milestone);
      const one = await pmp.getMilestone(m.id);
      assert.equal(one.name, milestone, "getMilestone gives the row, not an array");
      assert.equal((await pmp.updateMilestone(m.id, { description: "later" })).status, true);
      assert.equal((await pmp.getMilestone(m.id)).description, "later");
      assert.ok((await pmp.listMilestones()).some((r) => r.id === m.id));

      for (const [del, id] of [["deleteMilestone", m.id], ["deleteProject", p.id], ["deleteCustomer", customer.userid]]) {
        assert.equal((await pmp[del](id)).status, true);
      }
      assert.equal((await rejection(pmp.getCustomer(customer.userid))).kind, "not_found");
    });

    test("leads: assigned is mandatory on 2.x/3.x only, and the server says so", async () => {
      const name = `${MARK}-${module}-Lead`;
      const without = pmp.createLead({ source: "1", status: "1", name });
      if (module === "1.0") assert.equal((await without).status, true);
      else assert.ok("assigned" in (await rejection(without)).fieldErrors);
      await pmp.createLead({ source: "1", status: "1", name: `${name}-2`, assigned: 1 });
      const found = (await pmp.searchLeads(name)).filter((l) => l.name.startsWith(name));
      assert.ok(found.length >= 1);
      const lead = found.at(-1);
      assert.equal((await pmp.updateLead(Number(lead.id), { city: "Bergen" })).status, true);
      assert.equal((await pmp.getLead(lead.id)).city, "Bergen");
      assert.ok((await pmp.listLeads()).some((l) => l.id === lead.id));
      assert.equal((await pmp.deleteLead(lead.id)).status, true);
    });

    test("tickets: no userid needed; getTicket fails on 2.0 only, with a clear message", async () => {
      const subject = `${MARK}-${module}-Ticket`;
      await pmp.createTicket({ subject, department: 1, contactid: "1" });
      const [ticket] = (await pmp.searchTickets(subject)).filter((t) => t.subject === subject);
      assert.ok(ticket && !("password" in ticket));
      if (module === "2.0") {
        const err = await rejection(pmp.getTicket(ticket.ticketid));
        assert.equal(err.kind, "http");
        assert.match(err.message, /server failed/);
        // The README's way to read one ticket there.
        assert.equal((await pmp.listTickets()).find((t) => t.ticketid === ticket.ticketid)?.subject, subject);
      } else {
        assert.equal((await pmp.getTicket(ticket.ticketid)).subject, subject);
      }
      assert.equal((await pmp.updateTicket(ticket.ticketid, { priority: "1" })).status, true);
      assert.equal((await pmp.deleteTicket(ticket.ticketid)).status, true);
    });

    test("failures: unknown ids, refused updates, a wrong token", async () => {
      assert.equal((await rejection(pmp.getLead(987654))).kind, "not_found");
      assert.equal((await rejection(pmp.updateCustomer(987654, { city: "York" }))).kind, "not_found");
      assert.equal((await rejection(pmp.updateCustomer(1, {}))).kind, "invalid_input");
      assert.deepEqual(await pmp.searchCustomers(`${MARK}-nothing`), []);
      const stranger = new PmpClient({ baseUrl: sandbox.url, token: "not-the-token-0000" });
      assert.equal((await rejection(stranger.listCustomers())).kind, "auth");
    });
  });

  describe(`server profile ${module}, empty install`, { skip: PROFILES ? false : "no profiles" }, () => {
    let sandbox;
    before(async () => (sandbox = await startSandbox({ module, args: ["--empty"] })));
    after(() => sandbox?.stop());
    // Every resource of the declaration the version serves whose rows stand alone (a child's
    // list names a parent row, which an empty install lacks).
    test("every list and search is [], told the version", async () => {
      const pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, serverVersion: module });
      const standing = RESOURCES.filter((r) => r.parent === null && servedOn(r, module));
      assert.ok(standing.length >= 5, standing.map((r) => r.plural).join());
      for (const { plural, listFailsOn } of standing) {
        assert.deepEqual(await pmp[`search${plural}`]("x"), [], plural);
        // A list this version answers 404 whatever the table holds is refused, not sent.
        if (listFailsOn.includes(module)) {
          assert.equal((await rejection(pmp[`list${plural}`]())).kind, "unsupported", plural);
          continue;
        }
        assert.deepEqual(await pmp[`list${plural}`](), [], plural);
        const page = await pmp.page(`list${plural}`);
        assert.deepEqual([page.data, page.meta.total], [[], 0]);
      }
    });

    test("not told the version, a list that fails on some version proves no empty table", async () => {
      const pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
      const failing = RESOURCES.filter((r) => r.listFailsOn.length > 0 && servedOn(r, module));
      assert.ok(failing.length >= 1, "a list that fails on some version (tasks on 1.0)");
      for (const { plural } of failing) {
        const err = await rejection(pmp[`list${plural}`]());
        assert.equal(err.kind, "unsupported", plural);
        assert.match(err.message, new RegExp(`list${plural} answered no rows, which module 1\\.0\\.0 answers`));
      }
    });
  });
}

describe("3.0: a tiny quota and idempotent creates", { skip: PROFILES ? false : "no profiles" }, () => {
  let sandbox;
  before(async () => (sandbox = await startSandbox({ module: "3.0", args: ["--quota", "2"] })));
  after(() => sandbox?.stop());

  test("over the quota: rate_limited, with the wait, after the retries", async () => {
    const events = [];
    const pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN, retries: 1, retryAfterMaxMs: 0, onResponse: (e) => events.push(e) });
    await pmp.getCustomer(1).catch(() => {});
    await pmp.getCustomer(1).catch(() => {});
    const err = await rejection(pmp.getCustomer(1));
    assert.equal(err.kind, "rate_limited");
    assert.equal(err.status, 429);
    assert.equal(typeof err.retryAfterMs, "number");
    assert.equal(err.attempts, 2);
    assert.ok(events.some((e) => e.rateLimit?.limit === 2), "X-RateLimit-* reach the hook");
  });

  test("the same Idempotency-Key creates once", async () => {
    const pmp = new PmpClient({ baseUrl: sandbox.url, token: TOKEN });
    const key = `${MARK}-key`;
    const first = await pmp.createLead({ source: "1", status: "1", name: `${MARK} idem`, assigned: 1 }, { idempotencyKey: key });
    const again = await pmp.createLead({ source: "1", status: "1", name: `${MARK} idem`, assigned: 1 }, { idempotencyKey: key });
    assert.equal(again.record_id, first.record_id);
  });
});
