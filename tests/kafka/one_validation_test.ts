/**
 * One validation for every reader, against the real broker: invalid
 * records (unknown personality, end before start, negative length, a
 * foreign schema fingerprint) are dead-lettered with their reason, once
 * per topic however many consumer groups and the engine read them, and
 * counted everywhere.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Producer } from "@platformatic/kafka";
import {
  consumeListening,
  createKafka,
  DEAD_LETTER_REASON_HEADER,
  deadLetterTopic,
  encodeListeningMessage,
  ensureTopic,
  openKafkaReader,
  produceListening,
  SCHEMA_FINGERPRINT_HEADER,
} from "../../lib/kafka/mod.ts";
import { listeningHistoryType } from "../../lib/schema/mod.ts";
import { kafkaSource } from "../../lib/sources/mod.ts";
import { makeRecords, uniqueName } from "./_fixtures.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const client = createKafka({ clientId: "validation-tests" });

Deno.test(
  "invalid records are dead-lettered once per topic with their reason and counted by consume and the engine",
  options,
  async () => {
    const topic = uniqueName("validation");
    await ensureTopic(client, topic);
    const good = makeRecords(32);
    await produceListening(client, good, { topic });
    const [base] = makeRecords(1);
    const bad = [
      { ...base, personality: "Nobody" },
      {
        ...base,
        listening_time: { start_time: 2_000, end_time: 1_000 },
      },
      { ...base, length_seconds: -5 },
    ];
    const producer = new Producer({ ...client.options, idempotent: true });
    const fingerprint = [
      Buffer.from(SCHEMA_FINGERPRINT_HEADER),
      Buffer.from("0".repeat(64)),
    ] as const;
    await producer.send({
      messages: [
        ...bad.map((record) => ({
          topic,
          partition: 3,
          value: listeningHistoryType.toBuffer(record),
        })),
        {
          topic,
          partition: 4,
          value: encodeListeningMessage(good[0]).value,
          headers: new Map([fingerprint]),
        },
      ],
    });
    await producer.close();

    for (const group of ["a", "b"]) {
      const summary = await consumeListening(client, {
        topic,
        groupId: uniqueName(`validation-${group}`),
        fromBeginning: true,
        once: true,
        onBatch: () => {},
      });
      assert.equal(summary.records, 32);
      assert.equal(summary.undecodable, 4);
    }
    const source = kafkaSource({
      topic,
      groupId: uniqueName("engine"),
      client,
    });
    await source.open();
    let records = 0;
    let invalid = 0;
    while (true) {
      const batch = await source.poll(1000, 200);
      records += batch.records.length;
      invalid += batch.invalid ?? 0;
      if (batch.exhausted) break;
    }
    await source.close();
    assert.equal(records + invalid, 36);
    assert.equal(source.undecodable, 4);

    const reader = await openKafkaReader(client, {
      topic: deadLetterTopic(topic),
      assign: new Map([[0, 0]]),
    });
    const letters = [];
    const deadline = Date.now() + 30_000;
    while (letters.length < 4 && Date.now() < deadline) {
      letters.push(...await reader.poll(100, 200));
    }
    letters.push(...await reader.poll(100, 1_000));
    await reader.close();
    const reasons = letters.map((m) =>
      m.headers.find(([k]) => k?.toString() === DEAD_LETTER_REASON_HEADER)![1]!
        .toString()
    ).sort();
    assert.equal(reasons.length, 4, "each invalid message once");
    assert.match(reasons[0], /^end_time 1000 is before start_time 2000$/);
    assert.match(reasons[1], /^negative length_seconds -5$/);
    assert.match(reasons[2], /^unknown personality "Nobody"$/);
    assert.match(reasons[3], /^written with schema fingerprint 0+/);
  },
);
