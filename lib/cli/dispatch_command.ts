/**
 * `deno task dispatch`: consumes the listening topic with its own consumer
 * group and sends every record to its personality's Azure queue, packed up
 * to the 64 KiB message limit (or one per message with `--per-record`).
 * Offsets are committed only after the queue service accepted the records.
 *
 * @module
 */
import { Command } from "commander";
import Table from "cli-table3";
import {
  AzuritePersistence,
  DEFAULT_AZURITE_DATA_DIR,
} from "../azurite/mod.ts";
import type { QueueService } from "../queues/mod.ts";
import {
  assertTopicLayout,
  captureEndOffsets,
  createKafka,
  DEFAULT_TOPIC,
  validateTopicName,
} from "../kafka/mod.ts";
import {
  connectQueueService,
  DEFAULT_QUEUE_PREFIX,
  DispatchError,
  dispatchRecords,
  kafkaDispatchSource,
  QueueSender,
  validateQueuePrefix,
} from "../queues/mod.ts";
import type { QueueEvents } from "../queues/mod.ts";
import { Instrumentation } from "../support/mod.ts";
import { exitCodeOf, positiveInteger, runCli, startProgress } from "./mod.ts";

/** The default consumer group of the dispatcher. */
const DEFAULT_GROUP = "wrapped-dispatch";

interface Options {
  topic: string;
  group: string;
  fromBeginning: boolean;
  once: boolean;
  maxRecords?: number;
  perRecord: boolean;
  instanceId?: string;
  prefix: string;
  concurrency: number;
  maxRetryMs: number;
}

/** Where the local Azurite keeps its store (`azurite:up --data-dir`). */
const AZURITE_DATA_DIR_ENV = "AZURITE_DATA_DIR";

/**
 * The saves of the local Azurite behind `service`, when it is the one in
 * `$AZURITE_DATA_DIR` (default `data/azurite`) and keeps files.
 */
function isLoopback(service: QueueService): boolean {
  const { hostname } = new URL(service.endpoint);
  return ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
}

async function localAzurite(
  service: QueueService,
): Promise<AzuritePersistence | undefined> {
  if (!isLoopback(service)) return undefined;
  const url = new URL(service.endpoint);
  const dataDir = Deno.env.get(AZURITE_DATA_DIR_ENV) ??
    DEFAULT_AZURITE_DATA_DIR;
  return await AzuritePersistence.open(dataDir, { port: Number(url.port) });
}

const program = new Command("dispatch")
  .description(
    "Route every record of the Kafka topic to its personality's Azure Storage queue (AZURE_STORAGE_CONNECTION_STRING, default the local Azurite). Records are packed into messages up to 64 KiB; Kafka offsets are committed only after the queue service accepted them.",
  )
  .option(
    "--topic <name>",
    "topic to consume",
    (raw: string) => validateTopicName(raw, "--topic"),
    DEFAULT_TOPIC,
  )
  .option("--group <id>", "consumer group of the dispatcher", DEFAULT_GROUP)
  .option(
    "--from-beginning",
    "a new group starts at the oldest record (default: only new records)",
    false,
  )
  .option(
    "--instance-id <id>",
    "static group membership: a stable id for this member (e.g. dispatch-1); restarted with the same id it takes its partitions back at once",
  )
  .option("--once", "stop when caught up with the end of the topic", false)
  .option(
    "--max-records <n>",
    "stop after this many records",
    positiveInteger("--max-records"),
  )
  .option("--per-record", "one record per message, like the original", false)
  .option(
    "--prefix <prefix>",
    "queue name prefix",
    validateQueuePrefix,
    DEFAULT_QUEUE_PREFIX,
  )
  .option(
    "--concurrency <n>",
    "messages being sent at once",
    positiveInteger("--concurrency"),
    16,
  )
  .option(
    "--max-retry-ms <ms>",
    "keep retrying a failing send this long before stopping",
    positiveInteger("--max-retry-ms"),
    60_000,
  )
  .action(async (options: Options) => {
    const service = connectQueueService();
    const persistence = await localAzurite(service);
    const events = new Instrumentation<QueueEvents>();
    events.on("dispatch.resent", (event) =>
      console.error(
        `sending ${event.records} records again: ${event.reason}`,
      ));
    let lastRetryLog = 0;
    events.on("dispatch.retry", (event) => {
      const now = Date.now();
      if (now - lastRetryLog < 1_000) return;
      lastRetryLog = now;
      console.error(`retrying (attempt ${event.attempt}): ${event.error}`);
    });
    const sender = new QueueSender(service, {
      prefix: options.prefix,
      concurrency: options.concurrency,
      maxRetryMs: options.maxRetryMs,
      events,
      persistence,
    });
    const stop = new AbortController();
    let received: Deno.Signal | undefined;
    const onSignal = (name: Deno.Signal) => () => {
      received ??= name;
      console.error("stopping after the batches in flight…");
      stop.abort();
    };
    const onSigint = onSignal("SIGINT");
    const onSigterm = onSignal("SIGTERM");
    Deno.addSignalListener("SIGINT", onSigint);
    Deno.addSignalListener("SIGTERM", onSigterm);
    const kafka = createKafka();
    await kafka.withAdmin((admin) => assertTopicLayout(admin, options.topic));
    const source = kafkaDispatchSource(kafka, {
      groupId: options.group,
      topic: options.topic,
      fromBeginning: options.fromBeginning,
      once: options.once,
      maxRecords: options.maxRecords,
      signal: stop.signal,
      instanceId: options.instanceId,
    });
    console.error(
      `dispatch: ${options.topic} (group ${options.group}) at ${
        kafka.brokers.join(",")
      } -> ${service.endpoint}, queues ${options.prefix}*${
        options.perRecord ? ", one record per message" : ""
      }${
        persistence
          ? `; commits wait for Azurite's saves (${persistence.dataDir})`
          : ""
      }`,
    );
    if (!persistence && isLoopback(service)) {
      console.error(
        `warning: ${service.endpoint} is not the Azurite of ${AZURITE_DATA_DIR_ENV} (or data/azurite): offsets are committed once it acknowledges, and a crash of it can lose what it had not saved`,
      );
    }
    // On a terminal with --once, the bar's total is what is left to read.
    let total = options.maxRecords ?? 1;
    if (options.once && Deno.stderr.isTerminal()) {
      const target = await kafka.withAdmin((admin) =>
        captureEndOffsets(admin, options.topic, {
          groupId: options.group,
          fromBeginning: options.fromBeginning,
        })
      );
      total = Math.min(total === 1 ? Infinity : total, target.expectedMessages);
    }
    const progress = startProgress("dispatch", total, { unit: "records" });
    try {
      const summary = await dispatchRecords(source, sender, {
        perRecord: options.perRecord,
        signal: stop.signal,
        events,
        onProgress: ({ committedRecords }) => progress.update(committedRecords),
      });
      progress.stop();
      const consumed = await source.finished.catch(() => undefined);
      if (summary.queues.length > 0) {
        const table = new Table({
          head: ["personality", "queue", "records", "messages", "records/s"],
          colAligns: ["left", "left", "right", "right", "right"],
          style: { head: [], border: [], compact: true },
        });
        for (const q of summary.queues) {
          table.push([
            q.personality,
            q.queue,
            q.records.toLocaleString("en-US"),
            q.messages.toLocaleString("en-US"),
            Math.round(q.recordsPerSecond).toLocaleString("en-US"),
          ]);
        }
        console.log(table.toString());
      }
      const interrupted = options.once && received !== undefined &&
        consumed?.stoppedBy !== "end";
      const extras = [
        consumed?.undecodable
          ? `${consumed.undecodable} invalid (dead-lettered)`
          : "",
        source.unroutable ? `${source.unroutable} unroutable` : "",
      ].filter(Boolean).map((text) => `${text} (dead-lettered)`);
      console.log(
        `dispatched ${summary.records.toLocaleString("en-US")} records in ${
          summary.messages.toLocaleString("en-US")
        } messages to ${summary.queues.length} queues at ${service.endpoint} in ${
          (summary.elapsedMs / 1000).toFixed(1)
        } s (${
          Math.round(summary.recordsPerSecond).toLocaleString("en-US")
        } records/s)${
          extras.length ? `; ${extras.join(", ")}` : ""
        }; offsets committed for group ${options.group}${
          interrupted
            ? `; interrupted by ${received} before the end of the topic`
            : ""
        }`,
      );
      // An interrupted --once run did not reach the end it set out for.
      if (interrupted) Deno.exitCode = exitCodeOf(received!);
    } catch (error) {
      // The message already carries the cause (endpoint, reason, attempts).
      if (error instanceof DispatchError) throw new Error(error.message);
      throw error;
    } finally {
      progress.stop();
      Deno.removeSignalListener("SIGINT", onSigint);
      Deno.removeSignalListener("SIGTERM", onSigterm);
    }
  });

if (import.meta.main) await runCli(program);
