/**
 * Small statistics helpers of the realism measures.
 *
 * @module
 */

/** The q-quantile (0–1) of sorted numbers, linear between ranks. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = (n - 1) * q, lo = Math.floor(at), hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Gini coefficient of non-negative numbers. */
export function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return NaN;
  let weighted = 0;
  sorted.forEach((x, i) => (weighted += (i + 1) * x));
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/** Pearson correlation. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Average ranks (1-based, ties share their mean rank). */
function ranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) {
      j++;
    }
    for (let k = i; k <= j; k++) out[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman rank correlation (Pearson of average ranks). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

/** Cohen's d of two groups (pooled standard deviation). */
export function cohensD(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]) =>
    v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a), mb = mean(b);
  const ss = (v: readonly number[], m: number) =>
    v.reduce((s, x) => s + (x - m) ** 2, 0);
  const pooled = Math.sqrt((ss(a, ma) + ss(b, mb)) / (a.length + b.length - 2));
  return (ma - mb) / pooled;
}

/** A median from a histogram of fixed-width bins (bounded memory). */
export class HistogramMedian {
  #width: number;
  #bins: number[] = [];
  #count = 0;

  /** @param width Bin width. */
  constructor(width: number) {
    this.#width = width;
  }

  /** Adds a non-negative value. */
  add(value: number): void {
    const bin = Math.floor(value / this.#width);
    while (this.#bins.length <= bin) this.#bins.push(0);
    this.#bins[bin]++;
    this.#count++;
  }

  /** An independent copy. */
  copy(): HistogramMedian {
    const out = new HistogramMedian(this.#width);
    out.#bins = [...this.#bins];
    out.#count = this.#count;
    return out;
  }

  /** Number of values. */
  get count(): number {
    return this.#count;
  }

  /** The median, interpolated within its bin; NaN when empty. */
  median(): number {
    let seen = 0;
    const half = this.#count / 2;
    for (let bin = 0; bin < this.#bins.length; bin++) {
      const n = this.#bins[bin];
      if (seen + n >= half && n > 0) {
        return (bin + (half - seen) / n) * this.#width;
      }
      seen += n;
    }
    return NaN;
  }
}
