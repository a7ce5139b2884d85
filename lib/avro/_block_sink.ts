/**
 * The block writer behind `writeAvroFile`: encodes records into
 * block-sized buffers and writes finished blocks in the background.
 *
 * @module
 */
import type avro from "avsc";
import { Buffer } from "node:buffer";
import { promisify } from "node:util";
import { deflateRaw } from "node:zlib";
import {
  type AvroCodec,
  HEADER_TYPE,
  LONG_TYPE,
  MAGIC,
  SYNC_SIZE,
} from "./_container_format.ts";

const deflateRawAsync = promisify(deflateRaw) as (
  data: Uint8Array,
  options: { level: number },
) => Promise<Buffer>;

/** What a {@linkcode BlockSink} needs. */
export interface SinkOptions {
  codec: AvroCodec;
  type: avro.Type;
  sync: Buffer;
  blockSizeBytes: number;
  deflateLevel: number;
  validate: boolean;
  encode?: (record: unknown, buf: Buffer, pos: number) => number;
  onProgress?: (records: number, bytes: number) => void;
}

/** Room before a block's data for its two longs (count, size). */
const HEADROOM = 20;

/**
 * Encodes records into block-sized buffers and writes finished blocks. Two
 * buffers alternate: one is written to the file in the background while
 * the next block is encoded into the other. Each buffer keeps room before
 * the data for the block header and after it for the sync marker, so an
 * uncompressed block is written without copying.
 */
export class BlockSink {
  records = 0;
  blocks = 0;
  bytes = 0;
  #file: Deno.FsFile;
  #options: SinkOptions;
  #data: Buffer;
  #spare: Buffer | undefined;
  #pos = HEADROOM;
  #count = 0;
  #prefix = Buffer.alloc(HEADROOM);
  #pending: Promise<void> = Promise.resolve();

  constructor(file: Deno.FsFile, options: SinkOptions) {
    this.#file = file;
    this.#options = options;
    // Room for one block plus a generous last record and the sync marker.
    this.#data = Buffer.alloc(HEADROOM + options.blockSizeBytes + 64 * 1024);
  }

  async writeHeader(extra: Record<string, string>): Promise<void> {
    const meta: Record<string, Buffer> = {
      "avro.schema": Buffer.from(JSON.stringify(this.#options.type.schema())),
      "avro.codec": Buffer.from(this.#options.codec),
    };
    for (const [key, value] of Object.entries(extra)) {
      meta[key] = Buffer.from(value);
    }
    const header = HEADER_TYPE.toBuffer({
      magic: MAGIC,
      meta,
      sync: this.#options.sync,
    });
    await this.#write(header);
  }

  /** Encodes one record; returns true when the block is full. */
  add(record: unknown): boolean {
    const type = this.#options.type;
    if (this.#options.validate && !type.isValid(record)) {
      throw this.#invalid(record, new Error("invalid record"));
    }
    const encode = this.#options.encode;
    let end: number;
    if (encode) {
      end = encode(record, this.#data, this.#pos);
      if (end < 0) {
        this.#grow(-end);
        end = encode(record, this.#data, this.#pos);
      }
    } else {
      try {
        end = type.encode(record, this.#data, this.#pos);
      } catch (error) {
        throw this.#invalid(record, error);
      }
      if (end < 0) {
        // Record does not fit: grow and retry (a block may exceed the target).
        this.#grow(-end);
        end = type.encode(record, this.#data, this.#pos);
      }
    }
    if (end + SYNC_SIZE > this.#data.length) {
      // Keep room for the sync marker after the data.
      this.#pos = end;
      this.#grow(SYNC_SIZE);
    }
    this.#pos = end;
    this.#count++;
    return end - HEADROOM >= this.#options.blockSizeBytes;
  }

  #grow(missing: number): void {
    const grown = Buffer.alloc((this.#data.length + missing) * 2);
    this.#data.copy(grown, 0, 0, this.#pos);
    this.#data = grown;
  }

  async flush(): Promise<void> {
    if (this.#count === 0) return;
    const count = this.#count, data = this.#data, end = this.#pos;
    // At most one block in flight (compressing and/or writing): when it is
    // done, the spare buffer is free again.
    await this.#pending;
    this.#pending = this.#options.codec === "deflate"
      ? this.#deflateAndWrite(data, end, count)
      : this.#writeInPlace(data, end, count);
    // Handled when awaited (next flush or drain); never "unhandled" meanwhile.
    this.#pending.catch(() => {});
    this.#data = this.#spare ?? Buffer.alloc(data.length);
    this.#spare = data;
    this.records += count;
    this.blocks++;
    this.#count = 0;
    this.#pos = HEADROOM;
    this.#options.onProgress?.(this.records, this.bytes);
  }

  /** Uncompressed: header and sync go around the data, no copy. */
  #writeInPlace(data: Buffer, end: number, count: number): Promise<void> {
    const prefix = this.#prefix;
    let p = LONG_TYPE.encode(count, prefix, 0);
    p = LONG_TYPE.encode(end - HEADROOM, prefix, p);
    const start = HEADROOM - p;
    prefix.copy(data, start, 0, p);
    // The buffer always keeps SYNC_SIZE bytes free after the data (add()).
    this.#options.sync.copy(data, end);
    return this.#write(data.subarray(start, end + SYNC_SIZE));
  }

  /** Deflate on zlib's thread pool, overlapping the next block's encoding. */
  async #deflateAndWrite(
    data: Buffer,
    end: number,
    count: number,
  ): Promise<void> {
    const payload = await deflateRawAsync(data.subarray(HEADROOM, end), {
      level: this.#options.deflateLevel,
    });
    const prefix = Buffer.alloc(HEADROOM);
    let p = LONG_TYPE.encode(count, prefix, 0);
    p = LONG_TYPE.encode(payload.length, prefix, p);
    const block = Buffer.allocUnsafe(p + payload.length + SYNC_SIZE);
    prefix.copy(block, 0, 0, p);
    payload.copy(block, p);
    this.#options.sync.copy(block, p + payload.length);
    await this.#write(block);
  }

  /** Waits for the last background write. */
  async drain(): Promise<void> {
    await this.#pending;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      offset += await this.#file.write(bytes.subarray(offset));
    }
    this.bytes += bytes.length;
  }

  #invalid(record: unknown, error: unknown): TypeError {
    const paths: string[] = [];
    this.#options.type.isValid(record, {
      errorHook: (path: string[]) => paths.push(path.join(".")),
    });
    return new TypeError(
      `record #${this.records + this.#count} does not match ${
        this.#options.type.name ?? "the schema"
      }${paths.length ? ` (bad field: ${paths.join(", ")})` : ""}: ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
}
