import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import pl from "nodejs-polars";
import {
  type BatchProgress,
  count,
  formatProgress,
  memorySink,
  memorySource,
  readStream,
  runOnce,
  startStream,
  window,
} from "../../lib/engine/mod.ts";
import { at, listening } from "./_records.ts";
import { ManualClock, withBatchSizes } from "./_helpers.ts";
import { waitUntil } from "../../lib/support/mod.ts";

const records = [
  listening({ startMs: at("2025-03-01T00:10:00Z"), song: "A" }),
  listening({
    startMs: at("2025-03-01T01:10:00Z"),
    song: "B",
    interaction: "skipped",
  }),
  listening({ startMs: at("2025-03-01T02:10:00Z"), song: "A" }),
];

Deno.test("several queries share one source and one decode per batch", async () => {
  const source = memorySource(records, { columns: LISTENING_COLUMNS });
  let polls = 0;
  const poll = source.poll.bind(source);
  source.poll = (max, wait) => {
    polls++;
    return poll(max, wait);
  };
  const events = readStream(source);
  const a = memorySink(), b = memorySink();
  const summary = await runOnce([
    events.groupBy("song_name").agg({ n: count() })
      .writeStream("songs", { sink: a }),
    events.filter(pl.col("interaction").eq(pl.lit("played")))
      .groupBy("interaction").agg({ n: count() })
      .writeStream("plays", { sink: b }),
  ]);
  assert.equal(summary.inputRows, 3);
  assert.equal(summary.batches, 2); // the data, then the closing batch
  assert.ok(polls <= 4, `polled ${polls} times`);
  assert.deepEqual(a.rows(), [{ song_name: "A", n: 2 }, {
    song_name: "B",
    n: 1,
  }]);
  assert.deepEqual(b.rows(), [{ interaction: "played", n: 2 }]);
});

Deno.test("a query without aggregation appends its rows (strings, not dictionary codes)", async () => {
  const sink = memorySink();
  await runOnce([
    readStream(memorySource(records, { columns: LISTENING_COLUMNS }))
      .filter(pl.col("song_name").eq(pl.lit("A")))
      .select("song_name", "start_time")
      .writeStream("rows", { sink }),
  ], { maxRecordsPerBatch: 1 });
  assert.deepEqual(sink.rows(), [
    { song_name: "A", start_time: at("2025-03-01T00:10:00Z") },
    { song_name: "A", start_time: at("2025-03-01T02:10:00Z") },
  ]);
  assert.ok(sink.toDataFrame().schema.song_name.equals(pl.String));
});

Deno.test("every batch reports its progress as an engine.batch_end event", async () => {
  const clock = new ManualClock(at("2026-01-01T00:00:00Z"));
  const progress: BatchProgress[] = [];
  const stream = startStream([
    readStream(memorySource(records, { columns: LISTENING_COLUMNS }))
      .withWatermark("start_time", "10 minutes")
      .groupBy(window("start_time", "1 hour")).agg({ n: count() })
      .writeStream("hourly", { outputMode: "append", sink: memorySink() }),
  ], { trigger: "once", clock, maxRecordsPerBatch: 2 });
  stream.instrumentation.on("engine.batch_end", (p) => progress.push(p));
  let stopped = false;
  stream.instrumentation.on("engine.stop", () => stopped = true);
  await stream.done;
  assert.ok(stopped);
  assert.deepEqual(progress.map((p) => [p.batchId, p.inputRows, p.final]), [
    [0, 2, false],
    [1, 1, false],
    [2, 0, true],
  ]);
  const [first] = progress;
  assert.equal(first.timestamp, "2026-01-01T00:00:00.000Z");
  assert.deepEqual(first.queries, [{
    name: "hourly",
    inputRows: 2,
    outputRows: 1, // 00:00 window closed by watermark 01:00
    lateRows: 0,
    lateRowsTotal: 0,
    stateRows: 1,
    watermark: "2025-03-01T01:00:00.000Z",
  }]);
  assert.deepEqual(first.position, { records: 2 });
  assert.match(
    formatProgress(first),
    /^batch 0 {2}rows 2 {2}\d[\d,]* rows\/s {2}\d[\d,]* ms {2}hourly: wm 2025-03-01T01:00:00Z state 1 late 0$/,
  );
  assert.equal(stream.lastProgress?.final, true);
});

Deno.test("startStream() refuses queries that cannot run together", async (t) => {
  const one = memorySource(records, { columns: LISTENING_COLUMNS }),
    two = memorySource(records, { columns: LISTENING_COLUMNS });
  const q = (source = one, name = "q", sink = memorySink()) =>
    readStream(source).groupBy("song_name").agg({ n: count() })
      .writeStream(name, { sink });
  await t.step("no queries", () => {
    assert.throws(() => startStream([]), {
      name: "TypeError",
      message: "startStream() needs at least one query",
    });
  });
  await t.step("two sources", () => {
    assert.throws(() => startStream([q(one, "a"), q(two, "b")]), {
      name: "TypeError",
      message:
        "all queries of a stream must read the same source: b reads memory, a reads memory",
    });
  });
  await t.step("duplicate names", () => {
    assert.throws(() => startStream([q(one, "a"), q(one, "a")]), {
      name: "TypeError",
      message: "two queries are named a",
    });
  });
  await t.step("a shared sink", () => {
    const sink = memorySink();
    assert.throws(() => startStream([q(one, "a", sink), q(one, "b", sink)]), {
      name: "TypeError",
      message: "queries share one sink object (b); give each its own",
    });
  });
  await t.step("bad trigger and batch size", () => {
    assert.throws(() => startStream([q()], { trigger: { intervalMs: 0 } }), {
      name: "RangeError",
      message:
        'trigger must be "asap", "once", { intervalMs: <positive> } or { everyRecords: <positive integer> }: got {"intervalMs":0}',
    });
    assert.throws(
      () => startStream([q()], { trigger: { everyRecords: 2.5 } }),
      {
        name: "RangeError",
        message:
          'trigger must be "asap", "once", { intervalMs: <positive> } or { everyRecords: <positive integer> }: got {"everyRecords":2.5}',
      },
    );
    assert.throws(() => startStream([q()], { maxRecordsPerBatch: 1.5 }), {
      name: "RangeError",
      message: "maxRecordsPerBatch must be a positive integer: got 1.5",
    });
  });
});

Deno.test("an interval trigger runs a batch per interval until stopped", async () => {
  const clock = new ManualClock(0);
  const sink = memorySink();
  const stream = startStream([
    readStream(memorySource(records, { columns: LISTENING_COLUMNS })).groupBy(
      "song_name",
    ).agg({ n: count() })
      .writeStream("songs", { sink }),
  ], { trigger: { intervalMs: 1000 }, clock, maxRecordsPerBatch: 1 });
  const starts: number[] = [];
  stream.instrumentation.on("engine.batch_end", (p) => {
    starts.push(Date.parse(p.timestamp));
  });
  while (starts.length < 3) await new Promise((r) => setTimeout(r, 1));
  const summary = await stream.stop();
  assert.deepEqual(starts, [0, 1000, 2000]);
  assert.equal(summary.inputRows, 3);
  assert.equal(sink.rows().length, 2);
});

Deno.test("a count trigger runs a batch per N records, and stop() runs the rest", async () => {
  const trickle = Array.from(
    { length: 7 },
    (_, i) => listening({ startMs: at("2025-03-01T00:00:00Z") + i * 60_000 }),
  );
  // the source delivers two records at a time, then nothing for a poll
  const source = withBatchSizes(
    memorySource(trickle, { columns: LISTENING_COLUMNS }),
    [2],
  );
  const sink = memorySink();
  const stream = startStream([
    readStream(source).groupBy("song_name").agg({ n: count() })
      .writeStream("songs", { sink }),
  ], { trigger: { everyRecords: 3 }, clock: new ManualClock(0) });
  const sizes: number[] = [];
  stream.instrumentation.on("engine.batch_end", (p) => sizes.push(p.inputRows));
  await waitUntil(() => sizes.length === 2, { what: "two batches of 3" });
  const summary = await stream.stop();
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.equal(summary.inputRows, 7);
  assert.equal(sink.rows().reduce((n, r) => n + (r.n as number), 0), 7);
});
