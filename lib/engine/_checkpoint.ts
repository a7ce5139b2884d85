/**
 * Checkpoint files, after Spark's write-ahead design:
 * - `offsets/<batch>.json`, the offset log: written before a batch runs,
 *   it fixes the batch's records (source position before and after), so a
 *   batch interrupted by a crash is replayed with exactly those records.
 * - `commits/<batch>.json`, the commit log: written after the batch's
 *   sinks, with the source position, per-query fingerprint, watermark and
 *   counters; it names content-addressed Arrow IPC files under `data/`
 *   (`<sha256>.arrow`) holding the state and result tables.
 *
 * Every file is written to a temporary name, synced, renamed and its
 * directory synced, so a crash at any moment leaves either the previous or
 * the new entry. Only the newest commit (and the offsets from it on) is
 * kept, with the data files it references.
 *
 * @module
 */
import pl from "nodejs-polars";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { CorruptCheckpointError } from "./errors.ts";
import { pathExists } from "../support/mod.ts";
import type { SourcePosition } from "./source.ts";
import type { QuerySnapshot } from "./_query_runtime.ts";
import type { WatermarkSnapshot } from "./_watermark_tracker.ts";

const FORMAT = "wrapped-streams-checkpoint/2";
/** Data file of each frame already stored (frames never change). */
const STORED = new WeakMap<pl.DataFrame, string>();
/** The checkpoint's subdirectories (the offset log, commit log, state). */
export const OFFSETS = "offsets";
/** The commit log's directory. */
export const COMMITS = "commits";
/** The directory of content-addressed state files. */
export const DATA = "data";

/** One query in a checkpoint. */
export interface QueryCheckpoint {
  /** The definition's fingerprint. */
  fingerprint: string;
  /** The query's state. */
  snapshot: QuerySnapshot;
}

/** A commit log entry: the state after a batch's sinks. */
export interface Checkpoint {
  /** The last batch fully handled. */
  batchId: number;
  /** Whether a bounded run finished (every window closed). */
  finished: boolean;
  /** The source's id. */
  sourceId: string;
  /** The partitions the source read, when it knows them (Kafka). */
  partitions: readonly number[] | null;
  /** Where the source resumes. */
  position: SourcePosition | null;
  /** Per query name. */
  queries: Record<string, QueryCheckpoint>;
}

/** An offset log entry: a batch as planned before it runs. */
export interface PlannedBatch {
  /** The batch. */
  batchId: number;
  /** The source's id. */
  sourceId: string;
  /** Where the batch's records start (`null`: the source's start). */
  start: SourcePosition | null;
  /** Where they end: the source position after the batch. */
  end: SourcePosition | null;
  /** Whether the batch closes every window (the end of a bounded run). */
  final: boolean;
}

/** What a checkpoint directory holds. */
export interface CheckpointLogs {
  /** The newest commit, if any. */
  commit?: Checkpoint;
  /** The batch after it, when it was planned but not committed. */
  planned?: PlannedBatch;
}

interface QueryJson {
  fingerprint: string;
  lateRowsTotal: number;
  watermark: WatermarkSnapshot | null;
  state: string[] | null;
  table: string[] | null;
}

interface CommitJson {
  format: string;
  batchId: number;
  finished: boolean;
  sourceId: string;
  partitions: number[] | null;
  position: SourcePosition | null;
  queries: Record<string, QueryJson>;
}

interface OffsetJson extends PlannedBatch {
  format: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function syncDirectory(directory: string): void {
  const dir = Deno.openSync(directory, { read: true });
  try {
    dir.syncSync();
  } finally {
    dir.close();
  }
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  const file = Deno.openSync(temp, { write: true, create: true });
  try {
    let written = 0;
    while (written < bytes.length) {
      written += file.writeSync(bytes.subarray(written));
    }
    file.syncSync();
  } finally {
    file.close();
  }
  Deno.renameSync(temp, path);
  syncDirectory(dirname(path));
}

function writeJson(path: string, value: unknown): void {
  writeDurably(path, new TextEncoder().encode(JSON.stringify(value, null, 1)));
}

/** The batch ids of a log directory, ascending (temporary files ignored). */
function logEntries(directory: string): number[] {
  const ids: number[] = [];
  try {
    for (const entry of Deno.readDirSync(directory)) {
      const match = /^(\d+)\.json$/.exec(entry.name);
      if (match) ids.push(Number(match[1]));
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return ids.sort((a, b) => a - b);
}

/** Removes a log's entries before `keepFrom` and any temporary file. */
function pruneLog(directory: string, keepFrom: number): void {
  for (const entry of Deno.readDirSync(directory)) {
    const match = /^(\d+)\.json$/.exec(entry.name);
    if (match ? Number(match[1]) < keepFrom : entry.name.includes(".tmp-")) {
      Deno.removeSync(join(directory, entry.name));
    }
  }
}

/**
 * Writes the offset log entry of a batch, durably, before the batch runs.
 *
 * @param directory The checkpoint directory (created if needed).
 * @param planned The batch's records as source positions.
 */
export function writeOffsetLog(
  directory: string,
  planned: PlannedBatch,
): void {
  const offsets = join(directory, OFFSETS);
  Deno.mkdirSync(offsets, { recursive: true });
  const json: OffsetJson = { format: FORMAT, ...planned };
  writeJson(join(offsets, `${planned.batchId}.json`), json);
}

/**
 * Writes a batch's commit log entry (with its state) atomically, then
 * removes older entries and the data files no longer referenced.
 *
 * @param directory The checkpoint directory (created if needed).
 * @param checkpoint What to store.
 */
export function writeCheckpoint(
  directory: string,
  checkpoint: Checkpoint,
): void {
  const dataDir = join(directory, DATA);
  const commits = join(directory, COMMITS);
  Deno.mkdirSync(dataDir, { recursive: true });
  Deno.mkdirSync(commits, { recursive: true });
  const referenced = new Set<string>();
  const storeOne = (df: pl.DataFrame): string => {
    // frames are immutable: one stored earlier keeps its file
    let name = STORED.get(df);
    if (!name || !pathExists(join(dataDir, name))) {
      // one chunk: IPC files allow one dictionary per categorical column
      const bytes = df.rechunk().writeIPC();
      name = `${sha256(bytes)}.arrow`;
      const path = join(dataDir, name);
      if (!pathExists(path)) writeDurably(path, bytes);
      STORED.set(df, name);
    }
    referenced.add(name);
    return name;
  };
  const store = (frames: pl.DataFrame[] | undefined): string[] | null =>
    frames ? frames.map(storeOne) : null;
  const queries: Record<string, QueryJson> = {};
  for (const [name, query] of Object.entries(checkpoint.queries)) {
    queries[name] = {
      fingerprint: query.fingerprint,
      lateRowsTotal: query.snapshot.lateRowsTotal,
      watermark: query.snapshot.watermark ?? null,
      state: store(query.snapshot.state),
      table: store(query.snapshot.table),
    };
  }
  const json: CommitJson = {
    format: FORMAT,
    batchId: checkpoint.batchId,
    finished: checkpoint.finished,
    sourceId: checkpoint.sourceId,
    partitions: checkpoint.partitions ? [...checkpoint.partitions] : null,
    position: checkpoint.position,
    queries,
  };
  writeJson(join(commits, `${checkpoint.batchId}.json`), json);
  pruneLog(commits, checkpoint.batchId);
  if (pathExists(join(directory, OFFSETS))) {
    pruneLog(join(directory, OFFSETS), checkpoint.batchId);
  }
  for (const entry of Deno.readDirSync(dataDir)) {
    if (!referenced.has(entry.name)) {
      Deno.removeSync(join(dataDir, entry.name));
    }
  }
}

type Corrupt = (what: string, cause?: unknown) => CorruptCheckpointError;

function corruption(directory: string, file: string): Corrupt {
  return (what, cause) =>
    new CorruptCheckpointError(
      `checkpoint ${file} is corrupt: ${what}; run with --reset-checkpoint ` +
        `(or delete the directory ${directory}) to start over`,
      directory,
      { cause },
    );
}

function readJson(path: string, corrupt: Corrupt): Record<string, unknown> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Deno.readTextFileSync(path));
  } catch (error) {
    throw corrupt("not valid JSON", error);
  }
  if (json?.format !== FORMAT || !Number.isInteger(json.batchId)) {
    throw corrupt(`not a ${FORMAT} file`);
  }
  return json;
}

/**
 * Reads the logs of a checkpoint directory: its newest commit and the
 * batch planned after it, if any.
 *
 * @param directory The checkpoint directory.
 * @returns The commit and the planned batch (both absent for a new query).
 * @throws {CorruptCheckpointError} When files are unreadable, missing or
 *   fail their SHA-256 check, or the directory holds a checkpoint of an
 *   older format.
 */
export function readCheckpoint(directory: string): CheckpointLogs {
  if (pathExists(join(directory, "latest.json"))) {
    throw corruption(directory, join(directory, "latest.json"))(
      "it was written by an earlier version (no offset and commit logs)",
    );
  }
  const logs: CheckpointLogs = {};
  const commitIds = logEntries(join(directory, COMMITS));
  if (commitIds.length > 0) {
    const file = join(directory, COMMITS, `${commitIds.at(-1)}.json`);
    logs.commit = readCommit(directory, file);
  }
  const next = (logs.commit?.batchId ?? -1) + 1;
  const offsetFile = join(directory, OFFSETS, `${next}.json`);
  if (pathExists(offsetFile)) {
    const json = readJson(offsetFile, corruption(directory, offsetFile));
    logs.planned = {
      batchId: json.batchId as number,
      sourceId: String(json.sourceId),
      start: (json.start ?? null) as SourcePosition | null,
      end: (json.end ?? null) as SourcePosition | null,
      final: json.final === true,
    };
  }
  return logs;
}

function readCommit(directory: string, file: string): Checkpoint {
  const corrupt = corruption(directory, file);
  const json = readJson(file, corrupt) as unknown as CommitJson;
  if (
    typeof json.sourceId !== "string" || typeof json.queries !== "object" ||
    json.queries === null
  ) {
    throw corrupt(`not a ${FORMAT} file`);
  }
  const loadOne = (name: string): pl.DataFrame => {
    if (typeof name !== "string" || !/^[0-9a-f]{64}\.arrow$/.test(name)) {
      throw corrupt(`bad data file name ${JSON.stringify(name)}`);
    }
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(join(directory, DATA, name));
    } catch (error) {
      throw corrupt(`data file data/${name} is missing`, error);
    }
    if (`${sha256(bytes)}.arrow` !== name) {
      throw corrupt(`data file data/${name} fails its SHA-256 check`);
    }
    let df: pl.DataFrame;
    try {
      df = pl.readIPC(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      );
    } catch (error) {
      throw corrupt(`data file data/${name} is not Arrow IPC`, error);
    }
    STORED.set(df, name);
    return df;
  };
  const load = (names: unknown): pl.DataFrame[] | undefined => {
    if (names === null || names === undefined) return undefined;
    if (!Array.isArray(names)) throw corrupt("a frame list is not an array");
    return names.map(loadOne);
  };

  const queries: Record<string, QueryCheckpoint> = {};
  for (const [name, query] of Object.entries(json.queries)) {
    if (typeof query?.fingerprint !== "string") {
      throw corrupt(`query ${name} has no fingerprint`);
    }
    queries[name] = {
      fingerprint: query.fingerprint,
      snapshot: {
        state: load(query.state),
        table: load(query.table),
        watermark: query.watermark ?? undefined,
        lateRowsTotal: Number(query.lateRowsTotal) || 0,
      },
    };
  }
  return {
    batchId: json.batchId,
    finished: json.finished === true,
    sourceId: json.sourceId,
    partitions: Array.isArray(json.partitions) ? json.partitions : null,
    position: json.position ?? null,
    queries,
  };
}
