/**
 * Analysis throughput and latency:
 * - `deno task analyze --once` over a 1,000,000-event Avro file (events/s,
 *   as the command reports it and wall-clock with process start);
 * - the same events from a 16-partition Kafka topic (`--source kafka
 *   --once --from-beginning`);
 * - end-to-end latency at steady rates (10,000 events/s unless
 *   ANALYZE_BENCH_RATES / `deno task bench latency --rate` say otherwise):
 *   a probe event every 100 ms, from the producer's send to the first
 *   result table that shows it (p50, p99), and the first rate at which the
 *   p99 reaches 2 s.
 *
 * The file is `data/bench/kafka-<n>.avro`, shared with the Kafka bench
 * (generated once). The Kafka parts need a broker (`deno task kafka:up` or
 * `KAFKA_BROKERS`); they are skipped, saying why, without one.
 *
 * The latency run starts its producer as a child process of this file
 * (`--produce-probes TOPIC SECONDS`), so producing and analysing do not
 * share an event loop.
 *
 * Env: ANALYZE_BENCH_ONLY (`file`, `kafka` or `latency`: run only that
 * part), BENCH_EVENTS (default 1,000,000), ANALYZE_BENCH_MAX_BATCH (default:
 * the command's), ANALYZE_BENCH_LATENCY_SECONDS (default 30),
 * ANALYZE_BENCH_RATES (comma-separated events/s, default 10000).
 *
 * @module
 */
import pl from "nodejs-polars";
import { startAnalysis } from "../lib/analysis/mod.ts";
import { readAvroFile } from "../lib/avro/mod.ts";
import { listeningHistory } from "../lib/generator/mod.ts";
import {
  createKafka,
  ensureTopic,
  type KafkaClient,
  produceListening,
  ratePacer,
  topicEndOffsets,
} from "../lib/kafka/mod.ts";
import { waitUntil } from "../lib/support/mod.ts";
import { kafkaSource } from "../lib/sources/mod.ts";
import type { ListeningRecord } from "../lib/schema/mod.ts";
import { peakRssMiB, reportFigures } from "./_report.ts";
import { benchInputFile, SHARED_INPUT } from "./_bench_input.ts";

const EVENTS = Number(Deno.env.get("BENCH_EVENTS") ?? 1_000_000);
const MAX_BATCH = Deno.env.get("ANALYZE_BENCH_MAX_BATCH");
const COMMAND = new URL("../lib/cli/analyze_command.ts", import.meta.url)
  .pathname;

/** Runs the command; returns its own events/s, wall seconds and peak RSS. */
async function analyzeCommand(args: string[]) {
  const out = await Deno.makeTempDir({ prefix: "analyze-bench-" });
  try {
    const started = performance.now();
    const command = [
      Deno.execPath(),
      "run",
      "-A",
      COMMAND,
      ...args,
      `--out=${out}`,
      ...(MAX_BATCH ? [`--max-batch=${MAX_BATCH}`] : []),
    ];
    const time = await Deno.stat("/usr/bin/time").then(() => true, () => false);
    const output = await new Deno.Command(
      time ? "/usr/bin/time" : command[0],
      {
        args: time ? ["-f", "maxrss_kb=%M", ...command] : command.slice(1),
        stdout: "piped",
        stderr: "piped",
      },
    ).output();
    const seconds = (performance.now() - started) / 1000;
    const stderr = new TextDecoder().decode(output.stderr);
    if (output.code !== 0) throw new Error(`analyze failed:\n${stderr}`);
    const line = stderr.split("\n").find((l) => l.startsWith("analyzed "));
    const match =
      /^analyzed ([\d,]+) events in ([\d.]+) s \(([\d,]+) events\/s, (\d+) batches/
        .exec(line ?? "");
    if (!match) throw new Error(`no summary line in:\n${stderr}`);
    const rss = /maxrss_kb=(\d+)/.exec(stderr);
    return {
      events: Number(match[1].replaceAll(",", "")),
      eventsPerSecond: Number(match[3].replaceAll(",", "")),
      batches: Number(match[4]),
      wallSeconds: seconds,
      peakRssMiB: rss ? Number(rss[1]) / 1024 : NaN,
    };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** A Kafka client when a broker answers, else the reason. */
async function broker(): Promise<KafkaClient | string> {
  const client = createKafka({ connectTimeoutMs: 5_000 });
  try {
    const admin = await client.connectAdmin();
    await admin.close();
    return client;
  } catch (error) {
    return `no broker at ${client.brokers.join(",")} (${
      (error as Error).message
    })`;
  }
}

async function deleteTopic(client: KafkaClient, topic: string) {
  const admin = await client.connectAdmin();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.close();
  }
}

/** `analyze --source kafka --once` over the file's events in a fresh topic. */
async function kafkaThroughput(client: KafkaClient) {
  const topic = `analyze-bench-${Date.now()}`;
  await ensureTopic(client, topic, { partitions: 16 });
  try {
    const produced = await produceListening(client, blocks(FILE), { topic });
    const run = await analyzeCommand([
      "--source=kafka",
      `--topic=${topic}`,
      `--group=${topic}`,
      "--from-beginning",
      "--once",
    ]);
    reportFigures(
      `analyze --once kafka ${produced.acked.toLocaleString("en-US")} events`,
      {
        "events/s": run.eventsPerSecond,
        "wall events/s": run.events / run.wallSeconds,
        batches: run.batches,
        "peak RSS MiB": run.peakRssMiB,
      },
    );
  } finally {
    await deleteTopic(client, topic);
  }
}

async function* blocks(path: string): AsyncGenerator<ListeningRecord[]> {
  let block: ListeningRecord[] = [];
  for await (const record of readAvroFile<ListeningRecord>(path)) {
    block.push(record);
    if (block.length === 10_000) {
      yield block;
      block = [];
    }
  }
  if (block.length > 0) yield block;
}

const PROBE = "latency-probe ";
/** Rates of the latency run, events/s (`ANALYZE_BENCH_RATES`, comma-separated). */
const RATES = (Deno.env.get("ANALYZE_BENCH_RATES") ?? "10000").split(",")
  .map((text) => {
    const rate = Number(text.trim());
    if (!Number.isInteger(rate) || rate < 10) {
      throw new RangeError(
        `ANALYZE_BENCH_RATES must be integers >= 10 (events/s): got ${
          JSON.stringify(text)
        }`,
      );
    }
    return rate;
  });
/** The p99 latency the live aim allows. */
const P99_AIM_MS = 2_000;
const ONLY = Deno.env.get("ANALYZE_BENCH_ONLY");
const LATENCY_SECONDS = Number(
  Deno.env.get("ANALYZE_BENCH_LATENCY_SECONDS") ?? 30,
);

/**
 * Producer side of the latency run (a child process): generated events at
 * `rate` events/s with the current time as event time; every rate/10-th is a
 * play of a probe song whose name carries the time it was handed to the
 * producer.
 */
async function produceProbes(topic: string, seconds: number, rate: number) {
  const client = createKafka();
  const total = rate * seconds;
  let i = 0;
  async function* events(): AsyncGenerator<ListeningRecord> {
    for (
      const record of listeningHistory({
        users: 2_000,
        sessionsPerUser: 40,
        seed: 3,
      })
    ) {
      if (i >= total) return;
      // A live stream: event time is now (the generated history spans a
      // year, which would close windows a thousand times too fast).
      const now = Date.now();
      const listened = record.listening_time.end_time -
        record.listening_time.start_time;
      const event = {
        ...record,
        listening_time: { start_time: now, end_time: now + listened },
      };
      if (i++ % (rate / 10) === 0) {
        event.interaction = "played";
        event.song_name = `${PROBE}${now}`;
      }
      yield event;
    }
  }
  await produceListening(client, events(), {
    topic,
    pacer: ratePacer(rate),
    batchSize: 500,
  });
}

/**
 * End-to-end latency at `rate` events/s: probe sent -> visible in
 * time_of_day.json. Returns the p99 in ms.
 */
async function latency(client: KafkaClient, rate: number): Promise<number> {
  const topic = `analyze-latency-${Date.now()}`;
  await ensureTopic(client, topic, { partitions: 16 });
  // every partition has a leader before the stream opens (a topic made
  // right after another was deleted can lag behind)
  await waitUntil(
    () => client.withAdmin((admin) => topicEndOffsets(admin, topic)),
    { timeoutMs: 30_000, what: `leaders of ${topic}` },
  );
  const out = await Deno.makeTempDir({ prefix: "analyze-latency-" });
  const latencies: number[] = [];
  const seen = new Set<string>();
  try {
    const run = startAnalysis(
      kafkaSource({ topic, groupId: topic, startingOffsets: "earliest" }),
      {
        outDir: out,
        onTables: ({ tables, changed }) => {
          if (!changed.includes("time_of_day")) return;
          const now = Date.now();
          const probes = tables.time_of_day
            .filter(pl.col("song_name").str.startsWith(PROBE))
            .getColumn("song_name").toArray() as string[];
          for (const name of probes) {
            if (seen.has(name)) continue;
            seen.add(name);
            latencies.push(now - Number(name.slice(PROBE.length)));
          }
        },
      },
    );
    const producer = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL(import.meta.url).pathname,
        "--produce-probes",
        topic,
        String(LATENCY_SECONDS),
        String(rate),
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    let batches = 0, rows = 0, busyMs = 0;
    run.instrumentation.on("engine.batch_end", (p) => {
      batches++;
      rows += p.inputRows;
      busyMs += p.durationMs;
    });
    const status = await producer.status;
    if (!status.success) throw new Error("the probe producer failed");
    const expected = rate * LATENCY_SECONDS / (rate / 10);
    const deadline = Date.now() + 30_000;
    while (seen.size < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await run.stop();
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[
        Math.min(latencies.length - 1, Math.floor(q * latencies.length))
      ];
    reportFigures(
      `analyze latency at ${rate.toLocaleString("en-US")} events/s`,
      {
        probes: `${latencies.length}/${expected}`,
        batches,
        "rows/batch": rows / Math.max(batches, 1),
        "ms/batch": busyMs / Math.max(batches, 1),
        "p50 ms": at(0.5),
        "p99 ms": at(0.99),
        "max ms": latencies.at(-1) ?? NaN,
      },
    );
    return latencies.length > 0 ? at(0.99) : Infinity;
  } finally {
    await Deno.remove(out, { recursive: true });
    await deleteTopic(client, topic);
  }
}

if (Deno.args[0] === "--produce-probes") {
  await produceProbes(Deno.args[1], Number(Deno.args[2]), Number(Deno.args[3]));
  Deno.exit(0);
}

const FILE = await benchInputFile("kafka", EVENTS, SHARED_INPUT);
if (!ONLY || ONLY === "file") {
  const file = await analyzeCommand([
    "--source=file",
    `--file=${FILE}`,
    "--once",
  ]);
  reportFigures(
    `analyze --once file ${EVENTS.toLocaleString("en-US")} events`,
    {
      "events/s": file.eventsPerSecond,
      "wall events/s": file.events / file.wallSeconds,
      batches: file.batches,
      "peak RSS MiB": file.peakRssMiB,
    },
  );
}

const client = await broker();
if (typeof client === "string") {
  console.log(`analyze kafka: skipped, ${client}`);
} else {
  if (!ONLY || ONLY === "kafka") await kafkaThroughput(client);
  if (!ONLY || ONLY === "latency") {
    let crossed: number | undefined;
    for (const rate of RATES) {
      const p99 = await latency(client, rate);
      if (p99 >= P99_AIM_MS && crossed === undefined) crossed = rate;
    }
    console.log(
      crossed === undefined
        ? `analyze latency: p99 under ${P99_AIM_MS} ms at every rate tried (${
          RATES.join(", ")
        } events/s)`
        : `analyze latency: p99 reaches ${P99_AIM_MS} ms at ${crossed} events/s`,
    );
  }
}
// The latency run analyses in this process.
reportFigures("analyze bench process", { "peak RSS MiB": peakRssMiB() });
