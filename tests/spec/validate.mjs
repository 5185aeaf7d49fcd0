// `node validate.mjs <file>...`: validates OpenAPI documents with @apidevtools/swagger-parser
// (structure against the OpenAPI schema, and every $ref resolved), and checks that the YAML
// document says exactly what the JSON document of the same name says.
import { isDeepStrictEqual } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";

let failed = false;
const parsed = new Map();
for (const file of process.argv.slice(2)) {
  try {
    parsed.set(file, await SwaggerParser.parse(file));
    const api = await SwaggerParser.validate(file);
    console.log(`${file}: valid OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths`);
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    failed = true;
  }
}
for (const [file, yaml] of parsed) {
  const json = parsed.get(file.replace(/\.yaml$/, ".json"));
  if (file.endsWith(".yaml") && json && !isDeepStrictEqual(yaml, json)) {
    console.error(`${file}: differs from its JSON twin`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
