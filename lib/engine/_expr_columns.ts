/**
 * Which columns a polars expression reads, from its JSON serialisation.
 *
 * @module
 */
import type pl from "nodejs-polars";

/** The columns an expression reads; `"*"` when it selects by pattern. */
export type ReferencedColumns = Set<string> | "*";

/**
 * Lists the column names an expression refers to.
 *
 * @param expr A polars expression.
 * @returns The names, or `"*"` for wildcards, regexes, dtype and index
 *   selectors (the engine then cannot narrow the columns it decodes).
 */
export function referencedColumns(expr: pl.Expr): ReferencedColumns {
  const names = new Set<string>();
  let wildcard = false;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "Column" && typeof value === "string") {
        if (value.startsWith("^") && value.endsWith("$")) wildcard = true;
        else names.add(value);
      } else if (key === "Selector") {
        const byName = (value as { ByName?: { names?: string[] } })?.ByName;
        if (byName?.names) byName.names.forEach((name) => names.add(name));
        else wildcard = true;
      } else {
        visit(value);
      }
    }
  };
  visit(JSON.parse(expr.toJSON()));
  return wildcard ? "*" : names;
}
