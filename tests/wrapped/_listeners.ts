/**
 * Hand-made listening records for the Wrapped tests.
 *
 * @module
 */
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { at, listening, type RecordFields } from "../engine/_records.ts";

/** Record fields plus release year and popularity. */
export interface WrappedFields extends Omit<RecordFields, "startMs"> {
  /** ISO-8601 UTC start. */
  start: string;
  /** Release year. Default 2001. */
  year?: number;
  /** Popularity. Default 50. */
  popularity?: number;
}

/** One record. */
export function play(fields: WrappedFields): ListeningRecord {
  const record = listening({ ...fields, startMs: at(fields.start) });
  return {
    ...record,
    year: fields.year ?? record.year,
    popularity: fields.popularity ?? record.popularity,
  };
}

/**
 * Listener 1 (America/New_York, "The nomad"): local midnight and DST
 * edges, ties in every top list, a streak across a month end.
 */
export function listenerOne(): ListeningRecord[] {
  const base = {
    userId: 1,
    timezone: "America/New_York",
    personality: "The nomad",
    listenedMs: 60_000,
  };
  return [
    play({
      ...base,
      start: "2025-01-30T15:00:00Z",
      song: "B",
      artist: "X",
      genre: "rock",
    }),
    play({
      ...base,
      start: "2025-01-31T15:00:00Z",
      song: "A",
      artist: "Y",
      genre: "rock",
    }),
    play({
      ...base,
      start: "2025-02-01T15:00:00Z",
      song: "A",
      artist: "X",
      genre: "pop",
    }),
    // 23:30 on 1 February in New York, 2 February in UTC
    play({
      ...base,
      start: "2025-02-02T04:30:00Z",
      song: "C",
      artist: "X",
      genre: "pop",
    }),
    play({
      ...base,
      start: "2025-02-02T15:00:00Z",
      song: "B",
      artist: "X",
      genre: "rock",
    }),
    // 06:30 EDT (morning) the day DST starts; 05:30 (night) without DST. Not a stream (20 s)
    play({
      ...base,
      start: "2025-03-09T10:30:00Z",
      song: "A",
      artist: "Y",
      listenedMs: 20_000,
    }),
    // 21:00 EDT on 9 March (evening), 10 March in UTC
    play({
      ...base,
      start: "2025-03-10T01:00:00Z",
      song: "D",
      artist: "Z",
      genre: "jazz",
      listenedMs: 260_000,
    }),
  ];
}

/**
 * Listeners 2 and 3 (Asia/Kolkata, UTC+5:30): fans of X with more streams
 * than listener 1; two local days with equal minutes, two songs and two
 * genres with equal streams.
 */
export function fansOfX(): ListeningRecord[] {
  const out: ListeningRecord[] = [];
  for (const userId of [2, 3]) {
    for (let i = 0; i < 7; i++) {
      out.push(play({
        userId,
        timezone: "Asia/Kolkata",
        personality: "The voyager",
        // even i on 1 April, odd i on 2 April (local = UTC + 5:30)
        start: `2025-04-0${1 + (i % 2)}T0${i}:00:00Z`,
        song: `S${i % 2}`,
        artist: "X",
        genre: i % 2 ? "funk" : "pop",
        listenedMs: i === 6 ? 0 : 40_000,
      }));
    }
  }
  return out;
}

/** Listener 4: only skips (no stream). */
export function noStreams(): ListeningRecord[] {
  return [0, 1].map((i) =>
    play({
      userId: 4,
      timezone: "Europe/Paris",
      personality: "The replayer",
      start: `2025-06-0${i + 1}T12:00:00Z`,
      interaction: "skipped",
      listenedMs: 10_000,
    })
  );
}
