/**
 * A child process for the static-membership test: joins `--group` as
 * `--instance` on `--topic`, prints `{"partitions":[...]}` on each
 * assignment, and reads until killed.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createKafka, openKafkaReader } from "../../lib/kafka/mod.ts";

const { values } = parseArgs({
  options: {
    topic: { type: "string" },
    group: { type: "string" },
    instance: { type: "string" },
  },
});
const reader = await openKafkaReader(createKafka({ clientId: "static" }), {
  topic: values.topic!,
  group: {
    groupId: values.group!,
    instanceId: values.instance!,
    sessionTimeoutMs: 45_000,
    onAssigned: (partitions) => console.log(JSON.stringify({ partitions })),
  },
});
while (true) await reader.poll(1000, 500);
