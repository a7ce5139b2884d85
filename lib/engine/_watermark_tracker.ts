/**
 * Per-partition event-time watermark with idle-partition release
 * (Flink-style): the query's watermark is the minimum of (max event time -
 * delay) over the partitions that are not idle; it never moves backwards.
 * A partition is idle when it sent no rows for the idle timeout and, if the
 * source says which partitions it has read to their end, it is one of them:
 * a silent partition with a backlog (e.g. while the broker is unreachable or
 * the run stalled) is late, not quiet, and keeps holding the watermark.
 *
 * @module
 */

/** JSON form of a tracker, stored in checkpoints. */
export interface WatermarkSnapshot {
  /** Current watermark, epoch ms; `null` before any row. */
  watermarkMs: number | null;
  /** Per partition: `[partition, max event time, last seen (processing ms)]`. */
  partitions: [number, number, number][];
}

/** Tracks one query's watermark. */
export class WatermarkTracker {
  readonly #delayMs: number;
  readonly #idleTimeoutMs: number;
  #maxEventMs = new Map<number, number>();
  #lastSeenMs = new Map<number, number>();
  /** Partitions read to their end, as the source last said; `null`: unknown. */
  #caughtUp: ReadonlySet<number> | null = null;
  #watermarkMs = -Infinity;

  /**
   * @param delayMs The watermark delay.
   * @param idleTimeoutMs Silence after which a partition is idle.
   */
  constructor(delayMs: number, idleTimeoutMs: number) {
    this.#delayMs = delayMs;
    this.#idleTimeoutMs = idleTimeoutMs;
  }

  /** The current watermark (epoch ms; `-Infinity` before any row). */
  get watermarkMs(): number {
    return this.#watermarkMs;
  }

  /**
   * Records the latest event time seen per partition in a batch.
   *
   * @param maxima Partition -> max event time in the batch.
   * @param nowMs Processing time of the batch.
   */
  observe(maxima: Iterable<[number, number]>, nowMs: number): void {
    for (const [partition, maxMs] of maxima) {
      const previous = this.#maxEventMs.get(partition) ?? -Infinity;
      if (maxMs > previous) this.#maxEventMs.set(partition, maxMs);
      this.#lastSeenMs.set(partition, nowMs);
    }
  }

  /**
   * Records which partitions the source has read to their end as of a
   * poll. Only those can go idle; one that is behind counts as seen now,
   * so it needs a full idle timeout of silence after it catches up.
   *
   * @param caughtUp The partitions with nothing left to read.
   * @param nowMs Processing time of the poll.
   */
  reportCaughtUp(caughtUp: Iterable<number>, nowMs: number): void {
    const set = new Set(caughtUp);
    for (const partition of this.#maxEventMs.keys()) {
      if (!set.has(partition)) this.#lastSeenMs.set(partition, nowMs);
    }
    this.#caughtUp = set;
  }

  /**
   * Declares partitions the source knows of: until one sends rows or goes
   * idle, it holds the watermark back (its rows could be the oldest).
   *
   * @param partitions Partition numbers.
   * @param nowMs Processing time (they count as seen now).
   */
  register(partitions: Iterable<number>, nowMs: number): void {
    for (const partition of partitions) {
      if (!this.#maxEventMs.has(partition)) {
        this.#maxEventMs.set(partition, -Infinity);
        this.#lastSeenMs.set(partition, nowMs);
      }
    }
  }

  /**
   * The watermark the tracker would have at `nowMs`, without changing it.
   *
   * @param nowMs Processing time.
   * @returns Epoch ms, or `-Infinity`.
   */
  candidateMs(nowMs: number): number {
    let active = Infinity;
    let all = -Infinity;
    for (const [partition, maxMs] of this.#maxEventMs) {
      const mark = maxMs - this.#delayMs;
      all = Math.max(all, mark);
      const lastSeen = this.#lastSeenMs.get(partition) ?? -Infinity;
      const idle = nowMs - lastSeen > this.#idleTimeoutMs &&
        (this.#caughtUp === null || this.#caughtUp.has(partition));
      if (!idle) {
        active = Math.min(active, mark);
      }
    }
    const computed = active === Infinity ? all : active;
    return Math.max(this.#watermarkMs, computed);
  }

  /**
   * Moves the watermark to {@linkcode candidateMs} (or to `+Infinity` at
   * the end of a bounded run).
   *
   * @param nowMs Processing time.
   * @param endOfInput Close everything: the watermark becomes `Infinity`.
   * @returns The new watermark.
   */
  advance(nowMs: number, endOfInput = false): number {
    this.#watermarkMs = endOfInput ? Infinity : this.candidateMs(nowMs);
    return this.#watermarkMs;
  }

  /** The tracker as JSON. */
  snapshot(): WatermarkSnapshot {
    return {
      watermarkMs: Number.isFinite(this.#watermarkMs)
        ? this.#watermarkMs
        : this.#watermarkMs > 0
        ? Number.MAX_SAFE_INTEGER
        : null,
      partitions: [...this.#maxEventMs]
        .filter(([, maxMs]) => Number.isFinite(maxMs))
        .map(([p, maxMs]) => [p, maxMs, this.#lastSeenMs.get(p) ?? 0]),
    };
  }

  /**
   * Restores {@linkcode snapshot} output. Partitions count as seen at
   * `nowMs`, so that a restart does not make them all idle at once.
   */
  restore(snapshot: WatermarkSnapshot, nowMs: number): void {
    this.#watermarkMs = snapshot.watermarkMs === null
      ? -Infinity
      : snapshot.watermarkMs >= Number.MAX_SAFE_INTEGER
      ? Infinity
      : snapshot.watermarkMs;
    this.#maxEventMs = new Map(snapshot.partitions.map(([p, m]) => [p, m]));
    this.#lastSeenMs = new Map(snapshot.partitions.map(([p]) => [p, nowMs]));
  }
}
