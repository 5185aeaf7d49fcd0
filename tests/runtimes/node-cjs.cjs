// The flow through `require("pmp-client")`: `node node-cjs.cjs '<config JSON>'` prints the report.
const { PmpClient, PmpError } = require("pmp-client");

const config = JSON.parse(process.argv[process.argv.length - 1]);
import("./flow.js")
  .then(({ flow }) => flow({ PmpClient, PmpError }, config))
  .then((report) => console.log(JSON.stringify(report)));
