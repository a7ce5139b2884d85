import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import {
  flattenRecords,
  RECORD_COLUMNS,
  tableRows,
} from "../../lib/analysis/mod.ts";
import { analyzeOnce, type TableRows } from "../../lib/analysis/mod.ts";
import { memorySource } from "../../lib/engine/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { computeTables } from "./_batch_tables.ts";

/** The tables of the engine, checked against the batch oracle's. */
async function analyzed(
  records: readonly ListeningRecord[],
): Promise<TableRows> {
  const { rows } = await analyzeOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
  );
  assert.deepEqual(rows, tableRows(computeTables(records)), "engine = oracle");
  return rows;
}

function record(
  song: string,
  artist: string,
  overrides: Partial<ListeningRecord> = {},
): ListeningRecord {
  const start = Date.parse("2025-03-01T23:00:00Z"); // night in UTC
  return {
    user_id: 1,
    user_location: {
      latitude: 0,
      longitude: 0,
      country: "Iceland",
      city: "Reykjavik",
      timezone: "Atlantic/Reykjavik",
    },
    interaction: "played",
    song_name: song,
    artist,
    genre: "pop",
    year: 2000,
    popularity: 1,
    danceability: 0.5,
    energy: 0.5,
    length_seconds: 200,
    listening_time: { start_time: start, end_time: start + 200_000 },
    personality: "The nomad",
    ...overrides,
  };
}

Deno.test("the analysis keeps the top 10 and breaks ties by song then artist in byte order", async () => {
  const records: ListeningRecord[] = [];
  const songs = [
    ["b", "x"],
    ["a", "y"],
    ["a", "x"],
    ["B", "x"],
    ["ä", "x"],
    ["c", "x"],
    ["d", "x"],
    ["e", "x"],
    ["f", "x"],
    ["g", "x"],
    ["h", "x"],
  ];
  for (const [song, artist] of songs) records.push(record(song, artist));
  records.push(record("z", "x"), record("z", "x")); // 2 plays: rank 1
  const night = (await analyzed(records)).night_top10;
  assert.deepEqual(
    night.map((r) => [r.song_name, r.artist, r.plays, r.rank]),
    [
      ["z", "x", 2, 1],
      ["B", "x", 1, 2], // "B" (0x42) before "a" (0x61)
      ["a", "x", 1, 3],
      ["a", "y", 1, 4],
      ["b", "x", 1, 5],
      ["c", "x", 1, 6],
      ["d", "x", 1, 7],
      ["e", "x", 1, 8],
      ["f", "x", 1, 9],
      ["g", "x", 1, 10],
    ], // "h" and "ä" (0xC3 0xA4) fall outside the top 10
  );
});

Deno.test("the analysis gives a personality without plays null favourites and no listening time", async () => {
  const rows = await analyzed([
    record("a", "x", { personality: "The maverick", interaction: "skipped" }),
    record("a", "x", { personality: "The maverick", interaction: "skipped" }),
    record("a", "x", { personality: "The maverick", interaction: "paused" }),
  ]);
  assert.deepEqual(rows.personality_favourites, [{
    personality: "The maverick",
    top_interaction: "skipped",
    top_interaction_events: 2,
    top_song: null,
    top_song_artist: null,
    top_song_plays: null,
    top_artist: null,
    top_artist_plays: null,
    top_genre: null,
    top_genre_plays: null,
  }]);
  assert.deepEqual(rows.listening_time_per_personality, []);
  assert.deepEqual(rows.night_top10, []);
});

Deno.test("computeTables() accepts a DataFrame from flattenRecords() and gives the same tables", () => {
  const records = [
    record("a", "x"),
    record("b", "y", { interaction: "skipped" }),
  ];
  assert.deepEqual(
    tableRows(computeTables(flattenRecords(records))),
    tableRows(computeTables(records)),
  );
});

Deno.test("flattenRecords() makes one column per leaf field, named after the leaf", () => {
  const df = flattenRecords([record("a", "x")]);
  assert.deepEqual(df.columns, [...RECORD_COLUMNS]);
  assert.deepEqual(df.row(0), [
    1,
    0,
    0,
    "Iceland",
    "Reykjavik",
    "Atlantic/Reykjavik",
    "played",
    "a",
    "x",
    "pop",
    2000,
    1,
    0.5,
    0.5,
    200,
    Date.parse("2025-03-01T23:00:00Z"),
    Date.parse("2025-03-01T23:00:00Z") + 200_000,
    "The nomad",
  ]);
});

Deno.test("the analysis counts a song with one name but two artists as two songs", async () => {
  const rows = await analyzed([
    record("Angel", "Massive Attack"),
    record("Angel", "Shaggy"),
    record("Angel", "Shaggy"),
  ]);
  assert.deepEqual(rows.night_top10, [
    { song_name: "Angel", artist: "Shaggy", plays: 2, rank: 1 },
    { song_name: "Angel", artist: "Massive Attack", plays: 1, rank: 2 },
  ]);
});
