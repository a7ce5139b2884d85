/**
 * Shared helpers of the benchmark scripts: peak memory and a uniform
 * figure line.
 *
 * @module
 */

/**
 * Peak resident memory of this process (Linux `VmHWM`), in MiB.
 *
 * @returns MiB, or `NaN` where `/proc` is unavailable.
 */
export function peakRssMiB(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Prints one benchmark result as an aligned line, e.g.
 * `generate  1000 users x 100 sessions  events/s=1,234,567  MB/s=210.3`.
 *
 * @param name The benchmark's name.
 * @param figures Named figures; numbers are printed with thousands
 *   separators and at most one decimal.
 */
export function reportFigures(
  name: string,
  figures: Record<string, number | string>,
): void {
  const parts = Object.entries(figures).map(([key, value]) =>
    `${key}=${
      typeof value === "number"
        ? value.toLocaleString("en-US", { maximumFractionDigits: 1 })
        : value
    }`
  );
  console.log(`${name.padEnd(40)} ${parts.join("  ")}`);
}
