/**
 * A listening record as one flat row (the original's `avro_consumer.py`
 * output and Spark's `select("data.*")` flattening): nested location and
 * listening period become top-level columns named after their leaves.
 *
 * @module
 */
import type { ListeningRecord } from "./listening_record.ts";

/** The flat columns, in schema order. */
export const FLAT_COLUMNS = [
  "user_id",
  "latitude",
  "longitude",
  "country",
  "city",
  "timezone",
  "interaction",
  "song_name",
  "artist",
  "genre",
  "year",
  "popularity",
  "danceability",
  "energy",
  "length_seconds",
  "start_time",
  "end_time",
  "personality",
] as const;

/** One flat column name. */
export type FlatColumn = typeof FLAT_COLUMNS[number];

/** A flattened record. */
export type FlatListeningRecord = Record<FlatColumn, string | number>;

/**
 * Flattens one record.
 *
 * @param record A listening record.
 * @returns A plain object with the {@linkcode FLAT_COLUMNS} in order.
 */
export function flattenListeningRecord(
  record: ListeningRecord,
): FlatListeningRecord {
  const { user_location: l, listening_time: t } = record;
  return {
    user_id: record.user_id,
    latitude: l.latitude,
    longitude: l.longitude,
    country: l.country,
    city: l.city,
    timezone: l.timezone,
    interaction: record.interaction,
    song_name: record.song_name,
    artist: record.artist,
    genre: record.genre,
    year: record.year,
    popularity: record.popularity,
    danceability: record.danceability,
    energy: record.energy,
    length_seconds: record.length_seconds,
    start_time: t.start_time,
    end_time: t.end_time,
    personality: record.personality,
  };
}
