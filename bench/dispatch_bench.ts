/**
 * Dispatch throughput to Azurite: records/s into the 16 personality
 * queues, packed (up to 64 KiB per message) and one record per message
 * (the original's way, the baseline), in the same run against a private
 * Azurite (own port and data directory, disk persistence as `azurite:up`).
 *
 * Records come from the generator, passed through Avro (as the dispatcher
 * gets them from Kafka), fed by an in-memory source: the figure is the
 * queue side alone.
 *
 * Env: DISPATCH_BENCH_RECORDS (default 200,000), DISPATCH_BENCH_PER_RECORD
 * (default 5,000), DISPATCH_BENCH_CONCURRENCY (default 16).
 *
 * @module
 */
import {
  AzuritePersistence,
  startAzurite,
  stopAzurite,
} from "../lib/azurite/mod.ts";
import { generateToArray } from "../lib/generator/mod.ts";
import {
  arraySource,
  connectQueueService,
  dispatchRecords,
  QueueSender,
} from "../lib/queues/mod.ts";
import type { DispatchSummary } from "../lib/queues/mod.ts";
import { listeningHistoryType } from "../lib/schema/mod.ts";
import type { ListeningRecord } from "../lib/schema/mod.ts";
import { peakRssMiB, reportFigures } from "./_report.ts";

const envInt = (name: string, fallback: number) =>
  Number(Deno.env.get(name) ?? fallback);
const RECORDS = envInt("DISPATCH_BENCH_RECORDS", 200_000);
const PER_RECORD = envInt("DISPATCH_BENCH_PER_RECORD", 5_000);
const CONCURRENCY = envInt("DISPATCH_BENCH_CONCURRENCY", 16);
const BATCH = envInt("DISPATCH_BENCH_BATCH", 20_000);

function records(count: number): ListeningRecord[] {
  const out: ListeningRecord[] = [];
  for (let users = 1_000; out.length < count; users *= 2) {
    out.length = 0;
    for (const record of generateToArray({ users, seed: 42 })) {
      out.push(
        listeningHistoryType.fromBuffer(listeningHistoryType.toBuffer(record)),
      );
      if (out.length === count) break;
    }
  }
  return out;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const data = records(Math.max(RECORDS, PER_RECORD));

/** Dispatches to a fresh private Azurite and reports the figures. */
async function bench(
  label: string,
  input: ListeningRecord[],
  options: {
    perRecord: boolean;
    inMemory: boolean;
    /** Azurite's save interval (default: `startAzurite`'s, 200 ms). */
    autosaveMs?: number;
    /** Commit only after Azurite's saves hold the batch (as `dispatch`). */
    saveWait?: boolean;
  },
): Promise<DispatchSummary> {
  const dataDir = await Deno.makeTempDir({ prefix: "dispatch-bench-" });
  const azurite = await startAzurite({
    port: freePort(),
    dataDir,
    inMemory: options.inMemory,
    autosaveMs: options.autosaveMs,
  });
  try {
    const service = connectQueueService({
      connectionString: azurite.connectionString,
    });
    const sender = new QueueSender(service, {
      prefix: "bench-",
      concurrency: CONCURRENCY,
      persistence: options.saveWait
        ? await AzuritePersistence.open(dataDir)
        : undefined,
    });
    let last = 0;
    const summary = await dispatchRecords(
      arraySource(input, { batchSize: BATCH }),
      sender,
      {
        perRecord: options.perRecord,
        onProgress: ({ committedRecords, elapsedMs }) => {
          if (elapsedMs - last < 2_000) return;
          last = elapsedMs;
          console.error(
            `  ${label}: ${committedRecords.toLocaleString("en-US")} records, ${
              Math.round(committedRecords / (elapsedMs / 1000))
                .toLocaleString("en-US")
            }/s`,
          );
        },
      },
    );
    const rates = summary.queues.map((q) => q.recordsPerSecond);
    reportFigures(`dispatch ${label}`, {
      records: summary.records,
      messages: summary.messages,
      "records/msg": summary.records / summary.messages,
      "records/s": summary.recordsPerSecond,
      "messages/s": summary.messages / (summary.elapsedMs / 1000),
      "queue records/s min": Math.min(...rates),
      "max": Math.max(...rates),
    });
    return summary;
  } finally {
    await stopAzurite({ dataDir });
    await Deno.remove(dataDir, { recursive: true });
  }
}

console.error(
  `dispatch bench: ${RECORDS.toLocaleString("en-US")} records packed, ${
    PER_RECORD.toLocaleString("en-US")
  } per record, ${CONCURRENCY} sends in flight, source batches of ${BATCH}`,
);
const single = await bench("per-record (disk)", data.slice(0, PER_RECORD), {
  perRecord: true,
  inMemory: false,
});
const packed = await bench("packed (disk)", data.slice(0, RECORDS), {
  perRecord: false,
  inMemory: false,
});
// What `dispatch` does against the local Azurite: commits wait until
// Azurite's store files hold the batch; beside the same dispatch with
// Azurite's own 5 s saves and no wait (a SIGKILL loses up to 5 s).
const packedSaved = await bench(
  "packed (disk, commits wait for Azurite's 200 ms saves)",
  data.slice(0, RECORDS),
  { perRecord: false, inMemory: false, saveWait: true },
);
const packedAzuriteSaves = await bench(
  "packed (disk, Azurite's own 5 s saves, no wait)",
  data.slice(0, RECORDS),
  { perRecord: false, inMemory: false, autosaveMs: 5_000 },
);
const packedMemory = await bench(
  "packed (in-memory Azurite)",
  data.slice(0, RECORDS),
  { perRecord: false, inMemory: true },
);
reportFigures("dispatch packed vs per-record", {
  "speedup (disk)": packed.recordsPerSecond / single.recordsPerSecond,
  "in-memory/disk": packedMemory.recordsPerSecond / packed.recordsPerSecond,
  "save wait/no wait": packedSaved.recordsPerSecond / packed.recordsPerSecond,
  "200 ms saves/5 s saves": packed.recordsPerSecond /
    packedAzuriteSaves.recordsPerSecond,
  "avg JSON bytes/record": JSON.stringify(data.slice(0, 1_000)).length /
    1_000,
  "peak RSS MiB": peakRssMiB(),
});
