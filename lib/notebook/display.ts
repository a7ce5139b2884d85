/**
 * Showing tables, charts and HTML in a Deno Jupyter notebook with explicit
 * MIME bundles (see `kernel_display.ts`), so outputs are formatted HTML/SVG
 * rather than the inspector's ANSI text.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { chartBundle, type MimeBundle } from "./chart_bundle.ts";
import type { ChartBundleOptions } from "./chart_bundle.ts";
import { HtmlFragment } from "./html_fragment.ts";
import { kernelDisplay } from "./kernel_display.ts";
import { tableHtml, tableText } from "./table_html.ts";
import type { TableHtmlOptions, TableRow } from "./table_html.ts";

/** Sends a MIME bundle to the notebook. */
export type DisplayFunction = (bundle: MimeBundle) => Promise<void>;

/** Options shared by the display functions. */
export interface DisplayOptions {
  /** Where bundles go. Default: the Deno kernel, numbered and logged
   * (`kernelDisplay`; only inside the kernel). Tests pass a collector. */
  display?: DisplayFunction;
}

/** Options of {@linkcode displayTable}. */
export interface DisplayTableOptions extends TableHtmlOptions, DisplayOptions {}

/** Options of {@linkcode displayChart}. */
export interface DisplayChartOptions
  extends ChartBundleOptions, DisplayOptions {}

/**
 * Displays a MIME bundle as it is.
 *
 * @param bundle MIME type to data, e.g. `{ "text/html": "<b>hi</b>" }`.
 * @param options Where to send it.
 * @returns When the kernel has taken the output.
 * @throws {Error} Outside the Deno kernel without `options.display`.
 */
export async function displayBundle(
  bundle: MimeBundle,
  options: DisplayOptions = {},
): Promise<void> {
  await (options.display ?? kernelDisplay)(bundle);
}

/**
 * Displays rows as a formatted HTML table (with a plain-text fallback);
 * every value is escaped.
 *
 * @param rows The rows (objects with the same keys).
 * @param options Columns, labels, caption, row limit, number format.
 * @returns When displayed.
 * @throws {TypeError} When `rows` is not an array.
 *
 * @example
 * ```ts
 * await displayTable(rows, { caption: "Top countries", maxRows: 10 });
 * ```
 */
export async function displayTable(
  rows: readonly object[],
  options: DisplayTableOptions = {},
): Promise<void> {
  // Any object is a row: its own enumerable properties are the cells.
  const table = rows as readonly TableRow[];
  await displayBundle({
    "text/html": tableHtml(table, options),
    "text/plain": tableText(table, options),
  }, options);
}

/**
 * Displays a vega-lite chart: interactive in JupyterLab, SVG in exported
 * HTML.
 *
 * @param spec A vega-lite spec with inline data.
 * @param options SVG id prefix; where to display.
 * @returns When displayed.
 * @throws {TypeError} When `spec` is not an object.
 */
export async function displayChart(
  spec: TopLevelSpec,
  options: DisplayChartOptions = {},
): Promise<void> {
  await displayBundle(await chartBundle(spec, options), options);
}

/**
 * Displays an HTML fragment built with the `html` tagged template (which
 * escapes interpolated data).
 *
 * @param fragment The fragment.
 * @param options Where to display.
 * @returns When displayed.
 * @throws {TypeError} When `fragment` is not an {@linkcode HtmlFragment}
 *   (plain strings are refused, so data is never inserted unescaped).
 */
export async function displayHtml(
  fragment: HtmlFragment,
  options: DisplayOptions = {},
): Promise<void> {
  if (!(fragment instanceof HtmlFragment)) {
    throw new TypeError(
      `displayHtml() takes an HtmlFragment from html\`…\`: got ${typeof fragment}`,
    );
  }
  const text = fragment.html.replace(/<[^>]*>/g, "");
  await displayBundle(
    { "text/html": fragment.html, "text/plain": text },
    options,
  );
}
