/**
 * `deno task analyze`: every analysis of the original project (DESIGN
 * §4.6) on one stream — a Kafka topic or an Avro file — with the result
 * tables rewritten as JSON files after every micro-batch.
 *
 * @module
 */
import { Command } from "commander";
import {
  type AnalysisStream,
  liveSummary,
  startAnalysis,
  TIME_ZONE_MODES,
  type TimeZoneMode,
} from "../analysis/mod.ts";
import {
  avroFileSource,
  type BatchProgress,
  durationMs,
  formatLateRows,
  kafkaSource,
  type Source,
  type Trigger,
} from "../engine/mod.ts";
import { DEFAULT_TOPIC, validateTopicName } from "../kafka/mod.ts";
import { exitCodeOf, oneOf, positiveInteger, runCli } from "./mod.ts";

const SOURCES = ["kafka", "file"] as const;

interface AnalyzeFlags {
  source: typeof SOURCES[number];
  file?: string;
  topic: string;
  group: string;
  fromBeginning?: boolean;
  once?: boolean;
  out: string;
  checkpoint?: string;
  trigger?: Trigger;
  maxBatch: number;
  tz: TimeZoneMode;
  summaryEvery: number;
}

const encoder = new TextEncoder();

/** `--trigger`: an interval (`500ms`, `1s`) or a record count (`10000 records`). */
function parseTrigger(raw: string): Trigger {
  const count = /^\s*(\d[\d_,]*)\s*records?\s*$/i.exec(raw);
  if (count) {
    const everyRecords = Number(count[1].replace(/[_,]/g, ""));
    if (Number.isSafeInteger(everyRecords) && everyRecords > 0) {
      return { everyRecords };
    }
  }
  try {
    const intervalMs = durationMs(raw, "--trigger");
    if (intervalMs > 0) return { intervalMs };
  } catch {
    // the message below says what is accepted
  }
  throw new RangeError(
    `--trigger must be a positive interval such as 500ms, 1s or "2 seconds", or a record count such as "10000 records": got ${
      JSON.stringify(raw)
    }`,
  );
}

function fileSource(path: string | undefined): Source {
  if (!path) {
    throw new TypeError("--source file needs --file PATH (an .avro file)");
  }
  try {
    if (!Deno.statSync(path).isFile) {
      throw new TypeError(`--file ${path} is not a file`);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`--file ${path}: no such file`);
    }
    throw error;
  }
  return avroFileSource(path);
}

function kafkaSourceOf(flags: AnalyzeFlags): Source {
  let undecodable = 0;
  return kafkaSource({
    topic: flags.topic,
    groupId: flags.group,
    startingOffsets: flags.fromBeginning ? "earliest" : "latest",
    onUndecodable: (error, partition, offset) => {
      if (++undecodable <= 10) {
        console.error(
          `\rskipped undecodable message ${flags.topic}/${partition}@${offset}: ${error.message}`,
        );
      }
    },
  });
}

function statusLine(
  p: BatchProgress,
  total: number,
  startedMs: number,
): string {
  const seconds = Math.max((performance.now() - startedMs) / 1000, 1e-3);
  const late = formatLateRows(
    Object.fromEntries(p.queries.map((q) => [q.name, q.lateRowsTotal])),
  );
  const watermark = p.queries.find((q) => q.watermark)?.watermark ?? "-";
  return `analyze  batch ${p.batchId}  ${
    total.toLocaleString("en-US")
  } events  ${
    Math.round(total / seconds).toLocaleString("en-US")
  } events/s  watermark ${watermark}  late pairs: ${late}`;
}

const program = new Command("analyze")
  .description(
    "Run every analysis (top countries per personality, top artist per country, night/morning top 10, plays per time of day, day vs night in 6-hour windows, top songs in sliding 1-hour windows, personality favourites and listening time) on a Kafka topic or an Avro file, rewriting one JSON file per table in --out after every micro-batch. Kafka: KAFKA_BROKERS or 127.0.0.1:9092.",
  )
  .option(
    "--source <kind>",
    "kafka or file",
    oneOf("--source", SOURCES),
    "kafka",
  )
  .option("--file <path>", "the .avro file (with --source file)")
  .option(
    "--topic <name>",
    "Kafka topic",
    (raw: string) => validateTopicName(raw, "--topic"),
    DEFAULT_TOPIC,
  )
  .option("--group <id>", "Kafka consumer group", "wrapped-streams-analyze")
  .option(
    "--from-beginning",
    "start at the oldest message when the group has no committed offsets",
  )
  .option(
    "--once",
    "stop when the input is exhausted (Kafka: every partition reached the end offset it had at start), closing every window",
  )
  .option("--out <dir>", "directory of the JSON tables", "data/results")
  .option(
    "--checkpoint <dir>",
    "checkpoint directory: state and offsets after every batch, resumed on restart",
  )
  .option(
    "--trigger <interval|count>",
    'run a micro-batch every interval (e.g. 1s, 500ms) or every N records (e.g. "10000 records"); default: as soon as records arrive',
    parseTrigger,
  )
  .option(
    "--max-batch <n>",
    "largest micro-batch, in records",
    positiveInteger("--max-batch"),
    100_000,
  )
  .option(
    "--tz <clock>",
    "time of day in the listeners' local time, or in UTC as the original did",
    oneOf("--tz", TIME_ZONE_MODES),
    "local",
  )
  .option(
    "--summary-every <seconds>",
    "on a terminal, print the night top 5 and the favourites this often",
    positiveInteger("--summary-every"),
    5,
  )
  .action(async (flags: AnalyzeFlags) => {
    const source = flags.source === "file"
      ? fileSource(flags.file)
      : kafkaSourceOf(flags);
    const trigger: Trigger = flags.once ? "once" : flags.trigger ?? "asap";
    const live = Deno.stderr.isTerminal();
    const started = performance.now();
    let total = 0;
    let lastSummary = performance.now();
    const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
    // Listening before the run starts: a signal at any moment stops it.
    let run: AnalysisStream | undefined;
    let interrupts = 0;
    let signal: Deno.Signal | undefined;
    const onSignal = (name: Deno.Signal) => () => {
      signal ??= name;
      if (++interrupts > 1) Deno.exit(exitCodeOf(name));
      if (live) {
        write(
          "\r\x1b[Kstopping after the current batch (Ctrl-C again to quit now)\n",
        );
      }
      void run?.stop();
    };
    const onSigint = onSignal("SIGINT");
    const onSigterm = onSignal("SIGTERM");
    Deno.addSignalListener("SIGINT", onSigint);
    Deno.addSignalListener("SIGTERM", onSigterm);
    try {
      run = startAnalysis(source, {
        tz: flags.tz,
        outDir: flags.out,
        checkpointDir: flags.checkpoint,
        trigger,
        maxRecordsPerBatch: flags.maxBatch,
        onTables: ({ tables }) => {
          if (!live) return;
          const now = performance.now();
          if (now - lastSummary >= flags.summaryEvery * 1000) {
            lastSummary = now;
            write(`\r\x1b[K${liveSummary(tables, { tz: flags.tz })}\n`);
          }
        },
      });
      run.instrumentation.on("engine.batch_end", (progress) => {
        total += progress.inputRows;
        if (live) write(`\r\x1b[K${statusLine(progress, total, started)}`);
      });
      if (signal) void run.stop();
      const summary = await run.done;
      if (live) {
        write(`\r\x1b[K${liveSummary(run.tables(), { tz: flags.tz })}\n`);
      }
      const seconds = (performance.now() - started) / 1000;
      const late = formatLateRows(summary.lateRows);
      const unknown = run.unknownZones.size > 0
        ? `; ${run.unknownZones.size} unknown time zone(s) read as UTC: ${
          [...run.unknownZones].slice(0, 5).join(", ")
        }`
        : "";
      // An interrupted --once run did not read its whole input: its tables
      // were staged and thrown away, the previous ones stay.
      const interrupted = signal === undefined
        ? ""
        : flags.once
        ? `; interrupted by ${signal} before the end of the input: tables in ${flags.out} left as they were`
        : "; interrupted";
      console.error(
        `analyzed ${summary.inputRows.toLocaleString("en-US")} events in ${
          seconds.toFixed(1)
        } s (${
          Math.round(summary.inputRows / Math.max(seconds, 1e-3))
            .toLocaleString("en-US")
        } events/s, ${summary.batches} batches, late (row, window) pairs dropped: ${late})${
          signal && flags.once ? "" : `; tables in ${flags.out}`
        }${unknown}${interrupted}`,
      );
      if (signal && flags.once) Deno.exitCode = exitCodeOf(signal);
    } finally {
      Deno.removeSignalListener("SIGINT", onSigint);
      Deno.removeSignalListener("SIGTERM", onSigterm);
    }
  });

if (import.meta.main) await runCli(program);
