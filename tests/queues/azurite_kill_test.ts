/**
 * Azurite SIGKILLed during and after `dispatch`: a private Azurite (own
 * port and data directory) is killed at random moments three times and
 * started again on the same data. Azurite saves its store every few
 * seconds, so records it acknowledged just before a SIGKILL are gone after
 * the restart; `dispatch` commits a batch's Kafka offsets only once its
 * messages are certainly saved, so every record must be in its queue at
 * least once and `queue-stats --drain` must count each exactly once.
 */
import assert from "node:assert/strict";
import { startAzurite, stopAzurite } from "../../lib/azurite/mod.ts";
import {
  createKafka,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { spawnCommand } from "../kafka/_cli.ts";
import { makeRecords, uniquePrefix } from "./_records.ts";
import { AZURE_TEST_OPTIONS, freePort } from "./_azure.ts";

async function killAzurite(dataDir: string): Promise<void> {
  const { pid } = JSON.parse(await Deno.readTextFile(`${dataDir}/azurite.pid`));
  Deno.kill(pid, "SIGKILL");
  await waitUntil(() => {
    try {
      const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
      return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
    } catch {
      return true;
    }
  }, { timeoutMs: 30_000, intervalMs: 20, what: `Azurite ${pid} to die` });
}

Deno.test(
  "Azurite SIGKILLed three times at random moments of a dispatch: every record stays in its queue, a drain counts each once",
  AZURE_TEST_OPTIONS,
  async () => {
    const kafka = createKafka({ clientId: "azurite-kill-test" });
    const topic = `t-azkill-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await ensureTopic(kafka, topic);
    const records = makeRecords(60_000);
    const produced = await produceListening(kafka, records, { topic });
    assert.equal(produced.acked, records.length);

    const dataDir = await Deno.makeTempDir({ prefix: "azurite-kill-" });
    const port = freePort();
    let azurite = await startAzurite({ port, dataDir });
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURITE_DATA_DIR: dataDir,
    };
    const prefix = uniquePrefix("kill");
    try {
      const dispatch = spawnCommand("dispatch_command.ts", [
        "--topic",
        topic,
        "--group",
        `${topic}-group`,
        "--from-beginning",
        "--once",
        "--prefix",
        prefix,
      ], env);
      const output = dispatch.output();
      // Kill moments: random, spread over the dispatch and the seconds
      // after it (a record committed, then lost, is the failure).
      for (let kill = 0; kill < 3; kill++) {
        await new Promise((resolve) =>
          setTimeout(resolve, 500 + Math.random() * 3_000)
        );
        await killAzurite(dataDir);
        azurite = await startAzurite({ port, dataDir });
      }
      const result = await output;
      const stderr = new TextDecoder().decode(result.stderr);
      assert.equal(result.code, 0, stderr);

      // One more kill once dispatch has exited: what it committed must
      // already be saved.
      await killAzurite(dataDir);
      azurite = await startAzurite({ port, dataDir });

      const stats = await spawnCommand("queue_stats_command.ts", [
        "--drain",
        "--json",
        "--prefix",
        prefix,
      ], env).output();
      const statsErr = new TextDecoder().decode(stats.stderr);
      assert.equal(stats.code, 0, statsErr);
      const reports: {
        personality: string;
        recordsRead: number;
        duplicates: number;
        statistics: { events: number };
      }[] = JSON.parse(new TextDecoder().decode(stats.stdout));
      const expected = new Map<string, number>();
      for (const r of records) {
        expected.set(r.personality, (expected.get(r.personality) ?? 0) + 1);
      }
      for (const personality of PERSONALITY_NAMES) {
        const report = reports.find((r) => r.personality === personality);
        assert.equal(
          report?.statistics.events,
          expected.get(personality) ?? 0,
          `${personality}: distinct records in the queue`,
        );
        assert.equal(
          report.recordsRead - report.duplicates,
          report.statistics.events,
        );
      }
    } finally {
      await stopAzurite({ dataDir });
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
);
