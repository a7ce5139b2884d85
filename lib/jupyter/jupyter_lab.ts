/**
 * Starting JupyterLab from the project's venv, bound to the loopback
 * interface, with a token of our own so the URL is known without parsing
 * the server's log. The token goes through the environment
 * (`JUPYTER_TOKEN`; `/proc/PID/environ` is readable by its owner only),
 * never through the arguments that `ps` shows every user.
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
  /**
   * Run even as root (JupyterLab's `allow_root`). Default `false`: as root
   * it refuses with a {@linkcode JupyterSetupError}.
   */
  allowRoot?: boolean;
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
  const {
    rootDir,
    startTimeoutMs = 60_000,
    serverLog = "null",
    allowRoot = false,
  } = options;
  const requested = options.port ?? 8888;
  if (!Number.isInteger(requested) || requested < 1 || requested > 65535) {
    throw new RangeError(
      `port must be an integer from 1 to 65535: got ${requested}`,
    );
  }
  const port = freePort(requested);
  const token = encodeHex(crypto.getRandomValues(new Uint8Array(24)));
  const args = [
    "--no-browser",
    `--ServerApp.ip=${LAB_HOST}`,
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.root_dir=${rootDir}`,
    // Nothing fetched from the internet unasked: no news feed, no update
    // check, no PyPI extension manager.
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
  ];
  if (Deno.uid() === 0) {
    if (!allowRoot) {
      throw new JupyterSetupError(
        "JupyterLab does not run as root unless asked: run as another user, or pass --allow-root (deno task lab) / allowRoot: true",
      );
    }
    args.push("--ServerApp.allow_root=True");
  }
  const child = new Deno.Command(`${jupyter.binDir}/jupyter-lab`, {
    args,
    env: { ...jupyter.env, JUPYTER_TOKEN: token },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const collect = (stream: ReadableStream<Uint8Array>) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({
        write(text) {
          if (serverLog === "inherit") {
            Deno.stderr.writeSync(new TextEncoder().encode(text));
          }
          log.push(...text.split("\n").filter(Boolean));
          if (log.length > 40) log.splice(0, log.length - 40);
        },
      }),
    ).catch(() => {});
  const drained = Promise.all([collect(child.stdout), collect(child.stderr)]);
  let exited = false;
  const status = child.status.then(async (s) => {
    exited = true;
    await drained;
    return s;
  });
  const base = `http://${LAB_HOST}:${port}`;
  const answering = waitUntil(async () => {
    if (exited) return "exited";
    const response = await fetch(`${base}/api/status`, {
      headers: { Authorization: `token ${token}` },
    });
    await response.body?.cancel();
    return response.ok ? "up" : false;
  }, {
    timeoutMs: startTimeoutMs,
    intervalMs: 250,
    what: `JupyterLab on ${base}`,
  }).catch((error) => error as Error);
  const outcome = await Promise.race([answering, status.then(() => "exited")]);
  if (outcome !== "up") {
    if (!exited) child.kill("SIGTERM");
    await status;
    const cause = outcome instanceof Error ? outcome : undefined;
    throw new JupyterSetupError(
      `JupyterLab did not start on ${base}${exited ? " (it exited)" : ""}:\n${
        log.slice(-10).join("\n")
      }`,
      { cause },
    );
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
