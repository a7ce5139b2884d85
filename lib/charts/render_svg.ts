/**
 * Renders a vega-lite chart to an SVG string without a browser or canvas
 * (vega's headless renderer); text from the data is XML-escaped by vega.
 *
 * @module
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

/**
 * Compiles a vega-lite spec and renders it to SVG.
 *
 * @param spec A vega-lite top-level spec (e.g. from {@linkcode tableChart}).
 * @returns The SVG document as a string.
 * @throws {TypeError} When `spec` is not an object or vega-lite cannot
 *   compile it.
 *
 * @example
 * ```ts
 * const svg = await renderSvg(tableChart("night_top10", rows.night_top10));
 * await Deno.writeTextFile("night.svg", svg);
 * ```
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`spec must be a vega-lite spec object: got ${spec}`);
  }
  let compiled;
  try {
    compiled = vl.compile(spec).spec;
  } catch (error) {
    throw new TypeError(
      `vega-lite cannot compile the chart: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
