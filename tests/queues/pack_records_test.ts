import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import fc from "fast-check";
import {
  decodeQueueMessage,
  MAX_MESSAGE_BYTES,
  packRecords,
  recordId,
} from "../../lib/queues/mod.ts";
import { makeRecords } from "./_records.ts";

const NOMAD = { personalities: ["The nomad"] };

Deno.test("packRecords() keeps every base64 message within 64 KiB and every record, in order, with tricky names intact", () => {
  const records = makeRecords(2_000, NOMAD);
  const messages = packRecords("The nomad", records);
  assert.ok(messages.length > 1, "needs several messages");
  const back = [];
  for (const message of messages) {
    assert.ok(Buffer.byteLength(message.text) <= MAX_MESSAGE_BYTES);
    const body = decodeQueueMessage(message.text, "The nomad");
    assert.equal(body.count, message.count);
    back.push(...body.records);
  }
  assert.deepEqual(back, records);
  assert.ok(
    back.some((r) => r.song_name.includes("</script>")) &&
      back.some((r) => r.artist === "YOASOBI" && r.song_name === "夜に駆ける"),
  );
});

Deno.test("packRecords() fills messages: adding the next record would break the limit", () => {
  const records = makeRecords(3_000, NOMAD);
  const messages = packRecords("The nomad", records);
  let index = 0;
  for (const message of messages.slice(0, -1)) {
    index += message.count;
    const oneMore = packRecords(
      "The nomad",
      records.slice(index - message.count, index + 1),
    );
    assert.equal(oneMore.length, 2, "one more record must not fit");
  }
});

Deno.test("packRecords() respects any limit for records of any size (property)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 2_000, max: MAX_MESSAGE_BYTES }),
      (count, padding, limit) => {
        const records = makeRecords(count, { ...NOMAD, padding });
        const messages = packRecords("The nomad", records, {
          maxMessageBytes: limit,
        });
        const ids = [];
        for (const m of messages) {
          assert.ok(m.text.length <= limit);
          ids.push(...decodeQueueMessage(m.text).records.map(recordId));
        }
        assert.deepEqual(ids, records.map(recordId));
      },
    ),
    { numRuns: 60, seed: 7 },
  );
});

Deno.test("packRecords() with perRecord puts one record in each message", () => {
  const records = makeRecords(5, NOMAD);
  const messages = packRecords("The nomad", records, { perRecord: true });
  assert.deepEqual(messages.map((m) => m.count), [1, 1, 1, 1, 1]);
  assert.deepEqual(
    messages.map((m) => decodeQueueMessage(m.text).records[0]),
    records,
  );
});

Deno.test("packRecords() rejects a record of another personality and a record too large for one message", () => {
  const [voyager] = makeRecords(1, { personalities: ["The voyager"] });
  assert.throws(() => packRecords("The nomad", [voyager]), {
    name: "RangeError",
    message: `record ${
      recordId(voyager)
    } has personality "The voyager", not "The nomad"`,
  });
  const [huge] = makeRecords(1, { ...NOMAD, padding: 30_000 });
  assert.throws(() => packRecords("The nomad", [huge]), {
    name: "RangeError",
    message: new RegExp(
      `^record ${
        recordId(huge)
      } is too large for one message: \\d+ bytes of JSON > 49152 \\(65536 bytes as base64\\)$`,
    ),
  });
});
