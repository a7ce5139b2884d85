import assert from "node:assert/strict";
import { html } from "../../lib/notebook/mod.ts";
import { notebookTitle, reportIndexHtml } from "../../lib/jupyter/mod.ts";

Deno.test("reportIndexHtml() links each report and escapes its text", () => {
  const page = reportIndexHtml([
    {
      title: "Generate <data>",
      notebook: "01_generate.ipynb",
      htmlFile: "01_generate.html",
      ok: true,
      seconds: 12.34,
    },
    {
      title: "Kafka",
      notebook: "02_kafka.ipynb",
      htmlFile: "02_kafka.html",
      ok: false,
      seconds: 1,
      error: "cell failed: <oops>",
    },
  ], {
    generatedAt: new Date(Date.UTC(2025, 0, 2)),
    extra: html`<p id="extra">${"a<b"}</p>`,
  });
  assert.ok(
    page.includes('<a href="01_generate.html">Generate &lt;data&gt;</a>'),
  );
  assert.ok(page.includes('<td class="ok">ok</td>'));
  assert.ok(page.includes("failed: cell failed: &lt;oops&gt;"));
  assert.ok(page.includes('<td class="num">12.3 s</td>'));
  assert.ok(page.includes("2025-01-02T00:00:00.000Z"));
  assert.ok(page.includes('<p id="extra">a&lt;b</p>'));
  assert.equal(page.match(/<script/g), null);
});

Deno.test("notebookTitle() prefers metadata.title, then the first heading", async () => {
  assert.equal(
    await notebookTitle("tests/testdata/notebooks/tiny.ipynb"),
    "A tiny notebook",
  );
  assert.equal(
    await notebookTitle("tests/testdata/notebooks/failing.ipynb"),
    "A failing notebook",
  );
});
