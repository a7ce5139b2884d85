/**
 * When has a local Azurite certainly saved what it acknowledged? Azurite
 * keeps queues, messages and extents in two LokiJS databases held in
 * memory and written whole to `store/*.json` by a timer (every 5 s in
 * Azurite 3.37; `startAzurite` shortens it), so a SIGKILL loses what it
 * acknowledged since the last save. This watches those files.
 *
 * A save serialises the database, writes `<file>~` and renames it over the
 * file; saves of one database run one after another. So once the file was
 * replaced twice after a moment T, the second save began after T and holds
 * every write acknowledged before T — provided the same Azurite process
 * ran throughout (a restarted one saves what it loaded, not what was lost).
 * `startAzurite` writes a new pid file at every start, so the pid file's
 * identity (pid, inode, mtime) tells one run from the next without reading
 * `/proc` (which Deno allows only with `--allow-all`).
 *
 * @module
 */
import { readPidFile } from "./_pid_file.ts";

/** The store files of Azurite's queue service, under `<dataDir>/store`. */
export const AZURITE_STORE_FILES = [
  "__azurite_db_queue__.json",
  "__azurite_db_queue_extent__.json",
] as const;

/** Thrown when the Azurite process changed (restarted or stopped). */
export class AzuriteRestartedError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "AzuriteRestartedError";
  }
}

/** Options of {@linkcode AzuritePersistence.waitForSave}. */
export interface WaitForSaveOptions {
  /**
   * Makes both databases dirty (e.g. sends and deletes a message), so that
   * a save follows even when nothing else is written. Called before each
   * of the two saves is awaited.
   */
  touch: () => Promise<void>;
  /** Stops waiting (rejects with the signal's reason). */
  signal?: AbortSignal;
}

type Stamp = string;

async function stampOf(path: string): Promise<Stamp> {
  try {
    const info = await Deno.stat(path);
    return `${info.ino}:${info.mtime?.getTime()}:${info.size}`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    throw error;
  }
}

/**
 * Watches the saves of the Azurite started with a data directory.
 *
 * @example Commit only what Azurite certainly saved
 * ```ts
 * const persistence = await AzuritePersistence.open("data/azurite");
 * const generation = persistence?.generation(); // before sending
 * // … send, get the acknowledgements …
 * await persistence?.waitForSave(generation!, { touch });
 * ```
 */
export class AzuritePersistence {
  /** The data directory (`store/` holds the databases). */
  readonly dataDir: string;
  /** How often the files are looked at. */
  readonly pollMs: number;

  private constructor(dataDir: string, pollMs: number) {
    this.dataDir = dataDir;
    this.pollMs = pollMs;
  }

  /**
   * The persistence of the Azurite recorded in `<dataDir>/azurite.pid`, if
   * it runs, listens on `port` (when given) and saves to files.
   *
   * @param dataDir The data directory given to `startAzurite`.
   * @param options The port it must listen on; the poll interval.
   * @returns The watcher, or `undefined` (no such Azurite, or in memory).
   */
  static async open(
    dataDir: string,
    options: { port?: number; pollMs?: number } = {},
  ): Promise<AzuritePersistence | undefined> {
    const { port, pollMs = 20 } = options;
    const pidFile = await readPidFile(dataDir);
    if (!pidFile || (port !== undefined && pidFile.port !== port)) {
      return undefined;
    }
    const stamps = await Promise.all(
      AZURITE_STORE_FILES.map((f) => stampOf(`${dataDir}/store/${f}`)),
    );
    if (stamps.includes("missing")) return undefined;
    return new AzuritePersistence(dataDir, pollMs);
  }

  /**
   * Which Azurite run is current (`pid:inode:mtime` of its pid file,
   * `"down"` without one): take it before sending, hand it to
   * {@linkcode waitForSave}.
   */
  generation(): string {
    const path = `${this.dataDir}/azurite.pid`;
    try {
      const info = Deno.statSync(path);
      const { pid } = JSON.parse(Deno.readTextFileSync(path));
      return `${pid}:${info.ino}:${info.mtime?.getTime()}`;
    } catch {
      return "down";
    }
  }

  /**
   * Resolves once everything the Azurite of `generation` acknowledged
   * before this call is in its store files: each file replaced twice after
   * the call, with `touch` before each wait.
   *
   * @param generation What {@linkcode generation} returned before sending.
   * @param options The touch and an abort signal.
   * @throws {AzuriteRestartedError} When another process (or none) runs
   *   now: writes acknowledged by the old one may be lost; send again.
   */
  async waitForSave(
    generation: string,
    options: WaitForSaveOptions,
  ): Promise<void> {
    const { touch, signal } = options;
    const paths = AZURITE_STORE_FILES.map((f) => `${this.dataDir}/store/${f}`);
    const check = () => {
      signal?.throwIfAborted();
      const now = this.generation();
      if (now !== generation) {
        throw new AzuriteRestartedError(
          `Azurite changed from process ${generation} to ${now} (${this.dataDir}): writes it acknowledged may be lost`,
        );
      }
    };
    check();
    let stamps = await Promise.all(paths.map(stampOf));
    for (let save = 0; save < 2; save++) {
      await touch();
      const changed = paths.map(() => false);
      while (changed.includes(false)) {
        check();
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
        const now = await Promise.all(paths.map(stampOf));
        now.forEach((stamp, i) => {
          if (stamp !== stamps[i] && stamp !== "missing") changed[i] = true;
        });
        stamps = stamps.map((old, i) => changed[i] ? now[i] : old);
      }
    }
    check();
  }
}
