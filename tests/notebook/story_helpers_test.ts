/**
 * The small lib functions the notebooks call instead of inline code: each
 * checked against a hand-made input.
 */
import assert from "node:assert/strict";
import { compareClocks, type TableRows } from "../../lib/analysis/mod.ts";
import {
  catalogSummary,
  createCatalog,
  mostPopularSongs,
  songsPerYear,
} from "../../lib/catalog/mod.ts";
import { progressRow } from "../../lib/engine/mod.ts";
import { parameterRows } from "../../lib/notebook/mod.ts";
import { personalityAxes } from "../../lib/personalities/mod.ts";
import { queuesVsPartitions } from "../../lib/queues/mod.ts";
import { schemaFields } from "../../lib/schema/mod.ts";

Deno.test("schemaFields() lists nested record fields with dotted paths", () => {
  const fields = schemaFields();
  const names = fields.map((f) => f.field);
  assert.ok(names.includes("user_location"));
  assert.ok(names.includes("user_location.timezone"));
  assert.ok(names.includes("listening_time.start_time"));
  assert.equal(
    fields.find((f) => f.field === "user_location")?.type,
    "record Location",
  );
  assert.ok(
    names.indexOf("user_location") < names.indexOf("user_location.city"),
  );
  assert.throws(() => schemaFields({ type: "string" }), {
    name: "TypeError",
    message: 'schema must be an Avro record schema: got {"type":"string"}',
  });
});

Deno.test("personalityAxes() spells out the letters of every personality", () => {
  const rows = personalityAxes();
  assert.equal(rows.length, 16);
  assert.deepEqual(rows[0], {
    partition: 0,
    personality: "The early adopter",
    "F/E": "E · exploration",
    "T/N": "N · newness",
    "L/V": "V · variety",
    "C/U": "C · commonality",
  });
});

Deno.test("catalogSummary(), mostPopularSongs() and songsPerYear() describe a catalogue", () => {
  const song = (title: string, year: number, popularity: number) => ({
    title,
    artist: title === "C" ? "Y" : "X",
    genre: year < 2000 ? "rock" : "pop",
    year,
    popularity,
    danceability: 50,
    energy: 50,
    lengthSeconds: 125,
  });
  const catalog = createCatalog([
    song("A", 1990, 10),
    song("B", 2010, 90),
    song("C", 2010, 90),
  ]);
  const summary = catalogSummary(catalog);
  assert.equal(summary.songs, 3);
  assert.equal(summary.artists, 2);
  assert.equal(summary.genres, 2);
  assert.equal(summary["release years"], "1990–2010");
  assert.deepEqual(mostPopularSongs(catalog, 2).map((s) => s.title), [
    "B",
    "C",
  ]);
  assert.equal(mostPopularSongs(catalog, 1)[0].length, "2:05");
  assert.deepEqual(songsPerYear(catalog), [
    { year: 1990, songs: 1 },
    { year: 2010, songs: 2 },
  ]);
});

Deno.test("compareClocks() sums plays per bucket and compares the night top 10s", () => {
  const tables = (night: [string, number][], plays: number[]) =>
    ({
      time_of_day: ["morning", "afternoon", "evening", "night"].map((t, i) => ({
        time_of_day: t,
        song_name: "S",
        artist: "A",
        plays: plays[i],
      })),
      night_top10: night.map(([song_name, plays], i) => ({
        song_name,
        artist: "A",
        plays,
        rank: i + 1,
      })),
    }) as unknown as TableRows;
  const result = compareClocks(
    tables([["S", 5], ["T", 3]], [1, 2, 3, 4]),
    tables([["T", 7]], [4, 3, 2, 1]),
  );
  assert.deepEqual(result.nightPlays, { local: 4, utc: 1 });
  assert.equal(result.sharedNightSongs, 1);
  assert.equal(result.buckets.length, 8);
  assert.deepEqual(result.nightTop10[1], {
    rank: 2,
    "local time": "T · A",
    "plays (local)": 3,
    UTC: "",
    "plays (UTC)": null,
  });
});

Deno.test("queuesVsPartitions() compares each queue with its personality's partition", () => {
  const report = (personality: string, events: number) =>
    ({ personality, statistics: { events } }) as never;
  const rows = queuesVsPartitions(
    [report("The early adopter", 5), report("The nomad", 4)],
    [{ partition: 0, low: 0, high: 5 }, { partition: 1, low: 1, high: 6 }],
  );
  assert.deepEqual(rows.map((r) => r.equal), ["yes", "NO"]);
  assert.equal(rows[1]["in the topic"], 5);
});

Deno.test("progressRow() sums state over queries and names late pairs per query", () => {
  const query = (name: string, stateRows: number, lateRows: number) => ({
    name,
    inputRows: 1,
    outputRows: 1,
    lateRows,
    lateRowsTotal: lateRows,
    stateRows,
    watermark: name === "b" ? "2025-01-01T00:00:00.000Z" : null,
  });
  const row = progressRow({
    batchId: 3,
    timestamp: "2025-01-01T00:00:00.000Z",
    inputRows: 10,
    invalidRows: 0,
    durationMs: 4,
    rowsPerSecond: 2500.4,
    position: null,
    final: false,
    queries: [query("a", 2, 0), query("b", 3, 7)],
  });
  assert.equal(row["state rows"], 5);
  assert.equal(row["rows/s"], 2500);
  assert.equal(row.watermark, "2025-01-01T00:00:00.000Z");
  assert.equal(row["late pairs"], "b 7");
  assert.equal(row.final, "");
});

Deno.test("parameterRows() shows every parameter as text", () => {
  assert.deepEqual(parameterRows({ users: 2, generate: false }), [
    { parameter: "users", value: "2" },
    { parameter: "generate", value: "false" },
  ]);
});
