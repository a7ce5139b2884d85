/**
 * Local wall-clock time → UTC for IANA zones without a luxon call per
 * session. When a zone is first used, its UTC offset (from luxon) is
 * sampled every 30 days over the period — daylight-saving changes are
 * months apart — and each change between two samples is located by
 * bisection to the second. A wall time is then converted with the offset in
 * force at that instant (a time skipped by a change moves forward by the
 * change, as luxon does; a repeated time takes the earlier instant).
 *
 * @module
 */
import { IANAZone } from "luxon";

const DAY_MS = 86_400_000;
const STEP_MS = 30 * DAY_MS;

/** The UTC offset changes of one zone over a period. */
export class ZoneOffsets {
  /** UTC midnight of the period's first day. */
  #firstDayMs: number;
  /** Offset (ms) in force before the first change. */
  #initial: number;
  /** Instants of the changes, ascending. */
  #changeAt: Float64Array;
  /** Offset (ms) in force from each change on. */
  #offsetAfter: Float64Array;

  /**
   * @param zone IANA zone name.
   * @param firstDayMs UTC midnight of the period's first day.
   * @param days Number of days in the period.
   */
  constructor(zone: string, firstDayMs: number, days: number) {
    this.#firstDayMs = firstDayMs;
    const iana = IANAZone.create(zone);
    const offsetAt = (utcMs: number) => iana.offset(utcMs) * 60_000;
    // Local days reach up to 14 h either side of their UTC day.
    const from = firstDayMs - 2 * DAY_MS;
    const to = firstDayMs + (days + 2) * DAY_MS;
    const changes: number[] = [], after: number[] = [];
    let t = from;
    let offset = offsetAt(t);
    this.#initial = offset;
    while (t < to) {
      const next = Math.min(t + STEP_MS, to);
      const nextOffset = offsetAt(next);
      if (nextOffset !== offset) {
        let lo = t, hi = next;
        while (hi - lo > 1000) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetAt(mid) === offset) lo = mid;
          else hi = mid;
        }
        changes.push(hi);
        after.push(nextOffset);
      }
      t = next;
      offset = nextOffset;
    }
    this.#changeAt = Float64Array.from(changes);
    this.#offsetAfter = Float64Array.from(after);
  }

  /**
   * UTC epoch ms of a local wall-clock time on day `day` of the period.
   *
   * @param day 0-based day of the period (local calendar day).
   * @param msOfDay Milliseconds since local midnight.
   * @returns Epoch milliseconds.
   */
  toUtc(day: number, msOfDay: number): number {
    const wall = this.#firstDayMs + day * DAY_MS + msOfDay;
    const at = this.#changeAt;
    // Changes before the window a day either side of the wall time.
    let k = 0;
    while (k < at.length && at[k] <= wall - DAY_MS) k++;
    const before = k === 0 ? this.#initial : this.#offsetAfter[k - 1];
    if (k === at.length || at[k] >= wall + DAY_MS) return wall - before;
    const change = at[k], after = this.#offsetAfter[k];
    if (wall - before < change) return wall - before; // earlier instant
    if (wall - after >= change) return wall - after;
    return wall - before; // skipped wall time: moves forward
  }
}
