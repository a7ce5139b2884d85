import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import {
  avroFileSource,
  count,
  memorySink,
  memorySource,
  readStream,
  runOnce,
  type Source,
  type SourcePosition,
} from "../../lib/engine/mod.ts";
import { writeAvroFile } from "../../lib/avro/mod.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import {
  createKafka,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";
import {
  kafkaSource,
  LISTENING_COLUMNS,
  listeningFileSource,
} from "../../lib/sources/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import {
  listeningHistoryType,
  type ListeningRecord,
} from "../../lib/schema/mod.ts";
import { sourceConformance } from "./source_conformance.ts";

const records = generateToArray({ users: 20, sessionsPerUser: 1, days: 2 });
const byPersonality = (r: ListeningRecord) => personalityIndex(r.personality);

sourceConformance("memorySource", () =>
  Promise.resolve({
    records,
    make: () =>
      memorySource(records, {
        columns: LISTENING_COLUMNS,
        partitionOf: byPersonality,
      }),
    partitionOf: byPersonality,
  }));

/** The fixture of a source over the records written to an Avro file. */
async function fileFixture(make: (path: string) => Source) {
  const dir = await Deno.makeTempDir({ prefix: "engine-source-" });
  const path = join(dir, "events.avro");
  // small blocks, so that positions fall inside and between blocks
  await writeAvroFile(path, records, { blockSizeBytes: 4096 });
  return {
    records,
    make: () => make(path),
    partitionOf: byPersonality,
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

sourceConformance(
  "avroFileSource",
  () =>
    fileFixture((path) =>
      avroFileSource(path, {
        type: listeningHistoryType,
        partitionOf: byPersonality,
        partitionColumns: ["personality"],
      })
    ),
);

sourceConformance(
  "listeningFileSource",
  () => fileFixture(listeningFileSource),
);

sourceConformance("kafkaSource", async () => {
  const topic = `engine-conformance-${crypto.randomUUID().slice(0, 8)}`;
  const client = createKafka();
  await ensureTopic(client, topic);
  await produceListening(client, records, { topic });
  // Kafka orders per partition only: the fixture's order is the partition order
  return {
    records,
    make: () => kafkaSource({ groupId: `${topic}-group`, topic, client }),
    partitionOf: byPersonality,
    waitMs: 200,
    cleanup: () =>
      client.withAdmin((admin) => admin.deleteTopics({ topics: [topic] })),
  };
});

Deno.test("a record without a value for a string column stops the stream with a clear TypeError", async () => {
  const broken = [{ ...records[0], song_name: undefined }];
  const query = readStream(memorySource(broken, { columns: LISTENING_COLUMNS }))
    .groupBy("song_name").agg({ n: count() })
    .writeStream("q", { sink: memorySink() });
  await assert.rejects(runOnce([query]), {
    name: "TypeError",
    message:
      "record 0 has no string at song_name (column song_name): got undefined",
  });
});

Deno.test("kafkaSource skips and counts messages that do not decode", async () => {
  const topic = `engine-undecodable-${crypto.randomUUID().slice(0, 8)}`;
  const client = createKafka();
  await ensureTopic(client, topic);
  await produceListening(client, records.slice(0, 20), { topic });
  const producer = await client.connectProducer();
  await producer.send({
    messages: [{
      topic,
      partition: 3,
      key: Buffer.from("x"),
      value: Buffer.from([1, 2, 3]),
    }],
  });
  await producer.close();
  const skipped: [number, string][] = [];
  const source = kafkaSource({
    groupId: `${topic}-group`,
    topic,
    client,
    onUndecodable: (error, partition) => skipped.push([partition, error.name]),
  });
  const sink = memorySink();
  const query = readStream(source).groupBy("personality").agg({ n: count() })
    .writeStream("q", { sink });
  const summary = await runOnce([query]);
  assert.equal(summary.inputRows, 20);
  assert.equal(source.undecodable, 1);
  assert.deepEqual(skipped, [[3, "MessageDecodeError"]]);
  assert.equal(
    sink.rows().reduce((n, r) => n + (r.n as number), 0),
    20,
  );
  await client.withAdmin((admin) => admin.deleteTopics({ topics: [topic] }));
});

Deno.test("kafkaSource reads only the partitions it is given, and refuses ones the topic lacks", async () => {
  const topic = `engine-partitions-${crypto.randomUUID().slice(0, 8)}`;
  const client = createKafka();
  await ensureTopic(client, topic);
  await produceListening(client, records, { topic });
  try {
    const sink = memorySink();
    const source = kafkaSource({ topic, client, partitions: [0, 2, 3] });
    const query = readStream(source).groupBy("personality")
      .agg({ n: count() }).writeStream("q", { sink });
    const summary = await runOnce([query]);
    const expected = records.filter((r) =>
      [0, 2, 3].includes(byPersonality(r))
    );
    assert.equal(summary.inputRows, expected.length);
    assert.deepEqual(source.partitions(), [0, 2, 3]);
    const outside = kafkaSource({ topic, client, partitions: [3, 16, 17] });
    const bad = readStream(outside).groupBy("personality")
      .agg({ n: count() }).writeStream("q", { sink: memorySink() });
    await assert.rejects(runOnce([bad]), {
      name: "RangeError",
      message: `topic "${topic}" has partitions 0-15: got partitions 16-17`,
    });
  } finally {
    await client.withAdmin((admin) => admin.deleteTopics({ topics: [topic] }));
  }
});

Deno.test("kafkaSource says which partitions it has read up to their high watermark (only those can go idle)", async () => {
  const topic = `engine-caught-up-${crypto.randomUUID().slice(0, 8)}`;
  const client = createKafka();
  await ensureTopic(client, topic);
  await produceListening(client, records, { topic });
  const source = kafkaSource({ topic, client });
  await source.open();
  try {
    const atEnd = (position: SourcePosition) =>
      source.partitions().filter((p) =>
        position[String(p)] >= source.endOffsets[String(p)]
      );
    const first = await source.poll(5, 10_000);
    assert.equal(first.records.length, 5);
    assert.deepEqual(first.caughtUp, atEnd(first.position));
    assert.ok(first.caughtUp!.length < source.partitions().length);
    let last = first;
    const deadline = Date.now() + 30_000;
    while (!last.exhausted && Date.now() < deadline) {
      last = await source.poll(1_000, 1_000);
    }
    assert.ok(last.exhausted, "the source to reach the end offsets");
    assert.deepEqual(last.caughtUp, source.partitions());
  } finally {
    await source.close();
    await client.withAdmin((admin) => admin.deleteTopics({ topics: [topic] }));
  }
});
