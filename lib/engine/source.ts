/**
 * The source contract: where micro-batches of decoded records come from.
 * Implementations: `memorySource`, `avroFileSource` (engine) and
 * `kafkaSource` (`lib/sources`); all pass `tests/engine/source_conformance.ts`.
 *
 * @module
 */
import type pl from "nodejs-polars";
import type { ColumnSpec } from "./columns.ts";

/**
 * Where a source resumes: a JSON object of numbers, e.g. Kafka's next
 * offset per partition `{"0": 1200, "1": 950}` or a replay's record index
 * `{"records": 5000}`. Stored in checkpoints.
 */
export type SourcePosition = Readonly<Record<string, number>>;

/** One micro-batch as a source delivers it. */
export interface SourceBatch {
  /** Decoded records (e.g. avsc `ListeningRecord`s). */
  readonly records: readonly unknown[];
  /** Each record's source partition (drives per-partition watermarks). */
  readonly partitions: ArrayLike<number>;
  /** Each record's offset within its partition. */
  readonly offsets: ArrayLike<number>;
  /** Where to resume after this batch. */
  readonly position: SourcePosition;
  /**
   * `true` when the source has nothing more to give as of now and a
   * bounded run (trigger `"once"`) should finish: end of file, end of
   * array, or the Kafka end offsets seen when the source opened.
   */
  readonly exhausted: boolean;
  /**
   * The chunk already as columns, when the source decodes into them (the
   * columns it was opened for, strings as Utf8, and `__partition` Int32):
   * then `records` is empty (`partitions` and `offsets` still hold one
   * entry per row).
   */
  readonly frame?: pl.DataFrame;
  /** Messages read and rejected as invalid (dead-lettered), not in `records`. */
  readonly invalid?: number;
  /**
   * The partitions read to their end as of this poll (Kafka: position at
   * the high watermark of a recent fetch). When given, only these can go
   * idle: a silent partition with a backlog, or every partition while the
   * broker cannot be reached, keeps holding the watermark back. A source
   * that cannot tell leaves it out: then any partition silent for the idle
   * timeout is idle.
   */
  readonly caughtUp?: readonly number[];
}

/** Options of {@linkcode Source.open}. */
export interface SourceOpenOptions {
  /**
   * The columns the queries read. A source may decode only these (e.g.
   * with an Avro reader schema that skips the other fields); records must
   * still carry every listed column.
   */
  columns?: readonly string[];
}

/** Options of {@linkcode Source.poll}. */
export interface SourcePollOptions {
  /**
   * Deliver no record at or past this position (a batch replayed from the
   * checkpoint's offset log): Kafka's next offset per partition, a
   * replay's record count. Records held back come in later polls.
   */
  until?: SourcePosition;
}

/** A source of micro-batches. */
export interface Source {
  /**
   * Identity stored in checkpoints, e.g. `"kafka:listening-events"`; a
   * checkpoint written for another source is refused.
   */
  readonly id: string;
  /** How records become columns (see {@linkcode ColumnSpec}). */
  readonly columns: readonly ColumnSpec[];
  /**
   * Prepares reading.
   *
   * @param position Resume here (from a checkpoint); it takes precedence
   *   over any starting-offset option of the source.
   * @param options The columns needed.
   */
  open(position?: SourcePosition, options?: SourceOpenOptions): Promise<void>;
  /**
   * Takes the next micro-batch: up to `maxRecords` records, waiting at
   * most `maxWaitMs` for them to arrive (returns earlier when full or
   * exhausted). May return zero records. With `until`, stops there.
   */
  poll(
    maxRecords: number,
    maxWaitMs: number,
    options?: SourcePollOptions,
  ): Promise<SourceBatch>;
  /**
   * The partitions the source reads, when it knows them after `open`
   * (Kafka). Each holds the watermark back until it sends rows or stays
   * silent for the idle timeout, so that a partition read late does not
   * find its rows behind a watermark set by the others.
   */
  partitions?(): readonly number[];
  /**
   * Acknowledges everything before `position` (Kafka: the group's offsets,
   * a progress marker). Called only after the commit log entry of that
   * batch is written, and never without a checkpoint.
   */
  commit(position: SourcePosition): Promise<void>;
  /** Releases connections and files. */
  close(): Promise<void>;
}
