/**
 * Conformance of the one Kafka reader (`openKafkaReader`) against the real
 * broker: assign mode (positions given by the caller) and group mode
 * (static membership), both handing out every message once, in order.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Producer } from "@platformatic/kafka";
import {
  createKafka,
  ensureTopic,
  type KafkaReader,
  openKafkaReader,
  type ReaderMessage,
} from "../../lib/kafka/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { uniqueName } from "./_fixtures.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const client = createKafka({ clientId: "reader-tests" });

/** Writes `perPartition` messages `p:i` to each of 4 partitions. */
async function fill(topic: string, perPartition: number): Promise<void> {
  await ensureTopic(client, topic, { partitions: 4 });
  const producer = new Producer({
    ...client.options,
    idempotent: true,
    acks: -1,
  });
  try {
    const messages = [];
    for (let i = 0; i < perPartition; i++) {
      for (let p = 0; p < 4; p++) {
        messages.push({
          topic,
          partition: p,
          value: Buffer.from(`${p}:${i}`),
        });
      }
    }
    await producer.send({ messages });
  } finally {
    await producer.close();
  }
}

/** Polls until `count` messages arrived (or fails after 30 s). */
async function drain(
  reader: KafkaReader,
  count: number,
): Promise<ReaderMessage[]> {
  const out: ReaderMessage[] = [];
  const deadline = Date.now() + 30_000;
  while (out.length < count) {
    assert.ok(Date.now() < deadline, `only ${out.length} of ${count} arrived`);
    out.push(...await reader.poll(count - out.length, 200));
  }
  return out;
}

function byPartition(messages: ReaderMessage[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (const m of messages) {
    assert.equal(m.value!.toString(), `${m.partition}:${m.offset}`);
    const list = result.get(m.partition) ?? [];
    list.push(m.value!.toString());
    result.set(m.partition, list);
  }
  return result;
}

Deno.test(
  "assign mode reads exactly the chosen partitions from the given offsets, in order",
  options,
  async () => {
    const topic = uniqueName("reader-assign");
    await fill(topic, 50);
    const reader = await openKafkaReader(client, {
      topic,
      assign: new Map([[1, 10], [3, 0]]),
    });
    try {
      const messages = await drain(reader, 40 + 50);
      const parts = byPartition(messages);
      assert.deepEqual([...parts.keys()].sort(), [1, 3]);
      assert.deepEqual(
        parts.get(1),
        Array.from({ length: 40 }, (_, i) => `1:${i + 10}`),
      );
      assert.deepEqual(
        parts.get(3),
        Array.from({ length: 50 }, (_, i) => `3:${i}`),
      );
      assert.deepEqual(reader.positions(), new Map([[1, 50], [3, 50]]));
      assert.deepEqual(await reader.poll(10, 300), []);
      assert.equal(reader.highWatermarks().get(1), 50);
    } finally {
      await reader.close();
    }
  },
);

Deno.test(
  "assign mode refuses a partition the topic does not have",
  options,
  async () => {
    const topic = uniqueName("reader-missing");
    await fill(topic, 1);
    await assert.rejects(
      () => openKafkaReader(client, { topic, assign: new Map([[7, 0]]) }),
      (error: Error) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, /has 4 partitions: no partition 7/);
        return true;
      },
    );
  },
);

Deno.test(
  "assign mode commits to a group without joining it; a group reader resumes there",
  options,
  async () => {
    const topic = uniqueName("reader-commit");
    const groupId = uniqueName("reader-commit-group");
    await fill(topic, 20);
    const first = await openKafkaReader(client, {
      topic,
      assign: new Map([[0, 0], [1, 0], [2, 0], [3, 0]]),
      commitGroupId: groupId,
    });
    await drain(first, 80);
    await first.commit(new Map([[0, 5], [1, 20], [2, 20], [3, 20]]));
    await first.close();
    const second = await openKafkaReader(client, {
      topic,
      group: { groupId, instanceId: "conformance-1" },
    });
    try {
      const rest = await drain(second, 15);
      assert.deepEqual(
        rest.map((m) => m.value!.toString()),
        Array.from({ length: 15 }, (_, i) => `0:${i + 5}`),
      );
      assert.deepEqual(second.partitions(), [0, 1, 2, 3]);
    } finally {
      await second.close();
    }
  },
);

Deno.test(
  "group mode: two static members split the partitions and together read everything once",
  options,
  async () => {
    const topic = uniqueName("reader-group");
    const groupId = uniqueName("reader-group-g");
    await fill(topic, 30);
    const a = await openKafkaReader(client, {
      topic,
      group: { groupId, instanceId: "member-a", sessionTimeoutMs: 6_000 },
    });
    const b = await openKafkaReader(client, {
      topic,
      group: { groupId, instanceId: "member-b", sessionTimeoutMs: 6_000 },
    });
    try {
      await waitUntil(
        () =>
          a.partitions().length > 0 && b.partitions().length > 0 &&
          a.partitions().length + b.partitions().length === 4,
        { timeoutMs: 60_000, what: "both members own partitions" },
      );
      const seen: ReaderMessage[] = [];
      const deadline = Date.now() + 60_000;
      while (seen.length < 120) {
        assert.ok(Date.now() < deadline, `only ${seen.length} of 120`);
        for (const reader of [a, b]) {
          const got = await reader.poll(1000, 100);
          seen.push(...got);
          if (got.length > 0) await reader.commit(reader.positions());
        }
      }
      const keys = seen.map((m) => `${m.partition}:${m.offset}`);
      assert.equal(new Set(keys).size, 120, "no message twice");
      const owned = [...a.partitions(), ...b.partitions()].sort();
      assert.deepEqual(owned, [0, 1, 2, 3]);
      assert.ok(a.partitions().length > 0 && b.partitions().length > 0);
    } finally {
      await a.close();
      await b.close();
    }
  },
);
