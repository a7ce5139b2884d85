/**
 * The conformance suite every engine sink runs: after `open` with a
 * restored table and after each batch, what the sink shows equals the
 * engine's result table (or, for sinks that show each batch's rows, those
 * rows); a replayed batch id changes nothing; `close` is safe.
 *
 * @module
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import type { OutputMode, Sink, SinkBatch } from "../../lib/engine/mod.ts";

/** How a suite run makes and reads one kind of sink. */
export interface SinkFixture {
  /** A new sink. */
  make(): Sink;
  /** What the sink currently shows, as row objects. */
  shown(): Promise<Record<string, unknown>[]> | Record<string, unknown>[];
  /** `"table"`: shows the whole result table; `"rows"`: the last batch's rows. */
  shows: "table" | "rows";
  /** Called after each step. */
  cleanup?(): Promise<void> | void;
}

const KEYS = ["window_start", "window_end", "song_name"];

/** Rows as plain objects (polars may give other prototypes). */
function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => ({ ...r }));
}

function batch(
  batchId: number,
  outputMode: OutputMode,
  rows: pl.DataFrame,
  table: pl.DataFrame,
): SinkBatch {
  return {
    name: "plays",
    outputMode,
    keyColumns: KEYS,
    batchId,
    rows,
    table: () => table,
  };
}

/**
 * Registers the suite's tests for one sink implementation.
 *
 * @param name The implementation, e.g. `"memorySink"`.
 * @param fixture Makes and reads sinks (called once per step).
 */
export function sinkConformance(
  name: string,
  fixture: () => Promise<SinkFixture> | SinkFixture,
): void {
  Deno.test(`${name} passes the sink conformance suite`, async (t) => {
    const W = "2025-03-01T00:00:00.000Z", E = "2025-03-01T01:00:00.000Z";
    const restored = pl.DataFrame({
      window_start: [W],
      window_end: [E],
      song_name: ["Restored"],
      plays: pl.Series("plays", [4], pl.Int64),
    });
    const rows1 = pl.DataFrame({
      window_start: [W, W],
      window_end: [E, E],
      song_name: ["A", "B"],
      plays: pl.Series("plays", [1, 2], pl.Int64),
    });
    const table1 = pl.concat([rows1, restored]).sort(KEYS);
    const rows2 = pl.DataFrame({
      window_start: [W],
      window_end: [E],
      song_name: ["A"],
      plays: pl.Series("plays", [5], pl.Int64),
    });
    const table2 = pl.concat([
      table1.filter(pl.col("song_name").neq(pl.lit("A"))),
      rows2,
    ]).sort(KEYS);
    for (const mode of ["append", "update", "complete"] as OutputMode[]) {
      await t.step(
        `${mode}: shows the restored table, then each batch`,
        async () => {
          const f = await fixture();
          try {
            const sink = f.make();
            await sink.open?.(
              { name: "plays", outputMode: mode, keyColumns: KEYS },
              restored,
            );
            if (f.shows === "table") {
              assert.deepEqual(
                plain(await f.shown()),
                plain(restored.toRecords()),
              );
            }
            await sink.write(batch(0, mode, rows1, table1));
            assert.deepEqual(
              plain(await f.shown()),
              plain((f.shows === "table" ? table1 : rows1).toRecords()),
            );
            await sink.write(batch(1, mode, rows2, table2));
            assert.deepEqual(
              plain(await f.shown()),
              plain((f.shows === "table" ? table2 : rows2).toRecords()),
            );
            // a batch replayed after a crash leaves the same result
            await sink.write(batch(1, mode, rows2, table2));
            assert.deepEqual(
              plain(await f.shown()),
              plain((f.shows === "table" ? table2 : rows2).toRecords()),
            );
            await sink.close?.();
          } finally {
            await f.cleanup?.();
          }
        },
      );
    }
  });
}
