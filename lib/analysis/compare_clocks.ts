/**
 * The same tables computed on two clocks — each listener's local time and
 * UTC, as the original project did — side by side: plays per time of day
 * and the night top 10.
 *
 * @module
 */
import type { TableRows, TopSongRow } from "./result_tables.ts";
import { TIMES_OF_DAY } from "./time_of_day.ts";

/** What {@linkcode compareClocks} finds. */
export interface ClockComparison {
  /** Plays per time of day on each clock (8 rows). */
  buckets: {
    time_of_day: string;
    clock: "local time" | "UTC";
    plays: number;
  }[];
  /** The two night top-10 lists, rank by rank. */
  nightTop10: {
    rank: number;
    "local time": string;
    "plays (local)": number | null;
    UTC: string;
    "plays (UTC)": number | null;
  }[];
  /** Plays at night on each clock. */
  nightPlays: { local: number; utc: number };
  /** Songs the two night top-10 lists share. */
  sharedNightSongs: number;
}

function playsPerBucket(rows: TableRows): Map<string, number> {
  const plays = new Map<string, number>(TIMES_OF_DAY.map((t) => [t, 0]));
  for (const row of rows.time_of_day) {
    plays.set(row.time_of_day, (plays.get(row.time_of_day) ?? 0) + row.plays);
  }
  return plays;
}

const label = (row?: TopSongRow) =>
  row ? `${row.song_name} · ${row.artist}` : "";

/**
 * Compares the tables of one run in local time with those in UTC.
 *
 * @param local Tables computed with `tz: "local"`.
 * @param utc Tables computed with `tz: "utc"` over the same records.
 * @returns Buckets, night top 10s and their overlap.
 */
export function compareClocks(
  local: TableRows,
  utc: TableRows,
): ClockComparison {
  const [l, u] = [playsPerBucket(local), playsPerBucket(utc)];
  const buckets = TIMES_OF_DAY.flatMap((t) => [
    { time_of_day: t, clock: "local time" as const, plays: l.get(t)! },
    { time_of_day: t, clock: "UTC" as const, plays: u.get(t)! },
  ]);
  const nightTop10 = Array.from({ length: 10 }, (_, i) => ({
    rank: i + 1,
    "local time": label(local.night_top10[i]),
    "plays (local)": local.night_top10[i]?.plays ?? null,
    UTC: label(utc.night_top10[i]),
    "plays (UTC)": utc.night_top10[i]?.plays ?? null,
  }));
  const utcSongs = new Set(utc.night_top10.map((r) => label(r)));
  return {
    buckets,
    nightTop10,
    nightPlays: { local: l.get("night")!, utc: u.get("night")! },
    sharedNightSongs: local.night_top10.filter((r) => utcSongs.has(label(r)))
      .length,
  };
}
