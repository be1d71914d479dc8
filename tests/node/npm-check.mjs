// The npm packages as an integrator gets them: `node npm-check.mjs PROJECT_DIR`, where
// PROJECT_DIR is an empty project into which the tarballs were installed. Uses each package by
// its name from Node (named ES imports), then from a page in headless Chromium (an import map
// to the package's browser flavour, `init()` then calls).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const [project] = process.argv.slice(2);
const names = ["@thanthien/engine", "@thanthien/forms", "@thanthien/calendar"];
const want = { date: "2025-02-05", provisional: false };

// Node, from the project itself so that its node_modules and the packages' `exports` resolve.
const use = names
  .map(
    (name, i) => `import { calendarAddWorkingDays as add${i}, callJson as json${i}, operations as ops${i} } from "${name}";
{
  const a = add${i}({ start: "2025-01-24", days: 3 });
  if (a.date !== "${want.date}") throw new Error("${name}: " + JSON.stringify(a));
  const d = JSON.parse(json${i}("calendar.day", '{"date":"2025-02-29"}'));
  if (d.error?.code !== "invalid_date") throw new Error("${name}: " + JSON.stringify(d));
  console.log("node ${name}: " + ops${i}().length + " operations, " + a.date);
}`,
  )
  .join("\n");
writeFileSync(join(project, "use.mjs"), use);
process.stdout.write(execFileSync("node", ["use.mjs"], { cwd: project, encoding: "utf8" }));

// A page in Chromium, the packages' browser flavour found through an import map.
const imports = Object.fromEntries(names.map((n) => [n, `./node_modules/${n}/web/index.js`]));
writeFileSync(
  join(project, "index.html"),
  `<!doctype html><meta charset="utf-8"><title>npm check</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
${names.map((n, i) => `import init${i}, { calendarAddWorkingDays as add${i} } from "${n}";`).join("\n")}
const out = {};
${names.map((n, i) => `await init${i}(); out["${n}"] = add${i}({ start: "2025-01-24", days: 3 }).date;`).join("\n")}
document.title = JSON.stringify(out);
</script>`,
);
const server = await serve(project);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`http://localhost:${server.address().port}/index.html`);
  await page
    .waitForFunction(() => document.title.startsWith("{"), null, { timeout: 30000 })
    .catch((e) => assert.fail(`${e.message}: ${problems.join("; ")}`));
  const got = JSON.parse(await page.title());
  assert.deepEqual(problems, []);
  for (const n of names) assert.equal(got[n], want.date, n);
  console.log(`chromium: ${names.join(", ")} answer ${want.date}`);
} finally {
  await browser.close();
  server.close();
}
