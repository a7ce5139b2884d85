/**
 * Oracle tests: the streaming run of `deno task analyze` over a generated
 * dataset — from an Avro file and from a 16-partition Kafka topic — in
 * several micro-batches, equals `computeTables()` over the same events in
 * one batch, also after the process is killed with SIGKILL and restarted
 * from its checkpoint. The Kafka test needs a broker (`deno task test`
 * starts one).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  readTableFiles,
  TABLE_NAMES,
  type TableRows,
  tableRows,
} from "../../lib/analysis/mod.ts";
import { readAvroFile } from "../../lib/avro/mod.ts";
import { computeTables } from "./_batch_tables.ts";
import { generateToFile } from "../../lib/generator/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import {
  createKafka,
  describeConsumerLag,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";

const COMMAND = new URL("../../lib/cli/analyze_command.ts", import.meta.url)
  .pathname;

/** A generated dataset (shared by the tests of this file). */
async function dataset(dir: string) {
  const file = join(dir, "events.avro");
  // ~40,000 events: many batches of 2,000, so a kill lands mid-run.
  await generateToFile(file, {
    users: 300,
    days: 14,
    sessionsPerUser: 12,
    seed: 11,
  });
  const records: ListeningRecord[] = [];
  for await (const r of readAvroFile<ListeningRecord>(file)) records.push(r);
  return { file, records };
}

function analyzeProcess(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Kills a run with SIGKILL once its checkpoint holds batch 2. */
async function killAfterBatch2(child: Deno.ChildProcess, checkpoint: string) {
  await waitUntil(() => {
    try {
      // the commit log: one `<batch>.json` per committed batch
      return [...Deno.readDirSync(join(checkpoint, "commits"))].some((e) =>
        Number(/^(\d+)\.json$/.exec(e.name)?.[1]) >= 2
      );
    } catch {
      return false;
    }
  }, { timeoutMs: 60_000, intervalMs: 20, what: "a checkpoint of batch 2" });
  child.kill("SIGKILL");
  const status = await child.status;
  assert.equal(status.signal, "SIGKILL");
}

async function finish(child: Deno.ChildProcess) {
  const output = await child.output();
  return {
    code: output.code,
    stderr: new TextDecoder().decode(output.stderr),
  };
}

function assertTablesEqual(actual: TableRows, expected: TableRows) {
  for (const name of TABLE_NAMES) {
    assert.ok(expected[name].length > 0, `${name} is empty in the oracle`);
    assert.deepEqual(actual[name], expected[name], name);
  }
}

Deno.test("analyze over a generated file in many batches equals the batch tables, also after SIGKILL, a restart from the checkpoint and a run from the finished checkpoint", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "analyze_oracle_" });
  try {
    const { file, records } = await dataset(dir);
    const expected = tableRows(computeTables(records));
    assert.ok(records.length > 10_000, `only ${records.length} events`);

    await t.step("one uninterrupted run", async () => {
      const out = join(dir, "plain");
      const run = await finish(analyzeProcess([
        "--source=file",
        `--file=${file}`,
        "--once",
        "--max-batch=3000",
        `--out=${out}`,
      ]));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /, late \(row, window\) pairs dropped: none\)/);
      assertTablesEqual(readTableFiles(out), expected);
    });

    await t.step("killed with SIGKILL mid-run, then resumed", async () => {
      const out = join(dir, "killed");
      const checkpoint = join(dir, "checkpoint");
      const args = [
        "--source=file",
        `--file=${file}`,
        "--once",
        "--max-batch=2000",
        `--out=${out}`,
        `--checkpoint=${checkpoint}`,
      ];
      // A slow trigger makes sure the kill lands between batches.
      await killAfterBatch2(
        analyzeProcess([...args, "--trigger=250ms"]),
        checkpoint,
      );
      // a staged --once run publishes its tables only when complete
      assert.throws(() => readTableFiles(out), Deno.errors.NotFound);
      const second = await finish(analyzeProcess(args));
      assert.equal(second.code, 0, second.stderr);
      assert.match(
        second.stderr,
        /^resuming checkpoint .* from batch \d+ \(the last committed\)/,
      );
      assertTablesEqual(readTableFiles(out), expected);
      // The finished checkpoint: a run reads nothing and writes the same
      // tables, into the same and into a new directory.
      for (const target of [out, join(dir, "again")]) {
        const again = await finish(
          analyzeProcess([
            ...args.slice(0, -2),
            `--out=${target}`,
            args.at(-1)!,
          ]),
        );
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stderr, /analyzed 0 events/);
        assertTablesEqual(readTableFiles(target), expected);
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("analyze over a 16-partition Kafka topic in many batches equals the batch tables of the file, also after SIGKILL and a restart from the checkpoint", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "analyze_kafka_" });
  const client = createKafka();
  const topic = `analyze-test-${crypto.randomUUID()}`;
  const admin = await client.connectAdmin();
  try {
    const { records } = await dataset(dir);
    const expected = tableRows(computeTables(records));
    await ensureTopic(client, topic, { partitions: 16 });
    const produced = await produceListening(client, records, { topic });
    assert.equal(produced.acked, records.length);

    await t.step("one uninterrupted run", async () => {
      const out = join(dir, "plain");
      const group = `${topic}-plain`;
      const run = await finish(analyzeProcess([
        "--source=kafka",
        `--topic=${topic}`,
        `--group=${group}`,
        "--from-beginning",
        "--once",
        "--max-batch=3000",
        `--out=${out}`,
      ]));
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^analyzed ${
            records.length.toLocaleString("en-US")
          } events .*, late \\(row, window\\) pairs dropped: none\\)`,
        ),
      );
      assertTablesEqual(readTableFiles(out), expected);
      // without a checkpoint, a run is a new query: it leaves no marker
      const lag = await describeConsumerLag(admin, { groupId: group, topic });
      assert.deepEqual(lag.filter((p) => p.currentOffset !== null), []);
    });

    await t.step("killed with SIGKILL mid-run, then resumed", async () => {
      const out = join(dir, "killed");
      const checkpoint = join(dir, "checkpoint");
      const args = [
        "--source=kafka",
        `--topic=${topic}`,
        `--group=${topic}-killed`,
        "--from-beginning",
        "--once",
        "--max-batch=2000",
        `--out=${out}`,
        `--checkpoint=${checkpoint}`,
      ];
      await killAfterBatch2(
        analyzeProcess([...args, "--trigger=250ms"]),
        checkpoint,
      );
      // a staged --once run publishes its tables only when complete
      assert.throws(() => readTableFiles(out), Deno.errors.NotFound);
      const second = await finish(analyzeProcess(args));
      assert.equal(second.code, 0, second.stderr);
      assert.match(
        second.stderr,
        /^resuming checkpoint .* from batch \d+ \(the last committed\)/,
      );
      assertTablesEqual(readTableFiles(out), expected);
      // the group received the positions as a progress marker
      const lag = await describeConsumerLag(admin, {
        groupId: `${topic}-killed`,
        topic,
      });
      assert.equal(lag.length, 16);
      assert.deepEqual(lag.filter((p) => p.lag !== 0), [], "marker at the end");
    });
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.close();
    await Deno.remove(dir, { recursive: true });
  }
});
