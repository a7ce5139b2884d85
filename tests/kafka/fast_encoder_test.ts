import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  installFastEncoder,
  KafkajsEncoder,
  ORIGINAL_ENCODER_METHODS,
} from "../../lib/kafka/_fast_kafkajs_encoder.ts";

installFastEncoder();
const original = ORIGINAL_ENCODER_METHODS as Record<
  string,
  (...args: unknown[]) => unknown
>;

function bytes(method: string, value: unknown, fast: boolean): Buffer {
  const encoder = new KafkajsEncoder();
  if (fast) encoder[method](value);
  else original[method].call(encoder, value);
  return Buffer.from(encoder.buffer);
}

const INTS = [
  0,
  1,
  -1,
  63,
  -64,
  64,
  127,
  128,
  300,
  -300,
  16_383,
  16_384,
  2 ** 20,
  2 ** 30 - 1,
  2 ** 30,
  -(2 ** 30),
  2 ** 31 - 1,
  -(2 ** 31),
];
const LONGS = [
  ...INTS,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 40,
  -(2 ** 40),
  Number.MAX_SAFE_INTEGER,
  "12345678901234",
  "-5",
];

Deno.test("the fast kafkajs encoder writes the same bytes as kafkajs", async (t) => {
  await t.step("writeUVarInt", () => {
    for (const v of INTS.filter((v) => v >= 0).concat([2 ** 32 - 1])) {
      assert.deepEqual(
        bytes("writeUVarInt", v, true),
        bytes("writeUVarInt", v, false),
        String(v),
      );
    }
  });
  await t.step("writeVarLong", () => {
    for (const v of LONGS) {
      assert.deepEqual(
        bytes("writeVarLong", v, true),
        bytes("writeVarLong", v, false),
        String(v),
      );
    }
  });
  await t.step("sizeOfVarLong", () => {
    for (const v of LONGS) {
      assert.equal(
        KafkajsEncoder.sizeOfVarLong(v),
        original.sizeOfVarLong.call(KafkajsEncoder, v),
        String(v),
      );
    }
  });
  await t.step("writeVarIntString and writeVarIntBytes", () => {
    for (const v of ["", "The nomad", "é 🎵", "x".repeat(300), null]) {
      for (const method of ["writeVarIntString", "writeVarIntBytes"]) {
        assert.deepEqual(
          bytes(method, v, true),
          bytes(method, v, false),
          `${method} ${v}`,
        );
      }
    }
    const raw = Buffer.from([0, 1, 2, 255]);
    assert.deepEqual(
      bytes("writeVarIntBytes", raw, true),
      bytes("writeVarIntBytes", raw, false),
    );
  });
  await t.step("writeBufferInternal past the initial size", () => {
    const big = Buffer.alloc(3000, 9);
    const fast = new KafkajsEncoder();
    fast.writeInt8(1);
    fast.writeBufferInternal(big);
    const slow = new KafkajsEncoder();
    slow.writeInt8(1);
    original.writeBufferInternal.call(slow, big);
    assert.deepEqual(Buffer.from(fast.buffer), Buffer.from(slow.buffer));
  });
});
