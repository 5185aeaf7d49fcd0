// Node entry of pmp-client for `require`: the wasm module is loaded synchronously.
"use strict";
const glue = require("./node/pmp_wasm.js");

module.exports = {
  PmpClient: glue.PmpClient,
  /** The class of every rejection of a PmpClient call (a subclass of Error). */
  PmpError: glue.pmpErrorClass(),
};
