// The conformance corpus through the component as JavaScript: the component transpiled by jco
// (`node jco.mjs DIR`, DIR holding jco's output `thanthien.js`), run under Node. The component
// imports nothing, so no WASI shim is given. Every case must give exactly the expected answer
// through `json.call`, and a batch through `json.callBatch` must give the same answers in order
// (in the lean batch form).
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.argv[2]);
const { json } = await import(pathToFileURL(join(dir, "thanthien.js")).href);

// `result<string, error>`: jco returns the string, or throws a ComponentError whose payload is
// the error record (fields in camelCase); the JSON answer is `{"error": {...}}` as every host gives.
const errorAnswer = (e) => ({
  error: { code: e.code, message_vi: e.messageVi, message_en: e.messageEn, path: e.path },
});
function call(op, text) {
  try {
    return JSON.parse(json.call(op, text));
  } catch (e) {
    if (e?.payload?.code === undefined) throw e;
    return errorAnswer(e.payload);
  }
}

let passed = 0;
let failed = 0;
const byOp = new Map();
for (const file of readdirSync(join(here, "../conformance")).filter((f) => f.endsWith(".json")).sort()) {
  for (const c of JSON.parse(readFileSync(join(here, "../conformance", file), "utf8")).cases) {
    const text = c.input_text ?? JSON.stringify(c.input);
    const got = call(c.operation, text);
    if (isDeepStrictEqual(got, c.expected)) {
      passed++;
    } else {
      failed++;
      console.log(`FAIL ${file} ${c.name}: ${JSON.stringify(got).slice(0, 300)}`);
    }
    if (!byOp.has(c.operation)) byOp.set(c.operation, []);
    byOp.get(c.operation).push([text, c.expected]);
  }
}
// A batch answers in the lean form (README, "Batches answer in the lean form"), unless the record
// sets `"explain": true`: `calendar.add_working_days` lists no skipped days; `deadline.compute`
// gives the single answer with `explain: false`, its procedure and rules named by code and date.
function leanExpected(op, text, expected) {
  if (expected.error) return expected;
  const input = JSON.parse(text);
  if (op === "calendar.add_working_days") {
    return input.explain == null ? { ...expected, skipped: [] } : expected;
  }
  if (op !== "deadline.compute" || input.explain === true) return expected;
  const quiet = call(op, JSON.stringify({ ...input, explain: false }));
  const named = ({ code, from }) => ({ code, from });
  return { ...quiet, procedure: named(quiet.procedure), regime: named(quiet.regime) };
}
// One batch per operation: answer i is for input i.
let batched = 0;
for (const [op, cases] of byOp) {
  const answers = json.callBatch(op, cases.map(([t]) => t));
  answers.forEach((a, i) => {
    const got = a.tag === "ok" ? JSON.parse(a.val) : errorAnswer(a.val);
    if (isDeepStrictEqual(got, leanExpected(op, cases[i][0], cases[i][1]))) batched++;
    else {
      failed++;
      console.log(`FAIL batch ${op}[${i}]: ${JSON.stringify(got).slice(0, 300)}`);
    }
  });
}
console.log(`jco: ${passed} cases and ${batched} batched answers as expected, ${failed} failures`);
process.exit(failed ? 1 : 0);
