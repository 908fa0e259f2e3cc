// review.mjs: loads an exported session's review page in headless
// Chromium (Debian's, through playwright-core) and checks what a reviewer
// relies on: every scoring and note is on the timeline, clicking a scoring
// seeks every pane's replay to its moment and shows its diff, nothing is
// requested outside the file system, nothing reaches the console as an
// error. Usage: node review.mjs PAGE.html SCREENSHOT.png [EXPECT.json]
// EXPECT lists the scorings and notes the page must show.
import { chromium } from "playwright-core";
import fs from "node:fs";

const [page_path, shot, expect_path] = process.argv.slice(2);
const expect = expect_path ? JSON.parse(fs.readFileSync(expect_path, "utf8")) : {};
const exe = process.env.CHROMIUM || "/usr/bin/chromium";
const fail = (msg) => { console.error("FAIL: " + msg); process.exitCode = 1; };

const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox", "--allow-file-access-from-files"] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const errors = [], outside = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith("file://") && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) outside.push(r.url()); });
  const t0 = Date.now();
  await page.goto("file://" + page_path);
  await page.waitForFunction(() => window.reviewReady === true, null, { timeout: 30000 });
  const opened = Date.now() - t0;

  const items = await page.$$eval("#timeline li", (lis) => lis.map((li) => ({ kind: li.dataset.kind, text: li.textContent })));
  const scorings = items.filter((i) => i.kind === "scoring");
  if (expect.scorings != null && scorings.length !== expect.scorings) fail(`timeline has ${scorings.length} scorings, expected ${expect.scorings}`);
  if (expect.verify) {
    const f = await page.textContent("#facts");
    if (!f.includes("the record holds")) fail("the facts do not say the record verifies: " + f);
  }
  for (const n of expect.notes || []) if (!items.some((i) => i.kind === "note" && i.text.includes(n))) fail(`note "${n}" not on the timeline`);

  // Click the last scoring that has a diff against an earlier one.
  const target = await page.evaluate(() => {
    const S = BL.data.get("session.json");
    const withDiff = S.scores.filter((r) => S.diffs[String(r.id)] && S.diffs[String(r.id)].patch);
    const r = withDiff[withDiff.length - 1];
    if (!r) return null;
    const panes = S.panes.map((p) => ({ id: p.id, t: Math.min(Math.max(0, (Date.parse(r.finished_wall || r.requested_wall) - p.start_ms) / 1000), p.duration) }));
    return { id: r.id, panes, patch: S.diffs[String(r.id)].patch };
  });
  if (!target) fail("no scoring with a diff against an earlier one");
  else {
    const li = page.locator("#timeline li[data-kind=scoring]", { hasText: `score ${target.id}` }).first();
    const t1 = Date.now();
    await li.click();
    // Every pane's player reaches the scoring's time.
    await page.waitForFunction((want) => {
      const ps = window.reviewState ? window.reviewState() : [];
      return ps.length === want.length && ps.every((p, i) => Math.abs(p.time - want[i].t) < 0.75);
    }, target.panes, { timeout: 30000 }).catch(async () => {
      const got = await page.evaluate(() => (window.reviewState ? window.reviewState() : null));
      fail(`players did not seek to ${JSON.stringify(target.panes)}: ${JSON.stringify(got)}`);
    });
    const seek = Date.now() - t1;
    const diff = await page.textContent("#diff");
    const firstAdded = (target.patch.split("\n").find((l) => l.startsWith("+") && !l.startsWith("+++") && l.trim().length > 1) || "").slice(1);
    if (!firstAdded || !diff.includes(firstAdded)) fail("the diff of score " + target.id + " is not shown");
    console.log(`opened in ${opened} ms, seek in ${seek} ms`);
  }
  await page.screenshot({ path: shot, fullPage: true });
  if (outside.length) fail("requests outside the file system: " + outside.join(" "));
  if (errors.length) fail("console errors: " + errors.join(" | "));
} finally {
  await browser.close();
}
