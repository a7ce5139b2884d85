/**
 * Local wall-clock time → UTC for IANA zones without a luxon call per
 * session: each zone's UTC offset is cached per day of the period, and only
 * days with a daylight-saving change ask luxon for the exact answer.
 *
 * @module
 */
import { DateTime, IANAZone } from "luxon";

const DAY_MS = 86_400_000;

/** Cached offsets of one zone over a period of days. */
export class ZoneOffsets {
  #zone: IANAZone;
  #name: string;
  #firstDayMs: number;
  /** Offset in ms at UTC midnight of each day (NaN = not computed yet). */
  #offsets: Float64Array;

  /**
   * @param zone IANA zone name.
   * @param firstDayMs UTC midnight of the period's first day.
   * @param days Number of days (one more is cached for the day after).
   */
  constructor(zone: string, firstDayMs: number, days: number) {
    this.#zone = IANAZone.create(zone);
    this.#name = zone;
    this.#firstDayMs = firstDayMs;
    this.#offsets = new Float64Array(days + 4).fill(NaN);
  }

  #offsetAt(index: number): number {
    let offset = this.#offsets[index];
    if (Number.isNaN(offset)) {
      offset = this.#zone.offset(this.#firstDayMs + (index - 1) * DAY_MS) *
        60_000;
      this.#offsets[index] = offset;
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
    // Index i is UTC midnight of day i - 1. A local day lies within a day
    // either side of its UTC day: if the offset is the same from the
    // midnight before to the midnight two days after, it holds all day.
    const offset = this.#offsetAt(day + 1);
    if (
      offset === this.#offsetAt(day) && offset === this.#offsetAt(day + 2) &&
      offset === this.#offsetAt(day + 3)
    ) {
      return wall - offset;
    }
    // A daylight-saving change near this day: ask luxon.
    const d = new Date(wall);
    return DateTime.fromObject({
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
    }, { zone: this.#name }).toMillis();
  }
}
