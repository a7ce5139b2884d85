/**
 * Weighted choice by a cumulative table.
 *
 * @module
 */

/**
 * Index of the first cumulative weight above `u` (binary search).
 *
 * @param cumulative Non-decreasing cumulative shares, the last 1.
 * @param u A uniform number in [0, 1).
 * @returns An index of `cumulative`.
 */
export function pickCumulative(cumulative: Float64Array, u: number): number {
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
