/**
 * Stream-engine throughput: events/s through decode and a set of 8
 * windowed and keyed aggregations (the shapes of the analysis tables),
 * from an Avro file and from Kafka, with 10k and 100k-record batches; and
 * a long run (10M events by default) whose peak memory shows that state
 * stays bounded by the watermark and that nodejs-polars 0.26.1 does not
 * leak native memory (RSS sampled along the run).
 *
 * Every case runs in its own process (peak RSS is per case). Environment:
 * `ENGINE_BENCH_EVENTS` (default 1,000,000), `ENGINE_BENCH_LONG` (default
 * 10,000,000; 0 skips), `ENGINE_BENCH_KAFKA=0` skips Kafka.
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  callbackSink,
  count,
  max,
  mean,
  readStream,
  type Source,
  startStream,
  type StreamQuery,
  sum,
  window,
} from "../lib/engine/mod.ts";
import { estimateEventCount } from "../lib/generator/mod.ts";
import {
  createKafka,
  ensureTopic,
  produceListening,
  topicEndOffsets,
} from "../lib/kafka/mod.ts";
import { kafkaSource, listeningFileSource } from "../lib/sources/mod.ts";
import { peakRssMiB, reportFigures } from "./_report.ts";
import { benchInputFile } from "./_bench_input.ts";

const EVENTS = Number(Deno.env.get("ENGINE_BENCH_EVENTS") ?? 1_000_000);
const LONG = Number(Deno.env.get("ENGINE_BENCH_LONG") ?? 10_000_000);
const KAFKA = Deno.env.get("ENGINE_BENCH_KAFKA") !== "0";
async function ensureFile(events: number): Promise<string> {
  // enough users for `events` (10% spare), listening over a year
  const perHundred = estimateEventCount({ users: 100, sessionsPerUser: 60 });
  return await benchInputFile("engine", events, {
    users: Math.ceil((events / perHundred) * 110),
    sessionsPerUser: 60,
    days: 365,
    seed: 11,
  });
}

/** CPU seconds of this process (all threads), from /proc. */
function cpuSeconds(): number {
  const fields = Deno.readTextFileSync("/proc/self/stat").split(") ")[1]
    .split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Eight aggregations shaped like the analysis tables. */
function benchQueries(source: Source): StreamQuery[] {
  const events = readStream(source);
  const h = pl.col("start_time").modulo(pl.lit(86_400_000))
    .div(pl.lit(3_600_000)).floor();
  const timeOfDay = pl.when(h.gtEq(22).or(h.lt(6))).then(pl.lit("night"))
    .when(h.lt(12)).then(pl.lit("morning"))
    .when(h.lt(18)).then(pl.lit("afternoon"))
    .otherwise(pl.lit("evening"));
  const plays = events.filter(pl.col("interaction").eq(pl.lit("played")));
  // sinks that read each batch's rows and keep nothing: the figures are
  // the engine's, and memory stays bounded by the watermark however many
  // events pass
  let emitted = 0;
  const sink = () =>
    callbackSink((batch) => void (emitted += batch.rows.height));
  return [
    events.groupBy("personality", "country").agg({ events: count() })
      .writeStream("country_events", { sink: sink() }),
    events.groupBy("country", "artist").agg({ events: count() })
      .writeStream("country_artist_events", { sink: sink() }),
    events.groupBy("personality", "interaction").agg({ events: count() })
      .writeStream("interaction_events", { sink: sink() }),
    plays.groupBy("personality", "genre").agg({ plays: count() })
      .writeStream("personality_genres", { sink: sink() }),
    plays.withColumn(
      "listened_ms",
      pl.col("end_time").minus(pl.col("start_time")),
    )
      .groupBy("personality").agg({
        plays: count(),
        seconds: sum("length_seconds"),
        avg_seconds: mean("length_seconds"),
        listened_ms: sum("listened_ms"),
        longest: max("length_seconds"),
      })
      .writeStream("personality_listening", {
        outputMode: "complete",
        sink: sink(),
      }),
    plays.withColumn("time_of_day", timeOfDay)
      .groupBy("time_of_day", "song_name", "artist").agg({ plays: count() })
      .writeStream("time_of_day_songs", { sink: sink() }),
    plays.withColumn("time_of_day", timeOfDay)
      .withWatermark("start_time", "1 hour")
      .groupBy(
        window("start_time", "6 hours"),
        "time_of_day",
        "song_name",
        "artist",
      )
      .agg({ plays: count() })
      .writeStream("day_vs_night", { outputMode: "append", sink: sink() }),
    plays.withWatermark("start_time", "1 hour")
      .groupBy(
        window("start_time", "1 hour", "30 minutes"),
        "song_name",
        "artist",
      )
      .agg({ plays: count() })
      .writeStream("sliding", { outputMode: "append", sink: sink() }),
  ];
}

interface CaseResult {
  events: number;
  seconds: number;
  cpuSeconds: number;
  maxStateRows: number;
  finalStateRows: number;
  rssSamples: number[];
}

async function runCase(
  source: Source,
  batch: number,
  checkpointDir?: string,
  windowedOnly = false,
): Promise<CaseResult> {
  const all = benchQueries(source);
  // the windowed queries alone: their state is bounded by the watermark,
  // so RSS must stay flat (a leak of native memory would show)
  const queries = windowedOnly
    ? all.filter((q) => q.plan.grouping?.window)
    : all;
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const stream = startStream(queries, {
    trigger: "once",
    maxRecordsPerBatch: batch,
    checkpointDir,
  });
  let events = 0;
  let maxStateRows = 0;
  let lastStateRows = 0;
  const rssSamples: number[] = [];
  let nextSample = 0;
  stream.instrumentation.on("engine.batch_end", (p) => {
    events += p.inputRows;
    const state = p.queries.reduce((n, q) => n + q.stateRows, 0);
    maxStateRows = Math.max(maxStateRows, state);
    if (!p.final) lastStateRows = state;
    if (events >= nextSample) {
      rssSamples.push(Math.round(rssMiB()));
      nextSample += 1_000_000;
    }
  });
  await stream.done;
  return {
    events,
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: cpuSeconds() - cpu0,
    maxStateRows,
    finalStateRows: lastStateRows,
    rssSamples,
  };
}

async function ensureTopicWith(events: number): Promise<string> {
  const topic = `engine-bench-${events}`;
  const client = createKafka();
  await ensureTopic(client, topic);
  const ends = await client.withAdmin((a) => topicEndOffsets(a, topic));
  const stored = ends.reduce((n, e) => n + e.high - e.low, 0);
  if (stored !== events) {
    if (stored > 0) {
      await client.withAdmin((a) => a.deleteTopics({ topics: [topic] }));
      await ensureTopic(client, topic);
    }
    const { readAvroFile } = await import("../lib/avro/mod.ts");
    await produceListening(
      client,
      readAvroFile(await ensureFile(events)),
      { topic },
    );
  }
  return topic;
}

async function child(kind: string, events: number, batch: number) {
  let source: Source;
  let checkpointDir: string | undefined;
  if (kind === "kafka") {
    const topic = await ensureTopicWith(events);
    source = kafkaSource({
      topic,
      groupId: `${topic}-${crypto.randomUUID().slice(0, 8)}`,
    });
  } else {
    source = listeningFileSource(await ensureFile(events));
    if (kind === "file+checkpoint") {
      checkpointDir = await Deno.makeTempDir({ prefix: "engine-bench-ckpt-" });
    }
  }
  const r = await runCase(
    source,
    batch,
    checkpointDir,
    kind === "file-windowed",
  );
  if (checkpointDir) await Deno.remove(checkpointDir, { recursive: true });
  const figures: Record<string, number | string> = {
    "events/s": r.events / r.seconds,
    "events/cpu-s": r.events / r.cpuSeconds,
    events: r.events,
    "peak_rss_MiB": peakRssMiB(),
    max_state_rows: r.maxStateRows,
    final_state_rows: r.finalStateRows,
  };
  if (r.rssSamples.length > 2) {
    figures["rss_MiB_each_1M"] = r.rssSamples.join("/");
  }
  reportFigures(
    `engine ${kind} ${events / 1e6}M batch=${batch / 1000}k`,
    figures,
  );
}

async function main() {
  const self = new URL(import.meta.url).pathname;
  const cases: [string, number, number][] = [
    ["file", EVENTS, 100_000],
    ["file", EVENTS, 10_000],
    ["file+checkpoint", EVENTS, 100_000],
  ];
  if (KAFKA) cases.push(["kafka", EVENTS, 100_000], ["kafka", EVENTS, 10_000]);
  if (LONG > 0) {
    cases.push(["file", LONG, 100_000], ["file-windowed", LONG, 100_000]);
  }
  // generate inputs first, so generation is not measured
  await ensureFile(EVENTS);
  if (LONG > 0) await ensureFile(LONG);
  if (KAFKA) await ensureTopicWith(EVENTS);
  for (const [kind, events, batch] of cases) {
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", self, "--case", kind, String(events), String(batch)],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (code !== 0) throw new Error(`case ${kind} ${events} ${batch} failed`);
  }
}

if (Deno.args[0] === "--case") {
  await child(Deno.args[1], Number(Deno.args[2]), Number(Deno.args[3]));
  Deno.exit(0);
} else {
  await main();
}
