// Node entry of pmp-client for `import`: the same module instance as `require` gets, so that
// `instanceof PmpError` holds whichever way the package was loaded.
import entry from "./node.cjs";

export const PmpClient = entry.PmpClient;
/** The class of every rejection of a PmpClient call (a subclass of Error). */
export const PmpError = entry.PmpError;
