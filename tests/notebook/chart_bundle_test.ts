import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import {
  chartBundle,
  VEGALITE_MIME,
  VEGALITE_SCHEMA,
} from "../../lib/notebook/mod.ts";
import { renderSvg } from "../../lib/charts/mod.ts";

const spec: TopLevelSpec = {
  title: "Plays <per> song",
  data: {
    values: [
      { song: "<script>alert(1)</script>", plays: 3 },
      { song: "B&B", plays: 5 },
    ],
  },
  mark: "bar",
  encoding: {
    x: { field: "song", type: "nominal" },
    y: { field: "plays", type: "quantitative" },
    color: { field: "plays", type: "quantitative" },
  },
};

Deno.test("chartBundle() carries the vega-lite v5 spec, its SVG and a text line", async () => {
  const bundle = await chartBundle(spec, { idPrefix: "c1" });
  assert.deepEqual(
    Object.keys(bundle).sort(),
    [
      VEGALITE_MIME,
      "image/svg+xml",
      "text/plain",
    ].sort(),
  );
  const vegaLite = bundle[VEGALITE_MIME] as Record<string, unknown>;
  assert.equal(vegaLite.$schema, VEGALITE_SCHEMA);
  assert.deepEqual(vegaLite.data, spec.data);
  assert.equal(bundle["text/plain"], "[chart: Plays <per> song]");
});

Deno.test("chartBundle() SVG has one mark per row and escapes data text", async () => {
  const svg = (await chartBundle(spec))["image/svg+xml"] as string;
  assert.ok(svg.startsWith("<svg"));
  const marks = svg.match(/aria-roledescription="bar"/g) ?? [];
  assert.equal(marks.length, 2);
  assert.ok(!svg.includes("<script"));
  assert.ok(svg.includes("&lt;script&gt;"));
});

Deno.test("chartBundle() prefixes SVG ids and their references", async () => {
  const svg = (await chartBundle(spec, { idPrefix: "c9" }))[
    "image/svg+xml"
  ] as string;
  const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(ids.length > 0, "the gradient legend defines an id");
  assert.ok(ids.every((id) => id.startsWith("c9-")));
  for (const ref of svg.matchAll(/url\(#([^)]+)\)/g)) {
    assert.ok(ids.includes(ref[1]), `reference ${ref[1]} resolves`);
  }
});

Deno.test("renderSvg() rejects a spec that is not an object", async () => {
  await assert.rejects(
    () => renderSvg(null as unknown as TopLevelSpec),
    new TypeError("spec must be a vega-lite spec object: got null"),
  );
});
