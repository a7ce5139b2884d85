import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import {
  analyzeOnce,
  TABLE_NAMES,
  type TableName,
  type TableRows,
} from "../../lib/analysis/mod.ts";
import { memorySource } from "../../lib/engine/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { renderSvg, tableChart } from "../../lib/charts/mod.ts";
import { HAND_MADE_EVENTS } from "../testdata/analysis/hand_made_events.ts";

async function rowsOf(
  records: readonly ListeningRecord[],
): Promise<TableRows> {
  return (await analyzeOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
  )).rows;
}

/** Data marks drawn: bars, heat-map cells and text labels. */
function dataMarks(svg: string): number {
  return svg.match(/aria-roledescription="(bar|rect mark|text mark)"/g)
    ?.length ?? 0;
}

// One mark per row of the hand-made tables, except: the sliding heat map
// draws ranks 1-3 only (30 of 35 rows), time of day sums songs into its 4
// buckets, day vs night stacks songs into 5 (window, time of day) bars, and
// the favourites chart has a bar and a label per personality.
const EXPECTED_MARKS: Record<TableName, number> = {
  top_countries_per_personality: 8,
  top_artist_per_country: 7,
  night_top10: 4,
  morning_top10: 5,
  time_of_day: 4,
  day_vs_night_windows: 5,
  sliding_top_songs: 30,
  personality_favourites: 6,
  listening_time_per_personality: 3,
};

Deno.test("tableChart() charts every table and renderSvg() draws one mark per data item", async (t) => {
  const rows = await rowsOf(HAND_MADE_EVENTS);
  for (const name of TABLE_NAMES) {
    await t.step(name, async () => {
      const svg = await renderSvg(tableChart(name, rows[name]));
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.equal(dataMarks(svg), EXPECTED_MARKS[name]);
    });
  }
});

Deno.test("renderSvg() puts song names on the chart", async () => {
  const rows = await rowsOf(HAND_MADE_EVENTS);
  const svg = await renderSvg(tableChart("night_top10", rows.night_top10));
  assert.ok(svg.includes("Hunger Strike — Temple of the Dog"));
  assert.ok(svg.includes("Écoute — Zaz"));
});

Deno.test("renderSvg() escapes markup that comes from the data", async () => {
  const start = Date.parse("2025-03-01T23:00:00Z");
  const record: ListeningRecord = {
    user_id: 1,
    user_location: {
      latitude: 0,
      longitude: 0,
      country: "<b>Utopia</b>",
      city: "x",
      timezone: "UTC",
    },
    interaction: "played",
    song_name: "<script>alert(1)</script>",
    artist: 'Tom & "Jerry"',
    genre: "<i>pop</i>",
    year: 2000,
    popularity: 1,
    danceability: 0.5,
    energy: 0.5,
    length_seconds: 200,
    listening_time: { start_time: start, end_time: start + 1000 },
    personality: "The nomad",
  };
  const rows = await rowsOf([record]);
  for (const name of TABLE_NAMES) {
    const svg = await renderSvg(tableChart(name, rows[name]));
    assert.ok(!svg.includes("<script"), `${name} has a raw <script>`);
    assert.ok(!svg.includes("<b>"), `${name} has a raw <b>`);
    assert.ok(!svg.includes("<i>"), `${name} has a raw <i>`);
  }
  const night = await renderSvg(tableChart("night_top10", rows.night_top10));
  assert.ok(night.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(night.includes("Tom &amp; "));
  const countries = await renderSvg(
    tableChart("top_artist_per_country", rows.top_artist_per_country),
  );
  assert.ok(countries.includes("&lt;b&gt;Utopia&lt;/b&gt;"));
});

Deno.test("tableChart() of empty tables still renders", async () => {
  const rows = await rowsOf([]);
  for (const name of TABLE_NAMES) {
    const svg = await renderSvg(tableChart(name, rows[name]));
    assert.equal(dataMarks(svg), 0, name);
  }
});

Deno.test("tableChart() rejects an unknown table", () => {
  assert.throws(() => tableChart("nope" as TableName, [] as never), {
    name: "RangeError",
    message: 'no chart for table: got "nope"',
  });
});

Deno.test("renderSvg() is deterministic apart from gradient ids, which stay unique per page", async () => {
  const rows = await rowsOf(HAND_MADE_EVENTS);
  const spec = tableChart("sliding_top_songs", rows.sliding_top_songs);
  const [a, b] = [await renderSvg(spec), await renderSvg(spec)];
  const ids = (svg: string) => svg.match(/gradient_\d+/g) ?? [];
  assert.ok(ids(a).length > 0);
  assert.notEqual(ids(a)[0], ids(b)[0]);
  const neutral = (svg: string) => svg.replace(/gradient_\d+/g, "gradient");
  assert.equal(neutral(a), neutral(b));
});
