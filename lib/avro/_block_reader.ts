/**
 * Reading and checking one block of a container file, and decoding its
 * records (used by `readAvroFile`).
 *
 * @module
 */
import type avro from "avsc";
import type { Buffer } from "node:buffer";
import { inflateRawSync } from "node:zlib";
import type { ChunkedFile } from "./_chunked_file.ts";
import { type AvroCodec, LONG_TYPE, SYNC_SIZE } from "./_container_format.ts";

/** An avsc schema resolver (not exported by avsc's typings). */
export type Resolver = ReturnType<avro.Type["createResolver"]>;

/** A block header (two longs) never needs more than 20 bytes. */
const BLOCK_HEADER_MAX = 20;

/** A block's count, data and end, or what is wrong with it. */
export type BlockRead = { count: number; data: Buffer; next: number } | string;

/**
 * Reads one block at `offset`.
 *
 * @returns The block, or what is wrong as a string if it is damaged.
 */
export async function readBlock(
  file: ChunkedFile,
  offset: number,
  sync: Buffer,
  codec: AvroCodec,
): Promise<BlockRead> {
  let at = await file.ensure(offset, BLOCK_HEADER_MAX);
  const end = Math.min(file.length, at + BLOCK_HEADER_MAX);
  let count: { value: number; offset: number };
  let size: { value: number; offset: number };
  try {
    count = LONG_TYPE.decode(file.buf.subarray(0, end), at);
    size = count.offset < 0
      ? count
      : LONG_TYPE.decode(file.buf.subarray(0, end), count.offset);
  } catch (error) {
    return `unreadable block header (${(error as Error).message})`;
  }
  if (size.offset < 0) return "truncated block header";
  if (count.value < 0 || !Number.isSafeInteger(count.value)) {
    return `invalid record count ${count.value}`;
  }
  const headerBytes = size.offset - at;
  const remaining = file.size - offset - headerBytes - SYNC_SIZE;
  if (size.value < 0 || size.value > remaining) {
    return `block size ${size.value} does not fit the ${
      Math.max(remaining, 0)
    } bytes left in the file (truncated or damaged)`;
  }
  at = await file.ensure(offset, headerBytes + size.value + SYNC_SIZE);
  const dataStart = at + headerBytes;
  const syncStart = dataStart + size.value;
  if (file.buf.compare(sync, 0, SYNC_SIZE, syncStart, syncStart + SYNC_SIZE)) {
    return "sync marker mismatch";
  }
  let data = file.buf.subarray(dataStart, syncStart);
  if (codec === "deflate") {
    try {
      data = inflateRawSync(data);
    } catch (error) {
      return `deflate data cannot be inflated (${(error as Error).message})`;
    }
  }
  return {
    count: count.value,
    data,
    next: offset + headerBytes + size.value + SYNC_SIZE,
  };
}

/**
 * Decodes a block's `count` records, noting where each one starts.
 *
 * @throws {Error} When the data does not hold exactly `count` records.
 */
export function decodeRecords<T>(
  type: avro.Type,
  resolver: Resolver | undefined,
  data: Buffer,
  count: number,
  offsets: Int32Array,
): T[] {
  const records = new Array<T>(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = pos;
    const { value, offset } = type.decode(data, pos, resolver);
    if (offset < 0) {
      throw new Error(`record ${i} of ${count} runs past the block's end`);
    }
    records[i] = value as T;
    pos = offset;
  }
  offsets[count] = pos;
  if (pos !== data.length) {
    throw new Error(
      `${data.length - pos} bytes left after the block's ${count} records`,
    );
  }
  return records;
}
