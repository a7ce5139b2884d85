/**
 * `deno task wrapped`: every listener's Wrapped (DESIGN §4.8), live from a
 * Kafka topic or an Avro file, with a personality inferred from
 * behaviour; `wrapped.json` and `accuracy.json` in `--out`, a terminal card
 * with `--user`, HTML cards with `--cards`.
 *
 * @module
 */
import { Command } from "commander";
import type { BatchProgress } from "../engine/mod.ts";
import {
  startWrapped,
  wrappedAccuracy,
  wrappedCardText,
  type WrappedResult,
  writeWrappedCards,
} from "../wrapped/mod.ts";
import { nonNegativeInteger, positiveInteger, runCli } from "./mod.ts";
import { printable } from "../support/mod.ts";
import {
  addStreamSourceOptions,
  type StreamSourceFlags,
  streamSourceOf,
  streamTriggerOf,
} from "./_stream_source_flags.ts";

interface WrappedFlags extends StreamSourceFlags {
  out: string;
  year?: number;
  user?: number;
  cards?: string;
  minEvents: number;
  refreshEvery: number;
}

const encoder = new TextEncoder();

function parseYear(raw: string): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw.trim()) || year < 1) {
    throw new RangeError(
      `--year must be a year YYYY: got ${JSON.stringify(raw)}`,
    );
  }
  return year;
}

function statusLine(p: BatchProgress, total: number, startedMs: number) {
  const seconds = Math.max((performance.now() - startedMs) / 1000, 1e-3);
  const state = p.queries.reduce((n, q) => n + q.stateRows, 0);
  return `wrapped  batch ${p.batchId}  ${
    total.toLocaleString("en-US")
  } events  ${
    Math.round(total / seconds).toLocaleString("en-US")
  } events/s  state rows ${state.toLocaleString("en-US")}`;
}

function percent(share: number | null): string {
  return share === null ? "-" : `${(share * 100).toFixed(1)}%`;
}

function accuracyLine(result: WrappedResult, minEvents: number): string {
  const a = wrappedAccuracy(result.listeners, { minEvents });
  if (a.users === 0) {
    return `no listener with >= ${minEvents} events to measure the inference on`;
  }
  const axes = Object.entries(a.per_axis)
    .map(([axis, share]) => `${axis} ${percent(share)}`).join(", ");
  return `inferred personality right for ${
    percent(a.exact)
  } of ${a.users} listeners with >= ${minEvents} events (per axis ${axes})`;
}

const program = addStreamSourceOptions(
  new Command("wrapped"),
  "wrapped-streams-wrapped",
)
  .description(
    "Every listener's Wrapped (minutes, streams, top songs/artists/genres, fan percentile, busiest day, time of day, streak, listening age, music evolution, discoveries) and a personality inferred from behaviour, kept live as engine state from a Kafka topic or an Avro file; writes wrapped.json and accuracy.json to --out (at the end, and every --refresh-every seconds while live). Kafka: KAFKA_BROKERS or 127.0.0.1:9092.",
  )
  .option(
    "--out <dir>",
    "directory of wrapped.json and accuracy.json",
    "data/wrapped",
  )
  .option(
    "--year <YYYY>",
    "only events of this local calendar year (default: all)",
    parseYear,
  )
  .option(
    "--user <id>",
    "print this listener's Wrapped as a card when the stream stops",
    nonNegativeInteger("--user"),
  )
  .option(
    "--cards <dir>",
    "write one HTML card per listener and index.html here when the stream stops",
  )
  .option(
    "--min-events <n>",
    "listeners with at least this many events are measured in accuracy.json and set the axis thresholds",
    positiveInteger("--min-events"),
    200,
  )
  .option(
    "--refresh-every <seconds>",
    "while live, rewrite the files this often (when new events arrived)",
    positiveInteger("--refresh-every"),
    10,
  )
  .action(async (flags: WrappedFlags) => {
    const source = streamSourceOf(flags);
    const live = Deno.stderr.isTerminal();
    const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
    const started = performance.now();
    let total = 0;
    const run = startWrapped(source, {
      tz: flags.tz,
      year: flags.year,
      outDir: flags.out,
      minEvents: flags.minEvents,
      refreshMs: flags.refreshEvery * 1000,
      checkpointDir: flags.checkpoint,
      trigger: streamTriggerOf(flags),
      maxRecordsPerBatch: flags.maxBatch,
    });
    run.instrumentation.on("engine.batch_end", (progress) => {
      total += progress.inputRows;
      if (live) write(`\r\x1b[K${statusLine(progress, total, started)}`);
    });
    let interrupts = 0;
    const onSignal = () => {
      if (++interrupts > 1) Deno.exit(130);
      if (live) {
        write(
          "\r\x1b[Kstopping after the current batch (Ctrl-C again to quit now)\n",
        );
      }
      void run.stop();
    };
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    try {
      const summary = await run.done;
      if (live) write("\r\x1b[K");
      const result = run.wrapped();
      const seconds = (performance.now() - started) / 1000;
      const year = flags.year === undefined
        ? ""
        : ` in local year ${flags.year}`;
      if (flags.cards) {
        const n = await writeWrappedCards(flags.cards, result);
        console.error(`wrote ${n} cards and index.html to ${flags.cards}`);
      }
      if (run.filesKept) {
        console.error(
          `read no events and resumed no checkpoint: existing files in ${flags.out} were left as they were`,
        );
      } else if (result.listeners.length === 0) {
        console.error(
          `no events${year} among the ${
            summary.inputRows.toLocaleString("en-US")
          } read: wrapped.json in ${flags.out} is an empty list`,
        );
      } else {
        console.error(accuracyLine(result, flags.minEvents));
      }
      console.error(
        `wrapped ${
          result.listeners.length.toLocaleString("en-US")
        } listeners${year} from ${
          summary.inputRows.toLocaleString("en-US")
        } events in ${seconds.toFixed(1)} s (${
          Math.round(summary.inputRows / Math.max(seconds, 1e-3))
            .toLocaleString("en-US")
        } events/s, ${summary.batches} batches)${
          run.filesKept
            ? ""
            : `; wrapped.json and accuracy.json in ${flags.out}`
        }${interrupts > 0 ? "; interrupted" : ""}`,
      );
      if (flags.user !== undefined) {
        const listener = result.listeners.find((l) => l.user_id === flags.user);
        if (!listener) {
          throw new RangeError(
            `--user ${flags.user}: no such listener${year} (${result.listeners.length} listeners in the stream)`,
          );
        }
        // Song and artist names come from the data: no control characters.
        console.log(
          wrappedCardText(listener).split("\n").map(printable).join("\n"),
        );
      }
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
      Deno.removeSignalListener("SIGTERM", onSignal);
    }
  });

if (import.meta.main) await runCli(program);
