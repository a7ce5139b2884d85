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

Deno.test("wrapped --source kafka --once from the beginning (--from-beginning or --starting-offsets earliest) over a 16-partition topic in many batches equals Wrapped of the records; --starting-offsets latest reads nothing and leaves the files", async () => {
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
    const wrapped = async (out: string, start: string) => {
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          COMMAND,
          "--source=kafka",
          `--topic=${topic}`,
          `--group=${topic}-wrapped`,
          start,
          "--once",
          "--max-batch=700",
          `--out=${out}`,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.equal(run.code, 0, stderr);
      return stderr;
    };
    const expected = await wrappedOnce(
      memorySource(records, { columns: LISTENING_COLUMNS }),
    );
    const wrappedJson = async (out: string) =>
      JSON.parse(await Deno.readTextFile(join(out, "wrapped.json")));
    const events = records.length.toLocaleString("en-US");
    for (const start of ["--from-beginning", "--starting-offsets=earliest"]) {
      const out = join(dir, start);
      const stderr = await wrapped(out, start);
      assert.match(
        stderr,
        new RegExp(`wrapped 40 listeners from ${events} events`),
      );
      assert.deepEqual(await wrappedJson(out), expected.listeners);
    }
    // A new query at the end of the topic reads nothing: it leaves the
    // Wrapped it did not compute as it was.
    const out = join(dir, "--from-beginning");
    const before = await Deno.readTextFile(join(out, "accuracy.json"));
    const stderr = await wrapped(out, "--starting-offsets=latest");
    assert.match(stderr, /wrapped 0 listeners from 0 events/);
    assert.match(stderr, /existing files in .* were left as they were/);
    assert.deepEqual(await wrappedJson(out), expected.listeners);
    assert.equal(await Deno.readTextFile(join(out, "accuracy.json")), before);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.close();
    await Deno.remove(dir, { recursive: true });
  }
});
