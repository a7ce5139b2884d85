/**
 * Writes records to an Avro Object Container File, atomically.
 *
 * @module
 */
import avro from "avsc";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { deflateRaw } from "node:zlib";
import { promisify } from "node:util";
import { basename, dirname, join } from "node:path";
import { listeningHistoryType } from "../schema/mod.ts";
import {
  type AvroCodec,
  CODECS,
  HEADER_TYPE,
  LONG_TYPE,
  MAGIC,
  SYNC_SIZE,
} from "./_container_format.ts";

/** Options of {@linkcode writeAvroFile}. */
export interface WriteAvroFileOptions<T = unknown> {
  /** Compression of the data blocks. Default `"null"` (none). */
  codec?: AvroCodec;
  /** Record type. Default: `music.ListeningHistory` (`listeningHistoryType`). */
  type?: avro.Type;
  /**
   * Target uncompressed size of a data block, in bytes. A block closes when
   * it reaches this size. Default 256 KiB.
   */
  blockSizeBytes?: number;
  /**
   * The 16-byte sync marker. Default: derived from the schema's fingerprint,
   * so the same records give byte-identical files.
   */
  syncMarker?: Uint8Array;
  /** zlib level for `deflate`, 0–9. Default 6. */
  deflateLevel?: number;
  /** Extra header metadata (keys must not start with `avro.`). */
  metadata?: Record<string, string>;
  /**
   * Check every record with `type.isValid` before encoding (a bad record
   * fails with a `TypeError` naming the field). Default `true`; producers
   * whose records are known to be valid may turn it off for speed.
   */
  validate?: boolean;
  /**
   * A custom encoder used instead of `type.encode` (same contract as avsc's
   * `Type.encode`: write one record's Avro binary encoding at `pos`, return
   * the position after it, or a negative number when `buf` is too small).
   * It must produce exactly `type`'s encoding; `validate` is then skipped.
   * Lets producers that write records from pre-encoded parts skip building
   * record objects.
   */
  encode?: (record: T, buf: Buffer, pos: number) => number;
  /** Called after every block with the records and bytes written so far. */
  onProgress?: (records: number, bytes: number) => void;
  /** Aborts the write; the partial file is removed. */
  signal?: AbortSignal;
}

/** What {@linkcode writeAvroFile} wrote. */
export interface WriteAvroFileResult {
  /** The final path. */
  path: string;
  /** Number of records. */
  records: number;
  /** Number of data blocks. */
  blocks: number;
  /** File size in bytes. */
  bytes: number;
}

const DEFAULT_BLOCK_SIZE = 256 * 1024;
const deflateRawAsync = promisify(deflateRaw) as (
  data: Uint8Array,
  options: { level: number },
) => Promise<Buffer>;

/**
 * Writes `records` to an Avro Object Container File at `path`. The data go
 * to a temporary file in the same directory, renamed to `path` only when
 * every record was written, so a failure or abort never leaves a partial
 * file that looks complete. Missing parent directories are created.
 *
 * Each record is encoded (with avsc's `type.encode` into a preallocated
 * buffer) before the next one is pulled, so a producer may reuse one
 * mutable record object.
 *
 * @example Write two records
 * ```ts
 * await writeAvroFile("data/x.avro", records, { codec: "deflate" });
 * ```
 *
 * @param path Where to write.
 * @param records The records, sync or async iterable.
 * @param options Codec, type, block size, sync marker, progress.
 * @returns Counts and the file size.
 * @throws {RangeError} For a bad codec, block size or sync marker.
 * @throws {TypeError} For a record that does not match the type (the
 *   message names the record's position).
 * @throws {Error} When the file cannot be written (the cause is attached).
 */
export async function writeAvroFile<T>(
  path: string,
  records: Iterable<T> | AsyncIterable<T>,
  options: WriteAvroFileOptions<T> = {},
): Promise<WriteAvroFileResult> {
  const {
    codec = "null",
    type = listeningHistoryType,
    blockSizeBytes = DEFAULT_BLOCK_SIZE,
    deflateLevel = 6,
    metadata = {},
    onProgress,
    signal,
    validate = true,
    encode,
  } = options;
  if (!(CODECS as readonly string[]).includes(codec)) {
    throw new RangeError(
      `codec must be one of ${CODECS.join(", ")}: got ${JSON.stringify(codec)}`,
    );
  }
  if (!Number.isInteger(blockSizeBytes) || blockSizeBytes < 1024) {
    throw new RangeError(
      `blockSizeBytes must be an integer ≥ 1024: got ${blockSizeBytes}`,
    );
  }
  const sync = Buffer.from(options.syncMarker ?? defaultSyncMarker(type));
  if (sync.length !== SYNC_SIZE) {
    throw new RangeError(
      `syncMarker must be ${SYNC_SIZE} bytes: got ${sync.length}`,
    );
  }
  for (const key of Object.keys(metadata)) {
    if (key.startsWith("avro.")) {
      throw new RangeError(`metadata key is reserved: got ${key}`);
    }
  }

  const tempPath = await createTempBeside(path);
  let file: Deno.FsFile | undefined;
  let sink: BlockSink | undefined;
  try {
    file = await Deno.open(tempPath, { write: true, truncate: true });
    sink = new BlockSink(file, {
      codec,
      type,
      sync,
      blockSizeBytes,
      deflateLevel,
      onProgress,
      validate: validate && !encode,
      encode: encode as SinkOptions["encode"],
    });
    await sink.writeHeader(metadata);
    if (isAsyncIterable(records)) {
      for await (const record of records) {
        signal?.throwIfAborted();
        if (sink.add(record)) await sink.flush();
      }
    } else {
      for (const record of records) {
        if (sink.add(record)) {
          signal?.throwIfAborted();
          await sink.flush();
        }
      }
    }
    signal?.throwIfAborted();
    await sink.flush();
    await sink.drain();
    file.close();
    file = undefined;
    await Deno.rename(tempPath, path).catch((error) => {
      throw new Error(
        `cannot write ${JSON.stringify(path)}: ${error.message}`,
        {
          cause: error,
        },
      );
    });
    return {
      path,
      records: sink.records,
      blocks: sink.blocks,
      bytes: sink.bytes,
    };
  } catch (error) {
    await sink?.drain().catch(() => {});
    try {
      file?.close();
    } catch { /* already closed */ }
    await Deno.remove(tempPath).catch(() => {});
    throw error;
  }
}

/** The default sync marker: the first 16 bytes of SHA-256(fingerprint). */
function defaultSyncMarker(type: avro.Type): Buffer {
  return createHash("sha256")
    .update(type.fingerprint("sha256"))
    .update("wrapped-streams sync marker")
    .digest()
    .subarray(0, SYNC_SIZE);
}

/**
 * Creates an empty hidden file beside `path` (same directory, so the final
 * rename is atomic), with the usual permissions (0666 less the umask).
 */
async function createTempBeside(path: string): Promise<string> {
  const dir = dirname(path);
  try {
    await Deno.mkdir(dir, { recursive: true });
    const temp = join(
      dir,
      `.${basename(path)}.${Deno.pid}.${crypto.randomUUID()}.partial`,
    );
    const file = await Deno.open(temp, {
      createNew: true,
      write: true,
      mode: 0o666,
    });
    file.close();
    return temp;
  } catch (error) {
    throw new Error(
      `cannot write ${JSON.stringify(path)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function isAsyncIterable<T>(
  value: Iterable<T> | AsyncIterable<T>,
): value is AsyncIterable<T> {
  return typeof (value as AsyncIterable<T>)[Symbol.asyncIterator] ===
    "function";
}

interface SinkOptions {
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
class BlockSink {
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
