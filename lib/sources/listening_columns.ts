/**
 * The column layout of the listening events: how the engine flattens a
 * `music.ListeningHistory` record into the columns of a micro-batch.
 *
 * @module
 */
import { columnsFromAvroSchema, type ColumnSpec } from "../engine/mod.ts";
import { LISTENING_HISTORY_SCHEMA } from "../schema/mod.ts";

/**
 * The columns of a `music.ListeningHistory` record: `user_id`, `latitude`,
 * `longitude`, `country`, `city`, `timezone`, `interaction`, `song_name`,
 * `artist`, `genre`, `year`, `popularity`, `danceability`, `energy`,
 * `length_seconds`, `start_time` (event time, epoch ms), `end_time`,
 * `personality`.
 */
export const LISTENING_COLUMNS: readonly ColumnSpec[] = Object.freeze(
  columnsFromAvroSchema(LISTENING_HISTORY_SCHEMA),
);

/** The column names of {@linkcode LISTENING_COLUMNS}, as a type. */
export type ListeningColumn =
  | "user_id"
  | "latitude"
  | "longitude"
  | "country"
  | "city"
  | "timezone"
  | "interaction"
  | "song_name"
  | "artist"
  | "genre"
  | "year"
  | "popularity"
  | "danceability"
  | "energy"
  | "length_seconds"
  | "start_time"
  | "end_time"
  | "personality";
