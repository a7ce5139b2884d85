/**
 * The outage case, for real: a private Azurite (own port and data
 * directory, so other tests are undisturbed) is stopped in the middle of a
 * dispatch and started again. The dispatch resumes, every record reaches
 * its queue at least once, and a drain counts each record exactly once.
 */
import assert from "node:assert/strict";
import { startAzurite, stopAzurite } from "../../lib/azurite/mod.ts";
import {
  connectQueueService,
  dispatchRecords,
  QueueSender,
  queueStatistics,
  recordId,
} from "../../lib/queues/mod.ts";
import type { DispatchSource, QueueEvents } from "../../lib/queues/mod.ts";
import { Instrumentation } from "../../lib/support/mod.ts";
import { makeRecords, uniquePrefix } from "./_records.ts";
import { AZURE_TEST_OPTIONS, freePort } from "./_azure.ts";

Deno.test(
  "Azurite stopped mid-dispatch and restarted: dispatch resumes, nothing is lost, a drain counts each record once",
  AZURE_TEST_OPTIONS,
  async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "azurite-outage-" });
    const port = freePort();
    const azurite = await startAzurite({ port, dataDir });
    try {
      const service = connectQueueService({
        connectionString: azurite.connectionString,
        requestTimeoutMs: 5_000,
      });
      const prefix = uniquePrefix("outage");
      const records = makeRecords(6_000);
      const batchSize = 500;

      // The source hands out four batches, then waits until Azurite is
      // down, so the rest is sent into the outage.
      let azuriteDown!: () => void;
      const down = new Promise<void>((resolve) => azuriteDown = resolve);
      let committed = 0;
      const source: DispatchSource = {
        async *[Symbol.asyncIterator]() {
          for (let start = 0; start < records.length; start += batchSize) {
            if (start === 4 * batchSize) await down;
            const batch = records.slice(start, start + batchSize);
            yield {
              records: batch,
              commit: () => {
                committed += batch.length;
                return Promise.resolve();
              },
            };
          }
        },
      };

      const events = new Instrumentation<QueueEvents>();
      let stopping: Promise<unknown> | undefined;
      let restarting: Promise<unknown> | undefined;
      let isDown = false;
      let retriesWhileDown = 0;
      let committedAtStop = -1;
      events.on("dispatch.committed", ({ committedRecords }) => {
        if (stopping || committedRecords < 1_000) return;
        committedAtStop = committedRecords;
        stopping = stopAzurite({ dataDir }).then((result) => {
          assert.ok(result.stopped);
          isDown = true;
          azuriteDown();
        });
      });
      events.on("dispatch.retry", () => {
        if (!isDown) return;
        retriesWhileDown++;
        restarting ??= startAzurite({ port, dataDir });
      });

      const summary = await dispatchRecords(
        source,
        new QueueSender(service, { prefix, events, concurrency: 8 }),
        { events },
      );
      await stopping;
      await restarting;
      assert.ok(committedAtStop >= 1_000 && committedAtStop < records.length);
      assert.ok(retriesWhileDown > 0, "the outage was seen by the sender");
      assert.ok(restarting, "Azurite was restarted");
      assert.equal(summary.records, records.length);
      assert.equal(committed, records.length);

      const reports = await queueStatistics(service, {
        prefix,
        mode: "drain",
      });
      const distinct = reports.reduce((n, r) => n + r.statistics.events, 0);
      const read = reports.reduce((n, r) => n + r.recordsRead, 0);
      const duplicates = reports.reduce((n, r) => n + r.duplicates, 0);
      assert.equal(distinct, records.length, "every record, counted once");
      assert.equal(read, records.length + duplicates);
      assert.equal(new Set(records.map(recordId)).size, records.length);
      for (const report of reports) {
        assert.equal(
          report.statistics.events,
          records.filter((r) => r.personality === report.personality).length,
        );
      }
    } finally {
      await stopAzurite({ dataDir });
      await Deno.remove(dataDir, { recursive: true });
    }
  },
);
