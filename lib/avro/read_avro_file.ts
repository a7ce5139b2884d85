/**
 * Reads an Avro Object Container File block by block, checking the schema
 * and every block's integrity.
 *
 * @module
 */
import avro from "avsc";
import { Buffer } from "node:buffer";
import { listeningHistoryType } from "../schema/mod.ts";
import { ChunkedFile } from "./_chunked_file.ts";
import { decodeRecords, readBlock, type Resolver } from "./_block_reader.ts";
import {
  type AvroCodec,
  CODECS,
  type ContainerHeader,
  HEADER_TYPE,
  MAGIC,
  SYNC_SIZE,
} from "./_container_format.ts";
import {
  AvroCorruptBlockError,
  AvroSchemaMismatchError,
  NotAvroFileError,
} from "./avro_errors.ts";

/** Options of {@linkcode readAvroFile}. */
export interface ReadAvroFileOptions {
  /**
   * Skip corrupt blocks (counting them in `skippedBlocks`) instead of
   * throwing {@linkcode AvroCorruptBlockError}. Default `false`.
   */
  skipCorrupt?: boolean;
  /** Called for every skipped block (only with `skipCorrupt`). */
  onCorruptBlock?: (error: AvroCorruptBlockError) => void;
  /**
   * Reader type; the file's schema must equal it or resolve to it (Avro
   * schema resolution, e.g. a newer writer that added fields). Default
   * `music.ListeningHistory`.
   */
  type?: avro.Type;
  /**
   * Start at this byte offset instead of the first block: a block's start,
   * as given by a previous {@linkcode AvroBlock.nextByteOffset} (to resume).
   */
  startOffset?: number;
  /** Bytes read from the file at a time. Default 8 MiB. */
  chunkSizeBytes?: number;
  /**
   * Decode the records of each block with avsc. Default `true`; with
   * `false` blocks carry only their (decompressed) data and count, for a
   * columnar decoder (see {@linkcode containerBytes}), and the reader's
   * `type` must equal the file's schema (no resolution is applied).
   */
  decode?: boolean;
}

/** The decoded header of a container file. */
export interface AvroFileHeader {
  /** The block compression codec. */
  codec: AvroCodec;
  /** The writer's schema as stored in the file. */
  writerSchema: avro.Schema;
  /** Other metadata entries as strings. */
  metadata: Record<string, string>;
  /** Byte offset of the first block. */
  dataOffset: number;
  /** The file's size in bytes. */
  fileSize: number;
}

/** One data block's records and where it lies in the file. */
export interface AvroBlock<T> {
  /** 0-based block index (a skipped damaged region counts as one block). */
  index: number;
  /** Byte offset of the block's start. */
  byteOffset: number;
  /** Byte offset just after the block: where the next one starts. */
  nextByteOffset: number;
  /** Number of records in the block. */
  count: number;
  /** The decoded records (none with `decode: false`). */
  records: T[];
  /**
   * The block's (decompressed) data: record i's Avro binary datum is
   * `data.subarray(offsets[i], offsets[i + 1])` — e.g. to send it on as a
   * Kafka message value without encoding it again. Valid until the next
   * block is read (copy it to keep it).
   */
  data: Uint8Array;
  /**
   * Record boundaries in `data` (`records.length + 1` entries; empty with
   * `decode: false`).
   */
  offsets: Int32Array;
}

const DEFAULT_CHUNK = 8 * 1024 * 1024;

/**
 * Opens an Avro Object Container File for reading. Iterate it for records,
 * or call {@linkcode AvroFileReader.blocks} for one array per block (the
 * fast path). The header is read and the schema checked on first use.
 *
 * @example Count the records of a file
 * ```ts
 * let n = 0;
 * for await (const block of readAvroFile("data/x.avro").blocks()) {
 *   n += block.records.length;
 * }
 * ```
 *
 * @param path The file.
 * @param options Corrupt-block handling, reader type, resume offset.
 * @returns A reader (async iterable of records).
 */
export function readAvroFile<T = unknown>(
  path: string,
  options: ReadAvroFileOptions = {},
): AvroFileReader<T> {
  return new AvroFileReader<T>(path, options);
}

/** A container file being read; see {@linkcode readAvroFile}. */
export class AvroFileReader<T> implements AsyncIterable<T> {
  /** The file. */
  readonly path: string;
  /** Blocks decoded so far. */
  blocksRead = 0;
  /** Corrupt blocks skipped so far (with `skipCorrupt`). */
  skippedBlocks = 0;
  /** Records decoded so far. */
  recordsRead = 0;
  /** The header, once read. */
  header: AvroFileHeader | undefined;
  #options: ReadAvroFileOptions;

  /**
   * Prepares to read `path` (nothing is read until first use).
   *
   * @param path The file.
   * @param options See {@linkcode ReadAvroFileOptions}.
   */
  constructor(path: string, options: ReadAvroFileOptions = {}) {
    this.path = path;
    this.#options = options;
  }

  /**
   * Reads and checks the header only.
   *
   * @returns The header.
   * @throws {NotAvroFileError} Not a container file.
   * @throws {AvroSchemaMismatchError} Written with an incompatible schema.
   */
  async readHeader(): Promise<AvroFileHeader> {
    const file = await this.#open();
    try {
      return (await this.#readHeader(file)).header;
    } finally {
      file.close();
    }
  }

  /**
   * Yields the file's blocks in order, each with its decoded records.
   *
   * @throws {NotAvroFileError} Not a container file.
   * @throws {AvroSchemaMismatchError} Written with an incompatible schema.
   * @throws {AvroCorruptBlockError} A damaged block (unless `skipCorrupt`).
   */
  async *blocks(): AsyncGenerator<AvroBlock<T>> {
    const file = await this.#open();
    try {
      const { header, sync, resolver } = await this.#readHeader(file);
      const type = this.#options.type ?? listeningHistoryType;
      if (resolver && this.#options.decode === false) {
        throw new AvroSchemaMismatchError(
          this.path,
          (header.writerSchema as { name?: string }).name,
          type.name,
          "reading undecoded blocks needs the file's own schema as the type",
        );
      }
      let offset = this.#options.startOffset ?? header.dataOffset;
      if (offset < header.dataOffset || offset > file.size) {
        throw new RangeError(
          `startOffset must be between ${header.dataOffset} and ${file.size}: got ${offset}`,
        );
      }
      let index = 0;
      while (offset < file.size) {
        const result = await readBlock(file, offset, sync, header.codec);
        if (typeof result === "string") {
          const error = new AvroCorruptBlockError(
            this.path,
            index,
            offset,
            result,
          );
          offset = await this.#recover(error, file, offset, sync);
          index++;
          continue;
        }
        const { count, data, next } = result;
        let records: T[] = [];
        const decode = this.#options.decode !== false;
        const offsets = new Int32Array(decode ? count + 1 : 0);
        try {
          if (decode) {
            records = decodeRecords<T>(type, resolver, data, count, offsets);
          }
        } catch (error) {
          const corrupt = new AvroCorruptBlockError(
            this.path,
            index,
            offset,
            (error as Error).message,
            { cause: error },
          );
          offset = await this.#recover(corrupt, file, offset, sync);
          index++;
          continue;
        }
        this.blocksRead++;
        this.recordsRead += count;
        yield {
          index,
          count,
          byteOffset: offset,
          nextByteOffset: next,
          records,
          data,
          offsets,
        };
        offset = next;
        index++;
      }
    } finally {
      file.close();
    }
  }

  /** Yields every record in file order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const block of this.blocks()) yield* block.records;
  }

  async #open(): Promise<ChunkedFile> {
    try {
      return await ChunkedFile.open(
        this.path,
        this.#options.chunkSizeBytes ?? DEFAULT_CHUNK,
      );
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new NotAvroFileError(this.path, "no such file", {
          cause: error,
        });
      }
      throw error;
    }
  }

  async #readHeader(file: ChunkedFile) {
    let want = 4096;
    let decoded: { value: unknown; offset: number };
    for (;;) {
      const at = await file.ensure(0, want);
      const buf = file.buf.subarray(at, at + Math.min(want, file.size));
      if (buf.length < MAGIC.length || !MAGIC.equals(buf.subarray(0, 4))) {
        throw new NotAvroFileError(
          this.path,
          "it does not start with Obj\\x01",
        );
      }
      try {
        decoded = HEADER_TYPE.decode(buf, 0);
      } catch (error) {
        throw new NotAvroFileError(this.path, "malformed header", {
          cause: error,
        });
      }
      if (decoded.offset >= 0) break;
      if (want >= file.size) {
        throw new NotAvroFileError(this.path, "truncated header");
      }
      want *= 4;
    }
    const { meta, sync } = decoded.value as ContainerHeader;
    const codec = meta["avro.codec"]?.toString() ?? "null";
    if (!(CODECS as readonly string[]).includes(codec)) {
      throw new NotAvroFileError(
        this.path,
        `unsupported codec ${JSON.stringify(codec)} (supported: ${
          CODECS.join(", ")
        })`,
      );
    }
    let writerSchema: avro.Schema;
    let writerType: avro.Type;
    try {
      writerSchema = JSON.parse(meta["avro.schema"]?.toString() ?? "");
      writerType = avro.Type.forSchema(writerSchema);
    } catch (error) {
      throw new NotAvroFileError(this.path, "missing or invalid avro.schema", {
        cause: error,
      });
    }
    const type = this.#options.type ?? listeningHistoryType;
    let resolver: Resolver | undefined;
    if (!type.equals(writerType)) {
      try {
        resolver = type.createResolver(writerType);
      } catch (error) {
        throw new AvroSchemaMismatchError(
          this.path,
          writerType.name,
          type.name,
          (error as Error).message,
        );
      }
    }
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(meta)) {
      if (!key.startsWith("avro.")) metadata[key] = value.toString();
    }
    this.header = {
      codec: codec as AvroCodec,
      writerSchema,
      metadata,
      dataOffset: decoded.offset,
      fileSize: file.size,
    };
    return { header: this.header, sync: Buffer.from(sync), resolver };
  }

  /** Throws `error`, or (with `skipCorrupt`) finds where the next block starts. */
  async #recover(
    error: AvroCorruptBlockError,
    file: ChunkedFile,
    offset: number,
    sync: Buffer,
  ): Promise<number> {
    if (!this.#options.skipCorrupt) throw error;
    this.skippedBlocks++;
    this.#options.onCorruptBlock?.(error);
    const found = await file.indexOf(sync, offset + 1);
    return found < 0 ? file.size : found + SYNC_SIZE;
  }
}
