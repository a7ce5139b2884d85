import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  decodeQueueMessage,
  encodeQueueMessage,
  ForeignMessageError,
} from "../../lib/queues/mod.ts";
import { makeRecords } from "./_records.ts";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

Deno.test("encodeQueueMessage() writes base64 of the DESIGN §4.7 JSON and decodeQueueMessage() reads it back", () => {
  const records = makeRecords(3, { personalities: ["The nomad"] });
  const text = encodeQueueMessage("The nomad", records);
  const json = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
  assert.deepEqual(Object.keys(json), ["v", "personality", "count", "records"]);
  assert.deepEqual(json, {
    v: 1,
    personality: "The nomad",
    count: 3,
    records,
  });
  assert.deepEqual(decodeQueueMessage(text, "The nomad"), json);
});

Deno.test("decodeQueueMessage() reports why a message is not ours", async (t) => {
  const record = makeRecords(1, { personalities: ["The nomad"] })[0];
  const cases: [string, string, string][] = [
    ["plain text", "hello world", "the text is not base64"],
    ["base64 of text", b64("hello"), "the decoded text is not JSON"],
    ["JSON array", b64("[1]"), "the JSON is no object"],
    ["other version", b64('{"v":2}'), "unknown format version 2"],
    [
      "unknown personality",
      b64('{"v":1,"personality":"The dreamer","count":0,"records":[]}'),
      'unknown personality "The dreamer"',
    ],
    [
      "count mismatch",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 2,
          records: [record],
        }),
      ),
      "count 2 does not match the records",
    ],
    [
      "record without most fields",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{ user_id: 1, song_name: "x" }],
        }),
      ),
      "record 0: user_location is missing",
    ],
    [
      "only the id fields (crafted)",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{
            user_id: 7,
            listening_time: { start_time: 1, end_time: 2 },
            personality: "The nomad",
          }],
        }),
      ),
      "record 0: user_location is missing",
    ],
    [
      "end_time not a number",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{
            ...record,
            listening_time: { ...record.listening_time, end_time: "x" },
          }],
        }),
      ),
      'record 0: listening_time.end_time is "x"',
    ],
    [
      "end before start",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{
            ...record,
            listening_time: {
              ...record.listening_time,
              end_time: record.listening_time.start_time - 1,
            },
          }],
        }),
      ),
      `record 0: end_time ${
        record.listening_time.start_time - 1
      } is before start_time ${record.listening_time.start_time}`,
    ],
    [
      "negative length",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{ ...record, length_seconds: -3 }],
        }),
      ),
      "record 0: negative length_seconds -3",
    ],
    [
      "an extra field",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{ ...record, extra: 1 }],
        }),
      ),
      'record 0: the record is {"user_id"',
    ],
    [
      "record of another personality",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{ ...record, personality: "The voyager" }],
        }),
      ),
      'record 0: personality "The voyager"',
    ],
    [
      "other queue's personality",
      encodeQueueMessage("The voyager", []),
      'personality "The voyager" in the queue of "The nomad"',
    ],
  ];
  for (const [name, text, reason] of cases) {
    await t.step(name, () => {
      assert.throws(() => decodeQueueMessage(text, "The nomad"), (error) => {
        assert.ok(error instanceof ForeignMessageError);
        assert.ok(error.reason.startsWith(reason), error.reason);
        assert.equal(
          error.message,
          `not a Wrapped Streams queue message: ${error.reason}`,
        );
        return true;
      });
    });
  }
});
