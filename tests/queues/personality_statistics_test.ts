import assert from "node:assert/strict";
import { PersonalityStatisticsBuilder } from "../../lib/queues/mod.ts";
import { makeRecords } from "./_records.ts";

Deno.test("PersonalityStatisticsBuilder ranks by events, breaks ties by name, and sums listening time", () => {
  const [base] = makeRecords(1, { personalities: ["The nomad"] });
  const at = (
    song: string,
    artist: string,
    genre: string,
    seconds: number,
    user: number,
    interaction = "played",
  ) => ({
    ...base,
    user_id: user,
    song_name: song,
    artist,
    genre,
    interaction,
    listening_time: { start_time: 0, end_time: seconds * 1000 },
  });
  const builder = new PersonalityStatisticsBuilder("The nomad", { topN: 2 });
  for (
    const record of [
      at("B", "Y", "rock", 60, 1),
      at("A", "X", "pop", 120, 1),
      at("B", "Y", "rock", 30, 2, "skipped"),
      at("A", "X", "pop", 90, 3),
      at("C", "Z", "jazz", 0, 3),
    ]
  ) builder.add(record);
  const stats = builder.result();
  assert.equal(stats.events, 5);
  assert.equal(stats.plays, 4);
  assert.equal(stats.users, 3);
  assert.deepEqual(stats.topSongs, [
    { song_name: "A", artist: "X", events: 2, rank: 1 },
    { song_name: "B", artist: "Y", events: 2, rank: 2 },
  ]);
  assert.deepEqual(stats.topArtists.map((a) => a.name), ["X", "Y"]);
  assert.deepEqual(stats.topGenres.map((g) => g.name), ["pop", "rock"]);
  assert.equal(stats.listenedMinutes, 300 / 60);
  assert.equal(stats.avgListenedSeconds, 60);
});

Deno.test("PersonalityStatisticsBuilder reports zeros for no records and rejects a bad topN", () => {
  const stats = new PersonalityStatisticsBuilder("The nomad").result();
  assert.equal(stats.events, 0);
  assert.equal(stats.avgListenedSeconds, 0);
  assert.deepEqual(stats.topSongs, []);
  assert.throws(
    () => new PersonalityStatisticsBuilder("The nomad", { topN: 0 }),
    { name: "RangeError", message: "topN must be a positive integer: got 0" },
  );
});
