/**
 * Executing a notebook headless (nbclient with Deno's kernel) and exporting
 * it as a self-contained HTML report (nbconvert with this project's
 * `wrapped_report` template: no external scripts, styles or fonts, a
 * Content-Security-Policy forbidding scripts, charts inlined as SVG).
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { runCommand, tail } from "./_command.ts";
import { JupyterSetupError, NotebookExecutionError } from "./errors.ts";
import type { JupyterEnvironment } from "./jupyter_environment.ts";

const EXECUTOR = fromFileUrl(
  new URL("./_execute_notebook.py", import.meta.url),
);
/** The folder holding the nbconvert templates of the reports. */
export const TEMPLATES_DIR: string = fromFileUrl(
  new URL("./templates", import.meta.url),
);
const CELL_FAILED = 3;

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Where the HTML report goes. Required. */
  htmlPath: string;
  /** Where the executed notebook (with outputs) goes. Default: not kept. */
  executedPath?: string;
  /** Extra environment for the kernel, e.g. notebook parameters
   * (`WRAPPED_NB_USERS`). */
  env?: Record<string, string>;
  /** Longest time one cell may run, in seconds. Default 600. */
  cellTimeoutSeconds?: number;
  /** The kernel's working directory. Default: the notebook's folder. */
  cwd?: string;
  /**
   * Show the code cells as they are (`deno task report --with-code`).
   * Default `false`: code folded behind a "Show code" toggle, and a table
   * of contents.
   */
  withCode?: boolean;
}

/** What an executed notebook produced. */
export interface ExecutedNotebook {
  /** The notebook file. */
  notebook: string;
  /** The HTML report written. */
  htmlPath: string;
  /** The executed notebook written, if asked for. */
  executedPath?: string;
  /** Number of cells. */
  cells: number;
  /** Execution time in seconds (kernel start to last cell). */
  seconds: number;
  /** Displays the notebook made through `lib/notebook` (logged by the
   * kernel). */
  displays: number;
  /** How many of those the kernel published but nbclient did not receive,
   * put back from the display log (see `lib/notebook/kernel_display.ts`). */
  restoredOutputs: number;
}

/**
 * Runs every cell of a notebook in a fresh Deno kernel, then writes the
 * HTML report (and the executed notebook when asked). The report is
 * written even when a cell fails, showing the error.
 *
 * @param jupyter From `ensureJupyter()`.
 * @param notebook Path of the `.ipynb` file.
 * @param options Output paths, kernel environment, timeout.
 * @returns What was produced.
 * @throws {NotebookExecutionError} When a cell raises or times out.
 * @throws {JupyterSetupError} When the executor itself fails (e.g. the
 *   kernel does not start).
 */
export async function executeNotebook(
  jupyter: JupyterEnvironment,
  notebook: string,
  options: ExecuteNotebookOptions,
): Promise<ExecutedNotebook> {
  if (!options?.htmlPath) {
    throw new TypeError("options.htmlPath is required: got none");
  }
  const { cellTimeoutSeconds = 600 } = options;
  if (!Number.isInteger(cellTimeoutSeconds) || cellTimeoutSeconds <= 0) {
    throw new RangeError(
      `cellTimeoutSeconds must be a positive integer: got ${cellTimeoutSeconds}`,
    );
  }
  const notebookPath = resolve(notebook);
  await Deno.stat(notebookPath);
  const htmlPath = resolve(options.htmlPath);
  const executedPath = options.executedPath && resolve(options.executedPath);
  await Deno.mkdir(dirname(htmlPath), { recursive: true });
  if (executedPath) {
    await Deno.mkdir(dirname(executedPath), { recursive: true });
  }
  const args = [
    EXECUTOR,
    notebookPath,
    "--html",
    htmlPath,
    "--cwd",
    options.cwd ?? dirname(notebookPath),
    "--kernel",
    jupyter.kernelName,
    "--timeout",
    String(cellTimeoutSeconds),
    "--template-dir",
    TEMPLATES_DIR,
    ...(executedPath ? ["--executed", executedPath] : []),
    ...(options.withCode ? ["--with-code"] : []),
  ];
  const result = await runCommand(jupyter.python, args, {
    env: { ...jupyter.env, ...options.env },
  });
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  let report: Record<string, unknown> | undefined;
  try {
    report = JSON.parse(line);
  } catch {
    report = undefined;
  }
  if (result.code === CELL_FAILED && report && report.ok === false) {
    throw new NotebookExecutionError({
      notebook: basename(notebookPath),
      cellId: (report.cell_id as string | null) ?? undefined,
      ename: String(report.ename),
      evalue: String(report.evalue),
      traceback: String(report.traceback),
      htmlPath,
    });
  }
  if (result.code !== 0 || !report || report.ok !== true) {
    throw new JupyterSetupError(
      `executing ${basename(notebookPath)} failed (exit ${result.code}):\n${
        tail(result.stderr + result.stdout)
      }`,
    );
  }
  return {
    notebook: notebookPath,
    htmlPath,
    executedPath,
    cells: Number(report.cells),
    seconds: Number(report.seconds),
    displays: Number(report.displays),
    restoredOutputs: Number(report.restored),
  };
}
