/**
 * Text from the data made safe for a terminal: control characters (C0,
 * DEL, C1 — ESC sequences, OSC titles, carriage returns) become visible
 * escapes such as `\u001b`, so data can neither move the cursor nor
 * retitle the window nor break a table's layout.
 *
 * @module
 */

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const escape = (c: string) =>
  `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * Replaces every control character of `text` with a `\uXXXX` escape.
 *
 * @param text Any text (names, messages) bound for a human's terminal.
 * @returns The text with only printable characters.
 *
 * @example
 * ```ts
 * printable("Bad\u001b]0;pwned\u0007 Artist"); // "Bad\\u001b]0;pwned\\u0007 Artist"
 * ```
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/**
 * Escapes the C1 controls (U+0080–U+009F) and DEL that `JSON.stringify`
 * leaves raw, so JSON printed to a terminal cannot carry them either; the
 * JSON still parses to the same value.
 *
 * @param json Output of `JSON.stringify`.
 * @returns The same JSON, every control character escaped.
 */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, escape);
}
