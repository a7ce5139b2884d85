/**
 * Replays an Avro Object Container File in order, block by block (reader:
 * `lib/avro`), decoding only the fields the queries read.
 *
 * @module
 */
import type avro from "avsc";
import { basename } from "node:path";
import {
  type AvroFileReader,
  projectedType,
  readAvroFile,
} from "../avro/mod.ts";
import { columnsFromAvroSchema, type ColumnSpec } from "./columns.ts";
import type {
  Source,
  SourceBatch,
  SourceOpenOptions,
  SourcePosition,
} from "./source.ts";

/** Options of {@linkcode avroFileSource}. */
export interface AvroFileSourceOptions {
  /** The records' Avro type (the file's writer schema or compatible). */
  type: avro.Type;
  /** Column layout. Default: every leaf of `type` (`columnsFromAvroSchema`). */
  columns?: readonly ColumnSpec[];
  /**
   * A record's partition (drives per-partition watermarks). Default: every
   * record in partition 0.
   */
  partitionOf?: (record: never) => number;
  /**
   * Columns `partitionOf` reads (they are always decoded). Default: none
   * for the default `partitionOf`; with a custom one and no list, every
   * field is decoded.
   */
  partitionColumns?: readonly string[];
  /** Identity stored in checkpoints. Default `avro-file:<file name>`. */
  id?: string;
}

/**
 * Creates a source replaying a container file. Offsets are record numbers
 * in the file; the position is `{ blockOffset, recordInBlock, records }`
 * (resume at a block boundary, then skip records already read).
 *
 * @param path The `.avro` file.
 * @param options Type, layout, partitioning, id.
 * @returns The source.
 * @throws {TypeError} When `path` is empty or `type` is missing.
 */
export function avroFileSource(
  path: string,
  options: AvroFileSourceOptions,
): Source {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `avroFileSource() needs a file path: got ${JSON.stringify(path)}`,
    );
  }
  if (typeof options?.type?.schema !== "function") {
    throw new TypeError(
      `avroFileSource() needs the records' Avro type: got ${
        JSON.stringify(options?.type)
      }`,
    );
  }
  const {
    type,
    columns = columnsFromAvroSchema(type),
    partitionOf = () => 0,
    id = `avro-file:${basename(path)}`,
  } = options;
  const partitionColumns = options.partitionColumns ??
    (options.partitionOf ? undefined : []);
  let blocks:
    | AsyncGenerator<
      { byteOffset: number; nextByteOffset: number; records: unknown[] }
    >
    | undefined;
  let reader: AvroFileReader<unknown> | undefined;
  let pending: unknown[] = [];
  let pendingIndex = 0;
  let blockOffset = 0;
  let nextBlockOffset = 0;
  let records = 0;
  let ended = false;

  const fill = async (): Promise<boolean> => {
    while (pendingIndex >= pending.length) {
      const next = await blocks!.next();
      if (next.done) return false;
      pending = next.value.records;
      pendingIndex = 0;
      blockOffset = next.value.byteOffset;
      nextBlockOffset = next.value.nextByteOffset;
    }
    return true;
  };

  return {
    id,
    columns,
    async open(position?: SourcePosition, openOptions?: SourceOpenOptions) {
      const needed = openOptions?.columns && partitionColumns
        ? new Set([...openOptions.columns, ...partitionColumns])
        : undefined;
      const wanted = needed
        ? columns.filter((c) => needed.has(c.name))
        : columns;
      const readerType = projectedType(type, wanted);
      const start = position?.blockOffset;
      reader = readAvroFile(path, {
        type: readerType,
        ...(start !== undefined && start > 0 ? { startOffset: start } : {}),
      });
      const header = await reader.readHeader();
      blocks = reader.blocks() as typeof blocks;
      pending = [];
      pendingIndex = 0;
      records = position?.records ?? 0;
      blockOffset = nextBlockOffset = start ?? header.dataOffset;
      ended = false;
      const skip = position?.recordInBlock ?? 0;
      if (skip > 0) {
        if (!(await fill()) || skip > pending.length) {
          throw new RangeError(
            `avroFileSource position ${JSON.stringify(position)} is past ` +
              `the block's records in ${path}`,
          );
        }
        pendingIndex = skip;
      }
    },
    async poll(maxRecords: number): Promise<SourceBatch> {
      if (!blocks) throw new TypeError("avroFileSource: poll() before open()");
      const out: unknown[] = [];
      while (out.length < maxRecords && !ended) {
        if (!(await fill())) {
          ended = true;
          break;
        }
        const take = Math.min(
          maxRecords - out.length,
          pending.length - pendingIndex,
        );
        for (let i = 0; i < take; i++) out.push(pending[pendingIndex + i]);
        pendingIndex += take;
      }
      const partitions = new Int32Array(out.length);
      const offsets = new Float64Array(out.length);
      for (let i = 0; i < out.length; i++) {
        partitions[i] = partitionOf(out[i] as never);
        offsets[i] = records + i;
      }
      records += out.length;
      const inBlock = pendingIndex < pending.length;
      if (!ended && !inBlock && out.length > 0) {
        // peek whether the file has more, so that `exhausted` is exact
        ended = !(await fill());
      }
      const done = pendingIndex >= pending.length && ended;
      return {
        records: out,
        partitions,
        offsets,
        position: pendingIndex < pending.length
          ? { blockOffset, recordInBlock: pendingIndex, records }
          : { blockOffset: nextBlockOffset, recordInBlock: 0, records },
        exhausted: done,
      };
    },
    commit() {
      return Promise.resolve();
    },
    async close() {
      await blocks?.return(undefined);
      blocks = undefined;
    },
  };
}
