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

Deno.test("a report folds its code behind a toggle and lists its sections; --with-code shows the code as it is", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const folded = join(ARTIFACTS, "folded");
  const withCode = join(ARTIFACTS, "with-code");
  const notebook = ["tests/testdata/notebooks/tiny.ipynb"];
  assert.ok((await buildReports(jupyter, notebook, { outDir: folded })).ok);
  assert.ok(
    (await buildReports(jupyter, notebook, {
      outDir: withCode,
      withCode: true,
    }))
      .ok,
  );
  const browser = await launchChromium();
  try {
    const path = join(folded, "tiny.html");
    const visit = await openOffline(browser, path);
    const page = visit.page;
    assert.deepEqual(visit.requests, [new URL(`file://${path}`).href]);
    assert.deepEqual(visit.consoleProblems, []);
    assert.equal(await page.locator("script").count(), 0);
    const code = page.locator(".jp-CodeCell .jp-Cell-inputWrapper");
    const codeCells = await code.count();
    assert.equal(codeCells, 4);
    const visibleCode = async () => {
      let visible = 0;
      for (let i = 0; i < codeCells; i++) {
        if (await code.nth(i).isVisible()) visible++;
      }
      return visible;
    };
    assert.equal(await visibleCode(), 0, "code is folded by default");
    const chart = await page.locator("svg.marks").first().boundingBox();
    assert.ok(chart && chart.width > 50 && chart.height > 50, "chart shown");
    assert.ok(await page.locator("table.wrapped-table").first().isVisible());
    const contents = page.locator("nav.wrapped-contents a");
    assert.deepEqual(await contents.allTextContents(), [
      "The table",
      "The chart",
    ]);
    for (
      const href of await contents.evaluateAll((links) =>
        links.map((a) => a.getAttribute("href") ?? "")
      )
    ) {
      const id = decodeURIComponent(href.slice(1));
      assert.equal(await page.locator(`[id="${id}"]`).count(), 1, href);
    }
    const toggle = page.locator('label[for="wrapped-show-code"]');
    await toggle.click();
    assert.equal(await visibleCode(), codeCells, "the toggle shows the code");
    assert.ok(await page.getByText("notebookParameters").first().isVisible());
    await toggle.click();
    assert.equal(await visibleCode(), 0, "and hides it again");
    assert.deepEqual(visit.requests, [new URL(`file://${path}`).href]);

    const plain = await openOffline(browser, join(withCode, "tiny.html"));
    assert.equal(await plain.page.locator("#wrapped-show-code").count(), 0);
    assert.equal(await plain.page.locator("nav.wrapped-contents").count(), 0);
    const shown = plain.page.locator(".jp-CodeCell .jp-Cell-inputWrapper");
    for (let i = 0; i < await shown.count(); i++) {
      assert.ok(await shown.nth(i).isVisible(), "--with-code shows all code");
    }
  } finally {
    await browser.close();
  }
});
