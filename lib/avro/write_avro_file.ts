/**
 * Writes records to an Avro Object Container File, atomically.
 *
 * @module
 */
import avro from "avsc";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { listeningHistoryType } from "../schema/mod.ts";
import { type AvroCodec, CODECS, SYNC_SIZE } from "./_container_format.ts";
import { BlockSink, type SinkOptions } from "./_block_sink.ts";

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

/** A partial file untouched this long has no writer (one flushes often). */
const STALE_AFTER_MS = 10 * 60_000;

/**
 * Whether the writer of a partial file is gone: its pid has no process
 * (when `/proc` may be read: Deno allows it only with `--allow-all`), or
 * else the file was not written for {@linkcode STALE_AFTER_MS}.
 */
function writerIsGone(pid: number, path: string): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return false;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
  }
  try {
    const modified = Deno.statSync(path).mtime?.getTime() ?? Date.now();
    return Date.now() - modified > STALE_AFTER_MS;
  } catch {
    return false; // removed meanwhile
  }
}

/**
 * Removes hidden partial files of `path` left by writers that no longer
 * run (killed with SIGKILL, or the machine stopped).
 */
async function removeStalePartials(dir: string, name: string): Promise<void> {
  const pattern = new RegExp(
    `^\\.${
      name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    }\\.(\\d+)\\.[0-9a-f-]{36}\\.partial$`,
  );
  for await (const entry of Deno.readDir(dir)) {
    const match = pattern.exec(entry.name);
    if (!match || !entry.isFile) continue;
    const pid = Number(match[1]);
    const partial = join(dir, entry.name);
    if (pid === Deno.pid || !writerIsGone(pid, partial)) continue;
    await Deno.remove(partial).catch(() => {});
  }
}

/**
 * Creates an empty hidden file beside `path` (same directory, so the final
 * rename is atomic), with the usual permissions (0666 less the umask),
 * after removing partial files of the same path whose writer is gone.
 */
async function createTempBeside(path: string): Promise<string> {
  const dir = dirname(path);
  try {
    await Deno.mkdir(dir, { recursive: true });
    await removeStalePartials(dir, basename(path));
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
