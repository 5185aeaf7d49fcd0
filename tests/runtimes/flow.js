// The flow every target runs against pmp-sandbox, with the target's own `PmpClient` and
// `PmpError`: list, create, search, get, delete (then get again), and a wrong token. Resolves
// to a plain report the test checks (runtimes.test.mjs: checkReport); a step that throws
// unexpectedly is reported as `failed`.
export async function flow({ PmpClient, PmpError }, { baseUrl, token, marker }) {
  const report = {};
  const kind = (e) => (e instanceof PmpError ? e.kind : `not a PmpError: ${e}`);
  try {
    const pmp = new PmpClient({ baseUrl, token });
    const rows = await pmp.listCustomers();
    report.listed = rows.map((row) => row.userid);
    report.created = (await pmp.createCustomer({ company: marker })).status;
    const found = await pmp.searchCustomers(marker);
    report.found = found.map((row) => row.company);
    const id = found[0].userid;
    report.got = (await pmp.getCustomer(id)).company;
    report.deleted = (await pmp.deleteCustomer(id)).status;
    report.afterDelete = await pmp.getCustomer(id).then(() => "still there", kind);
    const wrong = new PmpClient({ baseUrl, token: "not-the-token" });
    report.wrongToken = await wrong.listCustomers().then(() => "resolved", kind);
  } catch (e) {
    report.failed = `${kind(e)}: ${e?.message ?? e}`;
  }
  return report;
}
