// How soon the citizen form answers on a slow connection: the deployable site (precompressed
// `.br`/`.gz` files beside the originals, served as nginx `brotli_static` would) in Debian's
// headless Chromium with the network throttled through the DevTools protocol, an empty cache
// each run. "Ready" is the page's `thanthien-rules-ready` mark: the rules are loaded and the
// form answers. The page itself is usable before: its fields take input while the rules load.
//
//   node birth-form.load.mjs SITE [--runs N]   the table of times (cargo xtask bench --form)
//   node birth-form.load.mjs SITE --check      slow 3G once: what must hold, no times asserted
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

/// The connections of issue #17: download and upload in bits per second, latency in ms.
const PROFILES = [
  { name: "unthrottled", down: 0, up: 0, latency: 0 },
  { name: "4G", down: 9e6, up: 9e6, latency: 85 },
  { name: "3G", down: 1.6e6, up: 750e3, latency: 300 },
  { name: "slow 3G", down: 400e3, up: 400e3, latency: 400 },
];

const args = process.argv.slice(2);
const site = args[0];
const check = args.includes("--check");
const runsAt = args.indexOf("--runs");
const runs = runsAt > 0 ? Number(args[runsAt + 1]) : 5;

const server = await serve(site);
const base = `http://localhost:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});

/// One load of the form over `profile` in a fresh context: the ready time, the bytes received
/// before it, and the page kept open for `during` (run while the rules load) and the caller.
async function load(profile, during = async () => {}) {
  const context = await browser.newContext({ locale: "vi-VN" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.latency,
    downloadThroughput: profile.down / 8 || -1,
    uploadThroughput: profile.up / 8 || -1,
  });
  const responses = [];
  const urls = new Map();
  cdp.on("Network.responseReceived", (e) =>
    urls.set(e.requestId, { url: e.response.url, encoding: e.response.headers["content-encoding"] ?? "" }),
  );
  cdp.on("Network.loadingFinished", (e) => responses.push({ ...urls.get(e.requestId), bytes: e.encodedDataLength }));
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${base}?now=2025-02-03T09:00`, { waitUntil: "commit" });
  await during(page);
  await page.waitForFunction(() => performance.getEntriesByName("thanthien-rules-ready").length > 0, null, {
    timeout: 60_000,
    polling: 50,
  });
  const ready = await page.evaluate(() => performance.getEntriesByName("thanthien-rules-ready")[0].startTime);
  assert.deepEqual(problems, []);
  return { ready, responses: [...responses], page, context };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (check) {
  const slow = PROFILES.at(-1);
  let early;
  const { page, context, responses } = await load(slow, async (page) => {
    // While the rules load the page shows it, and its fields already take input.
    await page.getByText("Đang tải bộ quy tắc…").waitFor();
    await page.getByLabel("Ngày sinh của cháu").fill("10/01/2025");
    await page.getByLabel("Xã, thị trấn nơi đăng ký").selectOption("29461");
    await page.getByLabel("Khoảng cách từ nhà đến trụ sở xã (km)").fill("6");
    early = await page.evaluate(() => performance.getEntriesByName("thanthien-rules-ready").length);
  });
  assert.equal(early, 0, "the fields were filled before the rules were ready");
  // What was typed while loading is answered once the rules are there.
  await page.locator("#verdict").filter({ hasText: "đủ điều kiện" }).waitFor();
  assert.match(await page.locator("#deadline").innerText(), /11\/03\/2025/);
  // The rules came once (the preload is what the engine's loader used), brotli-compressed.
  const wasm = responses.filter((r) => r.url?.endsWith("/pkg/thanthien_bg.wasm"));
  assert.equal(wasm.length, 1, JSON.stringify(responses));
  assert.equal(wasm[0].encoding, "br");
  for (const r of responses.filter((r) => /\.(html|js|css|wasm)$|\/(\?.*)?$/.test(r.url ?? ""))) {
    assert.equal(r.encoding, "br", r.url);
  }
  await context.close();
  console.log(`ok   the form takes input while the rules load on slow 3G, and answers it once they are there`);
} else {
  console.log(`| connection | ready (median of ${runs}) | bytes before ready |`);
  console.log("|---|---|---|");
  for (const profile of PROFILES) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const { ready, responses, context } = await load(profile);
      times.push(ready);
      bytes = responses.reduce((n, r) => n + r.bytes, 0);
      await context.close();
    }
    const label = profile.down ? `${profile.name} (${profile.down / 1e6} Mbps, ${profile.latency} ms)` : profile.name;
    console.log(`| ${label} | ${(median(times) / 1000).toFixed(2)} s | ${bytes} |`);
  }
}
await browser.close();
server.close();
