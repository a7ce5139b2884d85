/**
 * A first look at a dataset of listening records, as notebook 01 shows it:
 * its span and order, when people listen (local hour vs UTC hour), what
 * they do with songs, and where they live. Computed with polars on the
 * flattened records; the hours use the same clock as the time-of-day
 * tables ({@linkcode withHourOfDay}).
 *
 * @module
 */
import pl from "nodejs-polars";
import type { ListeningRecord } from "../schema/mod.ts";
import { flattenRecords } from "./flatten_records.ts";
import { withHourOfDay, withTimeOfDay } from "./time_of_day.ts";

/** Events per hour of the day on one clock. */
export interface HourCount {
  /** 0–23. */
  hour: number;
  /** `"local time"` (the listener's zone) or `"UTC"`. */
  clock: "local time" | "UTC";
  events: number;
}

/** Events of one interaction. */
export interface InteractionShare {
  interaction: string;
  events: number;
  /** Share of all events, 0–1. */
  share: number;
  /** Mean of end − start, in seconds. */
  "mean listened (s)": number;
}

/** Events and users of one country. */
export interface CountryShare {
  country: string;
  events: number;
  users: number;
  /** Share of all events, 0–1. */
  share: number;
}

/** What {@linkcode datasetProfile} finds. */
export interface DatasetProfile {
  /** Events, users, first and last event, and whether they are in time order. */
  overview: {
    events: number;
    users: number;
    "first event (UTC)": string;
    "last event (UTC)": string;
    "in time order": "yes" | "no";
  };
  /** The first five events, as a reader would look at them. */
  firstEvents: Record<string, unknown>[];
  /** 48 rows: every hour on both clocks. */
  hours: HourCount[];
  /** Busiest and quietest local hour, and the busiest/quietest ratio per clock. */
  hourFacts: {
    peakHour: number;
    peakEvents: number;
    quietHour: number;
    quietEvents: number;
    localSpread: number;
    utcSpread: number;
    /** Share of events at night (the time-of-day tables' rule, local time). */
    nightShare: number;
  };
  /** Interactions, most frequent first. */
  interactions: InteractionShare[];
  /** Countries by events, then name. */
  countries: CountryShare[];
}

function perHour(events: pl.DataFrame, clock: HourCount["clock"]) {
  const counts = new Array<number>(24).fill(0);
  const df = withHourOfDay(events, { tz: clock === "UTC" ? "utc" : "local" })
    .groupBy("hour").agg(pl.len().alias("events"));
  for (const row of df.toRecords()) {
    counts[Number(row.hour)] = Number(row.events);
  }
  return counts;
}

function hourFacts(local: number[], utc: number[], nightShare: number) {
  const spread = (counts: number[]) =>
    Math.max(...counts) / Math.max(1, Math.min(...counts));
  const peakHour = local.indexOf(Math.max(...local));
  const quietHour = local.indexOf(Math.min(...local));
  return {
    peakHour,
    peakEvents: local[peakHour],
    quietHour,
    quietEvents: local[quietHour],
    localSpread: spread(local),
    utcSpread: spread(utc),
    nightShare,
  };
}

function overview(records: readonly ListeningRecord[], users: number) {
  const start = (i: number) => records[i].listening_time.start_time;
  let ordered = true;
  for (let i = 1; i < records.length && ordered; i++) {
    ordered = start(i) >= start(i - 1);
  }
  const iso = (i: number) =>
    records.length ? new Date(start(i)).toISOString() : "";
  return {
    events: records.length,
    users,
    "first event (UTC)": iso(0),
    "last event (UTC)": iso(records.length - 1),
    "in time order": ordered ? "yes" as const : "no" as const,
  };
}

function eventRow(r: ListeningRecord) {
  const { start_time, end_time } = r.listening_time;
  return {
    user_id: r.user_id,
    city: r.user_location.city,
    country: r.user_location.country,
    interaction: r.interaction,
    song_name: r.song_name,
    artist: r.artist,
    start_time: new Date(start_time).toISOString(),
    "listened (s)": (end_time - start_time) / 1000,
    personality: r.personality,
  };
}

/**
 * Profiles a dataset.
 *
 * @param records The records, in file order.
 * @returns Overview, hours, interactions and countries.
 */
export function datasetProfile(
  records: readonly ListeningRecord[],
): DatasetProfile {
  const events = flattenRecords(records as ListeningRecord[]);
  const total = Math.max(records.length, 1);
  const local = perHour(events, "local time"), utc = perHour(events, "UTC");
  const night = withTimeOfDay(events)
    .filter(pl.col("time_of_day").eq(pl.lit("night"))).height;
  const interactions = events.groupBy("interaction").agg(
    pl.len().alias("events"),
    pl.col("end_time").sub(pl.col("start_time")).mean().div(1000)
      .alias("mean listened (s)"),
  ).sort(["events", "interaction"], [true, false]).toRecords();
  const countries = events.groupBy("country").agg(
    pl.len().alias("events"),
    pl.col("user_id").nUnique().alias("users"),
  ).sort(["events", "country"], [true, false]).toRecords();
  return {
    overview: overview(records, events.getColumn("user_id").nUnique()),
    firstEvents: records.slice(0, 5).map(eventRow),
    hours: local.flatMap((n, hour) => [
      { hour, clock: "local time" as const, events: n },
      { hour, clock: "UTC" as const, events: utc[hour] },
    ]),
    hourFacts: hourFacts(local, utc, night / total),
    interactions: interactions.map((r) => ({
      ...r,
      share: Number(r.events) / total,
    })) as unknown as InteractionShare[],
    countries: countries.map((r) => ({
      ...r,
      share: Number(r.events) / total,
    })) as unknown as CountryShare[],
  };
}
