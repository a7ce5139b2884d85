/**
 * A vega-lite chart as a Jupyter MIME bundle with two renderings of the same
 * spec: `application/vnd.vegalite.v5+json` (interactive in JupyterLab, whose
 * vega extension renders vega-lite v5) and `image/svg+xml` rendered here,
 * headless (what nbconvert puts in the exported HTML report).
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { renderSvg } from "../charts/mod.ts";

/** The vega-lite MIME type JupyterLab 4 renders. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
/** The vega-lite schema the bundle's spec declares. */
export const VEGALITE_SCHEMA =
  "https://vega.github.io/schema/vega-lite/v5.json";

/** A Jupyter MIME bundle: MIME type to data. */
export type MimeBundle = Record<string, unknown>;

/** Options of {@linkcode chartBundle}. */
export interface ChartBundleOptions {
  /** Prefix for the SVG's element ids (gradients, clip paths), so several
   * charts in one page do not share ids. Default: `chart-<n>` with a
   * counter per process. */
  idPrefix?: string;
}

let chartCount = 0;

function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/\bhref="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/**
 * Builds the MIME bundle of a chart: the vega-lite spec (declared as v5), its
 * SVG rendering, and a `text/plain` line naming it.
 *
 * @param spec A vega-lite spec with inline data; use only features that
 *   vega-lite 5 also has, since JupyterLab renders it with vega-lite 5.
 * @param options Id prefix of the SVG.
 * @returns `{ "application/vnd.vegalite.v5+json", "image/svg+xml",
 *   "text/plain" }`.
 * @throws {TypeError} When `spec` is not an object.
 *
 * @example
 * ```ts
 * const bundle = await chartBundle({
 *   data: { values: [{ hour: 0, events: 12 }] },
 *   mark: "bar",
 *   encoding: { x: { field: "hour" }, y: { field: "events", type: "quantitative" } },
 * });
 * await Deno.jupyter.display(bundle, { raw: true });
 * ```
 */
export async function chartBundle(
  spec: TopLevelSpec,
  options: ChartBundleOptions = {},
): Promise<MimeBundle> {
  const svg = await renderSvg(spec);
  const idPrefix = options.idPrefix ?? `chart-${++chartCount}`;
  const title = typeof spec.title === "string"
    ? spec.title
    : (spec.title as { text?: unknown } | undefined)?.text ?? "chart";
  return {
    [VEGALITE_MIME]: { $schema: VEGALITE_SCHEMA, ...spec },
    "image/svg+xml": prefixIds(svg, idPrefix),
    "text/plain": `[chart: ${String(title)}]`,
  };
}
