// The conformance corpus through the browser build (wasm-bindgen, Node flavour): every case must
// give exactly the expected answer, through the JSON-text entry point and through the
// plain-object one (a page's package, which has only its operations' own functions: through
// those, with plain objects).
import { createRequire } from "node:module";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.THANTHIEN_PKG ?? join(here, "../../target/thanthien/pkg-nodejs"));
const require = createRequire(import.meta.url);
const engine = require(join(pkgDir, "thanthien.js"));

const corpusDir = join(here, "../conformance");
// The citizen-forms and calendar packages carry a subset of the operations: their runs skip the
// others (and the unknown-operation case, whose message lists them), and check that the
// operations in THANTHIEN_EXPECT_OPS are there.
// A page's package (the birth form's) has no dispatch by name: only its operations' own
// functions, which take plain objects; it is always a subset.
const PAGE_FUNCTIONS = { "birth_home.assess": "birthHomeAssess" };
const page = typeof engine.callJson !== "function";
const subset = page || process.env.THANTHIEN_SUBSET === "1";
const available = new Set(
  page ? Object.keys(PAGE_FUNCTIONS).filter((op) => typeof engine[PAGE_FUNCTIONS[op]] === "function") : engine.operations(),
);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(corpusDir).filter((f) => f.endsWith(".json")).sort()) {
  const { cases } = JSON.parse(readFileSync(join(corpusDir, file), "utf8"));
  for (const c of cases) {
    if (subset && (!available.has(c.operation) || c.expected?.error?.code === "unknown_operation")) {
      skipped++;
      continue;
    }
    if (page && c.input_text !== undefined) {
      skipped++;
      continue;
    }
    const results = page
      ? [["object", engine[PAGE_FUNCTIONS[c.operation]](c.input)]]
      : [["json-text", JSON.parse(engine.callJson(c.operation, c.input_text ?? JSON.stringify(c.input)))]];
    if (!page && c.input_text === undefined) {
      results.push(["object", engine.call(c.operation, c.input)]);
    }
    for (const [how, got] of results) {
      if (isDeepStrictEqual(JSON.parse(JSON.stringify(got)), c.expected)) {
        passed++;
      } else {
        failed++;
        console.error(`FAIL ${file} ${c.name} (${how})\n  expected ${JSON.stringify(c.expected)}\n  got      ${JSON.stringify(got)}`);
      }
    }
  }
}
// Batches go through the dispatch by name, which a page's package does not have.
if (!page) {
  // A batch of N inputs gives N answers, in order, even with bad lines in it.
  const batch = ["{\"date\":\"2025-01-29\"}", "not json", "{\"date\":\"2025-02-29\"}"].map((t) => JSON.parse(engine.callJson("calendar.day", t)));
  const batchOk = batch.length === 3 && batch[0].kind === "holiday" && batch[1].error?.code === "malformed_json" && batch[2].error?.code === "invalid_date";
  batchOk ? passed++ : (failed++, console.error("FAIL batch order", batch));
  // The same for dossiers: a broken line in the middle of a batch is answered on its own line.
  if (available.has("deadline.compute")) {
    const dossiers = [
      '{"dossier":{"procedure":{"processing_time":{"amount":3,"unit":"working_days"}},"events":[{"type":"received","at":"2025-01-24T16:50"}]},"explain":false}',
      '{"dossier":{"events":[}',
      '{"dossier":{"procedure_code":"ho_tich.khai_sinh","events":[{"type":"received","at":"2025-03-12T15:10"}]},"explain":false}',
    ].map((t) => JSON.parse(engine.callJson("deadline.compute", t)));
    const dossiersOk = dossiers.length === 3 && dossiers[0].due_at === "2025-02-05T16:50" && dossiers[1].error?.code === "malformed_json" && dossiers[2].due_at === "2025-03-13T17:00";
    dossiersOk ? passed++ : (failed++, console.error("FAIL dossier batch order", dossiers));
  }
}
// One plain-object function and a field of its input that takes a date: the calendar's, or the
// page's own.
const [byObject, withDate, datePath] = page
  ? [engine[PAGE_FUNCTIONS["birth_home.assess"]], (d) => ({ application: { commune_code: "29461", child_birth_date: d, application_date: "2025-02-03", born_in_vietnam: true, child_alive: true, parents: [] } }), "application.child_birth_date"]
  : [engine.calendarDay, (d) => ({ date: d }), "date"];
// Values JSON cannot carry are refused as malformed input, not thrown at the caller.
for (const [what, input] of [["undefined", undefined], ["a BigInt", withDate(1n)], ["a cycle", (() => { const o = {}; o.self = o; return o; })()]]) {
  const got = byObject(input);
  got?.error?.code === "malformed_json" ? passed++ : (failed++, console.error(`FAIL ${what} input`, got));
}
// A JavaScript Date becomes its ISO text, which is not a plain date: a typed error names the field.
const dated = byObject(withDate(new Date(Date.UTC(2025, 0, 29))));
dated?.error?.code === "invalid_date" && dated.error.path === datePath ? passed++ : (failed++, console.error("FAIL Date input", dated));
if (subset) {
  const expected = (process.env.THANTHIEN_EXPECT_OPS ?? "").split(",").map((op) => op.trim()).filter(Boolean);
  const missing = expected.filter((op) => !available.has(op));
  expected.length > 0 && missing.length === 0 ? passed++ : (failed++, console.error("FAIL package lacks", missing));
}
console.log(`${passed} passed, ${failed} failed${subset ? `, ${skipped} skipped (not in this package)` : ""}`);
process.exit(failed === 0 ? 0 : 1);
