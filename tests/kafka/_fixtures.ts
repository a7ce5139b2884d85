/**
 * Test fixtures of the Kafka tests: deterministic listening records, Avro
 * files of them, and unique topic/group names.
 *
 * @module
 */
import { writeAvroFile } from "../../lib/avro/mod.ts";
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";

const INTERACTIONS = [
  "played",
  "paused",
  "skipped",
  "repeated",
  "added_to_playlist",
];
const CITIES = [
  ["France", "Paris", "Europe/Paris", 48.85, 2.35],
  ["Japan", "Tokyo", "Asia/Tokyo", 35.68, 139.69],
  ["United States", "Chicago", "America/Chicago", 41.88, -87.63],
] as const;

/**
 * `count` valid records, the same for the same arguments; personalities
 * cycle so every partition gets records.
 *
 * @param count How many.
 * @param startTimeMs Event time of the first record.
 */
export function makeRecords(
  count: number,
  startTimeMs = Date.UTC(2025, 2, 1),
): ListeningRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const [country, city, timezone, latitude, longitude] = CITIES[i % 3];
    const start = startTimeMs + i * 7_000;
    return {
      user_id: 1000 + (i % 97),
      user_location: {
        latitude: Math.fround(latitude),
        longitude: Math.fround(longitude),
        country,
        city,
        timezone,
      },
      interaction: INTERACTIONS[i % INTERACTIONS.length],
      song_name: `Song ${i % 501}`,
      artist: `Artist ${i % 37}`,
      genre: i % 2 ? "pop" : "rock",
      year: 1960 + (i % 60),
      popularity: i % 101,
      danceability: Math.fround((i % 100) / 100),
      energy: Math.fround(((i * 7) % 100) / 100),
      length_seconds: 120 + (i % 240),
      listening_time: { start_time: start, end_time: start + 60_000 },
      personality: PERSONALITY_NAMES[(i * 5) % 16],
    };
  });
}

/**
 * Writes records to an Avro container file in a fresh temp directory.
 *
 * @param records The records.
 * @param blockSizeBytes Target block size (small → many blocks).
 * @returns The file's path.
 */
export async function writeRecordsFile(
  records: ListeningRecord[],
  blockSizeBytes = 16 * 1024,
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "kafka-test-" });
  const path = `${dir}/events.avro`;
  await writeAvroFile(path, records, { blockSizeBytes });
  return path;
}

let counter = 0;

/**
 * A name unique to this test run, e.g. `t-roundtrip-1732000000000-3`.
 *
 * @param label What it is for.
 */
export function uniqueName(label: string): string {
  return `t-${label}-${Date.now()}-${counter++}`;
}
