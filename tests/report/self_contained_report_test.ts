import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { buildReports, ensureJupyter } from "../../lib/jupyter/mod.ts";
import { launchChromium, openOffline } from "./_chromium.ts";

const ARTIFACTS = resolve("data/test-artifacts/report");
const HOSTILE = "<script>alert(1)</script>";

Deno.test("a report opens offline with charts, escaped data text and no script", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const built = await buildReports(
    jupyter,
    ["tests/testdata/notebooks/tiny.ipynb"],
    { outDir: ARTIFACTS, env: { WRAPPED_NB_SONG: HOSTILE } },
  );
  assert.ok(built.ok);
  const browser = await launchChromium();
  try {
    for (const file of ["tiny.html", "index.html"]) {
      const path = join(ARTIFACTS, file);
      const visit = await openOffline(browser, path);
      assert.deepEqual(visit.requests, [new URL(`file://${path}`).href]);
      assert.deepEqual(visit.dialogs, [], `no dialog opened in ${file}`);
      assert.deepEqual(
        visit.consoleProblems,
        [],
        `no CSP violation in ${file}`,
      );
      assert.deepEqual(visit.pageErrors, []);
      assert.equal(await visit.page.locator("script").count(), 0);
      if (file === "index.html") {
        const link = visit.page.locator('a[href="tiny.html"]');
        assert.equal(await link.textContent(), "A tiny notebook");
        continue;
      }
      const bars = visit.page.locator('svg [aria-roledescription="bar"]');
      assert.equal(await bars.count(), 3, "one bar per row");
      const box = await visit.page.locator("svg.marks").first().boundingBox();
      assert.ok(
        box && box.width > 50 && box.height > 50,
        "the chart is visible",
      );
      const cell = visit.page.locator("table.wrapped-table td").first();
      assert.equal(await cell.textContent(), HOSTILE, "shown as text");
      assert.equal(
        await visit.page.locator("p.finding b").nth(1).textContent(),
        HOSTILE,
      );
      await visit.page.screenshot({
        path: join(ARTIFACTS, "tiny.png"),
        fullPage: true,
      });
    }
  } finally {
    await browser.close();
  }
  const screenshot = await Deno.stat(join(ARTIFACTS, "tiny.png"));
  assert.ok(screenshot.size > 10_000);
});
