/**
 * How a table cell's value is written: numbers with thousands separators
 * and a bounded number of decimals, dates as ISO-8601 UTC, nothing for
 * null.
 *
 * @module
 */

/** Options of {@linkcode formatCell}. */
export interface FormatCellOptions {
  /** Most decimals shown for non-integers. Default 2. */
  fractionDigits?: number;
}

const formats = new Map<number, Intl.NumberFormat>();

function numberFormat(fractionDigits: number): Intl.NumberFormat {
  let format = formats.get(fractionDigits);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      maximumFractionDigits: fractionDigits,
    });
    formats.set(fractionDigits, format);
  }
  return format;
}

/**
 * Formats one value for display as plain text (escape it before putting it
 * in HTML). The same value always gives the same text, whatever the
 * machine's locale.
 *
 * @param value A cell value.
 * @param options Decimals.
 * @returns The text: `""` for `null`/`undefined`, `1,234` or `12.35` for
 *   numbers, ISO-8601 for dates, `String(value)` otherwise.
 * @throws {RangeError} When `fractionDigits` is not an integer in 0–20.
 */
export function formatCell(
  value: unknown,
  options: FormatCellOptions = {},
): string {
  const { fractionDigits = 2 } = options;
  if (
    !Number.isInteger(fractionDigits) || fractionDigits < 0 ||
    fractionDigits > 20
  ) {
    throw new RangeError(
      `fractionDigits must be an integer from 0 to 20: got ${fractionDigits}`,
    );
  }
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    return Number.isFinite(value)
      ? numberFormat(fractionDigits).format(value)
      : String(value);
  }
  if (typeof value === "bigint") return numberFormat(0).format(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
