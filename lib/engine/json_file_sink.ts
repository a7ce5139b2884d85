/**
 * Writes a query's result table to a JSON file (an array of row objects),
 * rewritten atomically (temporary file + rename) after every batch.
 *
 * @module
 */
import type pl from "nodejs-polars";
import { dirname } from "node:path";
import type { Sink, SinkBatch } from "./sink.ts";

/** Options of {@linkcode jsonFileSink}. */
export interface JsonFileSinkOptions {
  /**
   * Turns the result table into what the file holds, e.g.
   * `(df) => topN(df, {...})`. Default: the table as is.
   */
  view?: (table: pl.DataFrame) => pl.DataFrame;
  /** Indentation of the JSON. Default 2. */
  indent?: number;
}

/** Rows of a DataFrame as JSON text (Int64 values as numbers). */
export function rowsToJson(df: pl.DataFrame, indent = 2): string {
  return JSON.stringify(df.toRecords(), null, indent) + "\n";
}

/**
 * Writes text to `path` atomically: a temporary file in the same
 * directory, then a rename.
 *
 * @param path Destination.
 * @param text Content.
 */
export function writeFileAtomically(path: string, text: string): void {
  Deno.mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  Deno.writeTextFileSync(temp, text);
  Deno.renameSync(temp, path);
}

/**
 * Creates a JSON-file sink. The file exists (possibly `[]`) as soon as the
 * stream starts, and always holds a complete result table.
 *
 * @param path The file to write.
 * @param options A view of the table, indentation.
 * @returns The sink.
 * @throws {TypeError} When `path` is empty.
 */
export function jsonFileSink(
  path: string,
  options: JsonFileSinkOptions = {},
): Sink {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `jsonFileSink() needs a file path: got ${JSON.stringify(path)}`,
    );
  }
  const { view = (df) => df, indent = 2 } = options;
  const save = (table: pl.DataFrame) =>
    writeFileAtomically(path, rowsToJson(view(table), indent));
  return {
    open(_query, table) {
      save(table);
    },
    write(batch: SinkBatch) {
      save(batch.table());
    },
  };
}
