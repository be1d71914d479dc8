// End-to-end test of examples/birth-form in Debian's headless Chromium, driven by playwright-core
// (no browser download). `node birth-form.e2e.mjs SITE_DIR OUT_DIR`: SITE_DIR is the form with the
// citizen-forms browser package in `pkg/`; a screenshot of each state goes to OUT_DIR.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const [site, out] = process.argv.slice(2);
await mkdir(out, { recursive: true });
const server = await serve(site);
const base = `http://localhost:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const context = await browser.newContext({ locale: "vi-VN", viewport: { width: 900, height: 1400 } });
const page = await context.newPage();
const problems = [];
page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
page.on("pageerror", (e) => problems.push(String(e)));

let failures = 0;
async function step(name, body) {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures += 1;
    console.log(`FAIL ${name}: ${e.message}`);
  }
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

const verdict = page.locator("#verdict");
const criterion = (code) => page.locator(`#criteria li[data-code="${code}"]`);
const birth = page.getByLabel("Ngày sinh của cháu");

// Monday 03/02/2025 09:00: a working morning, so the certificate is ready the same day.
await page.goto(`${base}?now=2025-02-03T09:00`);
await page.getByText("Bộ quy tắc đã sẵn sàng.").waitFor();

await step("labels-and-keyboard", async () => {
  // Every control has an accessible name (a label, or a legend for its group).
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("input, select")]
      .filter((el) => el.labels.length === 0 && !el.getAttribute("aria-label"))
      .map((el) => el.name || el.id),
  );
  assert.deepEqual(unnamed, []);
  // The keyboard reaches the fields in reading order and fills them.
  await birth.focus();
  await page.keyboard.type("10/01/2025");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.name), "birth_place");
  await page.keyboard.press("Tab"); // leaves the radio group
  assert.equal(await page.evaluate(() => document.activeElement.id), "child_died");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "commune_code");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.name), "resident");
});

await step("eligible", async () => {
  await page.getByLabel("Xã, thị trấn nơi đăng ký").selectOption("29461");
  await page.getByLabel("Khoảng cách từ nhà đến trụ sở xã (km)").fill("6");
  await page.getByLabel("Hộ nghèo").check();
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
  // Born 10/01/2025: deadline 11/03/2025, 36 days left on 03/02; free; ready 17:00 the same day.
  assert.match(await page.locator("#deadline").innerText(), /11\/03\/2025.*còn 36 ngày/);
  // A poor household registers free (Luật Hộ tịch Art. 11(1)(a)).
  assert.equal(await page.locator("#fee").innerText(), "Miễn (hộ nghèo)");
  assert.equal(await page.locator("#ready").innerText(), "17:00 ngày 03/02/2025");
  assert.match(await page.locator("#next-step").innerText(), /đến nhà/);
  assert.equal(await page.locator("#criteria li.pass").count(), 8);
});

await step("day-60-in-tet", async () => {
  await birth.fill("01/12/2024");
  // Born 01/12/2024: day 60 is 30/01/2025, inside the Tết break, so the period ends on the next
  // working day, Monday 03/02/2025 (BLDS 2015 Art. 148(5)): still on time today.
  await page.locator("#deadline").filter({ hasText: "03/02/2025" }).waitFor();
  assert.match(await page.locator("#deadline").innerText(), /03\/02\/2025.*còn 0 ngày/);
  assert.match(await criterion("within_60_days").innerText(), /^Đạt: .*ngày làm việc tiếp theo/);
});

await step("late", async () => {
  await birth.fill("20/11/2024");
  await criterion("within_60_days").filter({ hasText: "Chưa đạt" }).waitFor();
  assert.match(await verdict.innerText(), /Bộ phận Một cửa/);
  // Born 20/11/2024: day 60 is Sunday 19/01/2025, so the period ended Monday 20/01/2025, 14 days
  // before. Late, yet still free for a poor household (Art. 11(1)(a)); without that, the
  // province's fee, whose amount the engine does not invent.
  assert.match(await page.locator("#deadline").innerText(), /20\/01\/2025.*đã quá hạn 14 ngày/);
  assert.match(await criterion("within_60_days").innerText(), /^Chưa đạt: Quá 60 ngày/);
  assert.equal(await page.locator("#fee").innerText(), "Miễn (hộ nghèo)");
  await page.getByLabel("Hộ nghèo").uncheck();
  await page.locator("#fee").filter({ hasText: "HĐND tỉnh" }).waitFor();
  assert.equal(await page.locator("#fee").innerText(), "Đăng ký quá hạn, theo mức do HĐND tỉnh quy định");
  await page.getByLabel("Hộ nghèo").check();
});

await step("missing-paper", async () => {
  await birth.fill("10/01/2025");
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
  await page.getByLabel("Giấy chứng sinh của cơ sở y tế").uncheck();
  await criterion("papers").filter({ hasText: "Cần bổ sung thông tin" }).waitFor();
  assert.match(await verdict.innerText(), /Bộ phận Một cửa/);
  assert.match(await criterion("papers").innerText(), /^Cần bổ sung thông tin: Cần giấy chứng sinh/);
  assert.match(await page.locator("#next-step").innerText(), /^Xin bổ sung thông tin/);
  await page.getByLabel("Giấy cam đoan về việc sinh").check();
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
});

await step("foreign-element", async () => {
  await page.getByLabel("Quốc tịch của cha").selectOption("other");
  await criterion("no_foreign_element").filter({ hasText: "Chưa đạt" }).waitFor();
  assert.match(await verdict.innerText(), /Bộ phận Một cửa/);
  assert.match(await criterion("no_foreign_element").innerText(), /^Chưa đạt: Có yếu tố nước ngoài/);
  await page.getByLabel("Quốc tịch của cha").selectOption("VN");
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
  // A Vietnamese mother settled abroad: Luật Hộ tịch Art. 35(1)(b), a foreign element too.
  await page.getByLabel("Quốc tịch của mẹ").selectOption("VN_abroad");
  await criterion("no_foreign_element").filter({ hasText: "Chưa đạt" }).waitFor();
  assert.match(await criterion("no_foreign_element").innerText(), /^Chưa đạt: Có yếu tố nước ngoài/);
  await page.getByLabel("Quốc tịch của mẹ").selectOption("VN");
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
});

await step("invalid-date", async () => {
  await birth.fill("30/02/2025");
  const error = page.locator("#child_birth_date-error");
  await error.waitFor({ state: "visible" });
  assert.equal(await error.innerText(), "Không có ngày 30/02/2025 trong lịch. Hãy kiểm tra lại ngày sinh.");
  assert.equal(await error.getAttribute("role"), "alert");
  assert.equal(await birth.getAttribute("aria-invalid"), "true");
  assert.match(await birth.getAttribute("aria-describedby"), /child_birth_date-error/);
  assert.equal(await verdict.innerText(), "Hãy sửa các ô được đánh dấu.");
  // A birth date in the future is refused by the engine, with its own message.
  await birth.fill("10/03/2025");
  await error.filter({ hasText: "tương lai" }).waitFor();
});

await step("offline", async () => {
  // Once the service worker holds the page, it works without a network.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.getByText("Bộ quy tắc đã sẵn sàng.").waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByText("Bộ quy tắc đã sẵn sàng.").waitFor();
  await birth.fill("10/01/2025");
  await page.getByLabel("Xã, thị trấn nơi đăng ký").selectOption("29461");
  await page.getByLabel("Khoảng cách từ nhà đến trụ sở xã (km)").fill("2");
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
  await context.setOffline(false);
});

await step("phone-width", async () => {
  // A phone 360 px wide (the narrowest common Android screen), the form filled with its answer
  // shown: nothing is wider than the screen, so nothing needs scrolling sideways (the communes'
  // names with their former units are long).
  await page.setViewportSize({ width: 360, height: 800 });
  await verdict.filter({ hasText: "đủ điều kiện" }).waitFor();
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .map((el) => el.id || el.name || el.tagName.toLowerCase());
  });
  assert.deepEqual(wide, []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
});

await step("no-console-errors", async () => {
  assert.deepEqual(problems.filter((p) => !p.includes("ERR_INTERNET_DISCONNECTED")), []);
});

await browser.close();
server.close();
console.log(`${failures === 0 ? "ok" : "FAILED"}: birth form in ${browser.version?.() ?? "Chromium"}; screenshots in ${out}`);
process.exit(failures === 0 ? 0 : 1);
