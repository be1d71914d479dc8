// The year-end report in Debian's headless Chromium (playwright-core): it loads without a console
// error, prints to A4 PDF pages, and a screenshot of its first page is kept.
// `node report.e2e.mjs REPORT.html OUT_DIR`
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [html, out] = process.argv.slice(2);
await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 794, height: 1123 } }); // A4 at 96 dpi
const problems = [];
page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
page.on("pageerror", (e) => problems.push(String(e)));
page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
await page.goto(pathToFileURL(resolve(html)).href);
assert.deepEqual(problems, [], "console errors");
assert.equal(await page.locator("svg").count() >= 2, true, "the charts are there");
const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
await writeFile(join(out, "report-2025.pdf"), pdf);
const text = pdf.toString("latin1");
const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
assert.ok(boxes.length >= 1, "pages in the PDF");
for (const [w, h] of boxes) {
  assert.ok(Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2, `A4 page, got ${w} × ${h}`);
}
await page.screenshot({ path: join(out, "report-first-page.png") });
await browser.close();
console.log(`ok: the report prints to ${boxes.length} A4 page(s) without console errors; ${out}`);
