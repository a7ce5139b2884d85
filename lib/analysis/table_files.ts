/**
 * The JSON files of the result tables: one `<table>.json` per table in an
 * output directory, each an array of row objects,
 * replaced atomically (temporary file + rename) so readers never see a
 * half-written table.
 *
 * @module
 */
import { join } from "node:path";
import { writeFileAtomically } from "../engine/mod.ts";
import {
  TABLE_NAMES,
  type TableName,
  type TableRows,
} from "./result_tables.ts";

/**
 * Creates the output directory if needed and checks that files can be
 * written there, before any work starts.
 *
 * @param dir The output directory.
 * @throws {Deno.errors.PermissionDenied} Or another `Deno.errors` error,
 *   with a message naming the directory, when it cannot be written.
 */
export function prepareOutDir(dir: string): void {
  try {
    Deno.mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-test-${crypto.randomUUID()}`);
    Deno.writeTextFileSync(probe, "");
    Deno.removeSync(probe);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const Ctor = error instanceof Error
      ? error.constructor as new (message: string) => Error
      : Error;
    throw new Ctor(`cannot write result tables to ${dir}: ${reason}`);
  }
}

/**
 * Writes already serialised tables to `<dir>/<table>.json`, each
 * atomically.
 *
 * @param dir The output directory (must exist).
 * @param json JSON text per table (others are left alone).
 */
export function writeTableJson(
  dir: string,
  json: Partial<Record<TableName, string>>,
): void {
  for (const name of TABLE_NAMES) {
    const text = json[name];
    if (text === undefined) continue;
    writeFileAtomically(
      join(dir, `${name}.json`),
      text.endsWith("\n") ? text : `${text}\n`,
    );
  }
}

/**
 * Reads the tables of an output directory.
 *
 * @param dir The output directory.
 * @returns Rows per table.
 * @throws {Deno.errors.NotFound} When a table file is missing.
 */
export function readTableFiles(dir: string): TableRows {
  const rows = {} as Record<string, unknown>;
  for (const name of TABLE_NAMES) {
    rows[name] = JSON.parse(
      Deno.readTextFileSync(join(dir, `${name}.json`)),
    );
  }
  return rows as unknown as TableRows;
}
