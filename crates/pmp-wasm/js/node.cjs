// Node entry of pmp-client for `require`: the wasm module is loaded synchronously.
"use strict";
const glue = require("./node/pmp_wasm.js");
const { clientClass } = require("./client.cjs");

/** The client class, and the class of every rejection of its calls (a subclass of Error). */
const { PmpClient, PmpError } = clientClass(glue);
module.exports = { PmpClient, PmpError };
