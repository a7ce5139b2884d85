/**
 * An output directory of result tables with its `_status.json` (state,
 * batch, records read, when). A live run writes the tables in place after
 * every batch; a staged (`--once`) run writes them into a hidden staging
 * directory inside it and moves them in only when the run completed, so a
 * run that fails or is interrupted leaves the previous tables untouched.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomically } from "../engine/mod.ts";
import { prepareOutDir, writeTableJson } from "./table_files.ts";
import type { TableName } from "./result_tables.ts";

/** Name of the status file in a result directory. */
export const STATUS_FILE = "_status.json";

/** What `_status.json` says. */
export interface ResultStatus {
  /** `running` (tables as of `batchId`, more to come), `complete` or `failed`. */
  state: "running" | "complete" | "failed";
  /** The last batch the tables include (-1: none). */
  batchId: number;
  /** Records read by the run that wrote the tables. */
  recordsRead: number;
  /** When the run started (ISO 8601, UTC). */
  startedAt: string;
  /** When this status was written (ISO 8601, UTC). */
  updatedAt: string;
  /** Why the run failed (`failed` only). */
  error?: string;
}

/** Options of {@linkcode ResultDirectory}. */
export interface ResultDirectoryOptions {
  /**
   * Write into a staging directory and move the tables in only on
   * {@linkcode ResultDirectory.complete}. Default `false` (in place).
   */
  staged?: boolean;
}

const STAGING_PREFIX = ".staging-";

/**
 * Reads a result directory's status.
 *
 * @param dir The output directory.
 * @returns The status, or `undefined` when there is none.
 */
export function readResultStatus(dir: string): ResultStatus | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(join(dir, STATUS_FILE)));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function writeStatus(dir: string, status: ResultStatus): void {
  writeFileAtomically(
    join(dir, STATUS_FILE),
    `${JSON.stringify(status, null, 2)}\n`,
  );
}

/** The result directory of one run. */
export class ResultDirectory {
  /** The output directory readers look at. */
  readonly dir: string;
  /** Where this run writes its tables (the staging directory, if staged). */
  readonly writeDir: string;
  #staged: boolean;
  #startedAt = new Date().toISOString();
  #written = new Set<TableName>();
  #batchId = -1;
  #recordsRead = 0;

  /**
   * Creates the directory (and the staging directory) and checks it can
   * be written; removes staging directories left by killed runs.
   *
   * @param dir The output directory.
   * @param options Staged or in place.
   * @throws {Deno.errors.PermissionDenied} (or another I/O error) naming
   *   the directory when it cannot be written.
   */
  constructor(dir: string, options: ResultDirectoryOptions = {}) {
    this.dir = dir;
    this.#staged = options.staged ?? false;
    prepareOutDir(dir);
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory && entry.name.startsWith(STAGING_PREFIX)) {
        Deno.removeSync(join(dir, entry.name), { recursive: true });
      }
    }
    this.writeDir = this.#staged
      ? join(dir, `${STAGING_PREFIX}${crypto.randomUUID()}`)
      : dir;
    if (this.#staged) Deno.mkdirSync(this.writeDir);
    else this.#status("running");
  }

  /**
   * Writes tables (atomically each).
   *
   * @param json JSON text per changed table.
   */
  write(json: Partial<Record<TableName, string>>): void {
    writeTableJson(this.writeDir, json);
    for (const name of Object.keys(json)) this.#written.add(name as TableName);
  }

  /**
   * Writes only the tables whose file the output directory lacks (a run
   * that computed nothing yet never replaces tables it did not compute).
   *
   * @param json JSON text per table.
   */
  writeMissing(json: Partial<Record<TableName, string>>): void {
    const missing: Partial<Record<TableName, string>> = {};
    for (const [name, text] of Object.entries(json) as [TableName, string][]) {
      try {
        Deno.statSync(join(this.dir, `${name}.json`));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        missing[name] = text;
      }
    }
    this.write(missing);
  }

  /**
   * Records a finished batch; in place, the status says `running` with it.
   *
   * @param batchId The batch the tables now include.
   * @param recordsRead Records read so far.
   */
  progress(batchId: number, recordsRead: number): void {
    this.#batchId = batchId;
    this.#recordsRead = recordsRead;
    if (!this.#staged) this.#status("running");
  }

  /**
   * The run completed: a staged run's tables replace the directory's (each
   * file atomically, the status last); the status says `complete`.
   */
  complete(): void {
    this.#moveIn();
    this.#status("complete");
  }

  /**
   * The run completed without computing anything (it read no record and
   * resumed no checkpoint): a staged run moves in only the tables the
   * directory lacked; the status of the tables there is left as it is
   * (written only when there was none).
   */
  keep(): void {
    const hadStatus = readResultStatus(this.dir) !== undefined;
    this.#moveIn();
    if (!hadStatus) this.#status("complete");
  }

  /**
   * The run failed or was interrupted: a staged run's tables are thrown
   * away (the directory keeps the previous ones and their status); in
   * place, the status says `failed`.
   *
   * @param error Why.
   */
  fail(error: unknown): void {
    if (this.#staged) {
      Deno.removeSync(this.writeDir, { recursive: true });
      return;
    }
    this.#status(
      "failed",
      error instanceof Error ? error.message : String(error),
    );
  }

  /** A staged run's tables replace the directory's, each atomically. */
  #moveIn(): void {
    if (!this.#staged) return;
    for (const name of this.#written) {
      Deno.renameSync(
        join(this.writeDir, `${name}.json`),
        join(this.dir, `${name}.json`),
      );
    }
    Deno.removeSync(this.writeDir, { recursive: true });
  }

  #status(state: ResultStatus["state"], error?: string): void {
    writeStatus(this.dir, {
      state,
      batchId: this.#batchId,
      recordsRead: this.#recordsRead,
      startedAt: this.#startedAt,
      updatedAt: new Date().toISOString(),
      ...(error === undefined ? {} : { error }),
    });
  }
}
