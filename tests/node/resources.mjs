// The resources of pmp-core's declaration as the tests loop over them: `resources.json`,
// which `cargo xtask test` writes beside its copy of these files (xtask/src/generate.rs,
// `test_resources`). Per resource: `resource` (the path segment), `plural` and `one` (the
// methods' names: `list${plural}`, `get${one}`), `id` (the id column), `since` (the first
// module version serving it), `title` (a text field the tests mark their rows with), `parent`
// (the id of the parent row a child's list and get take, else null), `example` (a valid
// create input, whose values refer to the sandbox's seed rows), `listFailsOn` (the
// versions whose list answers 404 whatever the table holds: 1.0's tasks), `lacks` (per
// version, the operations it lacks: payments' `update` and `delete`, 2.0's item writes),
// `getCrashesOn` (the versions whose get answers 500 for every row: 2.0's tickets and
// invoices) and `updatesWhole` (an update carries the whole document again: invoices,
// estimates).
import { existsSync, readFileSync } from "node:fs";

const FILE = new URL("./resources.json", import.meta.url);
if (!existsSync(FILE)) {
  throw new Error(`${FILE.pathname} is missing: cargo xtask test "npm package node" writes it from pmp-core's declaration`);
}

export const RESOURCES = JSON.parse(readFileSync(FILE, "utf8"));

/**
 * The endpoints beyond the six of a resource (pmp-core's `EXTRAS`: the lookups and custom
 * fields), `extras.json` beside it (xtask/src/generate.rs, `extras`): `{ name, method, args,
 * output, tokenHeaders, customFields }`, `name` the method's.
 */
export const EXTRAS = JSON.parse(readFileSync(new URL("./extras.json", import.meta.url), "utf8"));

/** The example input of `resource` with its title field set to `title`. */
export const exampleTitled = (resource, title) => ({ ...resource.example, [resource.title]: title });

/**
 * The input of an update of a row of `resource` that sets its title field to `title`: the
 * example with that title; for a resource whose updates carry the whole document again
 * (invoices, estimates), without the example's new lines and with the lines `row` (the
 * row's get) has, kept by their ids.
 */
export const updateTitled = (resource, title, row) => {
  const { newitems, ...rest } = exampleTitled(resource, title);
  if (!resource.updatesWhole) return { ...rest, ...(newitems ? { newitems } : {}) };
  const items = row.items.map(({ id, description, long_description, qty, rate, unit, item_order }) => ({
    itemid: id, description, long_description, qty, rate, unit, order: item_order,
  }));
  return { ...rest, items };
};

/** Whether a server of `module` (`"2.0"`) serves the resource. */
export const servedOn = (resource, module) => Number(resource.since) <= Number(module);

/** Whether a server of `module` serves `operation` (`"update"`) of the resource. */
export const serves = (resource, module, operation) =>
  servedOn(resource, module) && !(resource.lacks[module] ?? []).includes(operation);
