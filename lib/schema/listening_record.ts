/**
 * The TypeScript shape of one `music.ListeningHistory` record
 * (`schemas/listening_history.avsc`). Times are epoch milliseconds.
 *
 * @module
 */

/** Where a listener is: a real city, its country and IANA time zone. */
export interface Location {
  /** Latitude in degrees (Avro `float`). */
  latitude: number;
  /** Longitude in degrees (Avro `float`). */
  longitude: number;
  /** Country name, e.g. `"United States"`. */
  country: string;
  /** City name, e.g. `"Chicago"`. */
  city: string;
  /** IANA time zone, e.g. `"America/Chicago"`. */
  timezone: string;
}

/** When a listener started and stopped listening, in epoch milliseconds. */
export interface ListeningPeriod {
  /** Event time: when the song started. */
  start_time: number;
  /** When the listener stopped (`start_time` + time actually listened). */
  end_time: number;
}

/** One listening event, field for field the original Avro schema. */
export interface ListeningRecord {
  user_id: number;
  user_location: Location;
  interaction: string;
  song_name: string;
  artist: string;
  genre: string;
  year: number;
  popularity: number;
  danceability: number;
  energy: number;
  length_seconds: number;
  listening_time: ListeningPeriod;
  personality: string;
}
