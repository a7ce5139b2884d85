import assert from "node:assert/strict";
import {
  arraySource,
  decodeQueueMessage,
  DispatchError,
  dispatchRecords,
  QueueServiceError,
  recordId,
} from "../../lib/queues/mod.ts";
import type {
  DispatchBatch,
  DispatchSource,
  PackedMessage,
  QueueSink,
} from "../../lib/queues/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { makeRecords } from "./_records.ts";

/** An in-memory sink; `delayMs(personality, call)` and `failOn` shape it. */
class MemorySink implements QueueSink {
  stored = new Map<string, ListeningRecord[]>();
  calls = 0;
  constructor(
    readonly options: {
      delayMs?: (call: number) => number;
      failOn?: (call: number) => boolean;
    } = {},
  ) {}
  queueFor(personality: string): string {
    return personality.toLowerCase().replaceAll(" ", "-");
  }
  async send(personality: string, messages: readonly PackedMessage[]) {
    const call = ++this.calls;
    await new Promise((r) => setTimeout(r, this.options.delayMs?.(call) ?? 0));
    if (this.options.failOn?.(call)) {
      throw new QueueServiceError("service down for good", {
        retriable: false,
        endpoint: "http://example.invalid/acc",
      });
    }
    const list = this.stored.get(personality) ?? [];
    for (const m of messages) list.push(...decodeQueueMessage(m.text).records);
    this.stored.set(personality, list);
  }
}

Deno.test("dispatchRecords() routes every record to its personality and commits every batch", async () => {
  const records = makeRecords(1_000);
  let committed = 0;
  const sink = new MemorySink();
  const summary = await dispatchRecords(
    arraySource(records, { batchSize: 100, onCommit: (n) => committed = n }),
    sink,
  );
  assert.equal(committed, 1_000);
  assert.equal(summary.records, 1_000);
  assert.equal(summary.batches, 10);
  assert.equal(summary.queues.length, 16);
  for (const [personality, stored] of sink.stored) {
    assert.ok(stored.every((r) => r.personality === personality));
  }
  assert.equal(
    summary.queues.reduce((sum, q) => sum + q.records, 0),
    records.length,
  );
});

Deno.test("dispatchRecords() commits in source order even when later batches are stored first", async () => {
  const records = makeRecords(400, { personalities: ["The nomad"] });
  const order: number[] = [];
  const source: DispatchSource = {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < 4; i++) {
        yield {
          records: records.slice(i * 100, i * 100 + 100),
          commit: () => {
            order.push(i);
            return Promise.resolve();
          },
        };
      }
    },
  };
  // The first batch is the slowest to store.
  const sink = new MemorySink({ delayMs: (call) => call === 1 ? 50 : 0 });
  await dispatchRecords(source, sink, { maxBatchesInFlight: 4 });
  assert.deepEqual(order, [0, 1, 2, 3]);
});

Deno.test("dispatchRecords() stops on a persistent failure and commits nothing at or after the failed batch", async () => {
  const records = makeRecords(600, { personalities: ["The nomad"] });
  const committed: number[] = [];
  const source: DispatchSource = {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < 6; i++) {
        yield {
          records: records.slice(i * 100, i * 100 + 100),
          commit: () => {
            committed.push(i);
            return Promise.resolve();
          },
        };
      }
    },
  };
  const sink = new MemorySink({ failOn: (call) => call === 3 });
  await assert.rejects(
    dispatchRecords(source, sink, { maxBatchesInFlight: 2 }),
    (error) => {
      assert.ok(error instanceof DispatchError);
      assert.equal(error.committedRecords, 200);
      assert.equal(
        error.message,
        "dispatch stopped: service down for good (200 records committed; nothing after them)",
      );
      assert.ok(error.cause instanceof QueueServiceError);
      return true;
    },
  );
  assert.deepEqual(committed, [0, 1]);
});

Deno.test("dispatchRecords() does not deadlock on a source that yields the next batch only after the previous commit (like Kafka)", async () => {
  const records = makeRecords(500);
  let committed = 0;
  const source: DispatchSource = {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < 5; i++) {
        let done!: () => void;
        const wait = new Promise<void>((r) => done = r);
        const batch: DispatchBatch = {
          records: records.slice(i * 100, i * 100 + 100),
          commit: () => {
            committed += 100;
            done();
            return Promise.resolve();
          },
        };
        yield batch;
        await wait;
      }
    },
  };
  const summary = await dispatchRecords(source, new MemorySink(), {
    maxBatchesInFlight: 4,
  });
  assert.equal(summary.records, 500);
  assert.equal(committed, 500);
});

Deno.test("dispatchRecords() hands unknown personalities to `unroutable`, or stops with a RangeError without it", async () => {
  const records = makeRecords(10, { personalities: ["The nomad"] });
  const stray = { ...records[0], personality: "The dreamer" };
  const seen: ListeningRecord[] = [];
  const summary = await dispatchRecords(
    arraySource([...records.slice(1), stray]),
    new MemorySink(),
    { unroutable: (r) => Promise.resolve(void seen.push(...r)) },
  );
  assert.deepEqual(seen, [stray]);
  assert.equal(summary.unroutable, 1);
  assert.equal(summary.records, 9);
  let committed = 0;
  await assert.rejects(
    dispatchRecords(
      arraySource([stray], { onCommit: (n) => committed = n }),
      new MemorySink(),
    ),
    {
      name: "RangeError",
      message: `record ${
        recordId(stray)
      } has unknown personality "The dreamer"`,
    },
  );
  assert.equal(committed, 0);
});

Deno.test("dispatchRecords() stops pulling when its signal aborts and still commits what it stored", async () => {
  const records = makeRecords(1_000);
  const stop = new AbortController();
  let committed = 0;
  const summary = await dispatchRecords(
    arraySource(records, { batchSize: 100, onCommit: (n) => committed = n }),
    new MemorySink(),
    {
      signal: stop.signal,
      maxBatchesInFlight: 1,
      onProgress: ({ committedRecords }) => {
        if (committedRecords >= 300) stop.abort();
      },
    },
  );
  assert.ok(summary.records >= 300 && summary.records < 1_000);
  assert.equal(committed, summary.records);
});

Deno.test("dispatchRecords() aborts the other sends on a persistent failure and reports the real cause", async () => {
  const records = makeRecords(800, { personalities: ["The nomad"] });
  let calls = 0;
  let aborted = 0;
  const sink: QueueSink = {
    queueFor: (p) => p,
    send(_personality, _messages, options) {
      const call = ++calls;
      if (call === 3) {
        return Promise.reject(
          new QueueServiceError("queue refused the message", {
            retriable: false,
            endpoint: "http://example.invalid/acc",
          }),
        );
      }
      if (call < 3) return Promise.resolve();
      // Later sends hang until the dispatcher gives up on them.
      return new Promise((_, reject) => {
        if (options?.signal?.aborted) reject(options.signal.reason);
        options?.signal?.addEventListener("abort", () => {
          aborted++;
          reject(options.signal!.reason);
        });
      });
    },
  };
  const committed: number[] = [];
  const source: DispatchSource = {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < 8; i++) {
        yield {
          records: records.slice(i * 100, i * 100 + 100),
          commit: () => {
            committed.push(i);
            return Promise.resolve();
          },
        };
      }
    },
  };
  await assert.rejects(
    dispatchRecords(source, sink, { maxBatchesInFlight: 4 }),
    (error) => {
      assert.ok(error instanceof DispatchError);
      assert.equal(
        error.message,
        "dispatch stopped: queue refused the message (200 records committed; nothing after them)",
      );
      return true;
    },
  );
  assert.deepEqual(committed, [0, 1]);
  assert.ok(aborted >= 1, "hanging sends were aborted");
});
