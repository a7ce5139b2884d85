/**
 * A source decorator that gives every record its `time_of_day` before the
 * engine builds columns, so the streaming queries can group by it.
 *
 * @module
 */
import type { ColumnSpec, Source, SourceBatch } from "../engine/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import type { TimeOfDay, TimeZoneMode } from "./time_of_day.ts";
import { DAY_MS, TimeZoneOffsets } from "./time_zone_offsets.ts";

const HOUR_MS = 3_600_000;

/** The column the decorator adds. */
export const TIME_OF_DAY_COLUMN: ColumnSpec = Object.freeze({
  name: "time_of_day",
  path: ["time_of_day"],
  type: "string",
});

/** Options of {@linkcode timeOfDaySource}. */
export interface TimeOfDaySourceOptions {
  /** Local time of each listener, or UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** The offset memo. Default: a new one. */
  offsets?: TimeZoneOffsets;
}

function bucket(localMs: number): TimeOfDay {
  const ofDay = ((localMs % DAY_MS) + DAY_MS) % DAY_MS;
  if (ofDay < 6 * HOUR_MS) return "night";
  if (ofDay < 12 * HOUR_MS) return "morning";
  if (ofDay < 18 * HOUR_MS) return "afternoon";
  if (ofDay < 22 * HOUR_MS) return "evening";
  return "night";
}

/**
 * Wraps a source of listening records: each polled record gets a
 * `time_of_day` property (the record object is modified in place; the
 * offsets come from a memo keyed by zone and UTC day, never from luxon per
 * record), and the source gains a `time_of_day` string column (when the
 * queries read it, the inner source is asked for `timezone` and
 * `start_time` as well). The id
 * records the clock (`<inner id>+time_of_day:local`), so a checkpoint
 * written with one `tz` is refused by a run with the other.
 *
 * @param source A source of `ListeningRecord`s.
 * @param options Clock and offset memo.
 * @returns The decorated source.
 * @throws {TypeError} When `source` is not a source.
 */
export function timeOfDaySource(
  source: Source,
  options: TimeOfDaySourceOptions = {},
): Source {
  if (typeof source?.poll !== "function" || !Array.isArray(source.columns)) {
    throw new TypeError(
      `timeOfDaySource() needs an engine source: got ${JSON.stringify(source)}`,
    );
  }
  const { tz = "local", offsets = new TimeZoneOffsets() } = options;
  const label = (record: ListeningRecord & { time_of_day?: string }) => {
    const start = record.listening_time.start_time;
    let offset = 0;
    if (tz === "local") {
      const day = offsets.forDay(
        record.user_location.timezone,
        Math.floor(start / DAY_MS),
      );
      offset = start >= day.switchAtMs ? day.offsetAfterMs : day.offsetMs;
    }
    record.time_of_day = bucket(start + offset);
  };
  const decorated: Source = {
    id: `${source.id}+time_of_day:${tz}`,
    columns: [...source.columns, TIME_OF_DAY_COLUMN],
    open: (position, openOptions) =>
      source.open(
        position,
        openOptions?.columns
          ? {
            ...openOptions,
            // time_of_day is derived here from these two columns.
            columns: [
              ...new Set([
                ...openOptions.columns.filter((c) => c !== "time_of_day"),
                "timezone",
                "start_time",
              ]),
            ],
          }
          : openOptions,
      ),
    async poll(maxRecords, maxWaitMs): Promise<SourceBatch> {
      const batch = await source.poll(maxRecords, maxWaitMs);
      const records = batch.records as ListeningRecord[];
      for (let i = 0; i < records.length; i++) label(records[i]);
      return batch;
    },
    commit: (position) => source.commit(position),
    close: () => source.close(),
  };
  // Known partitions hold the watermark back until they send rows.
  if (source.partitions) decorated.partitions = () => source.partitions!();
  return decorated;
}
