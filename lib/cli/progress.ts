/**
 * Progress on a terminal (records, rate, ETA) with cli-progress; silent
 * when stderr is not a terminal (CI, pipes), where the summary line alone
 * is printed.
 *
 * @module
 */
import cliProgress from "cli-progress";
import process from "node:process";

/** A running progress display. */
export interface Progress {
  /** Sets the number of items done so far. */
  update(done: number): void;
  /** Removes the bar (or does nothing off a terminal). */
  stop(): void;
}

/** Options of {@linkcode startProgress}. */
export interface ProgressOptions {
  /** Unit shown after the counts. Default `"events"`. */
  unit?: string;
  /** Force the bar on or off; default: on when stderr is a terminal. */
  enabled?: boolean;
}

/**
 * Starts a progress bar on stderr.
 *
 * @param label Shown before the bar, e.g. `"generate"`.
 * @param total The expected number of items (an estimate is fine).
 * @param options Unit and whether to draw.
 * @returns A {@linkcode Progress}.
 */
export function startProgress(
  label: string,
  total: number,
  options: ProgressOptions = {},
): Progress {
  const { unit = "events", enabled = Deno.stderr.isTerminal() } = options;
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    format:
      `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  const startedAt = performance.now();
  bar.start(Math.max(1, Math.round(total)), 0, { rate: 0 });
  return {
    update(done) {
      const seconds = (performance.now() - startedAt) / 1000;
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { rate: Math.round(done / Math.max(seconds, 1e-3)) });
    },
    stop() {
      bar.stop();
    },
  };
}
