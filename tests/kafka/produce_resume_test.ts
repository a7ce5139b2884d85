/**
 * `produce --file --resume` after a broker outage, against a private
 * broker (own ports and data directory, so other tests are undisturbed):
 * the first run is cut off by the outage, the resumed run sends the rest,
 * and the topic ends with every record of the file exactly once.
 */
import assert from "node:assert/strict";
import {
  brokerPaths,
  createKafka,
  ensureTopic,
  startLocalBroker,
  stopLocalBroker,
  topicEndOffsets,
} from "../../lib/kafka/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { closedPort, runCommand, spawnCommand } from "./_cli.ts";
import { makeRecords, writeRecordsFile } from "./_fixtures.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "produce --file --resume after a broker outage ends with every record of the file exactly once",
  options,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "kafka-resume-" });
    const repo = brokerPaths();
    const paths = {
      ...repo,
      dataDir: dir,
      logDirs: `${dir}/kraft-logs`,
      logsDir: `${dir}/logs`,
      properties: `${dir}/server.properties`,
      pidFile: `${dir}/broker.pid`,
    };
    const port = closedPort();
    const broker = { port, controllerPort: closedPort(), paths };
    const address = `127.0.0.1:${port}`;
    const env = { KAFKA_BROKERS: address };
    const client = createKafka({ brokers: [address], clientId: "resume" });
    const count = async () =>
      (await client.withAdmin((admin) => topicEndOffsets(admin, "resume")))
        .reduce((n, o) => n + o.high - o.low, 0);
    await startLocalBroker(broker);
    try {
      await ensureTopic(client, "resume");
      const records = makeRecords(30_000);
      const file = await writeRecordsFile(records);

      // The first run is cut off by the outage (its process ends one way
      // or another: its retry budget, or killed while it waits).
      const first = spawnCommand("produce_command.ts", [
        "--file",
        file,
        "--topic",
        "resume",
        "--rate",
        "3000",
      ], env);
      await waitUntil(async () => await count() > 3_000, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: "3,000 records in the topic",
      });
      await stopLocalBroker({ paths });
      const gaveUp = await Promise.race([
        first.status,
        new Promise((resolve) => setTimeout(resolve, 20_000, "waiting")),
      ]);
      if (gaveUp === "waiting") first.kill("SIGKILL");
      const firstRun = await first.output();
      assert.notEqual(firstRun.code, 0);

      await startLocalBroker(broker);
      const before = await count();
      assert.ok(before > 0 && before < records.length, `${before}`);
      const resumed = await runCommand(
        "produce_command.ts",
        ["--file", file, "--topic", "resume", "--resume"],
        env,
      );
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(
        resumed.stderr,
        new RegExp(
          `resume: ${
            before.toLocaleString("en-US")
          } records of .* are already in "resume"`,
        ),
      );
      assert.match(
        resumed.stdout,
        new RegExp(
          `^produced ${
            (records.length - before).toLocaleString("en-US")
          } events .*; resumed after ${
            before.toLocaleString("en-US")
          } records already in the topic\\n$`,
        ),
      );
      assert.equal(await count(), records.length);

      // Every record exactly once: read the whole topic back.
      const consumed = await runCommand("consume_command.ts", [
        "--topic",
        "resume",
        "--group",
        "resume-check",
        "--from-beginning",
        "--once",
        "--json",
      ], env);
      assert.equal(consumed.code, 0, consumed.stderr);
      const ids = consumed.stdout.trim().split("\n").map((line) => {
        const r = JSON.parse(line);
        return `${r.user_id}:${r.start_time}`;
      });
      assert.equal(ids.length, records.length);
      assert.deepEqual(
        new Set(ids),
        new Set(
          records.map((r) => `${r.user_id}:${r.listening_time.start_time}`),
        ),
      );

      // Resuming a complete replay sends nothing; another file is refused.
      const again = await runCommand(
        "produce_command.ts",
        ["--file", file, "--topic", "resume", "--resume"],
        env,
      );
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^produced 0 events /);
      const other = await writeRecordsFile(
        makeRecords(100, Date.UTC(2030, 0, 1)),
      );
      const refused = await runCommand(
        "produce_command.ts",
        ["--file", other, "--topic", "resume", "--resume"],
        env,
      );
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /which is not in the file: the topic holds other data/,
      );
      assert.equal(await count(), records.length);
    } finally {
      await stopLocalBroker({ paths });
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
);
