// The published JSON Schemas checked by an independent validator (Ajv, JSON Schema 2020-12):
// `node schemas.mjs SCHEMAS_DIR`. Every schema and the OpenAPI document's component schemas
// compile; every case of the conformance corpus has an input its operation's input schema
// accepts (unless the case is about a refused input) and an answer that the output schema, or
// the error schema for an error answer, accepts; a case refused for leaving out a field the
// schema requires by name (`requiredByName`) has an input its schema refuses.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? join(here, "../../schemas");
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// Integer formats schemars names: range checks are in `minimum`/`maximum` already.
for (const f of ["int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "double", "float"]) {
  ajv.addFormat(f, true);
}
const load = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));
const validators = new Map();
const validator = (name) => {
  if (!validators.has(name)) validators.set(name, ajv.compile(load(name)));
  return validators.get(name);
};

let failures = 0;
const fail = (what, errors) => {
  failures++;
  console.log(`FAIL ${what}: ${JSON.stringify(errors?.slice(0, 3))}`);
};

// The OpenAPI document: every component schema compiles in one document.
const openapi = load("openapi.json");
if (openapi.openapi !== "3.1.0") fail("openapi version", [openapi.openapi]);
const doc = { $id: "https://thanthien.invalid/openapi.json", components: openapi.components };
ajv.addSchema(doc);
for (const name of Object.keys(openapi.components.schemas)) {
  try {
    ajv.getSchema(`https://thanthien.invalid/openapi.json#/components/schemas/${name}`);
  } catch (e) {
    fail(`components.schemas.${name}`, [String(e)]);
  }
}
for (const [path, item] of Object.entries(openapi.paths)) {
  for (const op of Object.values(item)) {
    for (const [status, r] of Object.entries(op.responses ?? {})) {
      if (!r.description) fail(`${path} ${status} has no description`, []);
    }
  }
}

// A field the engine requires though serde reads its absence (to refuse it by name: a report
// state's `state_version`): a case refused for leaving it out has an input its schema refuses.
const requiredByName = ["state_version"];
const absentRequired = (c) => {
  const path = String(c.expected.error.path ?? "");
  const steps = path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");
  const field = steps.pop();
  if (c.input === undefined || !requiredByName.includes(field)) return false;
  const parent = steps.reduce((v, k) => (v == null ? v : v[k]), c.input);
  return parent != null && typeof parent === "object" && !(field in parent);
};

const corpus = join(here, "../conformance");
let checked = 0;
for (const file of readdirSync(corpus).filter((f) => f.endsWith(".json")).sort()) {
  for (const c of JSON.parse(readFileSync(join(corpus, file), "utf8")).cases) {
    const names = readdirSync(dir);
    if (!names.includes(`${c.operation}.input.schema.json`)) continue;
    const isError = c.expected && typeof c.expected === "object" && "error" in c.expected;
    if (isError) {
      const v = validator("error.schema.json");
      if (!v(c.expected)) fail(`${file} ${c.name}: error answer`, v.errors);
      if (absentRequired(c)) {
        const inp = validator(`${c.operation}.input.schema.json`);
        if (inp(c.input)) fail(`${file} ${c.name}: input without a required field accepted`, []);
      }
    } else {
      const out = validator(`${c.operation}.output.schema.json`);
      if (!out(c.expected)) fail(`${file} ${c.name}: answer`, out.errors);
      if (c.input !== undefined) {
        const inp = validator(`${c.operation}.input.schema.json`);
        if (!inp(c.input)) fail(`${file} ${c.name}: input`, inp.errors);
      }
    }
    checked++;
  }
}
console.log(`schemas: ${validators.size} compiled, ${checked} corpus cases checked, ${failures} failures`);
process.exit(failures ? 1 : 0);
