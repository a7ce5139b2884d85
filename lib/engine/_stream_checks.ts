/**
 * Checks of `startStream()`: queries that can run together, options, the
 * columns to decode, and a checkpoint's compatibility.
 *
 * @module
 */
import { normalize, stringify } from "multi-integer-range";
import type { ColumnSpec } from "./columns.ts";
import { IncompatibleCheckpointError } from "./errors.ts";
import type { Checkpoint, PlannedBatch } from "./_checkpoint.ts";
import type { StreamOptions } from "./start_stream.ts";
import type { StreamQuery } from "./stream_query.ts";

/**
 * Throws unless the queries can run as one stream with these options.
 *
 * @throws {TypeError} For no queries, duplicate names, shared sinks or
 *   several sources.
 * @throws {RangeError} For an invalid trigger or batch size.
 */
export function validate(
  queries: readonly StreamQuery[],
  options: StreamOptions,
) {
  if (!Array.isArray(queries) || queries.length === 0) {
    throw new TypeError("startStream() needs at least one query");
  }
  const names = new Set<string>();
  const sinks = new Set<unknown>();
  for (const query of queries) {
    if (!(query?.plan?.source)) {
      throw new TypeError(
        `startStream() takes queries made by writeStream(): got ${
          JSON.stringify(query)
        }`,
      );
    }
    if (names.has(query.name)) {
      throw new TypeError(`two queries are named ${query.name}`);
    }
    names.add(query.name);
    if (sinks.has(query.plan.sink)) {
      throw new TypeError(
        `queries share one sink object (${query.name}); give each its own`,
      );
    }
    sinks.add(query.plan.sink);
    if (query.plan.source !== queries[0].plan.source) {
      throw new TypeError(
        `all queries of a stream must read the same source: ${query.name} ` +
          `reads ${query.plan.source.id}, ${queries[0].name} reads ` +
          queries[0].plan.source.id,
      );
    }
  }
  const { trigger = "asap", maxRecordsPerBatch = 100_000 } = options;
  const validInterval = typeof trigger === "object" &&
    "intervalMs" in trigger && Number.isFinite(trigger.intervalMs) &&
    trigger.intervalMs > 0;
  const validCount = typeof trigger === "object" &&
    "everyRecords" in trigger && Number.isInteger(trigger.everyRecords) &&
    trigger.everyRecords > 0;
  if (
    trigger !== "asap" && trigger !== "once" && !validInterval && !validCount
  ) {
    throw new RangeError(
      `trigger must be "asap", "once", { intervalMs: <positive> } or ` +
        `{ everyRecords: <positive integer> }: got ${JSON.stringify(trigger)}`,
    );
  }
  if (!Number.isInteger(maxRecordsPerBatch) || maxRecordsPerBatch <= 0) {
    throw new RangeError(
      `maxRecordsPerBatch must be a positive integer: got ${maxRecordsPerBatch}`,
    );
  }
}

/** The source columns any query reads (projection pushdown). */
export function neededColumns(queries: readonly StreamQuery[]): ColumnSpec[] {
  const all = queries[0].plan.source.columns;
  const needed = new Set<string>();
  for (const query of queries) {
    const used = query.plan.sourceColumns;
    if (used === "*") return [...all];
    used.forEach((name) => needed.add(name));
  }
  return all.filter((column) => needed.has(column.name));
}

/**
 * Throws unless a checkpoint was written by these queries on this source.
 *
 * @throws {IncompatibleCheckpointError} Otherwise.
 */
export function checkCompatible(
  directory: string,
  checkpoint: Checkpoint,
  queries: readonly StreamQuery[],
): void {
  const sourceId = queries[0].plan.source.id;
  if (checkpoint.sourceId !== sourceId) {
    throw new IncompatibleCheckpointError(
      `checkpoint ${directory} was written for source ${checkpoint.sourceId}, ` +
        `not ${sourceId}; use a new checkpoint directory or --reset-checkpoint`,
      directory,
    );
  }
  const stored = Object.keys(checkpoint.queries).sort();
  const current = queries.map((q) => q.name).sort();
  if (stored.join("\n") !== current.join("\n")) {
    throw new IncompatibleCheckpointError(
      `checkpoint ${directory} was written for queries ${stored.join(", ")}, ` +
        `not ${current.join(", ")}; use a new checkpoint directory or ` +
        `--reset-checkpoint`,
      directory,
    );
  }
  for (const query of queries) {
    if (checkpoint.queries[query.name].fingerprint !== query.fingerprint) {
      throw new IncompatibleCheckpointError(
        `checkpoint ${directory} was written by a different definition of ` +
          `query ${query.name} (fingerprint ${
            checkpoint.queries[query.name].fingerprint.slice(0, 12)
          }, now ${query.fingerprint.slice(0, 12)}); use a new checkpoint ` +
          `directory or --reset-checkpoint`,
        directory,
      );
    }
  }
}

/**
 * Throws unless a batch of the offset log was planned on this source.
 *
 * @throws {IncompatibleCheckpointError} Otherwise.
 */
export function checkPlanned(
  directory: string,
  planned: PlannedBatch,
  queries: readonly StreamQuery[],
): void {
  const sourceId = queries[0].plan.source.id;
  if (planned.sourceId !== sourceId) {
    throw new IncompatibleCheckpointError(
      `checkpoint ${directory} was written for source ${planned.sourceId}, ` +
        `not ${sourceId}`,
      directory,
    );
  }
}

/** `0-3,7` for `[0, 1, 2, 3, 7]`. */
export function formatPartitions(partitions: readonly number[]): string {
  return stringify(normalize([...partitions]));
}

/**
 * Throws unless the source reads the partitions the checkpoint was written
 * for (a checkpoint of another partition set would skip or repeat records).
 *
 * @throws {IncompatibleCheckpointError} Otherwise.
 */
export function checkPartitions(
  directory: string,
  stored: readonly number[] | null,
  current: readonly number[],
): void {
  if (!stored) return;
  const before = formatPartitions(stored);
  const now = formatPartitions(current);
  if (before !== now) {
    throw new IncompatibleCheckpointError(
      `checkpoint ${directory} was written for partitions ${before}, not ` +
        `${now}; use a new checkpoint directory or --reset-checkpoint`,
      directory,
    );
  }
}
