/**
 * Property: for random out-of-order inputs split into random micro-batches,
 * the streaming results equal one batch polars computation over the
 * (row, window) pairs the watermark kept — for every output mode and
 * aggregation. Which pairs are late is predicted by a plain-JS model that
 * applies the per-window rule batch by batch (DESIGN §5).
 */
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import assert from "node:assert/strict";
import fc from "fast-check";
import pl from "nodejs-polars";
import {
  type Aggregation,
  callbackSink,
  count,
  max,
  mean,
  memorySink,
  memorySource,
  min,
  type OutputMode,
  readStream,
  runOnce,
  sum,
  window,
} from "../../lib/engine/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { listening } from "./_records.ts";
import { withBatchSizes } from "./_helpers.ts";
import { latenessModel, type Pair, type TimedRow } from "./_lateness_model.ts";

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;
const BASE = Date.UTC(2025, 2, 1);

interface Case {
  records: ListeningRecord[];
  partitions: number[];
  batchSizes: number[];
  window: { sizeMs: number; slideMs: number } | null;
  delayMs: number | null;
  mode: OutputMode;
  playedOnly: boolean;
}

const recordArb = fc.record({
  // Quarter hours of jitter around the row's position in time (rows come
  // mostly in order, some late); coarse times make rows and window ends
  // meet the watermark exactly.
  jitter: fc.integer({ min: -16, max: 4 }),
  song: fc.constantFrom("Song A", "Song B", "Song C", "Zed"),
  artist: fc.constantFrom("X", "Y"),
  interaction: fc.constantFrom("played", "played", "skipped", "paused"),
  lengthSeconds: fc.integer({ min: 1, max: 600 }),
  partition: fc.constantFrom(0, 0, 1, 2),
});

const windowArb = fc.constantFrom(
  null,
  { sizeMs: HOUR, slideMs: HOUR },
  { sizeMs: 6 * HOUR, slideMs: 6 * HOUR },
  { sizeMs: 2 * HOUR, slideMs: HOUR / 2 },
  { sizeMs: HOUR, slideMs: 25 * 60_000 }, // size not a multiple of slide
);

const caseArb: fc.Arbitrary<Case> = fc.record({
  rows: fc.oneof(
    fc.array(recordArb, { minLength: 0, maxLength: 5 }),
    fc.array(recordArb, { minLength: 20, maxLength: 120 }),
  ),
  batchSizes: fc.array(fc.integer({ min: 1, max: 15 }), {
    minLength: 1,
    maxLength: 6,
  }),
  window: windowArb,
  delayHours: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  mode: fc.constantFrom<OutputMode>("append", "update", "complete"),
  playedOnly: fc.boolean(),
}).map(({ rows, batchSizes, window, delayHours, mode, playedOnly }) => {
  // append needs a window and a watermark
  const effectiveMode = mode === "append" && (!window || delayHours === null)
    ? "update"
    : mode;
  return {
    records: rows.map((r, i) =>
      listening({
        startMs: BASE + (i + r.jitter) * QUARTER,
        song: r.song,
        artist: r.artist,
        interaction: r.interaction,
        lengthSeconds: r.lengthSeconds,
      })
    ),
    partitions: rows.map((r) => r.partition),
    batchSizes,
    window,
    delayMs: delayHours === null ? null : delayHours * HOUR,
    mode: effectiveMode,
    playedOnly,
  };
});

/** Batch boundaries as the engine will cut them (sizes repeat cyclically). */
function batchesOf(n: number, sizes: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0, i = 0; start < n; i++) {
    const end = Math.min(n, start + sizes[i % sizes.length]);
    out.push([start, end]);
    start = end;
  }
  return out;
}

/** The rows the query sees in records `[start, end)`. */
function rowsOf(c: Case, start: number, end: number): TimedRow[] {
  const rows: TimedRow[] = [];
  for (let i = start; i < end; i++) {
    const r = c.records[i];
    if (c.playedOnly && r.interaction !== "played") continue;
    const timeMs = r.listening_time.start_time;
    rows.push({ id: i, timeMs, partition: c.partitions[i] });
  }
  return rows;
}

const AGGS: Record<string, Aggregation> = {
  n: count(),
  secs: sum("length_seconds"),
  shortest: min("length_seconds"),
  last_song: max("song_name"),
  avg: mean("length_seconds"),
};

/** The batch computation over kept pairs: aggregates by polars. */
function expected(c: Case, pairs: Pair[]): Record<string, unknown>[] {
  const rows = pairs.map(({ id, windowStart }) => ({
    song_name: c.records[id].song_name,
    len: c.records[id].length_seconds,
    ws: windowStart,
  }));
  if (rows.length === 0) return [];
  const df = pl.DataFrame({
    ws: pl.Series("ws", rows.map((r) => r.ws), pl.Int64),
    song_name: rows.map((r) => r.song_name),
    len: pl.Series("len", rows.map((r) => r.len), pl.Int64),
  });
  const keys = c.window ? ["ws", "song_name"] : ["song_name"];
  const out = df.groupBy(keys).agg(
    pl.len().alias("n"),
    pl.col("len").sum().alias("secs"),
    pl.col("len").min().alias("shortest"),
    pl.col("song_name").max().alias("last_song"),
    pl.col("len").mean().alias("avg"),
  ).sort(keys);
  return out.toRecords().map((r) => {
    const row: Record<string, unknown> = {};
    if (c.window) {
      row.window_start = new Date(r.ws as number).toISOString();
      row.window_end = new Date((r.ws as number) + c.window.sizeMs)
        .toISOString();
    }
    return { ...row, song_name: r.song_name, ...pick(r) };
  });
}

function pick(r: Record<string, unknown>) {
  return {
    n: r.n,
    secs: r.secs,
    shortest: r.shortest,
    last_song: r.last_song,
    avg: Math.round((r.avg as number) * 1e6) / 1e6,
  };
}

function normalise(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => ({
    ...r,
    avg: Math.round((r.avg as number) * 1e6) / 1e6,
  }));
}

Deno.test("streaming results equal one batch computation over the (row, window) pairs the per-window watermark rule keeps, for every output mode and aggregation", async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      let events = readStream(
        memorySource(c.records, {
          columns: LISTENING_COLUMNS,
          partitionOf: (_r, i) => c.partitions[i],
        }),
      );
      if (c.playedOnly) {
        events = events.filter(pl.col("interaction").eq(pl.lit("played")));
      }
      if (c.delayMs !== null) {
        events = events.withWatermark("start_time", c.delayMs);
      }
      const grouped = c.window
        ? events.groupBy(
          window("start_time", c.window.sizeMs, c.window.slideMs),
          "song_name",
        )
        : events.groupBy("song_name");
      const sink = memorySink();
      const emitted: { rows: pl.DataFrame; table: () => pl.DataFrame }[] = [];
      const query = grouped.agg(AGGS).writeStream("q", {
        outputMode: c.mode,
        sink: callbackSink((b) => {
          emitted.push({ rows: b.rows, table: b.table });
          return sink.write(b);
        }, { usesTable: true }),
      });
      // run with a fixed clock (no partition ever idles) and the case's batching
      withBatchSizes(query.plan.source, c.batchSizes);
      const summary = await runOnce([query], {
        clock: { now: () => BASE, sleep: () => Promise.resolve() },
      });
      const batches = batchesOf(c.records.length, c.batchSizes);
      const { pairs, late, marks } = latenessModel(
        batches.map(([start, end]) => rowsOf(c, start, end)),
        c.window,
        c.delayMs,
      );
      assert.equal(summary.lateRows.q, late, "late pairs counted");
      const finalTable = emitted.length > 0
        ? emitted[emitted.length - 1].table().toRecords()
        : [];
      assert.deepEqual(normalise(finalTable), expected(c, pairs));
      if (c.mode === "append") {
        const all = emitted.flatMap((b) => b.rows.toRecords());
        assert.deepEqual(
          normalise(all),
          expected(c, pairs),
          "each window once",
        );
        // each window is emitted by the batch whose watermark passes its end
        const all_ = expected(c, pairs);
        emitted.forEach((b, i) => {
          const from = i === 0 ? -Infinity : marks[i - 1] ?? Infinity;
          const to = marks[i] ?? Infinity;
          const due = all_.filter((r) => {
            const end = Date.parse(r.window_end as string);
            return end > from && end <= to;
          });
          assert.deepEqual(normalise(b.rows.toRecords()), due, `batch ${i}`);
        });
      }
      if (c.mode === "complete") {
        // after every batch the whole table equals the prefix computation
        emitted.forEach((b, i) => {
          if (i >= batches.length) return;
          const prefix = pairs.filter((p) => p.id < batches[i][1]);
          assert.deepEqual(normalise(b.rows.toRecords()), expected(c, prefix));
        });
      }
    }),
    { numRuns: 60 },
  );
});
