// list-only.js through `pmp-client/full` (the full wasm alone, at import): what a page that
// writes from the start loads. `cargo xtask bench` measures it beside list-only.js.
import { PmpClient } from "pmp-client/full";

const pmp = new PmpClient({ baseUrl: "/crm/", token: new URLSearchParams(location.search).get("token") ?? "" });
pmp.listCustomers().then((rows) => (document.title = `${rows.length} customers`));
