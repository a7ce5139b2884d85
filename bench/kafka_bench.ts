/**
 * Kafka throughput: replaying a 1,000,000-event Avro file with the
 * project's producer (`@platformatic/kafka`; events/s, MB/s) and with the
 * kafkajs producer it replaced (reference), consuming it back with decoding
 * through the one reader, and
 * — where `kcat` is installed — kcat producing the same messages (same
 * count, keys, value sizes, headers; idempotent, acks=all, no compression)
 * and consuming them, with the ratios.
 *
 * Needs a broker (`deno task kafka:up` or `KAFKA_BROKERS`). `BENCH_EVENTS`
 * overrides the event count.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { produceWithKafkajs } from "./_kafkajs_producer.ts";
import { readAvroFile } from "../lib/avro/mod.ts";
import {
  consumeListening,
  createKafka,
  encodeListeningMessage,
  ensureTopic,
  LISTENING_HEADERS,
  produceListening,
  topicEndOffsets,
} from "../lib/kafka/mod.ts";
import type { ListeningRecord } from "../lib/schema/mod.ts";
import { peakRssMiB, reportFigures } from "./_report.ts";
import { BENCH_DIR, benchInputFile, SHARED_INPUT } from "./_bench_input.ts";

const EVENTS = Number(Deno.env.get("BENCH_EVENTS") ?? 1_000_000);

async function kcatVersion(): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("kcat", { args: ["-V"] }).output();
    return new TextDecoder().decode(out.stdout).match(/Version (\S+)/)
      ?.[1] ?? "unknown";
  } catch {
    return undefined;
  }
}

/** The same messages as kcat input: `key:value\n` (value `\n` bytes → space). */
async function kcatInput(path: string): Promise<string> {
  const input = `${BENCH_DIR}kafka-${EVENTS}.kcat`;
  try {
    await Deno.stat(input);
    return input;
  } catch {
    // Write below.
  }
  const file = await Deno.open(input, {
    write: true,
    create: true,
    truncate: true,
  });
  const NL = 0x0a;
  let chunks: Buffer[] = [];
  let size = 0;
  for await (const record of readAvroFile<ListeningRecord>(path)) {
    const { key, value } = encodeListeningMessage(record);
    for (let i = 0; i < value.length; i++) if (value[i] === NL) value[i] = 0x20;
    chunks.push(Buffer.from(`${key}:`), value, Buffer.from("\n"));
    size += value.length;
    if (size > 4 << 20) {
      await file.write(Buffer.concat(chunks));
      chunks = [];
      size = 0;
    }
  }
  await file.write(Buffer.concat(chunks));
  file.close();
  return input;
}

const client = createKafka({ clientId: "kafka-bench" });
const broker = client.brokers[0];
const FILE = await benchInputFile("kafka", EVENTS, SHARED_INPUT);
const fileBytes = (await Deno.stat(FILE)).size;
console.log(
  `input: ${FILE} (${EVENTS.toLocaleString("en-US")} events, ${
    (fileBytes / 1e6).toFixed(1)
  } MB)`,
);

// Producer: replay the file.
const topic = `bench-${Date.now()}`;
await ensureTopic(client, topic, { config: { "retention.ms": "3600000" } });
const produced = await produceListening(client, readAvroFile(FILE), { topic });
const produceSeconds = produced.durationMs / 1000;
const ourProduceRate = produced.acked / produceSeconds;
reportFigures("kafka produce --file (@platformatic/kafka)", {
  events: produced.acked,
  "events/s": ourProduceRate,
  "MB/s": produced.bytes / 1e6 / produceSeconds,
  "peak RSS MiB": peakRssMiB(),
});

// The reference: the same replay with the kafkajs producer used before.
const kafkajsTopic = `${topic}-kafkajs`;
await ensureTopic(client, kafkajsTopic, {
  config: { "retention.ms": "3600000" },
});
const reference = await produceWithKafkajs(client, readAvroFile(FILE), {
  topic: kafkajsTopic,
});
const kafkajsRate = reference.acked / (reference.durationMs / 1000);
reportFigures("kafka produce --file (kafkajs 2.2.4, reference)", {
  events: reference.acked,
  "events/s": kafkajsRate,
  "MB/s": reference.bytes / 1e6 / (reference.durationMs / 1000),
});
await client.withAdmin((admin) =>
  admin.deleteTopics({ topics: [kafkajsTopic] })
);

// Consumer: read it all back, decoding every value.
const started = performance.now();
let decoded = 0;
const consumed = await consumeListening(client, {
  topic,
  groupId: `${topic}-group`,
  fromBeginning: true,
  once: true,
  deadLetter: false,
  onBatch: ({ records }) => {
    decoded += records.length;
  },
});
const consumeSeconds = (performance.now() - started) / 1000;
const ourConsumeRate = consumed.records / consumeSeconds;
reportFigures("kafka consume + decode (@platformatic/kafka reader)", {
  events: decoded,
  "events/s": ourConsumeRate,
  "MB/s": produced.bytes / 1e6 / consumeSeconds,
});

const version = await kcatVersion();
if (!version) {
  console.log("kcat not installed: comparison skipped (apt-get install kcat)");
} else {
  const input = await kcatInput(FILE);
  const kcatTopic = `${topic}-kcat`;
  await ensureTopic(client, kcatTopic, {
    config: { "retention.ms": "3600000" },
  });
  const headers = Object.entries(LISTENING_HEADERS).flatMap(([k, v]) => [
    "-H",
    `${k}=${v}`,
  ]);
  const t0 = performance.now();
  const out = await new Deno.Command("kcat", {
    args: [
      "-P",
      "-b",
      broker,
      "-t",
      kcatTopic,
      "-K",
      ":",
      "-l",
      input,
      "-z",
      "none",
      "-X",
      "acks=all",
      "-X",
      "enable.idempotence=true",
      ...headers,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const kcatSeconds = (performance.now() - t0) / 1000;
  if (!out.success) {
    throw new Error(`kcat failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  const ends = await client.withAdmin((admin) =>
    topicEndOffsets(admin, kcatTopic)
  );
  const kcatCount = ends.reduce((sum, o) => sum + o.high, 0);
  const kcatRate = kcatCount / kcatSeconds;
  reportFigures(`kafka produce (kcat ${version})`, {
    events: kcatCount,
    "events/s": kcatRate,
    "MB/s": produced.bytes / 1e6 / kcatSeconds,
  });
  const c0 = performance.now();
  const consumedByKcat = await new Deno.Command("kcat", {
    args: [
      "-C",
      "-b",
      broker,
      "-t",
      kcatTopic,
      "-o",
      "beginning",
      "-e",
      "-q",
      "-f",
      "%o\n",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const kcatConsumeSeconds = (performance.now() - c0) / 1000;
  const kcatConsumed = new TextDecoder().decode(consumedByKcat.stdout)
    .split("\n").filter((l) => l !== "").length;
  reportFigures(`kafka consume, no decode (kcat ${version})`, {
    events: kcatConsumed,
    "events/s": kcatConsumed / kcatConsumeSeconds,
  });
  reportFigures("kafka kcat/ours ratio", {
    produce: kcatRate / ourProduceRate,
    "produce, kafkajs": kcatRate / kafkajsRate,
    consume: (kcatConsumed / kcatConsumeSeconds) / ourConsumeRate,
  });
  await client.withAdmin((admin) =>
    admin.deleteTopics({ topics: [kcatTopic] })
  );
}
await client.withAdmin((admin) => admin.deleteTopics({ topics: [topic] }));
