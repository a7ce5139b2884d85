import { join } from "node:path";
import {
  avroFileSource,
  kafkaSource,
  memorySource,
} from "../../lib/engine/mod.ts";
import { writeAvroFile } from "../../lib/avro/mod.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import {
  createKafka,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { sourceConformance } from "./source_conformance.ts";

const records = generateToArray({ users: 20, sessionsPerUser: 1, days: 2 });
const byPersonality = (r: ListeningRecord) => personalityIndex(r.personality);

sourceConformance("memorySource", () =>
  Promise.resolve({
    records,
    make: () => memorySource(records, { partitionOf: byPersonality }),
    partitionOf: byPersonality,
  }));

sourceConformance("avroFileSource", async () => {
  const dir = await Deno.makeTempDir({ prefix: "engine-source-" });
  const path = join(dir, "events.avro");
  // small blocks, so that positions fall inside and between blocks
  await writeAvroFile(path, records, { blockSizeBytes: 4096 });
  return {
    records,
    make: () => avroFileSource(path),
    partitionOf: byPersonality,
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});

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
