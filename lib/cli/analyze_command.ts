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
} from "../analysis/mod.ts";
import { type BatchProgress, formatLateRows } from "../engine/mod.ts";
import { exitCodeOf, positiveInteger, runCli } from "./mod.ts";
import {
  addStreamSourceOptions,
  announceResume,
  type StreamSourceFlags,
  streamSourceOf,
  streamTriggerOf,
} from "./_stream_source_flags.ts";

interface AnalyzeFlags extends StreamSourceFlags {
  out: string;
  summaryEvery: number;
}

const encoder = new TextEncoder();

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

const program = addStreamSourceOptions(
  new Command("analyze"),
  "wrapped-streams-analyze",
)
  .description(
    "Run every analysis (top countries per personality, top artist per country, night/morning top 10, plays per time of day, day vs night in 6-hour windows, top songs in sliding 1-hour windows, personality favourites and listening time) on a Kafka topic or an Avro file, rewriting one JSON file per table in --out after every micro-batch. Kafka: KAFKA_BROKERS or 127.0.0.1:9092.",
  )
  .option("--out <dir>", "directory of the JSON tables", "data/results")
  .option(
    "--summary-every <seconds>",
    "on a terminal, print the night top 5 and the favourites this often",
    positiveInteger("--summary-every"),
    5,
  )
  .action(async (flags: AnalyzeFlags) => {
    const source = streamSourceOf(flags);
    const trigger = streamTriggerOf(flags);
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
      announceResume(run.instrumentation, flags);
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
        } events/s, ${summary.batches} batches, late (row, window) pairs dropped: ${late}${
          summary.invalidRows > 0
            ? `, invalid messages dead-lettered: ${summary.invalidRows}`
            : ""
        })${
          signal && flags.once
            ? ""
            : run.tablesKept
            ? `; nothing read: the tables in ${flags.out} were left as they were`
            : `; tables in ${flags.out}`
        }${unknown}${interrupted}`,
      );
      if (signal && flags.once) Deno.exitCode = exitCodeOf(signal);
    } finally {
      Deno.removeSignalListener("SIGINT", onSigint);
      Deno.removeSignalListener("SIGTERM", onSigterm);
    }
  });

if (import.meta.main) await runCli(program);
