/**
 * Starting JupyterLab from the project's venv, bound to the loopback
 * interface, with a token of our own so the URL is known without parsing
 * the server's log.
 *
 * @module
 */
import { encodeHex } from "./_hex.ts";
import { waitUntil } from "../support/mod.ts";
import type { JupyterEnvironment } from "./jupyter_environment.ts";
import { JupyterSetupError } from "./errors.ts";

/** Options of {@linkcode startJupyterLab}. */
export interface StartJupyterLabOptions {
  /** The folder JupyterLab opens (its root). Required. */
  rootDir: string;
  /** The port; when taken, the next free one above it. Default 8888. */
  port?: number;
  /** Wait this long for the server to answer, in ms. Default 60,000. */
  startTimeoutMs?: number;
  /** Where the server's own log goes. Default `"null"` (discarded);
   * `"inherit"` shows it. */
  serverLog?: "null" | "inherit";
}

/** A running JupyterLab. */
export interface JupyterLab {
  /** The URL to open (with the token). */
  url: string;
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** The access token. */
  token: string;
  /** Resolves with the exit code when the server ends. */
  status: Promise<Deno.CommandStatus>;
  /** Stops the server (SIGTERM) and waits for it to end. */
  stop(): Promise<void>;
}

/** The loopback address JupyterLab binds to. */
export const LAB_HOST = "127.0.0.1";

function portIsFree(port: number): boolean {
  try {
    const listener = Deno.listen({ hostname: LAB_HOST, port });
    listener.close();
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return false;
    throw error;
  }
}

/**
 * Finds a free port on 127.0.0.1, starting at `from`.
 *
 * @param from The first port tried.
 * @returns A port nothing listens on (at the time of the check).
 * @throws {RangeError} When none is free up to `from + 100`.
 */
export function freePort(from: number): number {
  for (let port = from; port <= from + 100 && port <= 65535; port++) {
    if (portIsFree(port)) return port;
  }
  throw new RangeError(`no free port from ${from} to ${from + 100}`);
}

/**
 * Starts JupyterLab on `rootDir`, listening only on 127.0.0.1, and waits
 * until it answers.
 *
 * @param jupyter From `ensureJupyter()`.
 * @param options Root folder, port, timeout.
 * @returns The running server and its URL.
 * @throws {RangeError} When the port is out of range.
 * @throws {JupyterSetupError} When the server exits or does not answer in
 *   time.
 */
export async function startJupyterLab(
  jupyter: JupyterEnvironment,
  options: StartJupyterLabOptions,
): Promise<JupyterLab> {
  const { rootDir, startTimeoutMs = 60_000, serverLog = "null" } = options;
  const requested = options.port ?? 8888;
  if (!Number.isInteger(requested) || requested < 1 || requested > 65535) {
    throw new RangeError(
      `port must be an integer from 1 to 65535: got ${requested}`,
    );
  }
  const port = freePort(requested);
  const token = encodeHex(crypto.getRandomValues(new Uint8Array(24)));
  const child = new Deno.Command(`${jupyter.binDir}/jupyter-lab`, {
    args: [
      "--no-browser",
      `--ServerApp.ip=${LAB_HOST}`,
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${rootDir}`,
      `--IdentityProvider.token=${token}`,
    ],
    env: jupyter.env,
    stdin: "null",
    stdout: serverLog,
    stderr: serverLog,
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const base = `http://${LAB_HOST}:${port}`;
  try {
    await waitUntil(async () => {
      if (exited) {
        throw new JupyterSetupError("JupyterLab exited while starting");
      }
      const response = await fetch(`${base}/api/status`, {
        headers: { Authorization: `token ${token}` },
      });
      await response.body?.cancel();
      return response.ok;
    }, {
      timeoutMs: startTimeoutMs,
      intervalMs: 250,
      what: `JupyterLab on ${base}`,
    });
  } catch (error) {
    if (!exited) child.kill("SIGTERM");
    await status;
    throw new JupyterSetupError(`JupyterLab did not start on ${base}`, {
      cause: error,
    });
  }
  return {
    url: `${base}/lab?token=${token}`,
    port,
    token,
    status,
    async stop() {
      if (!exited) child.kill("SIGTERM");
      await status;
    },
  };
}
