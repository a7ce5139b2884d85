/**
 * An in-memory Object Container File built from blocks already read (their
 * decompressed data): the input of columnar Avro decoders that take a
 * whole file, such as polars' `readAvro`.
 *
 * @module
 */
import type avro from "avsc";
import { Buffer } from "node:buffer";
import {
  HEADER_TYPE,
  LONG_TYPE,
  MAGIC,
  SYNC_SIZE,
} from "./_container_format.ts";

/** A block's record count and uncompressed data. */
export interface BlockData {
  /** Records in the block. */
  count: number;
  /** The records' Avro binary data, back to back. */
  data: Uint8Array;
}

const SYNC = Buffer.alloc(SYNC_SIZE, 0x5a);

/**
 * The bytes of a container file (codec `null`) holding `blocks` in order.
 *
 * @param schema The writer schema of the blocks' records.
 * @param blocks The blocks (as `AvroBlock` gives them with `decode: false`).
 * @returns The file's bytes.
 *
 * @example Decode a file's blocks with polars
 * ```ts
 * const reader = readAvroFile(path, { decode: false });
 * const { writerSchema } = await reader.readHeader();
 * for await (const block of reader.blocks()) {
 *   pl.readAvro(containerBytes(writerSchema, [block]));
 * }
 * ```
 */
export function containerBytes(
  schema: avro.Schema,
  blocks: readonly BlockData[],
): Buffer {
  const parts: Uint8Array[] = [
    HEADER_TYPE.toBuffer({
      magic: MAGIC,
      meta: {
        "avro.schema": Buffer.from(JSON.stringify(schema)),
        "avro.codec": Buffer.from("null"),
      },
      sync: SYNC,
    }),
  ];
  for (const { count, data } of blocks) {
    parts.push(
      LONG_TYPE.toBuffer(count),
      LONG_TYPE.toBuffer(data.byteLength),
      data,
      SYNC,
    );
  }
  return Buffer.concat(parts);
}
