/**
 * The broker stopped and started again while `produce --file` runs (the
 * real local broker of the test task): the run either ends with every
 * record in the topic exactly once (the idempotent producer's retries are
 * deduplicated across the restart) or fails saying how many records the
 * broker acknowledged — and then the topic holds at least those.
 */
import assert from "node:assert/strict";
import {
  createKafka,
  ensureTopic,
  startLocalBroker,
  stopLocalBroker,
  topicEndOffsets,
} from "../../lib/kafka/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { makeRecords, uniqueName, writeRecordsFile } from "./_fixtures.ts";
import { spawnCommand } from "./_cli.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const client = createKafka({ clientId: "restart-tests" });
const COUNT = 300_000;

const total = async (topic: string) =>
  (await client.withAdmin((admin) => topicEndOffsets(admin, topic)))
    .reduce((sum, p) => sum + p.high, 0);

Deno.test({
  name:
    "a broker restart during produce --file ends with every record once, or a clear failure saying how far it got",
  // only against the local broker this test may restart
  ignore: Deno.env.get("KAFKA_BROKERS") !== undefined,
  ...options,
  fn: async () => {
    const topic = uniqueName("restart");
    await ensureTopic(client, topic);
    const file = await writeRecordsFile(makeRecords(COUNT), 256 * 1024);
    const child = spawnCommand(
      "produce_command.ts",
      ["--file", file, "--topic", topic],
      { KAFKA_CONNECT_TIMEOUT_MS: "90000" },
    );
    try {
      await waitUntil(async () => (await total(topic)) > 0, {
        timeoutMs: 60_000,
        intervalMs: 50,
        what: "the first acknowledged records",
      });
      await stopLocalBroker();
      await startLocalBroker();
      const out = await child.output();
      const stderr = new TextDecoder().decode(out.stderr);
      const stdout = new TextDecoder().decode(out.stdout);
      const inTopic = await total(topic);
      console.log(
        `produce exit ${out.code}; ${inTopic} of ${COUNT} records in the topic`,
      );
      if (out.code === 0) {
        assert.equal(inTopic, COUNT, stdout + stderr);
      } else {
        const match = /failed after ([\d,]+) acknowledged records/.exec(
          stderr,
        );
        assert.ok(match, stderr);
        const acked = Number(match[1].replaceAll(",", ""));
        assert.ok(inTopic >= acked, `${inTopic} in the topic < ${acked}`);
        assert.ok(inTopic <= COUNT, `${inTopic} in the topic > ${COUNT}`);
      }
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* ended */ }
      await Deno.remove(file.replace(/\/[^/]+$/, ""), { recursive: true });
    }
  },
});
