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
      "record without id",
      b64(
        JSON.stringify({
          v: 1,
          personality: "The nomad",
          count: 1,
          records: [{ song_name: "x" }],
        }),
      ),
      "a record lacks user_id/listening_time.start_time or has another personality",
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
        assert.equal(error.reason, reason);
        assert.equal(
          error.message,
          `not a Wrapped Streams queue message: ${reason}`,
        );
        return true;
      });
    });
  }
});
