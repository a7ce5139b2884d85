import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import { memorySource } from "../../lib/engine/mod.ts";
import { type WrappedListener, wrappedOnce } from "../../lib/wrapped/mod.ts";
import { fansOfX, listenerOne, noStreams } from "./_listeners.ts";

const everyone = () => [...listenerOne(), ...fansOfX(), ...noStreams()];

async function wrappedOf(
  records = everyone(),
  options: Parameters<typeof wrappedOnce>[1] = {},
): Promise<Map<number, WrappedListener>> {
  const { listeners } = await wrappedOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
    options,
  );
  return new Map(listeners.map((l) => [l.user_id, l]));
}

Deno.test("wrappedOnce() gives a hand-made listener's Wrapped exactly (local midnight, DST, ties, a streak across a month end)", async () => {
  const one = (await wrappedOf()).get(1)!;
  assert.equal(one.personality, "The nomad");
  assert.equal(one.events, 7);
  assert.equal(one.minutes_listened, 580_000 / 60_000);
  assert.equal(one.streams, 6);
  assert.equal(one.distinct_songs, 5);
  assert.equal(one.distinct_artists, 3);
  assert.deepEqual(one.top_songs, [
    { song_name: "B", artist: "X", streams: 2 },
    { song_name: "A", artist: "X", streams: 1 },
    { song_name: "A", artist: "Y", streams: 1 },
    { song_name: "C", artist: "X", streams: 1 },
    { song_name: "D", artist: "Z", streams: 1 },
  ]);
  assert.deepEqual(one.top_artists, [
    { artist: "X", streams: 4 },
    { artist: "Y", streams: 1 },
    { artist: "Z", streams: 1 },
  ]);
  assert.deepEqual(one.top_genres, [
    { genre: "rock", streams: 3 },
    { genre: "pop", streams: 2 },
    { genre: "jazz", streams: 1 },
  ]);
  // 20 s at 06:30 EDT + 260 s at 21:00 EDT, both on 9 March local
  assert.equal(one.busiest_day, "2025-03-09");
  // morning 4 x 60 s + 20 s = 260 s ties evening 260 s: morning comes first
  assert.equal(one.top_time_of_day, "morning");
  // 30, 31 January, 1 February (incl. 23:30 local), 2 February
  assert.equal(one.longest_streak_days, 4);
  // three fans of X: two with more streams
  assert.equal(one.top_artist_fan_percent, 100);
  // every song is from 2001: the only 5-year era is 2001-2005, told in 2025
  assert.deepEqual(one.listening_age, {
    age: 2025 - 2003 + 18,
    era_start: 2001,
    era_end: 2005,
    over_index: 1,
  });
  // Z is first streamed 38 days after the first stream (30 January)
  assert.deepEqual(one.discoveries, [
    { artist: "Z", streams: 1, first_streamed: "2025-03-09" },
  ]);
  assert.deepEqual(
    one.music_evolution.map((p) => [p.from, p.to, p.top_genre, p.streams]),
    [
      ["2025-01", "2025-01", "rock", 2],
      ["2025-02", "2025-02", "pop", 3],
      ["2025-03", "2025-03", "jazz", 1],
    ],
  );
});

Deno.test("wrappedOnce() breaks ties in the busiest day by the earliest date and in top lists by name", async () => {
  const two = (await wrappedOf()).get(2)!;
  assert.equal(two.busiest_day, "2025-04-01");
  assert.equal(two.top_time_of_day, "morning");
  assert.deepEqual(two.top_songs, [
    { song_name: "S0", artist: "X", streams: 3 },
    { song_name: "S1", artist: "X", streams: 3 },
  ]);
  assert.deepEqual(two.top_genres, [
    { genre: "funk", streams: 3 },
    { genre: "pop", streams: 3 },
  ]);
  assert.equal(two.longest_streak_days, 2);
  assert.equal(two.top_artist_fan_percent, 100 / 3);
});

Deno.test("wrappedOnce() gives a listener without streams zeros and nulls", async () => {
  const four = (await wrappedOf()).get(4)!;
  assert.equal(four.streams, 0);
  assert.equal(four.events, 2);
  assert.equal(four.minutes_listened, 20_000 / 60_000);
  assert.equal(four.distinct_songs, 0);
  assert.equal(four.distinct_artists, 0);
  assert.deepEqual(four.top_songs, []);
  assert.deepEqual(four.top_artists, []);
  assert.deepEqual(four.top_genres, []);
  assert.equal(four.top_artist_fan_percent, null);
  assert.equal(four.longest_streak_days, 0);
  assert.equal(four.busiest_day, "2025-06-01");
  assert.equal(four.listening_age, null);
  assert.deepEqual(four.music_evolution, []);
  assert.deepEqual(four.discoveries, []);
});

Deno.test("wrappedOnce() with tz utc reads dates in UTC", async () => {
  const one = (await wrappedOf(listenerOne(), { tz: "utc" })).get(1)!;
  // 04:30 UTC on 2 February and 01:00 UTC on 10 March
  assert.equal(one.busiest_day, "2025-03-10");
  // night: 60 s at 04:30 + 260 s at 01:00; afternoon: 4 x 60 s at 15:00
  assert.equal(one.top_time_of_day, "night");
});

Deno.test("wrappedOnce() with a year keeps only that local year", async () => {
  const late = play2024();
  const in2024 = await wrappedOf([...listenerOne(), late], { year: 2024 });
  assert.deepEqual([...in2024.keys()], [1]);
  assert.equal(in2024.get(1)!.events, 1);
  assert.equal(in2024.get(1)!.busiest_day, "2024-12-31");
  const in2025 = await wrappedOf([...listenerOne(), late], { year: 2025 });
  assert.equal(in2025.get(1)!.events, 7);
  const none = await wrappedOf(listenerOne(), { year: 2030 });
  assert.equal(none.size, 0);
});

/** 23:59:59 on 31 December 2024 in New York, 2025 in UTC. */
function play2024() {
  const r = listenerOne()[0];
  const start = Date.parse("2025-01-01T04:59:59Z");
  return {
    ...r,
    listening_time: { start_time: start, end_time: start + 60_000 },
  };
}
