/**
 * Listening age: the 5-year release era a listener over-indexes on
 * compared with everyone, read as if it were the listener's 18th year.
 *
 * @module
 */
import type { ListeningAge } from "./wrapped_listener.ts";

/** Years in an era. */
export const ERA_YEARS = 5;
/** The least share of a listener's streams an era needs to be chosen. */
export const ERA_MIN_SHARE = 0.1;
/** The age the era's middle year stands for. */
export const FORMATIVE_AGE = 18;

/**
 * Streams per release year, of one listener or of everyone.
 */
export type YearStreams = ReadonlyMap<number, number>;

function windowSums(streams: YearStreams, from: number, to: number) {
  const sums: number[] = [];
  for (let start = from; start + ERA_YEARS - 1 <= to; start++) {
    let s = 0;
    for (let y = start; y < start + ERA_YEARS; y++) s += streams.get(y) ?? 0;
    sums.push(s);
  }
  return sums;
}

/**
 * The listener's listening age: among the 5-year windows of release years
 * holding at least 10 % of the listener's streams, the one with the
 * largest ratio of the listener's share to everyone's share (ties: the
 * earliest); age = `referenceYear − (era_start + 2) + 18`.
 *
 * @param listener The listener's streams per release year.
 * @param everyone Everyone's streams per release year.
 * @param referenceYear The year the age is told in.
 * @returns The listening age, `null` without streams.
 */
export function listeningAge(
  listener: YearStreams,
  everyone: YearStreams,
  referenceYear: number,
): ListeningAge | null {
  const years = [...everyone.keys()];
  if (years.length === 0) return null;
  const first = Math.min(...years);
  const last = Math.max(first + ERA_YEARS - 1, ...years);
  let mine = 0;
  for (const v of listener.values()) mine += v;
  let all = 0;
  for (const v of everyone.values()) all += v;
  if (mine === 0 || all === 0) return null;
  const ours = windowSums(listener, first, last);
  const theirs = windowSums(everyone, first, last);
  let best: ListeningAge | null = null;
  for (let i = 0; i < ours.length; i++) {
    const share = ours[i] / mine;
    if (share < ERA_MIN_SHARE || theirs[i] === 0) continue;
    const overIndex = share / (theirs[i] / all);
    if (best === null || overIndex > best.over_index) {
      const start = first + i;
      best = {
        age: referenceYear - (start + Math.floor(ERA_YEARS / 2)) +
          FORMATIVE_AGE,
        era_start: start,
        era_end: start + ERA_YEARS - 1,
        over_index: overIndex,
      };
    }
  }
  return best;
}
