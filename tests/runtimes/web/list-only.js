// The smallest real page: one listCustomers call. `cargo xtask bench` measures what each
// bundler emits for it (bundle-sizes.mjs).
import { PmpClient } from "pmp-client";

const pmp = new PmpClient({ baseUrl: "/crm/", token: new URLSearchParams(location.search).get("token") ?? "" });
pmp.listCustomers().then((rows) => (document.title = `${rows.length} customers`));
