// One cold start: run as a fresh `node cold.mjs <contender> <baseUrl>` (token in
// $PMP_BENCH_TOKEN); imports the contender, makes one getCustomer call and prints, as JSON,
// the milliseconds from the process's start to the answer, and the import's share.
const [name, baseUrl] = process.argv.slice(2);
const started = performance.now();
const { contender } = await import(`./contenders/${name}.mjs`);
const imported = performance.now();
const row = await contender(baseUrl, process.env.PMP_BENCH_TOKEN).getCustomer(1);
const answered = performance.now();
if (row?.userid !== "1") throw new Error(`${name}: getCustomer(1) answered ${JSON.stringify(row)?.slice(0, 80)}`);
console.log(JSON.stringify({ total: answered, boot: started, importMs: imported - started, callMs: answered - imported }));
