/**
 * Display helpers for the Deno Jupyter notebooks: escaped HTML tables,
 * vega-lite charts shown both interactively (JupyterLab) and as SVG
 * (exported HTML reports), HTML fragments with escaped data, and notebook
 * parameters from the environment.
 *
 * @example In a notebook cell
 * ```ts
 * import { displayChart, displayTable, html, displayHtml } from "../lib/notebook/mod.ts";
 * await displayTable(rows, { caption: "Top countries" });
 * await displayChart({ data: { values: rows }, mark: "bar", encoding: { … } });
 * await displayHtml(html`<p>The top song is <b>${song}</b>.</p>`);
 * ```
 *
 * @module
 */
export { escapeHtml } from "./escape_html.ts";
export { html, HtmlFragment } from "./html_fragment.ts";
export { formatCell } from "./format_cell.ts";
export type { FormatCellOptions } from "./format_cell.ts";
export { tableHtml, tableText } from "./table_html.ts";
export type { TableHtmlOptions, TableRow } from "./table_html.ts";
export { chartBundle, VEGALITE_MIME, VEGALITE_SCHEMA } from "./chart_bundle.ts";
export type { ChartBundleOptions, MimeBundle } from "./chart_bundle.ts";
export {
  displayBundle,
  displayChart,
  displayHtml,
  displayTable,
} from "./display.ts";
export type {
  DisplayChartOptions,
  DisplayFunction,
  DisplayOptions,
  DisplayTableOptions,
} from "./display.ts";
export {
  DISPLAY_LOG_ENV,
  DISPLAY_SEQ_KEY,
  kernelDisplay,
} from "./kernel_display.ts";
export {
  notebookParameters,
  PARAMETER_ENV_PREFIX,
  parameterEnvName,
  parameterRows,
} from "./notebook_parameters.ts";
export type {
  NotebookParametersOptions,
  ParameterValue,
} from "./notebook_parameters.ts";
export {
  countRecords,
  datasetOnTopic,
  ensureDataset,
  replayDataset,
} from "./replay_dataset.ts";
export type {
  DatasetOnTopicOptions,
  DatasetOnTopicResult,
  EnsureDatasetOptions,
  EnsureDatasetResult,
  ReplayDatasetOptions,
  ReplayDatasetResult,
} from "./replay_dataset.ts";
