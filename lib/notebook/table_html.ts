/**
 * Rows of objects as an HTML table (for notebooks and reports) and as a
 * plain-text table (the `text/plain` fallback), with every data value
 * escaped.
 *
 * @module
 */
import Table from "cli-table3";
import { escapeHtml } from "./escape_html.ts";
import { formatCell } from "./format_cell.ts";

/** A table row: column name to value. */
export type TableRow = Readonly<Record<string, unknown>>;

/** Options of {@linkcode tableHtml} and {@linkcode tableText}. */
export interface TableHtmlOptions {
  /** Columns to show, in order. Default: the keys of all rows, in the
   * order first seen. */
  columns?: readonly string[];
  /** Header text per column. Default: the column name. */
  labels?: Readonly<Record<string, string>>;
  /** A caption above the table (text, escaped). Default none. */
  caption?: string;
  /** Rows shown; a note counts the rest. Default 50. */
  maxRows?: number;
  /** Most decimals shown for non-integer numbers. Default 2. */
  fractionDigits?: number;
  /** Per-column formatter returning plain text (escaped afterwards).
   * Default {@linkcode formatCell}. */
  formats?: Readonly<Record<string, (value: unknown) => string>>;
}

interface Prepared {
  columns: string[];
  header: string[];
  body: { text: string; numeric: boolean }[][];
  hidden: number;
}

function prepare(
  rows: readonly TableRow[],
  options: TableHtmlOptions,
): Prepared {
  if (!Array.isArray(rows)) {
    throw new TypeError(`rows must be an array: got ${typeof rows}`);
  }
  const { maxRows = 50, fractionDigits = 2, formats = {}, labels = {} } =
    options;
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    throw new RangeError(
      `maxRows must be a non-negative integer: got ${maxRows}`,
    );
  }
  const columns = options.columns ? [...options.columns] : [];
  if (!options.columns) {
    const seen = new Set<string>();
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!seen.has(key)) seen.add(key), columns.push(key);
      }
    }
  }
  const shown = rows.slice(0, maxRows);
  const body = shown.map((row) =>
    columns.map((column) => {
      const value = row[column];
      const format = formats[column];
      return {
        text: format ? format(value) : formatCell(value, { fractionDigits }),
        numeric: typeof value === "number" || typeof value === "bigint",
      };
    })
  );
  return {
    columns,
    header: columns.map((column) => labels[column] ?? column),
    body,
    hidden: rows.length - shown.length,
  };
}

/**
 * Renders rows as an HTML `<table class="wrapped-table">`: a header row,
 * numbers right-aligned, every value (and header, caption) escaped, and a
 * note counting rows beyond `maxRows`.
 *
 * @param rows The rows.
 * @param options Columns, labels, caption, row limit, number format.
 * @returns The HTML text.
 * @throws {TypeError} When `rows` is not an array.
 * @throws {RangeError} When `maxRows` or `fractionDigits` is out of range.
 *
 * @example
 * ```ts
 * tableHtml([{ country: "NL", events: 1234 }]);
 * // <table class="wrapped-table">…<td class="num">1,234</td>…</table>
 * ```
 */
export function tableHtml(
  rows: readonly TableRow[],
  options: TableHtmlOptions = {},
): string {
  const { header, body, hidden } = prepare(rows, options);
  const parts = ['<table class="wrapped-table">'];
  if (options.caption !== undefined) {
    parts.push(`<caption>${escapeHtml(options.caption)}</caption>`);
  }
  parts.push(
    "<thead><tr>",
    ...header.map((label) => `<th>${escapeHtml(label)}</th>`),
    "</tr></thead><tbody>",
  );
  for (const cells of body) {
    parts.push("<tr>");
    for (const cell of cells) {
      const attrs = cell.numeric ? ' class="num"' : "";
      parts.push(`<td${attrs}>${escapeHtml(cell.text)}</td>`);
    }
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  if (hidden > 0) {
    parts.push(
      `<p class="wrapped-table-note">… and ${formatCell(hidden)} more rows (${
        formatCell(rows.length)
      } in all)</p>`,
    );
  }
  if (rows.length === 0) {
    parts.push('<p class="wrapped-table-note">(no rows)</p>');
  }
  return parts.join("");
}

/**
 * Renders rows as a plain-text table (cli-table3, no colours): the
 * `text/plain` fallback of a displayed table.
 *
 * @param rows The rows.
 * @param options As for {@linkcode tableHtml}.
 * @returns The text.
 * @throws {TypeError} When `rows` is not an array.
 * @throws {RangeError} When `maxRows` or `fractionDigits` is out of range.
 */
export function tableText(
  rows: readonly TableRow[],
  options: TableHtmlOptions = {},
): string {
  const { header, body, hidden } = prepare(rows, options);
  const table = new Table({
    head: header,
    style: { head: [], border: [] },
    colAligns: body[0]?.map((cell) => cell.numeric ? "right" : "left"),
  });
  for (const cells of body) table.push(cells.map((cell) => cell.text));
  const lines = [];
  if (options.caption !== undefined) lines.push(options.caption);
  lines.push(table.toString());
  if (hidden > 0) {
    lines.push(`… and ${formatCell(hidden)} more rows`);
  }
  return lines.join("\n");
}
