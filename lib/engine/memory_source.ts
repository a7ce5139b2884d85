/**
 * A source over an in-memory array of records, for tests and notebooks.
 *
 * @module
 */
import type { ColumnSpec } from "./columns.ts";
import type {
  Source,
  SourceBatch,
  SourcePollOptions,
  SourcePosition,
} from "./source.ts";

/** Options of {@linkcode memorySource}. */
export interface MemorySourceOptions<R> {
  /** Column layout: how a record becomes the batch's columns. */
  columns: readonly ColumnSpec[];
  /**
   * The partition of a record (drives per-partition watermarks). Default:
   * every record in partition 0.
   */
  partitionOf?: (record: R, index: number) => number;
  /** Identity stored in checkpoints. Default `"memory"`. */
  id?: string;
}

/**
 * Replays an array in order. Offsets are array indices; the position is
 * `{ records: <next index> }`. Each poll says which partitions have no
 * records left (`caughtUp`), so only those can go idle.
 *
 * @param records The records, in arrival order.
 * @param options Layout, partitioning, id.
 * @returns The source.
 * @throws {TypeError} When `records` is not an array.
 *
 * @example
 * ```ts
 * const source = memorySource(records, {
 *   columns: LISTENING_COLUMNS,
 *   partitionOf: (r) => personalityIndex(r.personality),
 * });
 * ```
 */
export function memorySource<R>(
  records: readonly R[],
  options: MemorySourceOptions<R>,
): Source {
  if (!Array.isArray(records)) {
    throw new TypeError(
      `memorySource() needs an array of records: got ${typeof records}`,
    );
  }
  if (!Array.isArray(options?.columns)) {
    throw new TypeError(
      `memorySource() needs a column layout (options.columns): got ${
        JSON.stringify(options?.columns)
      }`,
    );
  }
  const { columns, partitionOf = () => 0, id = "memory" } = options;
  let next = 0;
  let opened = false;
  let lastIndexOf: Map<number, number> | undefined;
  return {
    id,
    columns,
    open(position?: SourcePosition) {
      const start = position?.records ?? 0;
      if (!Number.isInteger(start) || start < 0 || start > records.length) {
        throw new RangeError(
          `memorySource position must be 0..${records.length}: got ${start}`,
        );
      }
      next = start;
      opened = true;
      return Promise.resolve();
    },
    poll(
      maxRecords: number,
      _maxWaitMs?: number,
      pollOptions?: SourcePollOptions,
    ): Promise<SourceBatch> {
      if (!opened) throw new TypeError("memorySource: poll() before open()");
      const until = pollOptions?.until?.records ?? records.length;
      const end = Math.max(
        next,
        Math.min(records.length, until, next + maxRecords),
      );
      const slice = records.slice(next, end);
      const partitions = new Int32Array(slice.length);
      const offsets = new Float64Array(slice.length);
      for (let i = 0; i < slice.length; i++) {
        partitions[i] = partitionOf(slice[i], next + i);
        offsets[i] = next + i;
      }
      next = end;
      lastIndexOf ??= lastIndices(records, partitionOf);
      const caughtUp = [...lastIndexOf]
        .filter(([, last]) => last < next)
        .map(([partition]) => partition);
      return Promise.resolve({
        records: slice,
        partitions,
        offsets,
        position: { records: next },
        exhausted: next >= records.length,
        caughtUp,
      });
    },
    commit() {
      return Promise.resolve();
    },
    close() {
      opened = false;
      return Promise.resolve();
    },
  };
}

/** Partition -> index of its last record. */
function lastIndices<R>(
  records: readonly R[],
  partitionOf: (record: R, index: number) => number,
): Map<number, number> {
  const last = new Map<number, number>();
  records.forEach((r, i) => last.set(partitionOf(r, i), i));
  return last;
}
