import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import {
  count,
  memorySink,
  memorySource,
  readStream,
  runOnce,
  startStream,
  window,
} from "../../lib/engine/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { at, listening } from "./_records.ts";
import { ManualClock, withBatchSizes } from "./_helpers.ts";

function hourlyQuery(
  records: ReturnType<typeof listening>[],
  partitions: number[],
  idleTimeoutMs = 60_000,
) {
  const source = memorySource(records, {
    columns: LISTENING_COLUMNS,
    partitionOf: (_r, i) => partitions[i],
  });
  const sink = memorySink();
  const query = readStream(source)
    .withWatermark("start_time", "1 hour", { idleTimeoutMs })
    .groupBy(window("start_time", "1 hour"))
    .agg({ n: count() })
    .writeStream("hourly", { outputMode: "append", sink });
  return { source, sink, query };
}

Deno.test("a row whose window ends at the watermark is dropped and counted; a row in a window that is still open is kept", async () => {
  const { source, sink, query } = hourlyQuery([
    listening({ startMs: at("2025-03-01T10:00:00Z") }), // batch 0: wm -> 09:00
    listening({ startMs: at("2025-03-01T08:59:59.999Z") }), // late
    listening({ startMs: at("2025-03-01T09:00:00Z") }), // at the watermark: kept
    listening({ startMs: at("2025-03-01T07:00:00Z") }), // late
  ], [0, 0, 0, 0]);
  withBatchSizes(source, [1, 3]);
  const summary = await runOnce([query]);
  assert.equal(summary.lateRows.hourly, 2);
  assert.deepEqual(sink.rows(), [
    {
      window_start: "2025-03-01T09:00:00.000Z",
      window_end: "2025-03-01T10:00:00.000Z",
      n: 1,
    },
    {
      window_start: "2025-03-01T10:00:00.000Z",
      window_end: "2025-03-01T11:00:00.000Z",
      n: 1,
    },
  ]);
});

Deno.test("worked example: a late row counts in its 6-hour window while it is open, another is dropped from its closed window", async () => {
  const source = memorySource([
    listening({ startMs: at("2025-03-01T10:00:00Z") }), // batch 0: wm -> 09:00
    // 1.5 h behind the watermark, but its window 06:00-12:00 is open: kept
    listening({ startMs: at("2025-03-01T07:30:00Z") }),
    // its window 00:00-06:00 ended at or before 09:00: dropped, counted
    listening({ startMs: at("2025-03-01T05:30:00Z") }),
  ], { columns: LISTENING_COLUMNS });
  withBatchSizes(source, [1, 2]);
  const sink = memorySink();
  const query = readStream(source)
    .withWatermark("start_time", "1 hour")
    .groupBy(window("start_time", "6 hours"))
    .agg({ plays: count() })
    .writeStream("six_hours", { outputMode: "append", sink });
  const summary = await runOnce([query]);
  assert.equal(summary.lateRows.six_hours, 1);
  assert.deepEqual(sink.rows(), [{
    window_start: "2025-03-01T06:00:00.000Z",
    window_end: "2025-03-01T12:00:00.000Z",
    plays: 2,
  }]);
});

Deno.test("a row of sliding windows is dropped only from the windows that closed and counted once per dropped window", async () => {
  const source = memorySource([
    listening({ startMs: at("2025-03-01T10:00:00Z") }), // batch 0: wm -> 09:00
    // windows 08:00-09:00 (closed: dropped) and 08:30-09:30 (open: kept)
    listening({ startMs: at("2025-03-01T08:45:00Z") }),
    // windows 07:00-08:00 and 07:30-08:30, both closed: two late pairs
    listening({ startMs: at("2025-03-01T07:45:00Z") }),
  ], { columns: LISTENING_COLUMNS });
  withBatchSizes(source, [1, 2]);
  const sink = memorySink();
  const query = readStream(source)
    .withWatermark("start_time", "1 hour")
    .groupBy(window("start_time", "1 hour", "30 minutes"))
    .agg({ n: count() })
    .writeStream("sliding", { outputMode: "append", sink });
  const summary = await runOnce([query]);
  assert.equal(summary.lateRows.sliding, 3);
  assert.deepEqual(sink.rows().map((r) => [r.window_start, r.n]), [
    ["2025-03-01T08:30:00.000Z", 1],
    ["2025-03-01T09:30:00.000Z", 1],
    ["2025-03-01T10:00:00.000Z", 1],
  ]);
});

Deno.test("queries without a window ignore the watermark: an aggregation and a row query keep rows far behind it", async () => {
  const records = [
    listening({ startMs: at("2025-03-01T10:00:00Z"), song: "A" }), // wm -> 09:00
    listening({ startMs: at("2025-03-01T01:00:00Z"), song: "A" }),
    listening({ startMs: at("2025-02-20T01:00:00Z"), song: "B" }),
  ];
  const source = memorySource(records, { columns: LISTENING_COLUMNS });
  withBatchSizes(source, [1, 2]);
  const events = readStream(source).withWatermark("start_time", "1 hour");
  const counts = memorySink(), rows = memorySink();
  const summary = await runOnce([
    events.groupBy("song_name").agg({ n: count() })
      .writeStream("per_song", { sink: counts }),
    events.select("song_name", "start_time").writeStream("rows", {
      sink: rows,
    }),
  ]);
  assert.deepEqual(summary.lateRows, { per_song: 0, rows: 0 });
  assert.deepEqual(counts.rows(), [
    { song_name: "A", n: 2 },
    { song_name: "B", n: 1 },
  ]);
  assert.equal(rows.rows().length, 3);
});

Deno.test("the watermark is the minimum over partitions: a slow partition causes no drops in the others", async () => {
  const { source, sink, query } = hourlyQuery([
    listening({ startMs: at("2025-03-01T12:00:00Z") }), // p0, fast
    listening({ startMs: at("2025-03-01T08:00:00Z") }), // p1, slow
    listening({ startMs: at("2025-03-01T07:30:00Z") }), // p1, behind p0 by 4.5 h
    listening({ startMs: at("2025-03-01T12:10:00Z") }), // p0
  ], [0, 1, 1, 0]);
  withBatchSizes(source, [2, 2]);
  const marks: (string | null)[] = [];
  const stream = startStream([query], { trigger: "once" });
  stream.instrumentation.on(
    "engine.batch_end",
    (p) => marks.push(p.queries[0].watermark),
  );
  const summary = await stream.done;
  assert.equal(summary.lateRows.hourly, 0);
  // min(12:00, 08:00) - 1 h, then min(12:10, 08:00) - 1 h, then the end
  assert.deepEqual(marks, [
    "2025-03-01T07:00:00.000Z",
    "2025-03-01T07:00:00.000Z",
    "+infinity",
  ]);
  assert.deepEqual(sink.rows().map((r) => [r.window_start, r.n]), [
    ["2025-03-01T07:00:00.000Z", 1],
    ["2025-03-01T08:00:00.000Z", 1],
    ["2025-03-01T12:00:00.000Z", 2],
  ]);
});

Deno.test("a partition silent for the idle timeout no longer holds the watermark back", async () => {
  const clock = new ManualClock(0);
  const { source, sink, query } = hourlyQuery(
    [
      listening({ startMs: at("2025-03-01T12:00:00Z") }), // p0 at 0 s
      listening({ startMs: at("2025-03-01T08:00:00Z") }), // p1 at 0 s, then silent
      listening({ startMs: at("2025-03-01T12:30:00Z") }), // p0 at 1 s: p1 still active
      listening({ startMs: at("2025-03-01T13:30:00Z") }), // p0 at 20 s: p1 idle
    ],
    [0, 1, 0, 0],
    10_000,
  );
  withBatchSizes(source, [2, 1, 1], (i) => {
    clock.nowMs = [0, 1_000, 20_000][i] ?? 20_000;
  });
  const marks: (string | null)[] = [];
  const stream = startStream([query], { trigger: "once", clock });
  stream.instrumentation.on(
    "engine.batch_end",
    (p) => marks.push(p.queries[0].watermark),
  );
  await stream.done;
  assert.deepEqual(marks, [
    "2025-03-01T07:00:00.000Z",
    "2025-03-01T07:00:00.000Z",
    "2025-03-01T12:30:00.000Z", // p1 idle: only p0 counts
    "+infinity",
  ]);
  assert.deepEqual(sink.rows().map((r) => [r.window_start, r.n]), [
    ["2025-03-01T08:00:00.000Z", 1],
    ["2025-03-01T12:00:00.000Z", 2],
    ["2025-03-01T13:00:00.000Z", 1],
  ]);
});

Deno.test("a silent partition with a backlog is not idle: after a stall longer than the idle timeout its rows are not late", async () => {
  const clock = new ManualClock(0);
  const { source, sink, query } = hourlyQuery(
    [
      listening({ startMs: at("2025-03-01T12:00:00Z") }), // p0 at 0 s
      listening({ startMs: at("2025-03-01T11:30:00Z") }), // p1 at 0 s
      // a 100 s stall (broker outage): then p0 delivers first...
      listening({ startMs: at("2025-03-01T13:30:00Z") }),
      // ...while p1's next row is still waiting to be read
      listening({ startMs: at("2025-03-01T11:45:00Z") }),
    ],
    [0, 1, 0, 1],
    10_000,
  );
  withBatchSizes(source, [2, 1, 1], (i) => {
    clock.nowMs = [0, 100_000, 101_000][i] ?? 101_000;
  });
  const marks: (string | null)[] = [];
  const stream = startStream([query], { trigger: "once", clock });
  stream.instrumentation.on(
    "engine.batch_end",
    (p) => marks.push(p.queries[0].watermark),
  );
  const summary = await stream.done;
  assert.deepEqual(marks, [
    "2025-03-01T10:30:00.000Z",
    "2025-03-01T10:30:00.000Z", // p1 silent 100 s but behind: not idle
    "2025-03-01T10:45:00.000Z",
    "+infinity",
  ]);
  assert.equal(summary.lateRows.hourly, 0);
  assert.deepEqual(sink.rows().map((r) => [r.window_start, r.n]), [
    ["2025-03-01T11:00:00.000Z", 2],
    ["2025-03-01T12:00:00.000Z", 1],
    ["2025-03-01T13:00:00.000Z", 1],
  ]);
});

Deno.test("when every partition is idle the watermark advances without new rows (an empty batch closes windows)", async () => {
  const clock = new ManualClock(0);
  const { sink, query } = hourlyQuery(
    [
      listening({ startMs: at("2025-03-01T12:00:00Z") }),
      listening({ startMs: at("2025-03-01T08:00:00Z") }),
    ],
    [0, 1],
    5_000,
  );
  const stream = startStream([query], { trigger: "asap", clock });
  // the 08:00 window stays open while p0 (12:00) and p1 (08:00) are active:
  // wm = 07:00. After 5 s of silence both are idle: wm = 11:00.
  await waitUntil(() => sink.rows().length === 1, {
    timeoutMs: 60_000,
    intervalMs: 5,
    what: "the 08:00 window to close",
  });
  await stream.stop();
  assert.deepEqual(sink.rows()[0].window_start, "2025-03-01T08:00:00.000Z");
  assert.equal(stream.lastProgress?.inputRows, 0);
  assert.equal(
    stream.lastProgress?.queries[0].watermark,
    "2025-03-01T11:00:00.000Z",
  );
  assert.ok(clock.nowMs >= 5_000);
});

Deno.test("a partition the source knows of holds the watermark back until it sends rows", async () => {
  const { source, sink, query } = hourlyQuery([
    listening({ startMs: at("2025-03-01T12:00:00Z") }), // p0
    listening({ startMs: at("2025-03-01T08:00:00Z") }), // p1 arrives later
  ], [0, 1]);
  source.partitions = () => [0, 1];
  withBatchSizes(source, [1, 1]);
  const marks: (string | null)[] = [];
  const stream = startStream([query], { trigger: "once" });
  stream.instrumentation.on(
    "engine.batch_end",
    (p) => marks.push(p.queries[0].watermark),
  );
  const summary = await stream.done;
  // p1 known but silent: no watermark yet, so its 08:00 row is not late
  assert.deepEqual(marks, [null, "2025-03-01T07:00:00.000Z", "+infinity"]);
  assert.equal(summary.lateRows.hourly, 0);
  assert.equal(sink.rows().length, 2);
});
