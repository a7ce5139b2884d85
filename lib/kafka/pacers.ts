/**
 * Pacers: when each record of a producer run is due, relative to its
 * start — a fixed rate, or the records' own event time sped up.
 *
 * @module
 */
import type { ListeningRecord } from "../schema/mod.ts";

/**
 * When a record is due, in milliseconds after the run started.
 *
 * @param record The record.
 * @param index Its 0-based position in the run.
 */
export type Pacer = (record: ListeningRecord, index: number) => number;

/**
 * Paces at a fixed rate.
 *
 * @param eventsPerSecond Records per second (> 0).
 * @returns A pacer: record `i` is due at `i / rate` seconds.
 * @throws {RangeError} When the rate is not a positive number.
 */
export function ratePacer(eventsPerSecond: number): Pacer {
  if (!(eventsPerSecond > 0) || !Number.isFinite(eventsPerSecond)) {
    throw new RangeError(
      `rate must be a positive number of events per second: got ${eventsPerSecond}`,
    );
  }
  const msPerEvent = 1000 / eventsPerSecond;
  return (_record, index) => index * msPerEvent;
}

/**
 * Paces by event time (`listening_time.start_time`): the first record is
 * due at once, each later one when its event time, relative to the
 * first's, has passed `speedup` times faster (1 = real time).
 *
 * @param speedup How much faster than real time (> 0).
 * @returns A pacer; records earlier than the first are due at once.
 * @throws {RangeError} When the speed-up is not a positive number.
 */
export function eventTimePacer(speedup: number): Pacer {
  if (!(speedup > 0) || !Number.isFinite(speedup)) {
    throw new RangeError(
      `speedup must be a positive number: got ${speedup}`,
    );
  }
  let first: number | undefined;
  return (record) => {
    const time = record.listening_time.start_time;
    first ??= time;
    return Math.max(0, (time - first) / speedup);
  };
}
