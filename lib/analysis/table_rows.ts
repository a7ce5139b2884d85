/**
 * Result tables as plain row objects, as written to the JSON files.
 *
 * @module
 */
import type { AnalysisTables } from "./assemble_tables.ts";
import { TABLE_NAMES, type TableRows } from "./result_tables.ts";

/**
 * Converts every table DataFrame to an array of row objects whose keys are
 * exactly the table's columns (nulls stay `null`).
 *
 * @param tables The tables of an analysis (`analyzeOnce()`,
 *   `startAnalysis().tables()`).
 * @returns Rows per table.
 */
export function tableRows(tables: AnalysisTables): TableRows {
  const rows = {} as Record<string, unknown[]>;
  for (const name of TABLE_NAMES) rows[name] = tables[name].toRecords();
  return rows as unknown as TableRows;
}
