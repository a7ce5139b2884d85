/**
 * Records to one flat polars DataFrame: the nested Avro record becomes one
 * column per leaf field, named after the leaf (`user_location.country` →
 * `country`, `listening_time.start_time` → `start_time`).
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  FLAT_COLUMNS,
  type FlatColumn,
  type ListeningRecord,
} from "../schema/mod.ts";

/** The flat columns of a listening-events DataFrame, in schema order. */
export const RECORD_COLUMNS = FLAT_COLUMNS;

/** One flat column name of {@linkcode RECORD_COLUMNS}. */
export type RecordColumn = FlatColumn;

/**
 * Flattens records into a DataFrame with the {@linkcode RECORD_COLUMNS}:
 * strings as `String`, Avro ints and longs as `Int64`, floats as `Float64`.
 *
 * @param records Listening records (plain objects or avsc-decoded ones).
 * @returns A DataFrame with one row per record, in order.
 *
 * @example
 * ```ts
 * const df = flattenRecords(records);
 * df.getColumn("country").toArray();
 * ```
 */
export function flattenRecords(
  records: readonly ListeningRecord[],
): pl.DataFrame {
  const n = records.length;
  const ints = {
    user_id: new Array<number>(n),
    year: new Array<number>(n),
    popularity: new Array<number>(n),
    length_seconds: new Array<number>(n),
    start_time: new Array<number>(n),
    end_time: new Array<number>(n),
  };
  const floats = {
    latitude: new Float64Array(n),
    longitude: new Float64Array(n),
    danceability: new Float64Array(n),
    energy: new Float64Array(n),
  };
  const strings = {
    country: new Array<string>(n),
    city: new Array<string>(n),
    timezone: new Array<string>(n),
    interaction: new Array<string>(n),
    song_name: new Array<string>(n),
    artist: new Array<string>(n),
    genre: new Array<string>(n),
    personality: new Array<string>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const location = r.user_location;
    ints.user_id[i] = r.user_id;
    floats.latitude[i] = location.latitude;
    floats.longitude[i] = location.longitude;
    strings.country[i] = location.country;
    strings.city[i] = location.city;
    strings.timezone[i] = location.timezone;
    strings.interaction[i] = r.interaction;
    strings.song_name[i] = r.song_name;
    strings.artist[i] = r.artist;
    strings.genre[i] = r.genre;
    ints.year[i] = r.year;
    ints.popularity[i] = r.popularity;
    floats.danceability[i] = r.danceability;
    floats.energy[i] = r.energy;
    ints.length_seconds[i] = r.length_seconds;
    ints.start_time[i] = r.listening_time.start_time;
    ints.end_time[i] = r.listening_time.end_time;
    strings.personality[i] = r.personality;
  }
  const columns = RECORD_COLUMNS.map((name) => {
    if (name in ints) {
      return pl.Series(name, ints[name as keyof typeof ints], pl.Int64);
    }
    if (name in floats) {
      return pl.Series(name, floats[name as keyof typeof floats], pl.Float64);
    }
    return pl.Series(name, strings[name as keyof typeof strings], pl.String);
  });
  return pl.DataFrame(columns);
}
