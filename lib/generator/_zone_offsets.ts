/**
 * Local wall-clock time → UTC for IANA zones without a luxon call per
 * session: each zone's UTC offset (from luxon) is sampled once a week over
 * the period — daylight-saving changes are months apart — and where two
 * samples differ the change's instant is found by bisection, once. A wall
 * time is then converted with the offset in force at that instant (a time
 * skipped by a change moves forward by the change, as luxon does; a
 * repeated time takes the earlier instant).
 *
 * @module
 */
import { IANAZone } from "luxon";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Cached offsets of one zone over a period of days. */
export class ZoneOffsets {
  #zone: IANAZone;
  /** UTC midnight of the day before the period (local days start earlier). */
  #originMs: number;
  #firstDayMs: number;
  /** Offset in ms at the start of each week from the origin (NaN = unknown). */
  #weekly: Float64Array;
  /** Instant of the change within week w (NaN = not searched yet). */
  #changes: Float64Array;

  /**
   * @param zone IANA zone name.
   * @param firstDayMs UTC midnight of the period's first day.
   * @param days Number of days in the period.
   */
  constructor(zone: string, firstDayMs: number, days: number) {
    this.#zone = IANAZone.create(zone);
    this.#firstDayMs = firstDayMs;
    this.#originMs = firstDayMs - 2 * DAY_MS;
    const weeks = Math.ceil((days + 6) / 7) + 2;
    this.#weekly = new Float64Array(weeks).fill(NaN);
    this.#changes = new Float64Array(weeks).fill(NaN);
  }

  #offsetAt(utcMs: number): number {
    return this.#zone.offset(utcMs) * 60_000;
  }

  /** The instant the offset changes within week `w` (bisection, to 1 s). */
  #change(w: number): number {
    let change = this.#changes[w];
    if (Number.isNaN(change)) {
      let lo = this.#originMs + w * WEEK_MS, hi = lo + WEEK_MS;
      const before = this.#offsetAt(lo);
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.#offsetAt(mid) === before) lo = mid;
        else hi = mid;
      }
      change = hi;
      this.#changes[w] = change;
    }
    return change;
  }

  #week(index: number): number {
    let offset = this.#weekly[index];
    if (Number.isNaN(offset)) {
      offset = this.#zone.offset(this.#originMs + index * WEEK_MS) * 60_000;
      this.#weekly[index] = offset;
    }
    return offset;
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
    // A local day lies within a day either side of its UTC day: if the
    // offset is the same at the week boundaries around that span, it holds.
    const from = Math.floor((wall - DAY_MS - this.#originMs) / WEEK_MS);
    const to = Math.floor((wall + DAY_MS - this.#originMs) / WEEK_MS) + 1;
    const offset = this.#week(from);
    let same = true;
    for (let w = from + 1; w <= to; w++) {
      if (this.#week(w) !== offset) {
        same = false;
        break;
      }
    }
    if (same) return wall - offset;
    // A change near this day: use the offset in force at the instant.
    for (let w = from; w < to; w++) {
      const before = this.#week(w), after = this.#week(w + 1);
      if (before === after) continue;
      const change = this.#change(w);
      if (wall - before < change) return wall - before; // earlier instant
      if (wall - after >= change) return wall - after;
      return wall - before; // skipped wall time: moves forward
    }
    return wall - offset;
  }
}
