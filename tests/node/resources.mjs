// The resources of pmp-core's declaration as the tests loop over them: `resources.json`,
// which `cargo xtask test` writes beside its copy of these files (xtask/src/generate.rs,
// `test_resources`). Per resource: `resource` (the path segment), `plural` and `one` (the
// methods' names: `list${plural}`, `get${one}`), `id` (the id column), `since` (the first
// module version serving it), `title` (a text field the tests mark their rows with), `parent`
// (the id of the parent row a child's list and get take, else null), `example` (a valid
// create input, whose values refer to the sandbox's seed rows) and `listFailsOn` (the
// versions whose list answers 404 whatever the table holds: 1.0's tasks).
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

/** Whether a server of `module` (`"2.0"`) serves the resource. */
export const servedOn = (resource, module) => Number(resource.since) <= Number(module);
