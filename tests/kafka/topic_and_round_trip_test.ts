/**
 * Against the real broker (`deno task test` starts it): topic layout,
 * round trip of a generated file, offsets and lag, dead letters.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Consumer } from "@platformatic/kafka";
import {
  consumeListening,
  createKafka,
  DEAD_LETTER_REASON_HEADER,
  deadLetterTopic,
  describeConsumerLag,
  ensureTopic,
  type ListeningBatch,
  PARTITIONS,
  produceListening,
  topicEndOffsets,
  TopicLayoutError,
} from "../../lib/kafka/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import { readAvroFile } from "../../lib/avro/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { makeRecords, uniqueName, writeRecordsFile } from "./_fixtures.ts";

// kafkajs keeps sockets and timers briefly after disconnect.
const options = { sanitizeOps: false, sanitizeResources: false };
const client = createKafka({ clientId: "kafka-tests" });

const plain = (r: ListeningRecord) => JSON.parse(JSON.stringify(r));

Deno.test(
  "ensureTopic() creates 16 partitions once and refuses another count",
  options,
  async () => {
    const topic = uniqueName("layout");
    const first = await ensureTopic(client, topic);
    const again = await ensureTopic(client, topic);
    assert.deepEqual(first, { topic, created: true, partitions: PARTITIONS });
    assert.deepEqual(again, { topic, created: false, partitions: PARTITIONS });
    await assert.rejects(
      () => ensureTopic(client, topic, { partitions: 4 }),
      (error) => {
        assert.ok(error instanceof TopicLayoutError);
        assert.equal(
          error.message,
          `Topic "${topic}" exists with 16 partitions, but 4 are required; delete it or use another --topic`,
        );
        return true;
      },
    );
  },
);

Deno.test(
  "produce then consume round-trips every record of a file, one personality per partition",
  options,
  async () => {
    const topic = uniqueName("roundtrip");
    const groupId = uniqueName("roundtrip-group");
    await ensureTopic(client, topic);
    const records = makeRecords(3_000);
    const path = await writeRecordsFile(records);
    const produced = await produceListening(
      client,
      readAvroFile<ListeningRecord>(path),
      { topic, batchSize: 700 },
    );
    assert.equal(produced.acked, records.length);
    assert.equal(produced.stoppedBy, "end");

    const ends = await client.withAdmin((admin) =>
      topicEndOffsets(admin, topic)
    );
    assert.equal(ends.length, PARTITIONS);
    assert.equal(ends.reduce((sum, o) => sum + o.high, 0), records.length);

    const batches: ListeningBatch[] = [];
    const summary = await consumeListening(client, {
      topic,
      groupId,
      fromBeginning: true,
      once: true,
      onBatch: (batch) => {
        batches.push(batch);
      },
    });
    assert.equal(summary.records, records.length);
    assert.equal(summary.stoppedBy, "end");
    const byPartition = new Map<number, ListeningRecord[]>();
    for (const batch of batches) {
      for (const record of batch.records) {
        assert.equal(personalityIndex(record.personality), batch.partition);
      }
      byPartition.set(batch.partition, [
        ...(byPartition.get(batch.partition) ?? []),
        ...batch.records,
      ]);
    }
    // Within a partition, order is the file's order.
    for (let p = 0; p < PARTITIONS; p++) {
      const expected = records.filter((r) =>
        personalityIndex(r.personality) === p
      );
      assert.deepEqual((byPartition.get(p) ?? []).map(plain), expected);
    }
  },
);

Deno.test(
  "a consumer group's committed offsets reach the log end and its lag reaches 0",
  options,
  async () => {
    const topic = uniqueName("lag");
    const groupId = uniqueName("lag-group");
    await ensureTopic(client, topic);
    await produceListening(client, makeRecords(800), { topic });
    await consumeListening(client, {
      topic,
      groupId,
      fromBeginning: true,
      maxRecords: 100,
      onBatch: () => {},
    });
    const before = await client.withAdmin((admin) =>
      describeConsumerLag(admin, { groupId, topic })
    );
    const lagBefore = before.reduce(
      (sum, r) => sum + (r.lag ?? r.logEndOffset),
      0,
    );
    assert.equal(lagBefore, 700);

    const summary = await consumeListening(client, {
      topic,
      groupId,
      fromBeginning: true,
      once: true,
      onBatch: () => {},
    });
    assert.equal(summary.records, 700);
    const rows = await waitUntil(async () => {
      const lag = await client.withAdmin((admin) =>
        describeConsumerLag(admin, { groupId, topic })
      );
      return lag.length === PARTITIONS && lag.every((r) => r.lag === 0) && lag;
    }, { timeoutMs: 60_000, what: `lag 0 for ${groupId}` });
    for (const row of rows) {
      assert.equal(row.group, groupId);
      assert.equal(row.currentOffset, row.logEndOffset);
      assert.equal(row.state, "Empty");
    }
  },
);

Deno.test(
  "an undecodable message is dead-lettered with its reason and consumption goes on",
  options,
  async () => {
    const topic = uniqueName("dlq");
    const groupId = uniqueName("dlq-group");
    await ensureTopic(client, topic);
    const records = makeRecords(40);
    await produceListening(client, records.slice(0, 20), { topic });
    const producer = await client.connectProducer();
    await producer.send({
      messages: [{
        topic,
        key: Buffer.from("junk"),
        value: Buffer.from("not avro at all"),
        partition: 2,
      }],
    });
    await producer.close();
    await produceListening(client, records.slice(20), { topic });

    const undecodable: string[] = [];
    const summary = await consumeListening(client, {
      topic,
      groupId,
      fromBeginning: true,
      once: true,
      onBatch: () => {},
      onUndecodable: (u) =>
        undecodable.push(`${u.partition}:${u.deadLetterTopic}`),
    });
    assert.equal(summary.records, 40);
    assert.equal(summary.undecodable, 1);
    assert.deepEqual(undecodable, [`2:${deadLetterTopic(topic)}`]);

    const letters: { value: string; reason: string }[] = [];
    const consumer = new Consumer({
      ...client.options,
      groupId: uniqueName("dlq-raw"),
    });
    const stream = await consumer.consume({
      topics: [deadLetterTopic(topic)],
      mode: "earliest",
    });
    for await (const message of stream) {
      const headers = new Map(
        [...message.headers].map(([k, v]) => [k.toString(), v.toString()]),
      );
      letters.push({
        value: message.value.toString(),
        reason: headers.get(DEAD_LETTER_REASON_HEADER) ?? "",
      });
      break;
    }
    await stream.close();
    await consumer.close(true);
    assert.equal(letters[0].value, "not avro at all");
    assert.match(
      letters[0].reason,
      /^truncated value|^not a music.ListeningHistory datum/,
    );
  },
);

Deno.test(
  "once: two members sharing a group split the partitions and both stop when the group has read to the end",
  options,
  async () => {
    const topic = uniqueName("shared-once");
    const groupId = uniqueName("shared-once-group");
    await ensureTopic(client, topic);
    await produceListening(client, makeRecords(3_200), { topic });
    const handled = [new Set<string>(), new Set<string>()];
    const member = (i: number) =>
      consumeListening(client, {
        topic,
        groupId,
        fromBeginning: true,
        once: true,
        // a deadline instead of a hang when a member waits for partitions
        // the other one owns
        signal: AbortSignal.timeout(90_000),
        // small batches, so that work is spread over many of them
        maxPollRecords: 50,
        onBatch: async ({ partition, offsets }) => {
          for (const offset of offsets) {
            handled[i].add(`${partition}:${offset}`);
          }
          // ~6 s of work in all: more than kafkajs' 3 s heartbeat, so a
          // member that joins late still gets partitions with work left
          await new Promise((resolve) =>
            setTimeout(resolve, 2 * offsets.length)
          );
        },
      });
    const summaries = await Promise.all([member(0), member(1)]);
    assert.deepEqual(summaries.map((s) => s.stoppedBy), ["end", "end"]);
    assert.ok(
      handled.every((h) => h.size > 0),
      `both members read records (${handled.map((h) => h.size)})`,
    );
    assert.equal(new Set([...handled[0], ...handled[1]]).size, 3_200);
    const lag = await client.withAdmin((admin) =>
      describeConsumerLag(admin, { groupId, topic })
    );
    assert.deepEqual(lag.filter((r) => r.lag !== 0), []);
  },
);
