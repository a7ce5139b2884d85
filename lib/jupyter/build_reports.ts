/**
 * Executes notebooks headless into a reports folder: one HTML report per
 * notebook plus an `index.html` linking them.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import type { HtmlFragment } from "../notebook/mod.ts";
import { NotebookExecutionError } from "./errors.ts";
import { executeNotebook } from "./execute_notebook.ts";
import type { JupyterEnvironment } from "./jupyter_environment.ts";
import { type ReportEntry, reportIndexHtml } from "./report_index.ts";

/** Options of {@linkcode buildReports}. */
export interface BuildReportsOptions {
  /** The reports folder. Required. */
  outDir: string;
  /** Also keep each executed notebook (`<name>.ipynb`) in this folder.
   * Default: not kept. */
  executedDir?: string;
  /** Environment for the kernels (notebook parameters). Default none. */
  env?: Record<string, string>;
  /** Longest time one cell may run, in seconds. Default 600. */
  cellTimeoutSeconds?: number;
  /** Show code cells as they are instead of folded. Default `false`. */
  withCode?: boolean;
  /** Called before and after each notebook. Default: nothing. */
  onProgress?: (event: BuildReportsEvent) => void;
  /** Extra content for the index page. */
  indexExtra?: HtmlFragment;
  /** The command named on the index page. Default `"deno task report"`. */
  generatedBy?: string;
}

/** Progress of {@linkcode buildReports}. */
export type BuildReportsEvent =
  | { type: "start"; notebook: string; index: number; total: number }
  | { type: "end"; entry: ReportEntry; index: number; total: number };

/** What {@linkcode buildReports} produced. */
export interface BuiltReports {
  /** One entry per notebook, in order. */
  entries: ReportEntry[];
  /** The index page. */
  indexPath: string;
  /** Whether every notebook ran without error. */
  ok: boolean;
}

/**
 * The title of a notebook: `metadata.title`, else its first Markdown
 * heading, else its file name.
 *
 * @param notebook Path of the `.ipynb` file.
 * @returns The title.
 */
export async function notebookTitle(notebook: string): Promise<string> {
  const nb = JSON.parse(await Deno.readTextFile(notebook));
  if (typeof nb.metadata?.title === "string") return nb.metadata.title;
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== "markdown") continue;
    const source = Array.isArray(cell.source)
      ? cell.source.join("")
      : String(cell.source);
    const heading = source.match(/^#+\s+(.+)$/m);
    if (heading) return heading[1].trim();
  }
  return basename(notebook);
}

/**
 * Executes each notebook in turn (a failing notebook is recorded and the
 * next one still runs), writes `<outDir>/<name>.html` for each and
 * `<outDir>/index.html` linking them.
 *
 * @param jupyter From `ensureJupyter()`.
 * @param notebooks Paths of the `.ipynb` files, in order.
 * @param options Output folder, kernel environment, progress callback.
 * @returns The entries, the index path and whether all succeeded.
 * @throws {JupyterSetupError} When the executor itself fails.
 */
export async function buildReports(
  jupyter: JupyterEnvironment,
  notebooks: readonly string[],
  options: BuildReportsOptions,
): Promise<BuiltReports> {
  if (!options?.outDir) {
    throw new TypeError("options.outDir is required: got none");
  }
  const outDir = resolve(options.outDir);
  await Deno.mkdir(outDir, { recursive: true });
  const entries: ReportEntry[] = [];
  for (const [index, notebook] of notebooks.entries()) {
    const total = notebooks.length;
    options.onProgress?.({ type: "start", notebook, index, total });
    const name = basename(notebook).replace(/\.ipynb$/, "");
    const htmlFile = `${name}.html`;
    const started = performance.now();
    const entry: ReportEntry = {
      title: await notebookTitle(notebook),
      notebook: basename(notebook),
      htmlFile,
      ok: true,
      seconds: 0,
    };
    try {
      const result = await executeNotebook(jupyter, notebook, {
        htmlPath: join(outDir, htmlFile),
        executedPath: options.executedDir &&
          join(options.executedDir, `${name}.ipynb`),
        env: options.env,
        cellTimeoutSeconds: options.cellTimeoutSeconds,
        withCode: options.withCode,
      });
      entry.seconds = result.seconds;
      entry.restoredOutputs = result.restoredOutputs;
    } catch (error) {
      if (!(error instanceof NotebookExecutionError)) throw error;
      entry.ok = false;
      entry.error = error.message;
      entry.seconds = (performance.now() - started) / 1000;
    }
    entries.push(entry);
    options.onProgress?.({ type: "end", entry, index, total });
  }
  const indexPath = join(outDir, "index.html");
  await Deno.writeTextFile(
    indexPath,
    reportIndexHtml(entries, {
      extra: options.indexExtra,
      generatedBy: options.generatedBy,
    }),
  );
  return { entries, indexPath, ok: entries.every((entry) => entry.ok) };
}
