/**
 * Kafka topic -> queues, against the real broker and Azurite of
 * `deno task test`: routing totals equal the topic's count, offsets are
 * committed only after the queues accepted the records, unknown
 * personalities are dead-lettered, and the commands work end to end.
 */
import assert from "node:assert/strict";
import { azuriteConnectionString } from "../../lib/azurite/mod.ts";
import {
  committedOffsets,
  createKafka,
  deadLetterTopic,
  ensureTopic,
  LISTENING_HEADERS,
  produceListening,
  topicEndOffsets,
} from "../../lib/kafka/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import {
  connectQueueService,
  DispatchError,
  dispatchRecords,
  kafkaDispatchSource,
  QueueSender,
  queueStatistics,
} from "../../lib/queues/mod.ts";
import { listeningHistoryType } from "../../lib/schema/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { spawnCommand } from "../kafka/_cli.ts";
import { makeRecords, uniquePrefix } from "./_records.ts";
import { AZURE_TEST_OPTIONS, deleteQueues, freePort } from "./_azure.ts";

const kafka = createKafka({ clientId: "queues-tests" });
const service = connectQueueService();
const uniqueTopic = (label: string) =>
  `t-${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function topicWith(label: string, count: number) {
  const topic = uniqueTopic(label);
  await ensureTopic(kafka, topic);
  const records = makeRecords(count);
  const produced = await produceListening(kafka, records, { topic });
  assert.equal(produced.acked, count);
  return { topic, records };
}

Deno.test(
  "dispatch --once from Kafka puts each partition's records in its personality's queue and commits the group's offsets",
  AZURE_TEST_OPTIONS,
  async () => {
    const { topic, records } = await topicWith("dispatch", 3_000);
    const groupId = `${topic}-group`;
    const prefix = uniquePrefix("kafka");
    try {
      const source = kafkaDispatchSource(kafka, {
        groupId,
        topic,
        fromBeginning: true,
        once: true,
      });
      const summary = await dispatchRecords(
        source,
        new QueueSender(service, { prefix }),
      );
      const consumed = await source.finished;
      assert.equal(consumed.stoppedBy, "end");
      assert.equal(summary.records, records.length);

      const ends = await kafka.withAdmin((admin) =>
        topicEndOffsets(admin, topic)
      );
      const committed = await kafka.withAdmin((admin) =>
        committedOffsets(admin, groupId, topic)
      );
      for (const { partition, high } of ends) {
        if (high > 0) assert.equal(committed.get(partition), high);
      }
      const reports = await queueStatistics(service, {
        prefix,
        mode: "drain",
      });
      for (const report of reports) {
        const partition = personalityIndex(report.personality);
        assert.equal(report.statistics.events, ends[partition].high);
        assert.deepEqual(report.foreign, []);
      }
      assert.equal(
        reports.reduce((n, r) => n + r.statistics.events, 0),
        ends.reduce((n, o) => n + o.high, 0),
      );

      // Caught up: a second run of the group finds nothing new.
      const again = await dispatchRecords(
        kafkaDispatchSource(kafka, { groupId, topic, once: true }),
        new QueueSender(service, { prefix }),
      );
      assert.equal(again.records, 0);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "a dispatch that cannot reach the queues commits no offset, and the next run delivers everything",
  AZURE_TEST_OPTIONS,
  async () => {
    const { topic, records } = await topicWith("unreachable", 800);
    const groupId = `${topic}-group`;
    const prefix = uniquePrefix("retry");
    try {
      const nowhere = connectQueueService({
        connectionString: azuriteConnectionString(freePort()),
      });
      await assert.rejects(
        dispatchRecords(
          kafkaDispatchSource(kafka, {
            groupId,
            topic,
            fromBeginning: true,
            once: true,
          }),
          new QueueSender(nowhere, { prefix, maxRetryMs: 300 }),
        ),
        (error) => {
          assert.ok(error instanceof DispatchError);
          assert.equal(error.committedRecords, 0);
          assert.match(error.message, /is unreachable \(ECONNREFUSED/);
          return true;
        },
      );
      const committed = await kafka.withAdmin((admin) =>
        committedOffsets(admin, groupId, topic)
      );
      assert.equal(committed.size, 0, "no offset committed");

      const summary = await dispatchRecords(
        kafkaDispatchSource(kafka, {
          groupId,
          topic,
          fromBeginning: true,
          once: true,
        }),
        new QueueSender(service, { prefix }),
      );
      assert.equal(summary.records, records.length);
      const reports = await queueStatistics(service, {
        prefix,
        mode: "drain",
      });
      assert.equal(
        reports.reduce((n, r) => n + r.statistics.events, 0),
        records.length,
      );
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "a record of an unknown personality goes to the dead-letter topic and the rest is dispatched",
  AZURE_TEST_OPTIONS,
  async () => {
    const { topic, records } = await topicWith("stray", 160);
    const producer = await kafka.connectProducer();
    try {
      await producer.send({
        messages: [{
          topic,
          partition: 3,
          key: Buffer.from("The dreamer"),
          value: listeningHistoryType.toBuffer({
            ...records[0],
            personality: "The dreamer",
          }),
          headers: new Map(
            Object.entries(LISTENING_HEADERS).map(([k, v]) => [
              Buffer.from(k),
              Buffer.from(v),
            ]),
          ),
        }],
      });
    } finally {
      await producer.close();
    }
    const prefix = uniquePrefix("stray");
    try {
      const source = kafkaDispatchSource(kafka, {
        groupId: `${topic}-group`,
        topic,
        fromBeginning: true,
        once: true,
      });
      const summary = await dispatchRecords(
        source,
        new QueueSender(service, { prefix }),
      );
      assert.equal(summary.records, records.length);
      assert.equal(source.unroutable, 1);
      const dlq = await kafka.withAdmin((admin) =>
        topicEndOffsets(admin, deadLetterTopic(topic))
      );
      assert.equal(dlq.reduce((n, o) => n + o.high, 0), 1);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

async function task(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", ...args],
    stdin: "null",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

Deno.test(
  "`deno task dispatch --once` then `queue-stats --drain` report the topic's records",
  AZURE_TEST_OPTIONS,
  async () => {
    const { topic, records } = await topicWith("cli", 1_200);
    const prefix = uniquePrefix("cli");
    try {
      const dispatch = await task([
        "dispatch",
        "--topic",
        topic,
        "--group",
        `${topic}-group`,
        "--from-beginning",
        "--once",
        "--prefix",
        prefix,
      ]);
      assert.equal(dispatch.code, 0, dispatch.stderr);
      assert.match(
        dispatch.stdout,
        new RegExp(
          `dispatched 1,200 records in \\d+ messages to 16 queues at http://\\S+ in [\\d.]+ s \\([\\d,]+ records/s\\); offsets committed for group ${topic}-group\\n$`,
        ),
      );
      const peek = await task(["queue-stats", "--prefix", prefix]);
      assert.equal(peek.code, 0, peek.stderr);
      assert.match(peek.stdout, /^peeked 16 queue\(s\) at /m);
      const drain = await task([
        "queue-stats",
        "--prefix",
        prefix,
        "--drain",
        "--json",
      ]);
      assert.equal(drain.code, 0, drain.stderr);
      // --json: stdout is the JSON alone, the summary line goes to stderr.
      const reports = JSON.parse(drain.stdout);
      assert.match(drain.stderr, /^drained 16 queue\(s\) at /m);
      assert.equal(
        reports.reduce(
          (n: number, r: { statistics: { events: number } }) =>
            n + r.statistics.events,
          0,
        ),
        records.length,
      );
      const missing = await task([
        "dispatch",
        "--topic",
        `${topic}-missing`,
        "--once",
      ]);
      assert.equal(missing.code, 1);
      assert.equal(
        missing.stderr.trim(),
        `error: Topic "${topic}-missing" does not exist; create it with: deno task topic:create --topic ${topic}-missing`,
      );
      const both = await task(["queue-stats", "--peek", "--drain"]);
      assert.equal(both.code, 2);
      assert.equal(
        both.stderr.trim(),
        "error: --peek and --drain cannot be used together",
      );
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "`deno task dispatch --once` stopped by SIGTERM or SIGINT commits what it stored, exits 143/130 and says so",
  AZURE_TEST_OPTIONS,
  async (t) => {
    for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      await t.step(signal, async () => {
        const { topic } = await topicWith("interrupt", 20_000);
        const prefix = uniquePrefix("int");
        try {
          const child = spawnCommand("dispatch_command.ts", [
            "--topic",
            topic,
            "--group",
            `${topic}-group`,
            "--from-beginning",
            "--once",
            "--per-record",
            "--prefix",
            prefix,
          ]);
          // Under way: its first queue exists.
          await waitUntil(async () => {
            for await (const _ of service.client.listQueues({ prefix })) {
              return true;
            }
            return false;
          }, { timeoutMs: 60_000, intervalMs: 100, what: "a queue" });
          child.kill(signal);
          const output = await child.output();
          const stdout = new TextDecoder().decode(output.stdout);
          assert.equal(
            output.code,
            code,
            new TextDecoder().decode(output.stderr),
          );
          const match = new RegExp(
            `dispatched ([\\d,]+) records .*; interrupted by ${signal} before the end of the topic\\n$`,
          ).exec(stdout);
          assert.ok(match, stdout);
          const committed = await kafka.withAdmin((admin) =>
            committedOffsets(admin, `${topic}-group`, topic)
          );
          const total = [...committed.values()].reduce((a, b) => a + b, 0);
          // Nothing is committed that was not stored (the source's commit
          // of the last batches may not reach Kafka before it stops: those
          // come again, at least once).
          const dispatched = Number(match[1].replaceAll(",", ""));
          assert.ok(total <= dispatched, `${total} > ${dispatched}`);
          assert.ok(dispatched < 20_000);
        } finally {
          await deleteQueues(service, prefix);
        }
      });
    }
  },
);
