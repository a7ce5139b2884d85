/**
 * Replays an Avro Object Container File in order, block by block (reader:
 * `lib/avro`), decoding only the fields the queries read.
 *
 * @module
 */
import avro from "avsc";
import { basename } from "node:path";
import pl from "nodejs-polars";
import {
  AvroCorruptBlockError,
  type AvroFileReader,
  ContainerWriter,
  projectedType,
  readAvroFile,
} from "../avro/mod.ts";
import { columnsFromAvroSchema, type ColumnSpec } from "./columns.ts";
import { avroBlocksFrame, partitionByValue } from "./_avro_frames.ts";
import { PARTITION_COLUMN } from "./_column_builder.ts";
import type {
  Source,
  SourceBatch,
  SourceOpenOptions,
  SourcePollOptions,
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
   * A record's partition from a string column's value by a fixed map
   * (other values go to partition 0), instead of `partitionOf`: this lets
   * the source decode the file straight into columns (polars' Avro reader,
   * no record objects) when the file's schema is `type` itself.
   */
  partitionBy?: {
    readonly column: string;
    readonly partitions: ReadonlyMap<string, number>;
  };
  /**
   * Columns `partitionOf` reads (they are always decoded). Default: none
   * for the default `partitionOf`; with a custom one and no list, every
   * field is decoded.
   */
  partitionColumns?: readonly string[];
  /** Identity stored in checkpoints. Default `avro-file:<file name>`. */
  id?: string;
}

/** Records decoded per columnar step (whole blocks, at least this many). */
const GROUP_RECORDS = 16_384;

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
    id = `avro-file:${basename(path)}`,
  } = options;
  const partitionBy = options.partitionOf ? undefined : options.partitionBy;
  const byColumn = partitionBy &&
    columns.find((c) => c.name === partitionBy.column);
  if (partitionBy && !byColumn) {
    throw new TypeError(
      `avroFileSource partitionBy names no column of the layout: ${
        JSON.stringify(partitionBy.column)
      }`,
    );
  }
  const partitionOf = options.partitionOf ??
    (byColumn
      ? (record: never) =>
        partitionBy!.partitions.get(
          byColumn.path.reduce(
            (node: unknown, key) => (node as Record<string, unknown>)?.[key],
            record,
          ) as string,
        ) ?? 0
      : () => 0);
  const partitionColumns = options.partitionColumns ??
    (options.partitionOf ? undefined : partitionBy ? [partitionBy.column] : []);
  let blocks:
    | AsyncGenerator<
      {
        byteOffset: number;
        nextByteOffset: number;
        records: unknown[];
        count: number;
        data: Uint8Array;
        index: number;
      }
    >
    | undefined;
  let reader: AvroFileReader<unknown> | undefined;
  let pending: unknown[] = [];
  /** Columnar mode: the decoded group of blocks, and how to decode one. */
  let frame: pl.DataFrame | undefined;
  let columnar:
    | {
      writer: ContainerWriter;
      columns: readonly ColumnSpec[];
      partition: pl.Expr;
    }
    | undefined;
  let pendingIndex = 0;
  let blockOffset = 0;
  let nextBlockOffset = 0;
  let records = 0;
  let ended = false;
  const pendingLength = () => columnar ? frame?.height ?? 0 : pending.length;

  /** Columnar: decodes the next group of whole blocks with polars. */
  const decodeGroup = async (): Promise<boolean> => {
    const { writer, columns: wanted, partition } = columnar!;
    writer.reset();
    let count = 0, first = -1, firstIndex = 0, next = nextBlockOffset;
    while (count < GROUP_RECORDS) {
      const block = await blocks!.next();
      if (block.done) break;
      if (first < 0) {
        [first, firstIndex] = [block.value.byteOffset, block.value.index];
      }
      // copied now: the reader reuses its buffer for the next block
      writer.add(block.value);
      count += block.value.count;
      next = block.value.nextByteOffset;
    }
    if (first < 0) return false;
    try {
      frame = avroBlocksFrame(writer.bytes(), wanted, partition);
    } catch (error) {
      throw new AvroCorruptBlockError(
        path,
        firstIndex,
        first,
        (error as Error).message,
        { cause: error },
      );
    }
    blockOffset = first;
    nextBlockOffset = next;
    return true;
  };

  const fill = async (): Promise<boolean> => {
    while (pendingIndex >= pendingLength()) {
      if (columnar) {
        if (!(await decodeGroup())) return false;
        pendingIndex = 0;
        continue;
      }
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
      const start = position?.blockOffset;
      const startOffset = start !== undefined && start > 0
        ? { startOffset: start }
        : {};
      const readerType = projectedType(type, wanted);
      const header = await readAvroFile(path, { type: readerType })
        .readHeader();
      // Files of the reader's own schema, not partitioned by a function,
      // are decoded by polars straight into columns (no record objects).
      columnar = undefined;
      if (
        !options.partitionOf &&
        type.equals(avro.Type.forSchema(header.writerSchema))
      ) {
        columnar = {
          writer: new ContainerWriter(header.writerSchema),
          columns: wanted,
          partition: byColumn
            ? partitionByValue(byColumn, partitionBy!.partitions)
            : pl.lit(0).cast(pl.Int32),
        };
      }
      reader = readAvroFile(path, {
        type: columnar ? type : readerType,
        decode: !columnar,
        ...startOffset,
      });
      blocks = reader.blocks() as typeof blocks;
      pending = [];
      frame = undefined;
      pendingIndex = 0;
      records = position?.records ?? 0;
      blockOffset = nextBlockOffset = start ?? header.dataOffset;
      ended = false;
      const skip = position?.recordInBlock ?? 0;
      if (skip > 0) {
        if (!(await fill()) || skip > pendingLength()) {
          throw new RangeError(
            `avroFileSource position ${JSON.stringify(position)} is past ` +
              `the block's records in ${path}`,
          );
        }
        pendingIndex = skip;
      }
    },
    async poll(
      maxRecords: number,
      _maxWaitMs?: number,
      pollOptions?: SourcePollOptions,
    ): Promise<SourceBatch> {
      if (!blocks) throw new TypeError("avroFileSource: poll() before open()");
      const until = pollOptions?.until?.records;
      if (until !== undefined) {
        maxRecords = Math.max(0, Math.min(maxRecords, until - records));
      }
      const out: unknown[] = [];
      const frames: pl.DataFrame[] = [];
      let taken = 0;
      while (taken < maxRecords && !ended) {
        if (!(await fill())) {
          ended = true;
          break;
        }
        const take = Math.min(
          maxRecords - taken,
          pendingLength() - pendingIndex,
        );
        if (columnar) frames.push(frame!.slice(pendingIndex, take));
        else {
          for (let i = 0; i < take; i++) out.push(pending[pendingIndex + i]);
        }
        pendingIndex += take;
        taken += take;
      }
      const chunk = frames.length === 0
        ? undefined
        : frames.length === 1
        ? frames[0]
        : pl.concat(frames);
      const offsets = new Float64Array(taken);
      for (let i = 0; i < taken; i++) offsets[i] = records + i;
      let partitions: ArrayLike<number>;
      if (chunk) {
        partitions = chunk.getColumn(PARTITION_COLUMN)
          .toTypedArray() as ArrayLike<number>;
      } else {
        const own = new Int32Array(taken);
        for (let i = 0; i < taken; i++) own[i] = partitionOf(out[i] as never);
        partitions = own;
      }
      records += taken;
      const inBlock = pendingIndex < pendingLength();
      if (!ended && !inBlock && taken > 0) {
        // peek whether the file has more, so that `exhausted` is exact
        ended = !(await fill());
      }
      const done = pendingIndex >= pendingLength() && ended;
      return {
        records: out,
        ...(chunk ? { frame: chunk } : {}),
        partitions,
        offsets,
        position: pendingIndex < pendingLength()
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
