import type { ListeningRecord } from "../../lib/schema/mod.ts";

/** `n` valid, distinct listening records (deterministic). */
export function sampleRecords(n: number): ListeningRecord[] {
  const records: ListeningRecord[] = [];
  for (let i = 0; i < n; i++) {
    records.push({
      user_id: i % 97,
      user_location: {
        latitude: 41.5,
        longitude: -87.25,
        country: "United States",
        city: i % 2 ? "Chicago" : "Zürich",
        timezone: "America/Chicago",
      },
      interaction: ["played", "paused", "skipped"][i % 3],
      song_name: `Song ${i}`,
      artist: `Artist ${i % 13}`,
      genre: "album rock",
      year: 1960 + (i % 60),
      popularity: i % 101,
      danceability: 45,
      energy: 49,
      length_seconds: 180 + (i % 200),
      listening_time: {
        start_time: 1_740_808_800_000 + i * 1000,
        end_time: 1_740_808_800_000 + i * 1000 + 500,
      },
      personality: "The replayer",
    });
  }
  return records;
}

/** A decoded record as plain objects (avsc decodes to class instances). */
export function plain(record: ListeningRecord): ListeningRecord {
  return {
    ...record,
    user_location: { ...record.user_location },
    listening_time: { ...record.listening_time },
  };
}

/** A fresh temporary directory for one test. */
export async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "wrapped-avro-test-" });
}
