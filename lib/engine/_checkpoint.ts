/**
 * Checkpoint files: `latest.json` (batch id, source position, per-query
 * fingerprint, watermark and counters) names content-addressed Arrow IPC
 * files under `data/` (`<sha256>.arrow`). Every file is written to a
 * temporary name, synced and renamed, and `latest.json` last, so a crash
 * at any moment leaves either the previous or the new checkpoint.
 *
 * @module
 */
import pl from "nodejs-polars";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { CorruptCheckpointError } from "./errors.ts";
import type { SourcePosition } from "./source.ts";
import type { QuerySnapshot } from "./_query_runtime.ts";
import type { WatermarkSnapshot } from "./_watermark_tracker.ts";

const FORMAT = "wrapped-streams-checkpoint/1";
/** Data file of each frame already stored (frames never change). */
const STORED = new WeakMap<pl.DataFrame, string>();
const LATEST = "latest.json";

/** One query in a checkpoint. */
export interface QueryCheckpoint {
  /** The definition's fingerprint. */
  fingerprint: string;
  /** The query's state. */
  snapshot: QuerySnapshot;
}

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The last batch fully handled. */
  batchId: number;
  /** Whether a bounded run finished (every window closed). */
  finished: boolean;
  /** The source's id. */
  sourceId: string;
  /** Where the source resumes. */
  position: SourcePosition | null;
  /** Per query name. */
  queries: Record<string, QueryCheckpoint>;
}

interface QueryJson {
  fingerprint: string;
  lateRowsTotal: number;
  watermark: WatermarkSnapshot | null;
  state: string[] | null;
  table: string[] | null;
}

interface CheckpointJson {
  format: string;
  batchId: number;
  finished: boolean;
  sourceId: string;
  position: SourcePosition | null;
  queries: Record<string, QueryJson>;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
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
}

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Writes a checkpoint atomically and removes data files it no longer
 * references.
 *
 * @param directory The checkpoint directory (created if needed).
 * @param checkpoint What to store.
 */
export function writeCheckpoint(
  directory: string,
  checkpoint: Checkpoint,
): void {
  const dataDir = join(directory, "data");
  Deno.mkdirSync(dataDir, { recursive: true });
  const referenced = new Set<string>();
  const storeOne = (df: pl.DataFrame): string => {
    // frames are immutable: one stored earlier keeps its file
    let name = STORED.get(df);
    if (!name || !existsSync(join(dataDir, name))) {
      // one chunk: IPC files allow one dictionary per categorical column
      const bytes = df.rechunk().writeIPC();
      name = `${sha256(bytes)}.arrow`;
      const path = join(dataDir, name);
      if (!existsSync(path)) writeDurably(path, bytes);
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
  const json: CheckpointJson = {
    format: FORMAT,
    batchId: checkpoint.batchId,
    finished: checkpoint.finished,
    sourceId: checkpoint.sourceId,
    position: checkpoint.position,
    queries,
  };
  writeDurably(
    join(directory, LATEST),
    new TextEncoder().encode(JSON.stringify(json, null, 1)),
  );
  for (const entry of Deno.readDirSync(dataDir)) {
    if (!referenced.has(entry.name)) {
      Deno.removeSync(join(dataDir, entry.name));
    }
  }
}

/**
 * Reads the checkpoint of a directory.
 *
 * @param directory The checkpoint directory.
 * @returns The checkpoint, or `undefined` when none was written yet.
 * @throws {CorruptCheckpointError} When files are unreadable, missing or
 *   fail their SHA-256 check.
 */
export function readCheckpoint(directory: string): Checkpoint | undefined {
  const latest = join(directory, LATEST);
  let text: string;
  try {
    text = Deno.readTextFileSync(latest);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  const corrupt = (what: string, cause?: unknown) =>
    new CorruptCheckpointError(
      `checkpoint ${latest} is corrupt: ${what}; delete the directory ` +
        `${directory} to start over`,
      directory,
      { cause },
    );
  let json: CheckpointJson;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt("not valid JSON", error);
  }
  if (
    json?.format !== FORMAT || !Number.isInteger(json.batchId) ||
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
      bytes = Deno.readFileSync(join(directory, "data", name));
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
    position: json.position ?? null,
    queries,
  };
}
