import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  decodeListeningMessage,
  encodeListeningMessage,
  FLAT_COLUMNS,
  flattenListeningRecord,
  MessageDecodeError,
  SCHEMA_FINGERPRINT_HEADER,
  SCHEMA_VERSION_HEADER,
} from "../../lib/kafka/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import {
  listeningHistoryType,
  SCHEMA_FINGERPRINT,
} from "../../lib/schema/mod.ts";
import { makeRecords } from "./_fixtures.ts";

Deno.test("encodeListeningMessage() keys by personality and partitions by its index", () => {
  for (const record of makeRecords(32)) {
    const message = encodeListeningMessage(record);
    assert.equal(message.key, record.personality);
    assert.equal(message.partition, personalityIndex(record.personality));
    assert.equal(
      message.headers[SCHEMA_FINGERPRINT_HEADER],
      SCHEMA_FINGERPRINT,
    );
    assert.equal(message.headers[SCHEMA_VERSION_HEADER], "1");
  }
});

Deno.test("encodeListeningMessage() writes one plain Avro datum readable by any Avro reader", () => {
  const [record] = makeRecords(1);
  const { value } = encodeListeningMessage(record);
  assert.deepEqual(value, listeningHistoryType.toBuffer(record));
  const decoded = listeningHistoryType.fromBuffer(value);
  assert.deepEqual(JSON.parse(JSON.stringify(decoded)), record);
});

Deno.test("decodeListeningMessage() returns the encoded record", () => {
  for (const record of makeRecords(50)) {
    const decoded = decodeListeningMessage(encodeListeningMessage(record));
    assert.deepEqual(JSON.parse(JSON.stringify(decoded)), record);
  }
});

Deno.test("decodeListeningMessage() rejects undecodable values with a reason", async (t) => {
  const good = encodeListeningMessage(makeRecords(1)[0]);
  const cases: [
    string,
    Parameters<typeof decodeListeningMessage>[0],
    string,
  ][] = [
    ["no value", { value: null }, "the message has no value"],
    [
      "truncated",
      { value: good.value.subarray(0, 10) },
      "truncated value (10 bytes end inside a music.ListeningHistory datum)",
    ],
    [
      "trailing bytes",
      { value: Buffer.concat([good.value, Buffer.from([1, 2, 3])]) },
      `3 bytes left after a music.ListeningHistory datum of ${good.value.length} bytes`,
    ],
    [
      "other schema",
      {
        value: good.value,
        headers: { [SCHEMA_FINGERPRINT_HEADER]: Buffer.from("abc") },
      },
      `written with schema fingerprint abc, expected ${SCHEMA_FINGERPRINT}`,
    ],
  ];
  for (const [label, message, reason] of cases) {
    await t.step(label, () => {
      assert.throws(() => decodeListeningMessage(message), (error) => {
        assert.ok(error instanceof MessageDecodeError);
        assert.equal(error.reason, reason);
        assert.equal(error.message, `Undecodable listening message: ${reason}`);
        return true;
      });
    });
  }
});

Deno.test("encodeListeningMessage() rejects an unknown personality", () => {
  const record = { ...makeRecords(1)[0], personality: "The tourist" };
  assert.throws(() => encodeListeningMessage(record), {
    name: "RangeError",
    message: /^Unknown personality: got "The tourist"/,
  });
});

Deno.test("flattenListeningRecord() lifts nested fields to columns in schema order", () => {
  const [record] = makeRecords(1);
  const flat = flattenListeningRecord(record);
  assert.deepEqual(Object.keys(flat), [...FLAT_COLUMNS]);
  assert.equal(flat.city, record.user_location.city);
  assert.equal(flat.start_time, record.listening_time.start_time);
});
