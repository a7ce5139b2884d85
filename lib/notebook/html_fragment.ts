/**
 * A tagged template for HTML that escapes every interpolated value unless
 * it is itself an {@linkcode HtmlFragment}: trusted markup is written in
 * the template, data goes in `${…}`.
 *
 * @module
 */
import { escapeHtml } from "./escape_html.ts";

/** A piece of HTML that is already safe to insert as markup. */
export class HtmlFragment {
  /** The markup. */
  readonly html: string;
  /**
   * Wraps markup that is known to be safe. Prefer {@linkcode html}, which
   * escapes what it interpolates.
   *
   * @param markup Trusted HTML.
   */
  constructor(markup: string) {
    this.html = markup;
  }
  /** Returns the markup. */
  toString(): string {
    return this.html;
  }
}

function interpolate(value: unknown): string {
  if (value instanceof HtmlFragment) return value.html;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(value);
}

/**
 * Builds an {@linkcode HtmlFragment}: the literal parts are kept as markup;
 * interpolated values are escaped, except fragments (kept) and arrays
 * (each element interpolated, then joined). `null`, `undefined` and `false`
 * interpolate to nothing.
 *
 * @returns The fragment.
 *
 * @example Data is escaped, markup is not
 * ```ts
 * const song = "<script>alert(1)</script>";
 * html`<p>Top song: <b>${song}</b></p>`.html;
 * // "<p>Top song: <b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>"
 * ```
 */
export function html(
  strings: TemplateStringsArray,
  ...values: unknown[]
): HtmlFragment {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    out += interpolate(values[i]) + strings[i + 1];
  }
  return new HtmlFragment(out);
}
