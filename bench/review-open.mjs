// review-open.mjs: times a review page in headless Chromium (bench/review.sh).
// Opening: until the page is drawn (reviewReady) and the first pane shows
// its first segment. Seeking: a click on timeline entries at five points of
// the session, until every pane's player is at that moment. The anchor is
// Chromium opening an empty page from the file system in the same run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const { chromium } = await import(path.join(here, "../tests/browser/node_modules/playwright-core/index.mjs"));
const page_path = process.argv[2];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const blank = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "blank-")), "blank.html");
fs.writeFileSync(blank, "<!DOCTYPE html><title>blank</title><p>blank</p>");
const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
let t = Date.now();
await page.goto("file://" + blank);
const anchor = Date.now() - t;

t = Date.now();
await page.goto("file://" + page_path);
await page.waitForFunction(() => window.reviewReady === true, null, { timeout: 120000 });
const drawn = Date.now() - t;
const n = await page.$$eval("#timeline li", (l) => l.length);
const seeks = [];
for (const f of [0.1, 0.3, 0.5, 0.7, 0.95]) {
  const i = Math.min(n - 1, Math.floor(n * f));
  const want = await page.evaluate((i) => {
    const li = document.querySelectorAll("#timeline li")[i];
    const S = BL.data.get("session.json");
    li.click();
    const wall = document.getElementById("clock").textContent.split(", ")[1];
    return S.panes.map((p) => Math.min(Math.max(0, (Date.parse(wall) - p.start_ms) / 1000), p.duration));
  }, i);
  t = Date.now();
  await page.waitForFunction((want) => window.reviewState().every((p, k) => Math.abs(p.time - want[k]) < 1), want, { timeout: 120000 });
  seeks.push(Date.now() - t);
}
await browser.close();
const fmt = (ms) => (ms / 1000).toFixed(2) + " s";
console.log(`page drawn:  ${fmt(drawn)} (${n} timeline entries)`);
console.log(`seeks:       ${seeks.map(fmt).join(", ")} (all panes at the moment)`);
console.log(`anchor:      an empty page from the file system ${fmt(anchor)}`);
console.log(`ratio:       page drawn / empty page = ${(drawn / anchor).toFixed(1)}, slowest seek / empty page = ${(Math.max(...seeks) / anchor).toFixed(1)}`);
