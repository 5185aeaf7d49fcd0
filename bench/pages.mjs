// The paging figures: listCustomers() on the 3.0 profile (pages of 100, a few in
// flight) against a hand-written sequential page loop and a hand-written loop with the same
// number in flight, with and without a per-answer delay like a real PHP server's. Figures for
// comparison within one run; nothing here asserts a time.
import { PmpClient } from "pmp-client";
import { startSandbox as startWith } from "../tests/node/servers.mjs";
import { TOKEN } from "./sandbox.mjs";

/** Pages fetched at once after the first, as pmp-client does (pmp-core's ListPlan::IN_FLIGHT). */
const IN_FLIGHT = 4;
const PER_PAGE = 100;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function page(url, number) {
  const answer = await fetch(`${url}api/customers?page=${number}&per_page=${PER_PAGE}`, {
    headers: { authtoken: TOKEN, Accept: "application/json" },
  });
  if (!answer.ok) throw new Error(`page ${number}: HTTP ${answer.status}`);
  return answer.json();
}

/** The loops a user would write by hand with fetch. */
const contenders = (url) => ({
  "pmp-client": () => new PmpClient({ baseUrl: url, token: TOKEN }).listCustomers(),
  sequential: async () => {
    const rows = [];
    for (let n = 1; ; n++) {
      const { data, meta } = await page(url, n);
      rows.push(...data);
      if (!meta.has_more) return rows;
    }
  },
  concurrent: async () => {
    const first = await page(url, 1);
    const pages = [first.data];
    let next = 2;
    const worker = async () => {
      while (next <= first.meta.total_pages) {
        const n = next++;
        pages[n - 1] = (await page(url, n)).data;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return pages.flat();
  },
});

/** Medians per contender and delay: `{ rows, runs, lines: [{ delayMs, ms: {name: median} }] }`. */
export async function paging({ quick }) {
  const rows = quick ? 1000 : 10000;
  const runs = quick ? 3 : 7;
  const lines = [];
  for (const delayMs of [0, 14]) {
    const sandbox = await startWith({
      token: TOKEN,
      args: ["--module", "3.0", "--customers", String(rows), "--delay-ms", String(delayMs)],
    });
    try {
      const all = contenders(sandbox.url);
      const names = Object.keys(all);
      const samples = Object.fromEntries(names.map((n) => [n, []]));
      for (let run = 0; run <= runs; run++) {
        for (const name of names.map((_, i) => names[(i + run) % names.length])) {
          const started = performance.now();
          const got = await all[name]();
          const took = performance.now() - started;
          if (got.length < rows) throw new Error(`${name}: ${got.length} of ${rows} rows`);
          if (run > 0) samples[name].push(took); // run 0 warms up
        }
      }
      lines.push({ delayMs, ms: Object.fromEntries(names.map((n) => [n, median(samples[n])])) });
    } finally {
      await sandbox.stop();
    }
  }
  return { rows, runs, lines };
}

/** The table of `paging()`'s figures, as text and Markdown. */
export function pagingReport({ rows, runs, lines }) {
  const head = ["per-answer delay", "pmp-client", "sequential loop", "concurrent loop", "vs concurrent (<= 1.1x)", "faster than sequential (>= 2.5x)"];
  const body = lines.map(({ delayMs, ms }) => [
    `${delayMs} ms`,
    `${ms["pmp-client"].toFixed(0)} ms`,
    `${ms.sequential.toFixed(0)} ms`,
    `${ms.concurrent.toFixed(0)} ms`,
    `${(ms["pmp-client"] / ms.concurrent).toFixed(2)}x`,
    `${(ms.sequential / ms["pmp-client"]).toFixed(2)}x`,
  ]);
  const title = `listCustomers() of ${rows} customers on the 3.0 profile, pages of ${PER_PAGE} (median of ${runs})`;
  const text = [title, ...[head, ...body].map((r) => r.map((c, i) => c.padEnd(i ? 18 : 17)).join(""))].join("\n");
  const markdown = [`### ${title}`, "", `| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...body.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  return { text, markdown };
}
