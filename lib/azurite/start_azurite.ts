/**
 * Starts Azurite's queue service in the background, detached from the
 * calling process, and waits until it answers.
 *
 * @module
 */
import { tailLines, waitUntil } from "../support/mod.ts";
import {
  AZURITE_ACCOUNT_NAME,
  AZURITE_VERSION,
  azuriteConnectionString,
  DEFAULT_AZURITE_DATA_DIR,
  DEFAULT_AZURITE_HOST,
  DEFAULT_AZURITE_QUEUE_PORT,
} from "./azurite_defaults.ts";
import { installAzurite } from "./install_azurite.ts";
import type { InstallAzuriteOptions } from "./install_azurite.ts";
import { probeQueueEndpoint } from "./probe_queue_endpoint.ts";
import {
  isAzuriteProcess,
  readPidFile,
  removePidFile,
  writePidFile,
} from "./_pid_file.ts";
import { startedChildren } from "./_children.ts";

/** Options of {@linkcode startAzurite}. */
export interface StartAzuriteOptions extends InstallAzuriteOptions {
  /** Listen address. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Queue port. Default 10001. */
  port?: number;
  /**
   * Holds the queue data (`store/`), the log (`azurite.log`) and the pid
   * file (`azurite.pid`). Default `data/azurite` under the project.
   */
  dataDir?: string;
  /** How long to wait for the service to answer. Default 60,000 ms. */
  timeoutMs?: number;
  /** Keep data in memory only (lost when stopped). Default `false`. */
  inMemory?: boolean;
  /**
   * How often Azurite saves its store, in ms (Azurite's own is 5,000; a
   * SIGKILL loses what it acknowledged since the last save). Default
   * {@linkcode DEFAULT_AZURITE_AUTOSAVE_MS}.
   */
  autosaveMs?: number;
}

/** The save interval `startAzurite` gives Azurite (ms). */
export const DEFAULT_AZURITE_AUTOSAVE_MS = 200;

const AUTOSAVE_PRELOAD =
  new URL("./_autosave_preload.cjs", import.meta.url).pathname;

/** A running Azurite queue service. */
export interface AzuriteInstance {
  /** The queue endpoint, e.g. `http://127.0.0.1:10001/devstoreaccount1`. */
  endpoint: string;
  /** Connection string of the development account on this endpoint. */
  connectionString: string;
  /** The data directory. */
  dataDir: string;
  /** Pid of the process, when this project started it. */
  pid?: number;
  /** `true` when this call started it; `false` when it was already up. */
  startedNow: boolean;
}

function endpointOf(host: string, port: number): string {
  return `http://${host}:${port}/${AZURITE_ACCOUNT_NAME}`;
}

/**
 * Starts the Azurite queue service unless something already answers on
 * `host:port`. Installs the pinned Azurite first when needed. The process
 * outlives the caller; stop it with `stopAzurite`.
 *
 * @param options Address, data directory, deadline.
 * @returns The running instance (`startedNow: false` when it was up).
 * @throws {RangeError} For a port outside 1–65535.
 * @throws {Error} When the install fails, the process exits early (e.g.
 *   the port is taken), or it does not answer before the deadline.
 */
export async function startAzurite(
  options: StartAzuriteOptions = {},
): Promise<AzuriteInstance> {
  const {
    host = DEFAULT_AZURITE_HOST,
    port = DEFAULT_AZURITE_QUEUE_PORT,
    dataDir = DEFAULT_AZURITE_DATA_DIR,
    timeoutMs = 60_000,
    inMemory = false,
    autosaveMs = DEFAULT_AZURITE_AUTOSAVE_MS,
    log = () => {},
  } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`port must be an integer 1–65535: got ${port}`);
  }
  if (!Number.isInteger(autosaveMs) || autosaveMs < 1) {
    throw new RangeError(
      `autosaveMs must be a positive integer: got ${autosaveMs}`,
    );
  }
  const endpoint = endpointOf(host, port);
  const connectionString = azuriteConnectionString(port, host);
  if ((await probeQueueEndpoint(endpoint)).up) {
    const pidFile = await readPidFile(dataDir);
    const pid = pidFile && isAzuriteProcess(pidFile.pid)
      ? pidFile.pid
      : undefined;
    return { endpoint, connectionString, dataDir, pid, startedNow: false };
  }
  const entry = await installAzurite(options);
  await Deno.mkdir(`${dataDir}/store`, { recursive: true });
  const logPath = `${dataDir}/azurite.log`;
  const args = [
    "--require",
    AUTOSAVE_PRELOAD,
    entry,
    "--queueHost",
    host,
    "--queuePort",
    String(port),
    ...(inMemory
      ? ["--inMemoryPersistence"]
      : ["--location", `${dataDir}/store`]),
    "--silent",
    "--disableTelemetry",
  ];
  log(`starting azurite-queue ${AZURITE_VERSION} on ${host}:${port}…`);
  // `exec` keeps one process (pid = Azurite's) whose output goes to the log.
  const child = new Deno.Command("sh", {
    args: ["-c", 'exec "$@" >>"$AZURITE_LOG" 2>&1', "sh", "node", ...args],
    env: { AZURITE_LOG: logPath, AZURITE_AUTOSAVE_MS: String(autosaveMs) },
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  child.unref();
  startedChildren.set(child.pid, child);
  let exited: Deno.CommandStatus | undefined;
  child.status.then((status) => {
    exited = status;
    startedChildren.delete(child.pid);
  });
  await writePidFile(dataDir, {
    pid: child.pid,
    host,
    port,
    version: AZURITE_VERSION,
  });
  let outcome: "up" | "exited";
  try {
    outcome = await waitUntil(
      async () =>
        exited
          ? "exited" as const
          : (await probeQueueEndpoint(endpoint, { timeoutMs: 1_000 })).up &&
            "up" as const,
      { timeoutMs, intervalMs: 100, what: `Azurite at ${endpoint}` },
    );
  } catch (error) {
    try {
      Deno.kill(child.pid, "SIGTERM");
    } catch { /* already gone */ }
    throw error;
  }
  if (outcome === "exited") {
    await removePidFile(dataDir);
    throw new Error(
      `azurite exited with code ${exited?.code} while starting; log ${logPath}:\n${
        tailLines(logPath, 10)
      }`,
    );
  }
  return {
    endpoint,
    connectionString,
    dataDir,
    pid: child.pid,
    startedNow: true,
  };
}
