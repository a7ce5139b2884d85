/**
 * The project's Jupyter: a pinned Python venv with JupyterLab, nbclient and
 * nbconvert, Deno's kernel installed into it, headless execution of
 * notebooks into self-contained HTML reports, and JupyterLab on loopback.
 *
 * @example Execute the notebooks into reports
 * ```ts
 * import { buildReports, ensureJupyter } from "./lib/jupyter/mod.ts";
 * const jupyter = await ensureJupyter();
 * const { indexPath } = await buildReports(jupyter, ["notebooks/01_generate.ipynb"], {
 *   outDir: "data/reports",
 * });
 * ```
 *
 * @module
 */
export {
  CONSTRAINTS_FILE,
  ensureJupyter,
  KERNEL_NAME,
  PROJECT_ROOT,
  REQUIREMENTS_FILE,
} from "./jupyter_environment.ts";
export type {
  EnsureJupyterOptions,
  JupyterEnvironment,
} from "./jupyter_environment.ts";
export { executeNotebook, TEMPLATES_DIR } from "./execute_notebook.ts";
export type {
  ExecutedNotebook,
  ExecuteNotebookOptions,
} from "./execute_notebook.ts";
export { buildReports, notebookTitle } from "./build_reports.ts";
export type {
  BuildReportsEvent,
  BuildReportsOptions,
  BuiltReports,
} from "./build_reports.ts";
export { reportIndexHtml, restoredOutputsNote } from "./report_index.ts";
export type { ReportEntry, ReportIndexOptions } from "./report_index.ts";
export { freePort, LAB_HOST, startJupyterLab } from "./jupyter_lab.ts";
export type { JupyterLab, StartJupyterLabOptions } from "./jupyter_lab.ts";
export { JupyterSetupError, NotebookExecutionError } from "./errors.ts";
export type { NotebookFailure } from "./errors.ts";
