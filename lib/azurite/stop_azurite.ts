/**
 * Stops an Azurite this project started (found through its pid file),
 * never anything else.
 *
 * @module
 */
import { waitUntil } from "../support/mod.ts";
import { DEFAULT_AZURITE_DATA_DIR } from "./azurite_defaults.ts";
import { isAzuriteProcess, readPidFile, removePidFile } from "./_pid_file.ts";
import { startedChildren } from "./_children.ts";

/** Options of {@linkcode stopAzurite}. */
export interface StopAzuriteOptions {
  /** The data directory given to `startAzurite`. Default `data/azurite`. */
  dataDir?: string;
  /**
   * Wait this long after SIGTERM (Azurite saves its metadata on a graceful
   * stop) before SIGKILL. Default 30,000 ms.
   */
  timeoutMs?: number;
}

/** What {@linkcode stopAzurite} did. */
export interface StopAzuriteResult {
  /** `true` when a running process was stopped. */
  stopped: boolean;
  /** The pid from the pid file, if there was one. */
  pid?: number;
}

/**
 * Gracefully stops the Azurite recorded in `<dataDir>/azurite.pid` and
 * removes the pid file. Does nothing when there is no pid file or its
 * process is gone.
 *
 * @param options Data directory and grace period.
 * @returns Whether a process was stopped.
 */
export async function stopAzurite(
  options: StopAzuriteOptions = {},
): Promise<StopAzuriteResult> {
  const { dataDir = DEFAULT_AZURITE_DATA_DIR, timeoutMs = 30_000 } = options;
  const pidFile = await readPidFile(dataDir);
  if (!pidFile) return { stopped: false };
  const { pid } = pidFile;
  if (!isAzuriteProcess(pid)) {
    await removePidFile(dataDir);
    return { stopped: false, pid };
  }
  const child = startedChildren.get(pid);
  Deno.kill(pid, "SIGTERM");
  try {
    await waitUntil(() => !isAzuriteProcess(pid), {
      timeoutMs,
      intervalMs: 50,
      what: `Azurite (pid ${pid}) to exit`,
    });
  } catch {
    if (isAzuriteProcess(pid)) Deno.kill(pid, "SIGKILL");
  }
  if (child) {
    // It was unref'd so its starter may exit; waiting on it must hold the
    // event loop open.
    child.ref();
    await child.status;
  }
  await removePidFile(dataDir);
  return { stopped: true, pid };
}
