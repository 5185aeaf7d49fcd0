// `node swagger-ui.mjs <pmp-sandbox binary>`: Swagger UI (www/docs, served by the sandbox) in
// headless Chromium: authorize with the sandbox's token, "Try it out" on listCustomers, and
// expect the seeded customers in a 200 answer.
import { chromium } from "playwright-core";
import { startSandbox } from "../node/servers.mjs";

const sandbox = await startSandbox({ bin: process.argv[2] });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let failure = null;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(new URL("docs/", sandbox.url).href);

  const operation = page.locator("#operations-Customers-listCustomers");
  await operation.waitFor();

  // Authorize: the authtoken scheme's value field, then Authorize and Close.
  await page.locator("button.authorize").first().click();
  const dialog = page.locator(".dialog-ux .modal-ux");
  const scheme = dialog.locator(".auth-container").filter({ has: page.locator("h4", { hasText: /^authtoken/ }) });
  await scheme.locator("input").first().fill(sandbox.token);
  await scheme.locator("button.authorize").click();
  await dialog.locator("button.close-modal").click();

  // The first server must be the sandbox that serves the page.
  const server = await page.locator(".servers select").inputValue();
  if (server !== sandbox.url.replace(/\/$/, "")) throw new Error(`first server is ${server}, not the sandbox`);

  await operation.locator(".opblock-summary").click();
  await operation.locator("button.try-out__btn").click();
  await operation.locator("button.execute").click();

  const status = operation.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  const body = await operation.locator(".live-responses-table .response .microlight").first().innerText();
  if (code !== "200") throw new Error(`listCustomers answered ${code}: ${body.slice(0, 300)}`);
  const answer = JSON.parse(body);
  const rows = Array.isArray(answer) ? answer : answer.data; // 3.x: a page envelope
  if (!Array.isArray(rows) || !rows.some((row) => row.company === "Jk Technologies")) {
    throw new Error(`listCustomers did not answer the seeded customers: ${body.slice(0, 300)}`);
  }
  const curl = await operation.locator(".curl-command").innerText();
  if (!curl.includes("authtoken")) throw new Error("the request did not carry the authtoken header");
  if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
  console.log(`Swagger UI: listCustomers tried out, 200 with ${rows.length} customers`);
} catch (error) {
  failure = error;
} finally {
  await browser.close();
  await sandbox.stop();
}
if (failure) {
  console.error(`Swagger UI test failed: ${failure.message}`);
  process.exit(1);
}
