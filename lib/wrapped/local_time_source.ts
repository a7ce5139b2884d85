/**
 * A source decorator that gives every record its local calendar day and
 * part of the day before the engine builds columns, so Wrapped's queries
 * can group by them.
 *
 * @module
 */
import type { ColumnSpec, Source, SourceBatch } from "../engine/mod.ts";
import { DAY_MS, type TimeZoneMode, TimeZoneOffsets } from "../analysis/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";

const HOUR_MS = 3_600_000;

/**
 * The parts of a day (DESIGN §4.4) in the order that breaks ties in
 * `top_time_of_day`; the `day_part` column holds the index.
 */
export const DAY_PARTS = ["night", "morning", "afternoon", "evening"] as const;

/** One of {@linkcode DAY_PARTS}. */
export type DayPart = typeof DAY_PARTS[number];

/** The columns the decorator adds. */
export const LOCAL_TIME_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { name: "local_day", path: ["local_day"], type: "int32" },
  { name: "day_part", path: ["day_part"], type: "int32" },
]);

/** Options of {@linkcode localTimeSource}. */
export interface LocalTimeSourceOptions {
  /** The listener's local time, or UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** The offset memo. Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/**
 * The index in {@linkcode DAY_PARTS} of a local time of day.
 *
 * @param localMs Local wall-clock time as epoch milliseconds.
 * @returns 0 night (22:00–05:59), 1 morning, 2 afternoon, 3 evening.
 */
export function dayPartOf(localMs: number): number {
  const ofDay = ((localMs % DAY_MS) + DAY_MS) % DAY_MS;
  if (ofDay < 6 * HOUR_MS) return 0;
  if (ofDay < 12 * HOUR_MS) return 1;
  if (ofDay < 18 * HOUR_MS) return 2;
  if (ofDay < 22 * HOUR_MS) return 3;
  return 0;
}

type Labelled = ListeningRecord & { local_day?: number; day_part?: number };

/**
 * Wraps a source of listening records: each polled record gets
 * `local_day` (days since 1970-01-01 of its local date, `start_time` in
 * `user_location.timezone`, or in UTC with `tz: "utc"`) and `day_part`
 * (an index of {@linkcode DAY_PARTS}). Offsets come from a memo keyed by
 * zone and UTC day (luxon is not called per record); unknown zones read as
 * UTC and are listed in `offsets.unknownZones`. The id records the clock,
 * so a checkpoint written with one `tz` is refused by a run with the other.
 *
 * @param source A source of `ListeningRecord`s.
 * @param options Clock and offset memo.
 * @returns The decorated source.
 * @throws {TypeError} When `source` is not an engine source.
 */
export function localTimeSource(
  source: Source,
  options: LocalTimeSourceOptions = {},
): Source {
  if (typeof source?.poll !== "function" || !Array.isArray(source.columns)) {
    throw new TypeError(
      `localTimeSource() needs an engine source: got ${JSON.stringify(source)}`,
    );
  }
  const { tz = "local", offsets = new TimeZoneOffsets() } = options;
  const added = new Set(LOCAL_TIME_COLUMNS.map((c) => c.name));
  const label = (record: Labelled) => {
    const start = record.listening_time.start_time;
    let local = start;
    if (tz === "local") {
      const day = offsets.forDay(
        record.user_location.timezone,
        Math.floor(start / DAY_MS),
      );
      local += start >= day.switchAtMs ? day.offsetAfterMs : day.offsetMs;
    }
    record.local_day = Math.floor(local / DAY_MS);
    record.day_part = dayPartOf(local);
  };
  const decorated: Source = {
    id: `${source.id}+local_time:${tz}`,
    columns: [...source.columns, ...LOCAL_TIME_COLUMNS],
    open: (position, openOptions) =>
      source.open(
        position,
        openOptions?.columns
          ? {
            ...openOptions,
            columns: [
              ...new Set([
                ...openOptions.columns.filter((c) => !added.has(c)),
                "timezone",
                "start_time",
              ]),
            ],
          }
          : openOptions,
      ),
    async poll(maxRecords, maxWaitMs): Promise<SourceBatch> {
      const batch = await source.poll(maxRecords, maxWaitMs);
      const records = batch.records as Labelled[];
      for (let i = 0; i < records.length; i++) label(records[i]);
      return batch;
    },
    commit: (position) => source.commit(position),
    close: () => source.close(),
  };
  if (source.partitions) decorated.partitions = () => source.partitions!();
  return decorated;
}
