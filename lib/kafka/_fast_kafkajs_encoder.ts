/**
 * A speed shim for kafkajs 2.2.4 under Deno. kafkajs encodes every record
 * with many tiny Buffer allocations (`Buffer.from([...])` per varint,
 * 64-bit `Long` arithmetic per timestamp delta, `buf.copy` per field),
 * which Deno's `node:buffer` makes ~5× slower than Node. This replaces a
 * few methods of kafkajs' `Encoder` (the same module instance the `kafkajs`
 * import uses) with byte-identical versions that write straight into the
 * encoder's buffer; values outside the fast paths go to the original
 * methods. The Kafka tests (the broker checks every batch's CRC and
 * format) and `tests/kafka/fast_encoder_test.ts` (byte equality with the
 * originals) cover it. Set `KAFKAJS_FAST_ENCODER=0` to turn it off.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";

// deno-lint-ignore no-explicit-any
type EncoderLike = any;

const require = createRequire(import.meta.url);
const Encoder: EncoderLike = require("kafkajs/src/protocol/encoder");

/** The kafkajs `Encoder` class (for tests comparing with the originals). */
export const KafkajsEncoder: EncoderLike = Encoder;

/** The original methods, before {@linkcode installFastEncoder}. */
export const ORIGINAL_ENCODER_METHODS: Readonly<Record<string, unknown>> =
  Object.freeze({
    writeUVarInt: Encoder.prototype.writeUVarInt,
    writeVarLong: Encoder.prototype.writeVarLong,
    writeBufferInternal: Encoder.prototype.writeBufferInternal,
    writeVarIntString: Encoder.prototype.writeVarIntString,
    writeVarIntBytes: Encoder.prototype.writeVarIntBytes,
    sizeOfVarLong: Encoder.sizeOfVarLong,
  });

const UTF8_CACHE = new Map<string, Buffer>();
const UTF8_CACHE_LIMIT = 4096;

function utf8(value: string): Buffer {
  let bytes = UTF8_CACHE.get(value);
  if (bytes === undefined) {
    bytes = Buffer.from(value, "utf8");
    if (value.length <= 256 && UTF8_CACHE.size < UTF8_CACHE_LIMIT) {
      UTF8_CACHE.set(value, bytes);
    }
  }
  return bytes;
}

function isInt32(value: unknown): value is number {
  return typeof value === "number" && (value | 0) === value;
}

let installed = false;

/**
 * Installs the faster methods once per process (unless
 * `KAFKAJS_FAST_ENCODER=0`).
 *
 * @returns Whether the fast encoder is active.
 */
export function installFastEncoder(): boolean {
  if (installed) return true;
  if (Deno.env.get("KAFKAJS_FAST_ENCODER") === "0") return false;
  installed = true;
  const original = ORIGINAL_ENCODER_METHODS as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const proto = Encoder.prototype;

  proto.writeUVarInt = function (this: EncoderLike, value: number) {
    this.ensureAvailable(5);
    const buf = this.buf;
    let offset = this.offset;
    while ((value & 0xffffff80) !== 0) {
      buf[offset++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[offset++] = value & 0x7f;
    this.offset = offset;
    return this;
  };

  // For deltas that fit an int32, the 64-bit zig-zag equals the 32-bit one
  // read as unsigned, so the varint bytes are the same.
  proto.writeVarLong = function (this: EncoderLike, value: unknown) {
    if (!isInt32(value)) return original.writeVarLong.call(this, value);
    return this.writeUVarInt(((value << 1) ^ (value >> 31)) >>> 0);
  };

  Encoder.sizeOfVarLong = function (value: unknown) {
    if (!isInt32(value)) return original.sizeOfVarLong.call(Encoder, value);
    let encoded = ((value << 1) ^ (value >> 31)) >>> 0;
    let bytes = 1;
    while ((encoded & 0xffffff80) !== 0) {
      bytes += 1;
      encoded >>>= 7;
    }
    return bytes;
  };

  proto.writeBufferInternal = function (this: EncoderLike, buffer: Buffer) {
    const length = buffer.length;
    this.ensureAvailable(length);
    this.buf.set(buffer, this.offset);
    this.offset += length;
  };

  proto.writeVarIntString = function (this: EncoderLike, value: unknown) {
    if (typeof value !== "string") {
      return original.writeVarIntString.call(this, value);
    }
    const bytes = utf8(value);
    this.writeVarInt(bytes.length);
    this.writeBufferInternal(bytes);
    return this;
  };
  proto.writeVarIntBytes = function (this: EncoderLike, value: unknown) {
    if (typeof value !== "string") {
      return original.writeVarIntBytes.call(this, value);
    }
    const bytes = utf8(value);
    this.writeVarInt(bytes.length);
    this.writeBufferInternal(bytes);
    return this;
  };
  return true;
}
