/**
 * UTC offsets of IANA time zones, memoised per (zone, UTC day), so the
 * local time of a million events costs a few hundred luxon look-ups instead
 * of a million.
 *
 * @module
 */
import { IANAZone } from "luxon";

/** Milliseconds in one UTC day. */
export const DAY_MS = 86_400_000;

/** The offsets of one zone during one UTC day `[dayStartMs, dayStartMs + DAY_MS)`. */
export interface DayOffsets {
  /** Offset from UTC at the start of the day, in milliseconds (local = UTC + offset). */
  offsetMs: number;
  /**
   * The instant the offset changes during the day (a DST or legal change),
   * or the end of the day when it does not change.
   */
  switchAtMs: number;
  /** Offset from `switchAtMs` on, in milliseconds (= `offsetMs` without a change). */
  offsetAfterMs: number;
  /** False when the zone name is not a valid IANA zone (offsets are then 0, UTC). */
  known: boolean;
}

/**
 * A memo of time-zone offsets. Look-ups are keyed by (zone, UTC epoch day):
 * each costs two luxon calls the first time, plus a bisection to the exact
 * millisecond when the offset changes within that day, so transitions at any
 * instant (also half- and quarter-hour zones such as America/St_Johns, whose
 * transitions fall at :30 UTC) are honoured. It assumes a zone's offset does
 * not change twice within one UTC day (real-world DST and legal changes are
 * months apart).
 *
 * Unknown zone names map to UTC and are listed in {@linkcode unknownZones}.
 *
 * @example
 * ```ts
 * const offsets = new TimeZoneOffsets();
 * const day = Math.floor(Date.UTC(2025, 2, 30) / DAY_MS);
 * offsets.forDay("Europe/Amsterdam", day).switchAtMs; // 2025-03-30T01:00:00Z
 * ```
 */
export class TimeZoneOffsets {
  #days = new Map<string, Map<number, DayOffsets>>();
  #zones = new Map<string, IANAZone | null>();

  /** Zone names seen that are not valid IANA zones (treated as UTC). */
  readonly unknownZones: Set<string> = new Set();

  /**
   * The offsets of `zone` during UTC day `epochDay`.
   *
   * @param zone An IANA zone name, e.g. `"Asia/Kolkata"`.
   * @param epochDay `Math.floor(epochMs / DAY_MS)`.
   * @returns The day's offsets (memoised).
   */
  forDay(zone: string, epochDay: number): DayOffsets {
    let days = this.#days.get(zone);
    if (!days) this.#days.set(zone, days = new Map());
    let found = days.get(epochDay);
    if (!found) days.set(epochDay, found = this.#compute(zone, epochDay));
    return found;
  }

  /**
   * The offset of `zone` at one instant.
   *
   * @param zone An IANA zone name.
   * @param epochMs The instant, in epoch milliseconds.
   * @returns Offset in milliseconds (local = UTC + offset); 0 for unknown zones.
   */
  offsetAt(zone: string, epochMs: number): number {
    const day = this.forDay(zone, Math.floor(epochMs / DAY_MS));
    return epochMs >= day.switchAtMs ? day.offsetAfterMs : day.offsetMs;
  }

  #zone(name: string): IANAZone | null {
    let zone = this.#zones.get(name);
    if (zone === undefined) {
      zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
      if (!zone) this.unknownZones.add(name);
      this.#zones.set(name, zone);
    }
    return zone;
  }

  #compute(name: string, epochDay: number): DayOffsets {
    const start = epochDay * DAY_MS;
    const end = start + DAY_MS;
    const zone = this.#zone(name);
    if (!zone) {
      return { offsetMs: 0, switchAtMs: end, offsetAfterMs: 0, known: false };
    }
    const at = (ms: number) => Math.round(zone.offset(ms) * 60_000);
    const offsetMs = at(start);
    const offsetEnd = at(end);
    if (offsetEnd === offsetMs) {
      return {
        offsetMs,
        switchAtMs: end,
        offsetAfterMs: offsetMs,
        known: true,
      };
    }
    // Bisect for the first millisecond with the new offset: lo has the old
    // offset, hi the new one.
    let lo = start;
    let hi = end;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (at(mid) === offsetMs) lo = mid;
      else hi = mid;
    }
    return { offsetMs, switchAtMs: hi, offsetAfterMs: offsetEnd, known: true };
  }
}
