/**
 * `deno task produce`: publishes listening events to the personality topic.
 *
 * - `--file PATH` replays an Avro container file in file order (the
 *   original's `avro_producer2.py`);
 * - `--live [generator flags]` generates and publishes at once (the
 *   original's `avro_producer.py`).
 *
 * As fast as possible by default, at `--rate N` events/s, or paced by event
 * time with `--speedup X`. Ctrl-C stops reading, flushes what is in flight
 * and reports what the broker acknowledged.
 *
 * @module
 */
import { Command, Option } from "commander";
import {
  exitCodeOf,
  nonNegativeInteger,
  positiveInteger,
  positiveNumber,
  type Progress,
  runCli,
  startProgress,
} from "./mod.ts";
import {
  createKafka,
  DEFAULT_TOPIC,
  eventTimePacer,
  findResumePoints,
  type Pacer,
  produceListening,
  type ProduceSummary,
  ratePacer,
  type RecordSource,
  skipProduced,
  validateTopicName,
} from "../kafka/mod.ts";
import { AvroCorruptBlockError, readAvroFile } from "../avro/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import {
  estimateEventCount,
  type GeneratorOptions,
  listeningHistory,
} from "../generator/mod.ts";

interface ProduceFlags {
  file?: string;
  live?: boolean;
  topic: string;
  rate?: number;
  speedup?: number;
  skipCorrupt?: boolean;
  resume?: boolean;
  batchSize: number;
  users?: number;
  sessions?: number;
  days?: number;
  start?: string;
  seed?: number;
}

/** Generator flags of `--live` (same meaning as `deno task generate`'s). */
function generatorOptions(flags: ProduceFlags): GeneratorOptions {
  return {
    ...(flags.users !== undefined ? { users: flags.users } : {}),
    ...(flags.sessions !== undefined
      ? { sessionsPerUser: flags.sessions }
      : {}),
    ...(flags.days !== undefined ? { days: flags.days } : {}),
    ...(flags.start !== undefined ? { start: flags.start } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  };
}

function formatSummary(summary: ProduceSummary, extra = ""): string {
  const seconds = summary.durationMs / 1000;
  const rate = Math.round(summary.acked / Math.max(seconds, 1e-3));
  return `produced ${summary.acked.toLocaleString("en-US")} events (${
    (summary.bytes / 1e6).toFixed(1)
  } MB) to "${summary.topic}" in ${seconds.toFixed(1)} s (${
    rate.toLocaleString("en-US")
  } events/s, acknowledged by the broker)${extra}`;
}

/**
 * Ctrl-C or SIGTERM: first stops reading and flushes; a second one quits at
 * once. `received` names the first signal.
 */
function interruptOnSignals(): {
  signal: AbortSignal;
  received(): Deno.Signal | undefined;
  dispose(): void;
} {
  const controller = new AbortController();
  let received: Deno.Signal | undefined;
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => {
      if (controller.signal.aborted) {
        console.error("\ninterrupted again: quitting without waiting");
        Deno.exit(exitCodeOf(name));
      }
      received = name;
      console.error(
        "\nstopping: flushing batches in flight (Ctrl-C again to quit at once)",
      );
      controller.abort();
    };
    Deno.addSignalListener(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      for (const [name, handler] of handlers) {
        Deno.removeSignalListener(name, handler);
      }
    },
  };
}

/** `path`'s records block by block, silently (a first pass of --resume). */
async function* fileRecords(
  path: string,
  skipCorrupt: boolean,
): AsyncIterable<ListeningRecord[]> {
  for await (
    const block of readAvroFile<ListeningRecord>(path, { skipCorrupt }).blocks()
  ) {
    yield block.records;
  }
}

/** Replays `path`'s blocks, with progress sized from the file. */
function fileSource(
  path: string,
  skipCorrupt: boolean,
  progressRef: { progress?: Progress },
): { source: RecordSource; skipped: () => number } {
  const reader = readAvroFile<ListeningRecord>(path, {
    skipCorrupt,
    onCorruptBlock: (error) =>
      console.error(`warning: skipped ${error.message}`),
  });
  async function* blocks() {
    for await (const block of reader.blocks()) {
      if (!progressRef.progress) {
        const size = reader.header?.fileSize ?? block.nextByteOffset;
        const perRecord = (block.nextByteOffset - block.byteOffset) /
          Math.max(1, block.records.length);
        progressRef.progress = startProgress(
          "produce",
          Math.max(block.records.length, size / Math.max(perRecord, 1)),
        );
      }
      yield block.records;
    }
  }
  return { source: blocks(), skipped: () => reader.skippedBlocks };
}

const program = new Command("produce")
  .description(
    "Publish listening events to the personality topic (key = personality, partition = its index, value = one Avro datum). Connects to KAFKA_BROKERS or 127.0.0.1:9092.",
  )
  .option("--file <path>", "replay an Avro container file in file order")
  .option("--live", "generate events and publish them at once")
  .option(
    "--topic <name>",
    "topic (must exist: deno task topic:create)",
    (raw: string) => validateTopicName(raw, "--topic"),
    DEFAULT_TOPIC,
  )
  .addOption(
    new Option("--rate <events-per-second>", "publish at this rate")
      .argParser(positiveNumber("--rate"))
      .conflicts("speedup"),
  )
  .option(
    "--speedup <x>",
    "pace by event time, x times faster than real time (1 = real time)",
    positiveNumber("--speedup"),
  )
  .option(
    "--skip-corrupt",
    "skip corrupt blocks of --file (reported) instead of stopping",
  )
  .option(
    "--resume",
    "--file: send only what the topic does not hold yet (per partition, after the record its last message carries), e.g. after a run that failed",
  )
  .option(
    "--users <n>",
    "--live: number of users",
    positiveInteger("--users"),
  )
  .option(
    "--sessions <n>",
    "--live: sessions per user",
    positiveInteger("--sessions"),
  )
  .option("--days <n>", "--live: days in the period", positiveInteger("--days"))
  .option("--start <YYYY-MM-DD>", "--live: first day of the period")
  .option("--seed <n>", "--live: random seed", nonNegativeInteger("--seed"))
  .option(
    "--batch-size <n>",
    "records per produce request",
    positiveInteger("--batch-size"),
    10_000,
  )
  .action(async (flags: ProduceFlags) => {
    if (Boolean(flags.file) === Boolean(flags.live)) {
      throw new TypeError("give exactly one of --file <path> or --live");
    }
    const generatorFlags = ["users", "sessions", "days", "start", "seed"]
      .filter((k) => flags[k as keyof ProduceFlags] !== undefined);
    if (flags.file && generatorFlags.length > 0) {
      throw new TypeError(
        `--${
          generatorFlags[0]
        } is a generator flag: use it with --live, not --file`,
      );
    }
    if (flags.live && flags.skipCorrupt) {
      throw new TypeError("--skip-corrupt applies to --file only");
    }
    if (flags.live && flags.resume) {
      throw new TypeError("--resume applies to --file only");
    }
    const pacer: Pacer | undefined = flags.rate
      ? ratePacer(flags.rate)
      : flags.speedup
      ? eventTimePacer(flags.speedup)
      : undefined;
    const client = createKafka();
    const progressRef: { progress?: Progress } = {};
    let source: RecordSource;
    let skipped = () => 0;
    let resumed: number | undefined;
    if (flags.file) {
      ({ source, skipped } = fileSource(
        flags.file,
        Boolean(flags.skipCorrupt),
        progressRef,
      ));
      if (flags.resume) {
        const points = await findResumePoints(
          client,
          flags.topic,
          fileRecords(flags.file, Boolean(flags.skipCorrupt)),
        );
        resumed = points.reduce((n, p) => n + p.skip, 0);
        console.error(
          `resume: ${
            resumed.toLocaleString("en-US")
          } records of ${flags.file} are already in "${flags.topic}" (${points.length} partition(s)); sending the rest`,
        );
        source = skipProduced(source, points);
      }
    } else {
      const options = generatorOptions(flags);
      source = listeningHistory(options);
      progressRef.progress = startProgress(
        "produce",
        estimateEventCount(options),
      );
    }
    const ctrlC = interruptOnSignals();
    let acked = 0;
    let bytes = 0;
    const started = performance.now();
    try {
      const summary = await produceListening(client, source, {
        topic: flags.topic,
        pacer,
        batchSize: flags.batchSize,
        signal: ctrlC.signal,
        onProgress: (p) => {
          acked = p.acked;
          bytes = p.bytes;
          progressRef.progress?.update(p.acked);
        },
      });
      progressRef.progress?.stop();
      const skippedBlocks = skipped();
      const extra =
        (skippedBlocks ? `; skipped ${skippedBlocks} corrupt block(s)` : "") +
        (resumed !== undefined
          ? `; resumed after ${
            resumed.toLocaleString("en-US")
          } records already in the topic`
          : "") +
        (summary.stoppedBy === "signal"
          ? `; interrupted by ${
            ctrlC.received() ?? "a signal"
          } before the end of the input: the rest was not sent`
          : "");
      console.log(formatSummary(summary, extra));
      const received = ctrlC.received();
      if (summary.stoppedBy === "signal" && received) {
        Deno.exitCode = exitCodeOf(received);
      }
    } catch (error) {
      progressRef.progress?.stop();
      if (error instanceof AvroCorruptBlockError) {
        const partial = formatSummary({
          topic: flags.topic,
          acked,
          bytes,
          batches: 0,
          durationMs: performance.now() - started,
          stoppedBy: "end",
        });
        throw new Error(
          `${error.message}\n  ${partial} before it; nothing after it was sent (use --skip-corrupt to skip damaged blocks)`,
        );
      }
      throw error;
    } finally {
      ctrlC.dispose();
    }
  });

if (import.meta.main) await runCli(program);
