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
 * Builds in-memory container files (codec `null`) of one schema in a
 * buffer it reuses: {@linkcode ContainerWriter.add} copies each block in as
 * it is read, {@linkcode ContainerWriter.bytes} is the file so far, and
 * {@linkcode ContainerWriter.reset} starts the next file in the same
 * memory (for decoders that copy what they read, such as polars').
 */
export class ContainerWriter {
  readonly #header: Buffer;
  #buffer: Buffer;
  #length: number;

  /** @param schema The writer schema of the records. */
  constructor(schema: avro.Schema) {
    this.#header = HEADER_TYPE.toBuffer({
      magic: MAGIC,
      meta: {
        "avro.schema": Buffer.from(JSON.stringify(schema)),
        "avro.codec": Buffer.from("null"),
      },
      sync: SYNC,
    });
    this.#buffer = Buffer.alloc(Math.max(1 << 20, 2 * this.#header.length));
    this.#header.copy(this.#buffer);
    this.#length = this.#header.length;
  }

  /**
   * Appends a block (copied).
   *
   * @param block The block's record count and data.
   */
  add({ count, data }: BlockData): void {
    const head = Buffer.concat([
      LONG_TYPE.toBuffer(count),
      LONG_TYPE.toBuffer(data.byteLength),
    ]);
    const need = this.#length + head.length + data.byteLength + SYNC_SIZE;
    if (need > this.#buffer.length) {
      const next = Buffer.alloc(Math.max(need, 2 * this.#buffer.length));
      this.#buffer.copy(next, 0, 0, this.#length);
      this.#buffer = next;
    }
    this.#length += head.copy(this.#buffer, this.#length);
    this.#buffer.set(data, this.#length);
    this.#length += data.byteLength;
    this.#length += SYNC.copy(this.#buffer, this.#length);
  }

  /** The file so far (a view: valid until the next `add` or `reset`). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Starts a new file (header only) in the same memory. */
  reset(): void {
    this.#length = this.#header.length;
  }
}

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
  const writer = new ContainerWriter(schema);
  for (const block of blocks) writer.add(block);
  return writer.bytes();
}
