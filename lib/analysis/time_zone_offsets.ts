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
   * or `Infinity` when it does not change.
   */
  switchAtMs: number;
  /** Offset from `switchAtMs` on, in milliseconds (= `offsetMs` without a change). */
  offsetAfterMs: number;
  /** False when the zone name is not a valid IANA zone (offsets are then 0, UTC). */
  known: boolean;
}

/**
 * A memo of time-zone offsets. Look-ups are keyed by (zone, UTC epoch day).
 * luxon is asked for the offset at the boundaries of the day's week (weeks
 * without a change, nearly all, need nothing more), then of the day, then
 * bisects to the exact millisecond when the offset changes within the day,
 * so transitions at any instant (also in half- and quarter-hour zones such
 * as America/St_Johns, whose transitions fall at :30 UTC) are honoured.
 * It assumes a zone's offset does not change and change back within one
 * week (real-world DST and legal changes are months apart; the generator
 * assumes the same).
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
  #memos = new Map<string, ZoneMemo>();

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
    let memo = this.#memos.get(zone);
    if (!memo) this.#memos.set(zone, memo = this.#memo(zone));
    const week = Math.floor(epochDay / WEEK_DAYS);
    let constant = memo.weeks.get(week);
    if (constant === undefined) {
      memo.weeks.set(week, constant = weekOffsets(memo, week));
    }
    if (constant !== null) return constant;
    let found = memo.days.get(epochDay);
    if (!found) memo.days.set(epochDay, found = dayOffsets(memo, epochDay));
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

  #memo(name: string): ZoneMemo {
    const zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    if (!zone) this.unknownZones.add(name);
    return { zone, instants: new Map(), weeks: new Map(), days: new Map() };
  }
}

interface ZoneMemo {
  zone: IANAZone | null;
  /** Offset (ms) at sampled instants (week and day boundaries). */
  instants: Map<number, number>;
  /** Per week: the offsets of all its days, or `null` when it has a change. */
  weeks: Map<number, DayOffsets | null>;
  /** Days of the weeks with a change. */
  days: Map<number, DayOffsets>;
}

const WEEK_DAYS = 7;

function offsetAt(memo: ZoneMemo, ms: number): number {
  let offset = memo.instants.get(ms);
  if (offset === undefined) {
    offset = Math.round(memo.zone!.offset(ms) * 60_000);
    memo.instants.set(ms, offset);
  }
  return offset;
}

function weekOffsets(memo: ZoneMemo, week: number): DayOffsets | null {
  if (!memo.zone) {
    return {
      offsetMs: 0,
      switchAtMs: Infinity,
      offsetAfterMs: 0,
      known: false,
    };
  }
  const start = week * WEEK_DAYS * DAY_MS;
  const offsetMs = offsetAt(memo, start);
  if (offsetAt(memo, start + WEEK_DAYS * DAY_MS) !== offsetMs) return null;
  return {
    offsetMs,
    switchAtMs: Infinity,
    offsetAfterMs: offsetMs,
    known: true,
  };
}

function dayOffsets(memo: ZoneMemo, epochDay: number): DayOffsets {
  const start = epochDay * DAY_MS;
  const end = start + DAY_MS;
  const offsetMs = offsetAt(memo, start);
  const offsetEnd = offsetAt(memo, end);
  if (offsetEnd === offsetMs) {
    return {
      offsetMs,
      switchAtMs: Infinity,
      offsetAfterMs: offsetMs,
      known: true,
    };
  }
  // Bisect for the first millisecond with the new offset: lo has the old
  // offset, hi the new one.
  const at = (ms: number) => Math.round(memo.zone!.offset(ms) * 60_000);
  let lo = start;
  let hi = end;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (at(mid) === offsetMs) lo = mid;
    else hi = mid;
  }
  return { offsetMs, switchAtMs: hi, offsetAfterMs: offsetEnd, known: true };
}
