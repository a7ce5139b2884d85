/**
 * String comparison in Unicode code point order — the order of UTF-8
 * bytes, which is how polars sorts strings. JS's `<` compares UTF-16 code
 * units, which differs for characters above U+FFFF (surrogate pairs sort
 * before U+E000–U+FFFF there).
 *
 * @module
 */

/** Code unit → a number whose order is code point order. */
function rankOf(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // after U+FFFF
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/**
 * Compares two strings by code point.
 *
 * @param a A string.
 * @param b Another string.
 * @returns Negative, zero or positive, like `Array.prototype.sort` wants.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rankOf(x) - rankOf(y);
  }
  return a.length - b.length;
}
