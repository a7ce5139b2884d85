/**
 * Errors of the Jupyter tooling that callers catch: the environment could
 * not be set up, or a notebook failed while executing.
 *
 * @module
 */

/** The Python venv, Jupyter or the Deno kernel could not be installed. */
export class JupyterSetupError extends Error {
  /** Creates the error. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JupyterSetupError";
  }
}

/** Fields of a {@linkcode NotebookExecutionError}. */
export interface NotebookFailure {
  /** The notebook file. */
  notebook: string;
  /** The id of the cell that failed, when known. */
  cellId?: string;
  /** The error's class name, e.g. `TypeError`. */
  ename: string;
  /** The error's message. */
  evalue: string;
  /** The traceback as plain text (no ANSI colours). */
  traceback: string;
  /** The HTML written despite the failure (shows the error), if any. */
  htmlPath?: string;
}

/** A notebook cell raised an error (or timed out) during execution. */
export class NotebookExecutionError extends Error {
  /** The notebook file. */
  readonly notebook: string;
  /** The id of the cell that failed, when known. */
  readonly cellId?: string;
  /** The error's class name. */
  readonly ename: string;
  /** The error's message. */
  readonly evalue: string;
  /** The traceback as plain text. */
  readonly traceback: string;
  /** The HTML written despite the failure, if any. */
  readonly htmlPath?: string;

  /** Creates the error from what the executor reported. */
  constructor(failure: NotebookFailure) {
    const where = failure.cellId ? ` in cell "${failure.cellId}"` : "";
    super(
      `${failure.notebook} failed${where}: ${failure.ename}: ${failure.evalue}`,
    );
    this.name = "NotebookExecutionError";
    this.notebook = failure.notebook;
    this.cellId = failure.cellId;
    this.ename = failure.ename;
    this.evalue = failure.evalue;
    this.traceback = failure.traceback;
    this.htmlPath = failure.htmlPath;
  }
}
