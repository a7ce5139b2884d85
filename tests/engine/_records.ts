/**
 * Test records: `music.ListeningHistory` objects with sensible defaults.
 *
 * @module
 */
import type { ListeningRecord } from "../../lib/schema/mod.ts";

/** Fields a test may set; everything else gets a default. */
export interface RecordFields {
  startMs: number;
  song?: string;
  artist?: string;
  interaction?: string;
  personality?: string;
  country?: string;
  timezone?: string;
  userId?: number;
  lengthSeconds?: number;
  listenedMs?: number;
  genre?: string;
}

/** Builds one listening record. */
export function listening(fields: RecordFields): ListeningRecord {
  return {
    user_id: fields.userId ?? 1,
    user_location: {
      latitude: 41.5,
      longitude: -87.5,
      country: fields.country ?? "United States",
      city: "Chicago",
      timezone: fields.timezone ?? "America/Chicago",
    },
    interaction: fields.interaction ?? "played",
    song_name: fields.song ?? "Song A",
    artist: fields.artist ?? "Artist A",
    genre: fields.genre ?? "pop",
    year: 2001,
    popularity: 50,
    danceability: 0.5,
    energy: 0.5,
    length_seconds: fields.lengthSeconds ?? 200,
    listening_time: {
      start_time: fields.startMs,
      end_time: fields.startMs + (fields.listenedMs ?? 120_000),
    },
    personality: fields.personality ?? "The nomad",
  };
}

/** Epoch ms of an ISO-8601 UTC time. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`bad ISO time ${iso}`);
  return ms;
}
