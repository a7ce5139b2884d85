/**
 * A vega-lite chart of the realism table: each property's measurement
 * placed within its published band.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { RealismRow } from "./measure_realism_file.ts";

/**
 * Each numeric property as a point on its band (0 = the band's low edge,
 * 1 = its high edge; the band is shaded), green within and red outside.
 *
 * @param rows The realism table (rows without a numeric band are left out).
 * @returns A vega-lite spec.
 */
export function realismChart(rows: readonly RealismRow[]): TopLevelSpec {
  const values = rows
    .filter((r) => Number.isFinite(r.position))
    .map((r) => ({
      property: r.property,
      measured: r.measured,
      band: r.band,
      position: Math.max(-0.5, Math.min(1.5, r.position!)),
      within: r.within ? "within the band" : "outside",
    }));
  const y = { field: "property", type: "nominal", sort: null, title: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "Each property within its published band",
    width: 320,
    height: { step: 18 },
    data: { values },
    layer: [
      {
        mark: { type: "rect", color: "#e8efe8" },
        encoding: { y, x: { datum: 0 }, x2: { datum: 1 } },
      },
      {
        mark: { type: "point", filled: true, size: 70, tooltip: true },
        encoding: {
          y,
          x: {
            field: "position",
            type: "quantitative",
            scale: { domain: [-0.5, 1.5] },
            title: "position in the band (0 = low edge, 1 = high edge)",
          },
          color: {
            field: "within",
            type: "nominal",
            scale: {
              domain: ["within the band", "outside"],
              range: ["#2e7d32", "#c62828"],
            },
            title: null,
          },
          tooltip: [
            { field: "property" },
            { field: "measured" },
            { field: "band" },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
