/**
 * The conformance suite every engine source runs: records arrive exactly
 * once with their partition and offset, `maxRecords` is respected,
 * exhaustion is reported, and a source reopened at a batch's position
 * resumes exactly after it.
 *
 * @module
 */
import assert from "node:assert/strict";
import type pl from "nodejs-polars";
import type {
  ColumnSpec,
  Source,
  SourcePosition,
} from "../../lib/engine/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";

/** How a suite run makes sources over the same records. */
export interface SourceFixture {
  /** The records the source replays, in the order it delivers them per partition. */
  records: ListeningRecord[];
  /** A new source over `records` (each call a fresh reader). */
  make(): Source | Promise<Source>;
  /** The partition a record must arrive with. */
  partitionOf(record: ListeningRecord): number;
  /** Wait per poll (Kafka needs time to fetch). Default 0. */
  waitMs?: number;
  /** Called after the suite (delete files, topics). */
  cleanup?(): Promise<void> | void;
}

const key = (r: { user_id: number; listening_time: { start_time: number } }) =>
  `${r.user_id}@${r.listening_time.start_time}`;

/** A frame's rows as (partial) records, nested along the columns' paths. */
function recordsOf(
  frame: pl.DataFrame,
  columns: readonly ColumnSpec[],
): unknown[] {
  return frame.toRecords().map((row) => {
    const record: Record<string, unknown> = {};
    for (const { name, path } of columns) {
      if (!(name in row)) continue;
      let node = record;
      for (const key of path.slice(0, -1)) {
        node = (node[key] ??= {}) as Record<string, unknown>;
      }
      node[path.at(-1)!] = row[name];
    }
    return record;
  });
}

async function drain(
  source: Source,
  fixture: SourceFixture,
  maxRecords: number,
  stopAfter = Infinity,
): Promise<{
  seen: { record: ListeningRecord; partition: number; offset: number }[];
  position: SourcePosition | undefined;
  exhausted: boolean;
}> {
  const seen: { record: ListeningRecord; partition: number; offset: number }[] =
    [];
  let position: SourcePosition | undefined;
  let exhausted = false;
  const deadline = Date.now() + 60_000;
  while (!exhausted && seen.length < stopAfter) {
    assert.ok(Date.now() < deadline, "source delivers within 60 s");
    const batch = await source.poll(maxRecords, fixture.waitMs ?? 0);
    // a source may hand over columns instead of records (SourceBatch.frame)
    const records = batch.frame
      ? recordsOf(batch.frame, source.columns)
      : batch.records;
    if (batch.frame) assert.equal(batch.records.length, 0);
    assert.ok(records.length <= maxRecords, "respects maxRecords");
    assert.equal(batch.partitions.length, records.length);
    assert.equal(batch.offsets.length, records.length);
    if (batch.frame) {
      assert.deepEqual(
        Array.from(batch.partitions),
        batch.frame.getColumn("__partition").toArray(),
      );
    }
    records.forEach((record, i) =>
      seen.push({
        record: record as ListeningRecord,
        partition: batch.partitions[i],
        offset: batch.offsets[i],
      })
    );
    position = batch.position;
    exhausted = batch.exhausted;
  }
  return { seen, position, exhausted };
}

/**
 * Registers the suite's tests for one source implementation.
 *
 * @param name The implementation, e.g. `"memorySource"`.
 * @param fixture Makes sources.
 * @param options Deno.test options (e.g. `ignore`).
 */
export function sourceConformance(
  name: string,
  fixture: () => Promise<SourceFixture>,
  options: { ignore?: boolean } = {},
): void {
  Deno.test({
    name: `${name} passes the source conformance suite`,
    ignore: options.ignore,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      const f = await fixture();
      try {
        await t.step(
          "delivers every record once, with partitions and increasing offsets",
          async () => {
            const source = await f.make();
            await source.open();
            const { seen, exhausted } = await drain(source, f, 37);
            await source.close();
            assert.ok(exhausted);
            assert.deepEqual(
              seen.map((s) => key(s.record)).sort(),
              f.records.map(key).sort(),
            );
            const last = new Map<number, number>();
            for (const s of seen) {
              assert.equal(s.partition, f.partitionOf(s.record));
              assert.ok(
                s.offset > (last.get(s.partition) ?? -1),
                "offsets increase",
              );
              last.set(s.partition, s.offset);
            }
            // per partition, the source keeps the records' order
            for (const p of new Set(seen.map((s) => s.partition))) {
              assert.deepEqual(
                seen.filter((s) => s.partition === p).map((s) => key(s.record)),
                f.records.filter((r) => f.partitionOf(r) === p).map(key),
              );
            }
          },
        );
        await t.step(
          "after exhaustion, polls return nothing and stay exhausted",
          async () => {
            const source = await f.make();
            await source.open();
            await drain(source, f, 1000);
            const again = await source.poll(10, 0);
            assert.equal(again.records.length, 0);
            assert.equal(again.exhausted, true);
            await source.close();
          },
        );
        await t.step(
          "reopened at a batch's position, resumes exactly after it",
          async () => {
            const first = await f.make();
            await first.open();
            const part = await drain(
              first,
              f,
              25,
              Math.floor(f.records.length / 2),
            );
            await first.commit(part.position!);
            await first.close();
            const second = await f.make();
            await second.open(part.position);
            const rest = await drain(second, f, 25);
            await second.close();
            const all = [...part.seen, ...rest.seen].map((s) => key(s.record));
            assert.equal(new Set(all).size, all.length, "no record twice");
            assert.deepEqual(
              all.sort(),
              f.records.map(key).sort(),
              "none lost",
            );
          },
        );
        await t.step(
          "with until, delivers exactly the records before that position, then the rest",
          async () => {
            const first = await f.make();
            await first.open();
            const part = await drain(
              first,
              f,
              25,
              Math.floor(f.records.length / 3),
            );
            await first.close();
            const until = part.position!;
            const second = await f.make();
            await second.open();
            const replayed: string[] = [];
            const deadline = Date.now() + 60_000;
            let position: SourcePosition | undefined;
            while (
              !Object.keys(until).every((k) => position?.[k] === until[k])
            ) {
              assert.ok(Date.now() < deadline, "reaches until within 60 s");
              const batch = await second.poll(7, f.waitMs ?? 0, { until });
              const records = batch.frame
                ? recordsOf(batch.frame, second.columns)
                : batch.records;
              records.forEach((r) => replayed.push(key(r as ListeningRecord)));
              position = batch.position;
            }
            assert.deepEqual(
              replayed.sort(),
              part.seen.map((s) => key(s.record)).sort(),
            );
            const rest = await drain(second, f, 25);
            await second.close();
            const all = [...replayed, ...rest.seen.map((s) => key(s.record))];
            assert.deepEqual(all.sort(), f.records.map(key).sort());
          },
        );
        await t.step(
          "decodes the requested columns when asked for fewer",
          async () => {
            const source = await f.make();
            await source.open(undefined, {
              columns: ["song_name", "start_time"],
            });
            const { seen } = await drain(source, f, 50, 10);
            await source.close();
            assert.ok(seen.length > 0);
            for (const { record } of seen) {
              assert.equal(typeof record.song_name, "string");
              assert.equal(typeof record.listening_time.start_time, "number");
            }
          },
        );
      } finally {
        await f.cleanup?.();
      }
    },
  });
}
