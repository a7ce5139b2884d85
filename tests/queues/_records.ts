/**
 * Deterministic listening records for the queue tests, with names from
 * `tests/testdata/queues/tricky_names.json`.
 *
 * @module
 */
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";

const TRICKY: { songs: [string, string, string][] } = JSON.parse(
  Deno.readTextFileSync(
    new URL("../testdata/queues/tricky_names.json", import.meta.url),
  ),
);

/** Options of {@linkcode makeRecords}. */
export interface MakeRecordsOptions {
  /** Personalities to cycle through. Default all 16. */
  personalities?: readonly string[];
  /** First user id. Default 1. */
  firstUserId?: number;
  /** Pad the song name to make records this much longer. Default 0. */
  padding?: number;
}

/**
 * `count` records, cycling through personalities, songs and interactions;
 * record ids (user_id + start_time) are unique.
 */
export function makeRecords(
  count: number,
  options: MakeRecordsOptions = {},
): ListeningRecord[] {
  const {
    personalities = PERSONALITY_NAMES,
    firstUserId = 1,
    padding = 0,
  } = options;
  const interactions = ["played", "paused", "skipped", "repeated"];
  const records: ListeningRecord[] = [];
  for (let i = 0; i < count; i++) {
    const [song, artist, genre] = TRICKY.songs[i % TRICKY.songs.length];
    const start = 1_740_787_200_000 + i * 61_000;
    const length = 120 + (i % 200);
    records.push({
      user_id: firstUserId + (i % 997),
      user_location: {
        latitude: Math.fround(41.878113 + (i % 50) / 7),
        longitude: Math.fround(-87.629799 + (i % 30) / 3),
        country: i % 3 === 0 ? "Côte d'Ivoire" : "United States",
        city: i % 3 === 0 ? "Abidjan" : "Chicago",
        timezone: i % 3 === 0 ? "Africa/Abidjan" : "America/Chicago",
      },
      interaction: interactions[i % interactions.length],
      song_name: song + "·".repeat(padding),
      artist,
      genre,
      year: 1970 + (i % 55),
      popularity: i % 101,
      danceability: (i * 7) % 101,
      energy: (i * 13) % 101,
      length_seconds: length,
      listening_time: { start_time: start, end_time: start + length * 500 },
      personality: personalities[i % personalities.length],
    });
  }
  return records;
}

/** A queue prefix no other test uses, e.g. `t1k2j3h4x-`. */
export function uniquePrefix(tag = "t"): string {
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${tag}${Date.now().toString(36)}${random}-`;
}
