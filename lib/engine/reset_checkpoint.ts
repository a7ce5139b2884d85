/**
 * Starting a query over: `--reset-checkpoint`.
 *
 * @module
 */
import { join } from "node:path";
import { COMMITS, DATA, OFFSETS } from "./_checkpoint.ts";

/**
 * Empties a checkpoint directory: its offset log, commit log and state
 * files (nothing else in the directory is touched), so the next run is a
 * new query that starts at the source's starting offsets.
 *
 * @param directory The checkpoint directory (it may not exist).
 * @returns Whether there was a checkpoint to remove.
 *
 * @example
 * ```ts
 * if (resetCheckpoint("data/checkpoint")) console.error("checkpoint reset");
 * ```
 */
export function resetCheckpoint(directory: string): boolean {
  let removed = false;
  for (const name of [OFFSETS, COMMITS, DATA, "latest.json"]) {
    try {
      Deno.removeSync(join(directory, name), { recursive: true });
      removed = true;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return removed;
}
