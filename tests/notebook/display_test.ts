import assert from "node:assert/strict";
import {
  displayBundle,
  displayChart,
  displayHtml,
  displayTable,
  html,
  type MimeBundle,
  VEGALITE_MIME,
} from "../../lib/notebook/mod.ts";

function collector() {
  const shown: MimeBundle[] = [];
  return {
    shown,
    display: (bundle: MimeBundle) => {
      shown.push(bundle);
      return Promise.resolve();
    },
  };
}

Deno.test("displayTable() sends an HTML table with a plain-text fallback", async () => {
  const { shown, display } = collector();
  await displayTable([{ country: "<NL>", events: 5 }], { display });
  assert.equal(shown.length, 1);
  assert.ok(String(shown[0]["text/html"]).includes("<td>&lt;NL&gt;</td>"));
  assert.ok(String(shown[0]["text/plain"]).includes("<NL>"));
});

Deno.test("displayChart() sends both the vega-lite spec and the SVG", async () => {
  const { shown, display } = collector();
  await displayChart({
    data: { values: [{ x: 1 }] },
    mark: "point",
    encoding: { x: { field: "x", type: "quantitative" } },
  }, { display });
  assert.ok(VEGALITE_MIME in shown[0]);
  assert.ok(String(shown[0]["image/svg+xml"]).startsWith("<svg"));
});

Deno.test("displayHtml() sends the fragment and refuses plain strings", async () => {
  const { shown, display } = collector();
  await displayHtml(html`<p>${"<b>"}</p>`, { display });
  assert.equal(shown[0]["text/html"], "<p>&lt;b&gt;</p>");
  await assert.rejects(
    () => displayHtml("<p>x</p>" as never, { display }),
    new TypeError(
      "displayHtml() takes an HtmlFragment from html`…`: got string",
    ),
  );
});

Deno.test("displayBundle() outside the Deno kernel says where it works", async () => {
  await assert.rejects(
    () => displayBundle({ "text/plain": "x" }),
    (error: Error) =>
      error.message.startsWith(
        "Deno.jupyter is not available: display functions run inside the Deno Jupyter kernel",
      ),
  );
});
