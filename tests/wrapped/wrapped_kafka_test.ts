/**
 * Wrapped live from a 16-partition Kafka topic equals Wrapped of the same
 * records from memory. Needs a broker (`deno task test` starts one).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { memorySource } from "../../lib/engine/mod.ts";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import {
  createKafka,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";
import { wrappedOnce } from "../../lib/wrapped/mod.ts";

const COMMAND = new URL("../../lib/cli/wrapped_command.ts", import.meta.url)
  .pathname;

Deno.test("wrapped --source kafka --from-beginning --once over a 16-partition topic in many batches equals Wrapped of the records", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped_kafka_" });
  const client = createKafka();
  const topic = `wrapped-test-${crypto.randomUUID()}`;
  const admin = await client.connectAdmin();
  try {
    const records = generateToArray({
      users: 40,
      sessionsPerUser: 5,
      days: 60,
      seed: 5,
    });
    await ensureTopic(client, topic, { partitions: 16 });
    const produced = await produceListening(client, records, { topic });
    assert.equal(produced.acked, records.length);
    const out = join(dir, "out");
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        COMMAND,
        "--source=kafka",
        `--topic=${topic}`,
        `--group=${topic}-wrapped`,
        "--from-beginning",
        "--once",
        "--max-batch=700",
        `--out=${out}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 0, stderr);
    assert.match(
      stderr,
      new RegExp(
        `wrapped 40 listeners from ${
          records.length.toLocaleString("en-US")
        } events`,
      ),
    );
    const expected = await wrappedOnce(
      memorySource(records, { columns: LISTENING_COLUMNS }),
    );
    assert.deepEqual(
      JSON.parse(await Deno.readTextFile(join(out, "wrapped.json"))),
      expected.listeners,
    );
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
    await Deno.remove(dir, { recursive: true });
  }
});
