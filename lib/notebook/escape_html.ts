/**
 * Escaping text for HTML, so data (song names, artists, countries) always
 * appears as text and never as markup.
 *
 * @module
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes the five HTML-significant characters (`& < > " '`), so the result
 * is safe both as element text and inside a quoted attribute.
 *
 * @param value Any value; it is converted with `String(value)` first.
 * @returns The escaped text.
 *
 * @example Escaping a hostile song name
 * ```ts
 * escapeHtml("<script>alert(1)</script>"); // "&lt;script&gt;alert(1)&lt;/script&gt;"
 * ```
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
