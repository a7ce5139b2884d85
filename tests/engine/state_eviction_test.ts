/**
 * Bounded memory (issue 16): the state of a windowed query holds only the
 * windows the watermark has not closed, so over a long stream its state
 * rows stay bounded by (open windows × keys × partitions), whatever the
 * stream's length. Complete mode needs every window for its output and is
 * the contrast: there the state grows with the stream.
 */
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import assert from "node:assert/strict";
import {
  type BatchProgress,
  count,
  memorySink,
  memorySource,
  readStream,
  startStream,
  window,
} from "../../lib/engine/mod.ts";
import { at, listening } from "./_records.ts";
import { ManualClock } from "./_helpers.ts";

const SONGS = ["A", "B", "C", "D", "E"];
const PARTITIONS = 2;
const START = at("2025-03-01T00:00:00Z");

/** Ten plays per 10 minutes, in event-time order, over `hours` hours. */
function stream(hours: number) {
  const records = [];
  for (let minute = 0; minute < hours * 60; minute += 10) {
    for (let i = 0; i < 10; i++) {
      records.push(listening({
        startMs: START + minute * 60_000 + i * 1_000,
        song: SONGS[(minute / 10 + i) % SONGS.length],
      }));
    }
  }
  return records;
}

/** State rows after every batch of a windowed count over `hours` of events. */
async function stateRows(
  hours: number,
  outputMode: "append" | "update" | "complete",
  slide?: string,
): Promise<number[]> {
  const records = stream(hours);
  const progress: BatchProgress[] = [];
  const run = startStream([
    readStream(
      memorySource(records, {
        columns: LISTENING_COLUMNS,
        partitionOf: (_, i) => i % PARTITIONS,
      }),
    )
      .withWatermark("start_time", "10 minutes")
      .groupBy(
        window("start_time", "1 hour", slide),
        "song_name",
      )
      .agg({ plays: count() })
      .writeStream("plays", { outputMode, sink: memorySink() }),
  ], {
    trigger: "once",
    clock: new ManualClock(at("2026-01-01T00:00:00Z")),
    maxRecordsPerBatch: 60, // one hour of events per batch
  });
  run.instrumentation.on("engine.batch_end", (p) => progress.push(p));
  const summary = await run.done;
  assert.equal(summary.inputRows, records.length);
  return progress.map((p) => p.queries[0].stateRows);
}

/** Open windows at a time × songs × partitions, plus the batch's next hour. */
function bound(windowsOpen: number): number {
  return windowsOpen * SONGS.length * PARTITIONS;
}

for (const outputMode of ["append", "update"] as const) {
  Deno.test(`${outputMode} mode: state rows of closed windows are evicted, so they stay bounded over a long stream`, async (t) => {
    await t.step("tumbling windows", async () => {
      const short = await stateRows(24, outputMode);
      const long = await stateRows(24 * 8, outputMode);
      assert.equal(long.length, 24 * 8 + 1);
      // a batch holds one hour: its window, the one before it (open until
      // the watermark passes it 10 minutes later) and, at most, the next
      assert.ok(Math.max(...long) <= bound(3), `max ${Math.max(...long)}`);
      assert.ok(Math.max(...short) >= bound(1));
      assert.equal(Math.max(...long), Math.max(...short));
      assert.equal(long.at(-1), 0, "the closing batch evicts every window");
    });
    await t.step("sliding windows", async () => {
      const long = await stateRows(24 * 8, outputMode, "30 minutes");
      const short = await stateRows(24, outputMode, "30 minutes");
      assert.ok(Math.max(...long) <= bound(5), `max ${Math.max(...long)}`);
      assert.equal(Math.max(...long), Math.max(...short));
    });
  });
}

Deno.test("complete mode keeps every window (its output needs them): state grows with the stream", async () => {
  const short = await stateRows(24, "complete");
  const long = await stateRows(24 * 4, "complete");
  assert.equal(Math.max(...short), 24 * SONGS.length * PARTITIONS);
  assert.equal(Math.max(...long), 4 * Math.max(...short));
});
