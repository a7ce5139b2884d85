/**
 * Where the dispatcher takes records from: an async iterable of batches,
 * each with a `commit()` that acknowledges it at the source (a Kafka offset
 * commit, say). The dispatcher calls `commit()` only after every record of
 * that batch and of all earlier batches was accepted by the queue service.
 *
 * @module
 */
import type { ListeningRecord } from "../schema/mod.ts";

/** One batch of records from a source. */
export interface DispatchBatch {
  /** The records, of any personalities. */
  readonly records: readonly ListeningRecord[];
  /** Acknowledges the batch at the source. Called at most once, in order. */
  commit(): Promise<void>;
}

/** A source of batches for `dispatchRecords`. */
export type DispatchSource = AsyncIterable<DispatchBatch>;

/** Options of {@linkcode arraySource}. */
export interface ArraySourceOptions {
  /** Records per batch. Default 5,000. */
  batchSize?: number;
  /** Called with the number of records committed so far. */
  onCommit?: (committedRecords: number) => void;
}

/**
 * An in-memory source (tests, benchmarks, notebooks): yields `records` in
 * batches and counts commits.
 *
 * @param records The records to dispatch.
 * @param options Batch size and a commit listener.
 * @returns A {@linkcode DispatchSource}.
 * @throws {RangeError} For a batch size below 1.
 */
export function arraySource(
  records: readonly ListeningRecord[],
  options: ArraySourceOptions = {},
): DispatchSource {
  const { batchSize = 5_000, onCommit } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `batchSize must be a positive integer: got ${batchSize}`,
    );
  }
  let committed = 0;
  return {
    async *[Symbol.asyncIterator]() {
      for (let start = 0; start < records.length; start += batchSize) {
        const batch = records.slice(start, start + batchSize);
        yield {
          records: batch,
          commit() {
            committed += batch.length;
            onCommit?.(committed);
            return Promise.resolve();
          },
        };
      }
    },
  };
}
