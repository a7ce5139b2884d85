import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { DISPLAY_SEQ_KEY } from "../../lib/notebook/mod.ts";
import { launchChromium, openOffline } from "./_chromium.ts";
import { denoTask, removeTopicAndQueues, uniqueSuffix } from "./_services.ts";

const OUT = resolve("data/test-artifacts/notebooks");
const HOSTILE_SONG = "<script>alert(1)</script>";
const HOSTILE_ARTIST = "<img src=x onerror=alert(2)>";
const NOTEBOOKS = [
  "01_generate",
  "02_kafka",
  "03_stream_analysis",
  "04_personality_queues",
  "05_wrapped",
];
/** Least charts and tables each notebook shows. */
const KEY_OUTPUTS: Record<string, { charts: number; tables: number }> = {
  "01_generate": { charts: 5, tables: 8 },
  "02_kafka": { charts: 2, tables: 5 },
  "03_stream_analysis": { charts: 12, tables: 12 },
  "04_personality_queues": { charts: 1, tables: 4 },
  "05_wrapped": { charts: 3, tables: 5 },
};

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  metadata?: Record<string, unknown>;
}

function text(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join("") : value ?? "";
}

Deno.test("deno task report executes every notebook into an offline, escaped report with charts and tables", async () => {
  const suffix = uniqueSuffix();
  const topic = `test-report-${suffix}`;
  const prefix = `tr${suffix}-`;
  await Deno.remove(OUT, { recursive: true }).catch(() => {});
  const params = {
    users: 30,
    days: 7,
    sessionsPerUser: 6,
    minEvents: 20,
    catalog: resolve("tests/testdata/hostile_catalog.csv"),
    dataset: join(OUT, "listening.avro"),
    wrappedDataset: join(OUT, "wrapped.avro"),
    wrappedUsers: 40,
    wrappedDays: 90,
    wrappedSessionsPerUser: 10,
    topic,
    prefix,
  };
  let result;
  try {
    result = await denoTask([
      "report",
      "--out",
      OUT,
      "--keep-executed",
      ...Object.entries(params).flatMap(([name, value]) => [
        "--param",
        `${name}=${value}`,
      ]),
    ]);
  } finally {
    await removeTopicAndQueues(topic, prefix);
  }
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^report: 5 notebooks, 5 ok, 0 failed in /m);

  for (const name of NOTEBOOKS) {
    const nb = JSON.parse(
      await Deno.readTextFile(join(OUT, "executed", `${name}.ipynb`)),
    );
    const outputs: Output[] = nb.cells.flatMap((c: { outputs?: Output[] }) =>
      c.outputs ?? []
    );
    assert.equal(
      outputs.filter((o) => o.output_type === "error").length,
      0,
      `${name} has no error output`,
    );
    const displaySeqs = outputs
      .filter((o) => o.output_type === "display_data")
      .map((o) => o.metadata?.[DISPLAY_SEQ_KEY]);
    assert.deepEqual(
      displaySeqs,
      displaySeqs.map((_, i) => i + 1),
      `${name}: every display arrived or was restored, in order`,
    );
    const svgs = outputs.filter((o) => o.data?.["image/svg+xml"]);
    const tables = outputs.filter((o) =>
      text(o.data?.["text/html"]).includes('<table class="wrapped-table">')
    );
    assert.ok(
      svgs.length >= KEY_OUTPUTS[name].charts,
      `${name}: ${svgs.length} charts`,
    );
    assert.ok(
      tables.length >= KEY_OUTPUTS[name].tables,
      `${name}: ${tables.length} tables`,
    );
    for (const svg of svgs) {
      assert.ok(
        "application/vnd.vegalite.v5+json" in svg.data!,
        `${name}: each chart also carries its vega-lite spec`,
      );
    }
  }

  const browser = await launchChromium();
  try {
    for (const file of [...NOTEBOOKS.map((n) => `${n}.html`), "index.html"]) {
      const path = join(OUT, file);
      const visit = await openOffline(browser, path);
      const page = visit.page;
      assert.deepEqual(visit.requests, [new URL(`file://${path}`).href]);
      assert.deepEqual(visit.dialogs, [], `${file}: no dialog`);
      assert.deepEqual(visit.consoleProblems, [], `${file}: no CSP report`);
      assert.deepEqual(visit.pageErrors, []);
      assert.equal(await page.locator("script").count(), 0);
      await page.screenshot({ path: join(OUT, file.replace(".html", ".png")) });
      if (file === "index.html") {
        assert.equal(await page.locator("td.ok").count(), 5);
        continue;
      }
      const code = page.locator(".jp-CodeCell .jp-Cell-inputWrapper");
      assert.ok(await code.count() > 0);
      assert.equal(await code.first().isVisible(), false, `${file}: folded`);
      assert.ok(await page.locator("nav.wrapped-contents a").count() > 2);
      const charts = page.locator(".jp-RenderedSVG svg.marks");
      const chartCount = await charts.count();
      assert.ok(chartCount >= KEY_OUTPUTS[file.replace(".html", "")].charts);
      for (let i = 0; i < chartCount; i++) {
        const marks = await charts.nth(i).locator(
          "g.role-mark path, g.role-mark line, g.role-mark rect, g.role-mark text",
        ).count();
        assert.ok(marks > 0, `${file}: chart ${i} has marks`);
        const box = await charts.nth(i).boundingBox();
        assert.ok(box && box.width > 0 && box.height > 0, `${file}: visible`);
      }
      assert.ok(await page.locator("table.wrapped-table").count() > 0);
    }
    for (const file of ["01_generate.html", "03_stream_analysis.html"]) {
      const visit = await openOffline(browser, join(OUT, file));
      const cells = await visit.page.locator("table.wrapped-table td")
        .allTextContents();
      assert.ok(cells.includes(HOSTILE_SONG), `${file}: the song is text`);
      assert.ok(cells.includes(HOSTILE_ARTIST), `${file}: the artist is text`);
      assert.equal(await visit.page.locator("img").count(), 0);
    }
    // the cards of 05 show songs and artists of the hostile catalogue as text
    const wrapped = await openOffline(browser, join(OUT, "05_wrapped.html"));
    assert.equal(await wrapped.page.locator("img").count(), 0);
    assert.ok(await wrapped.page.locator(".wrapped-card .card").count() >= 2);
    const analysis = await openOffline(
      browser,
      join(OUT, "03_stream_analysis.html"),
    );
    const text = await analysis.page.locator("body").innerText();
    assert.match(
      text,
      /every table of the Kafka run equals it/,
      "the Kafka run equals the in-memory run",
    );
  } finally {
    await browser.close();
  }
});
