/**
 * Static membership with real `dispatch` processes (#10): three members of
 * one group with `--instance-id`; one is SIGKILLed and restarted with the
 * same id. It takes its partitions back within seconds (not after its
 * session expires), the others keep theirs, and `queue-stats --drain`
 * counts every record exactly once.
 */
import assert from "node:assert/strict";
import {
  committedOffsets,
  createKafka,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";
import { connectQueueService } from "../../lib/queues/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { spawnCommand } from "../kafka/_cli.ts";
import { makeRecords, uniquePrefix } from "./_records.ts";
import { AZURE_TEST_OPTIONS, deleteQueues } from "./_azure.ts";

const kafka = createKafka({ clientId: "static-dispatch-tests" });
const service = connectQueueService();

/** Instance id → the partitions of `topic` it owns now. */
async function owners(group: string, topic: string) {
  const groups = await kafka.withAdmin((admin) =>
    admin.describeGroups({ groups: [group] })
  );
  const result = new Map<string, number[]>();
  for (const member of groups.get(group)?.members.values() ?? []) {
    const owned = member.assignments?.get(topic)?.partitions ?? [];
    result.set(
      member.groupInstanceId ?? member.id,
      [...owned].sort((a, b) => a - b),
    );
  }
  return result;
}

async function committedTotal(group: string, topic: string) {
  const committed = await kafka.withAdmin((admin) =>
    committedOffsets(admin, group, topic)
  );
  return [...committed.values()].reduce((a, b) => a + b, 0);
}

const INSTANCES = ["m-0", "m-1", "m-2"];

Deno.test(
  "dispatch --instance-id: a SIGKILLed member restarted with its id resumes its partitions within seconds, totals exact",
  AZURE_TEST_OPTIONS,
  async () => {
    const topic = `t-static-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const group = `${topic}-group`;
    const prefix = uniquePrefix("static");
    await ensureTopic(kafka, topic);
    assert.equal(
      (await produceListening(kafka, makeRecords(1_600), { topic })).acked,
      1_600,
    );
    const start = (instance: string) =>
      spawnCommand("dispatch_command.ts", [
        "--topic",
        topic,
        "--group",
        group,
        "--from-beginning",
        "--prefix",
        prefix,
        "--instance-id",
        instance,
      ]);
    const members = INSTANCES.map(start);
    const stable = async () => {
      const now = await owners(group, topic);
      const all = [...now.values()].flat().sort((a, b) => a - b);
      return INSTANCES.every((i) => (now.get(i)?.length ?? 0) > 0) &&
        JSON.stringify(all) === JSON.stringify([...Array(16).keys()]);
    };
    try {
      // Idle before the kill: everything read is stored and committed, so
      // nothing comes twice.
      await waitUntil(
        async () =>
          await stable() && await committedTotal(group, topic) === 1_600,
        {
          timeoutMs: 120_000,
          intervalMs: 250,
          what: "three members, all committed",
        },
      );
      const before = await owners(group, topic);
      members[1].kill("SIGKILL");
      await members[1].status;
      await members[1].output().catch(() => {});
      // Records for every partition, the killed member's included (other
      // users, so their record ids differ from the first 1,600).
      await produceListening(
        kafka,
        makeRecords(800, { firstUserId: 100_001 }),
        { topic },
      );
      const restartedAt = Date.now();
      members[1] = start("m-1");
      await waitUntil(
        async () => await committedTotal(group, topic) === 2_400,
        { timeoutMs: 60_000, intervalMs: 100, what: "all 2,400 committed" },
      );
      const tookMs = Date.now() - restartedAt;
      const after = await owners(group, topic);
      assert.deepEqual(after, before, "every member kept its partitions");
      // Sooner than its old session (10 s, the reader's default) expires:
      // the broker handed the same assignment to the same instance id.
      assert.ok(tookMs < 10_000, `resumed after ${tookMs} ms`);
    } finally {
      for (const child of members) {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        await child.output().catch(() => {});
      }
    }
    try {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "task",
          "-q",
          "queue-stats",
          "--prefix",
          prefix,
          "--drain",
          "--json",
        ],
        stdin: "null",
      }).output();
      const text = new TextDecoder();
      assert.equal(code, 0, text.decode(stderr));
      const reports = JSON.parse(text.decode(stdout));
      assert.equal(
        reports.reduce(
          (n: number, r: { statistics: { events: number } }) =>
            n + r.statistics.events,
          0,
        ),
        2_400,
      );
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);
