/**
 * Property: for random inputs split into random micro-batches, the
 * streaming results equal one batch polars computation over the rows the
 * watermark kept — for every output mode and aggregation. Late rows are
 * predicted by a plain-JS model of the watermark rules.
 */
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

/**
 * Plain-JS model of the watermark: which record indices are kept, and the
 * watermark after each batch.
 */
function watermarkModel(
  c: Case,
  batches: [number, number][],
): { kept: boolean[]; marks: number[] } {
  const kept = c.records.map(() => true);
  const marks: number[] = [];
  if (c.delayMs === null) return { kept, marks };
  let wm = -Infinity;
  const maxByPartition = new Map<number, number>();
  for (const [start, end] of batches) {
    for (let i = start; i < end; i++) {
      const r = c.records[i];
      if (c.playedOnly && r.interaction !== "played") continue;
      const t = r.listening_time.start_time;
      if (t < wm) {
        kept[i] = false;
        continue;
      }
      const p = c.partitions[i];
      maxByPartition.set(p, Math.max(maxByPartition.get(p) ?? -Infinity, t));
    }
    if (maxByPartition.size > 0) {
      const candidate = Math.min(...maxByPartition.values()) - c.delayMs;
      wm = Math.max(wm, candidate);
    }
    marks.push(wm);
  }
  return { kept, marks };
}

const AGGS: Record<string, Aggregation> = {
  n: count(),
  secs: sum("length_seconds"),
  shortest: min("length_seconds"),
  last_song: max("song_name"),
  avg: mean("length_seconds"),
};

/** The batch computation: windows enumerated in JS, aggregates by polars. */
function expected(c: Case, kept: boolean[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  c.records.forEach((r, i) => {
    if (!kept[i]) return;
    if (c.playedOnly && r.interaction !== "played") return;
    const t = r.listening_time.start_time;
    const base = { song_name: r.song_name, len: r.length_seconds };
    if (!c.window) return rows.push({ ...base, ws: 0 });
    const { sizeMs, slideMs } = c.window;
    for (
      let s = Math.floor(t / slideMs) * slideMs;
      s > t - sizeMs;
      s -= slideMs
    ) rows.push({ ...base, ws: s });
  });
  if (rows.length === 0) return [];
  const df = pl.DataFrame({
    ws: pl.Series("ws", rows.map((r) => r.ws as number), pl.Int64),
    song_name: rows.map((r) => r.song_name as string),
    len: pl.Series("len", rows.map((r) => r.len as number), pl.Int64),
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

Deno.test("streaming results equal one batch computation over the rows the watermark keeps, for every output mode and aggregation", async () => {
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      let events = readStream(
        memorySource(c.records, { partitionOf: (_r, i) => c.partitions[i] }),
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
      const { kept, marks } = watermarkModel(c, batches);
      const late = kept.filter((k) => !k).length;
      assert.equal(summary.lateRows.q, late, "late rows counted");
      const finalTable = emitted.length > 0
        ? emitted[emitted.length - 1].table().toRecords()
        : [];
      assert.deepEqual(normalise(finalTable), expected(c, kept));
      if (c.mode === "append") {
        const all = emitted.flatMap((b) => b.rows.toRecords());
        assert.deepEqual(normalise(all), expected(c, kept), "each window once");
        // each window is emitted by the batch whose watermark passes its end
        const all_ = expected(c, kept);
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
          const prefixKept = kept.map((k, j) => k && j < batches[i][1]);
          assert.deepEqual(
            normalise(b.rows.toRecords()),
            expected(c, prefixKept),
          );
        });
      }
    }),
    { numRuns: 60 },
  );
});
