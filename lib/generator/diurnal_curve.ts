/**
 * When in the listener's local day sessions start: a diurnal curve with a
 * morning (commute) and an evening peak on weekdays, later and flatter on
 * weekends, and few starts between 01:00 and 06:00.
 *
 * @module
 */

/**
 * Relative weight of a session starting in each local hour (0–23) on a
 * weekday: morning peak 07–09, evening peak 17–21.
 */
export const WEEKDAY_HOUR_WEIGHTS: readonly number[] = Object.freeze([
  1.2,
  0.5,
  0.25,
  0.15,
  0.15,
  0.3,
  1.2,
  3.0,
  3.6,
  2.6,
  2.0,
  2.0,
  2.4,
  2.2,
  2.0,
  2.2,
  2.8,
  3.4,
  3.8,
  4.0,
  3.8,
  3.2,
  2.4,
  1.8,
]);

/**
 * Weekend (Saturday, Sunday) weights: the morning peak moves to 10–11,
 * evenings and nights run later.
 */
export const WEEKEND_HOUR_WEIGHTS: readonly number[] = Object.freeze([
  2.0,
  1.1,
  0.6,
  0.3,
  0.2,
  0.2,
  0.4,
  0.9,
  1.6,
  2.6,
  3.4,
  3.4,
  3.0,
  2.8,
  2.8,
  2.8,
  3.0,
  3.2,
  3.4,
  3.8,
  4.0,
  4.0,
  3.4,
  2.8,
]);

const cumulative = (weights: readonly number[]) => {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return Float64Array.from(weights, (w) => (acc += w) / total);
};
const WEEKDAY = cumulative(WEEKDAY_HOUR_WEIGHTS);
const WEEKEND = cumulative(WEEKEND_HOUR_WEIGHTS);

/**
 * Draws a local start hour.
 *
 * @param u A uniform number in [0, 1).
 * @param weekend Saturday or Sunday in the listener's time zone.
 * @returns An hour 0–23.
 */
export function sessionStartHour(u: number, weekend: boolean): number {
  const table = weekend ? WEEKEND : WEEKDAY;
  let hour = 0;
  while (hour < 23 && table[hour] <= u) hour++;
  return hour;
}
