/**
 * Against the real queue service started by `deno task test` (Azurite on
 * 127.0.0.1:10001 unless AZURE_STORAGE_CONNECTION_STRING says otherwise):
 * routing, packing, per-record mode, peek, drain with duplicates, foreign
 * messages.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  arraySource,
  connectQueueService,
  dispatchRecords,
  encodeQueueMessage,
  poisonQueueName,
  queueName,
  QueueSender,
  queueStatistics,
  readQueue,
  recordId,
} from "../../lib/queues/mod.ts";
import type { QueueEvents } from "../../lib/queues/mod.ts";
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";
import { Instrumentation } from "../../lib/support/mod.ts";
import { makeRecords, uniquePrefix } from "./_records.ts";
import { AZURE_TEST_OPTIONS, deleteQueues } from "./_azure.ts";

const service = connectQueueService();

Deno.test(
  "dispatch routes every record to its personality's queue and a drain counts each exactly once",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("route");
    try {
      const records = makeRecords(4_000);
      const sender = new QueueSender(service, { prefix });
      const summary = await dispatchRecords(
        arraySource(records, { batchSize: 1_000 }),
        sender,
      );
      assert.equal(summary.records, records.length);
      assert.equal(summary.queues.length, 16);
      assert.ok(summary.messages < records.length / 10, "records are packed");

      const reports = await queueStatistics(service, {
        prefix,
        mode: "drain",
      });
      for (const report of reports) {
        const expected = records.filter((r) =>
          r.personality === report.personality
        );
        assert.equal(report.queue, queueName(report.personality, { prefix }));
        // Each queue holds only its personality: anything else would be
        // reported as foreign.
        assert.deepEqual(report.foreign, []);
        assert.equal(report.statistics.events, expected.length);
        assert.equal(report.duplicates, 0);
      }
      assert.equal(
        reports.reduce((sum, r) => sum + r.statistics.events, 0),
        records.length,
      );
      const after = await queueStatistics(service, { prefix });
      assert.ok(after.every((r) => r.approximateMessages === 0));
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "records with non-ASCII and markup names survive the queue unchanged, in messages the service accepts",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("tricky");
    try {
      const records = makeRecords(1_500, {
        personalities: ["The maverick"],
        padding: 40,
      });
      const summary = await dispatchRecords(
        arraySource(records),
        new QueueSender(service, { prefix }),
      );
      assert.ok(summary.messages >= 2);
      const drained: string[] = [];
      const client = service.client.getQueueClient(
        queueName("The maverick", { prefix }),
      );
      while (true) {
        const { receivedMessageItems } = await client.receiveMessages({
          numberOfMessages: 32,
        });
        if (receivedMessageItems.length === 0) break;
        for (const item of receivedMessageItems) {
          assert.ok(item.messageText.length <= 65_536);
          drained.push(item.messageText);
          await client.deleteMessage(item.messageId, item.popReceipt);
        }
      }
      const back = drained.flatMap((text) =>
        JSON.parse(Buffer.from(text, "base64").toString("utf8")).records
      );
      back.sort((a, b) =>
        a.listening_time.start_time - b.listening_time.start_time
      );
      assert.deepEqual(back, records);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "per-record mode sends one message per record; peek leaves the queue untouched",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("single");
    try {
      const records = makeRecords(40, { personalities: ["The nomad"] });
      const summary = await dispatchRecords(
        arraySource(records),
        new QueueSender(service, { prefix }),
        { perRecord: true },
      );
      assert.equal(summary.messages, 40);
      const first = await readQueue(service, "The nomad", { prefix });
      const second = await readQueue(service, "The nomad", { prefix });
      assert.equal(first.mode, "peek");
      assert.equal(first.approximateMessages, 40);
      assert.equal(first.messagesRead, 32, "peek sees at most 32 messages");
      assert.equal(first.statistics.events, 32);
      assert.deepEqual(second.statistics, first.statistics);
      const drained = await readQueue(service, "The nomad", {
        prefix,
        mode: "drain",
      });
      assert.equal(drained.messagesRead, 40);
      assert.equal(drained.statistics.events, 40);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "a drain counts each record exactly once when redelivery duplicated messages",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("dupes");
    try {
      const records = makeRecords(900, { personalities: ["The replayer"] });
      const sender = new QueueSender(service, { prefix });
      // Everything once, then an overlapping redelivery of the middle,
      // then one record per message again for the first 50.
      await dispatchRecords(arraySource(records), sender);
      await dispatchRecords(arraySource(records.slice(300, 700)), sender);
      await dispatchRecords(arraySource(records.slice(0, 50)), sender, {
        perRecord: true,
      });
      const report = await readQueue(service, "The replayer", {
        prefix,
        mode: "drain",
      });
      assert.equal(report.recordsRead, 900 + 400 + 50);
      assert.equal(report.duplicates, 450);
      assert.equal(report.statistics.events, 900);
      assert.equal(
        report.statistics.users,
        new Set(records.map((r) => r.user_id)).size,
      );
      assert.equal(new Set(records.map(recordId)).size, 900);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "a drain moves messages that are not ours to the poison queue, or leaves them in place on request",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("foreign");
    try {
      const sender = new QueueSender(service, { prefix });
      const queue = await sender.ensureQueue("The devotee");
      const records = makeRecords(20, { personalities: ["The devotee"] });
      await dispatchRecords(arraySource(records), sender);
      await queue.sendMessage("hello from another app");
      await queue.sendMessage(
        encodeQueueMessage(
          "The voyager",
          makeRecords(1, { personalities: ["The voyager"] }),
        ),
      );
      const events = new Instrumentation<QueueEvents>();
      const seen: QueueEvents["queues.foreign_message"][] = [];
      events.on("queues.foreign_message", (e) => seen.push(e));

      const left = await readQueue(service, "The devotee", {
        prefix,
        mode: "drain",
        foreign: "leave",
        events,
      });
      assert.equal(left.statistics.events, 20);
      assert.deepEqual(left.foreign.map((f) => f.reason).sort(), [
        'personality "The voyager" in the queue of "The devotee"',
        "the text is not base64",
      ]);
      assert.deepEqual(seen.map((e) => e.action), ["left", "left"]);
      const stillThere = await queue.peekMessages({ numberOfMessages: 32 });
      assert.equal(stillThere.peekedMessageItems.length, 2);

      const moved = await readQueue(service, "The devotee", {
        prefix,
        mode: "drain",
      });
      assert.equal(moved.movedToPoison, 2);
      assert.equal(moved.statistics.events, 0);
      const poison = service.client.getQueueClient(
        poisonQueueName("The devotee", { prefix }),
      );
      const inPoison = await poison.peekMessages({ numberOfMessages: 32 });
      assert.deepEqual(
        inPoison.peekedMessageItems.map((m) => m.messageText).sort(),
        stillThere.peekedMessageItems.map((m) => m.messageText).sort(),
      );
      const empty = await queue.peekMessages();
      assert.equal(empty.peekedMessageItems.length, 0);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "crafted messages with only id fields or a bad end_time are reported as foreign, not counted, and leave no null statistics",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("crafted");
    try {
      const sender = new QueueSender(service, { prefix });
      const queue = await sender.ensureQueue("The nomad");
      const records = makeRecords(30, { personalities: ["The nomad"] });
      await dispatchRecords(arraySource(records), sender);
      const craft = (record: object) =>
        btoa(JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [record],
        }));
      for (let i = 0; i < 3; i++) {
        await queue.sendMessage(craft({
          user_id: 900 + i,
          listening_time: { start_time: 1_000 * i, end_time: 1_000 * i + 1 },
          personality: "The nomad",
        }));
      }
      const bad = {
        ...records[0],
        user_id: 999,
        listening_time: { start_time: 5, end_time: "x" },
      };
      await queue.sendMessage(craft(bad));

      const peek = await readQueue(service, "The nomad", { prefix });
      assert.equal(peek.foreign.length, 4);
      assert.equal(peek.statistics.events, 30);
      const drained = await readQueue(service, "The nomad", {
        prefix,
        mode: "drain",
      });
      assert.equal(drained.statistics.events, 30);
      assert.equal(drained.foreign.length, 4);
      assert.equal(drained.movedToPoison, 4);
      for (const value of Object.values(drained.statistics)) {
        assert.notEqual(value, null);
        if (typeof value === "number") assert.ok(Number.isFinite(value));
      }
      const expected = records.reduce(
        (ms, r) => ms + r.listening_time.end_time - r.listening_time.start_time,
        0,
      );
      assert.equal(drained.statistics.listenedMinutes, expected / 60_000);
    } finally {
      await deleteQueues(service, prefix);
    }
  },
);

Deno.test(
  "queueStatistics() reports a queue that does not exist as missing",
  AZURE_TEST_OPTIONS,
  async () => {
    const prefix = uniquePrefix("missing");
    const reports = await queueStatistics(service, { prefix });
    assert.equal(reports.length, PERSONALITY_NAMES.length);
    assert.ok(reports.every((r) => !r.exists && r.statistics.events === 0));
  },
);
