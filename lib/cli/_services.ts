/**
 * Bringing Kafka and Azurite up for a command through their own tasks
 * (`deno task <service>:status|up|down`), and down again afterwards only if
 * this command started them (for the test, report, demo and bench commands).
 *
 * @module
 */

/** Exit code of `<service>:status` when the service is down. */
const STATUS_DOWN = 3;

/** Services this run started, and how to stop them. */
export interface StartedServices {
  /** The services started by this run (and so to be stopped by it). */
  started: string[];
  /** Stops what was started, in reverse order. Never throws; reports
   * failures on stderr. */
  stop(): Promise<void>;
}

async function task(name: string, echo: boolean): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", name],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Service output goes to stderr, keeping stdout for the command's summary.
  // Both streams are forwarded chunk by chunk: two pipeTo() calls into
  // Deno.stderr.writable would contend for its single writer lock.
  const forward = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      for (let at = 0; echo && at < chunk.length;) {
        at += await Deno.stderr.write(chunk.subarray(at));
      }
    }
  };
  await Promise.all([forward(child.stdout), forward(child.stderr)]);
  return (await child.status).code;
}

/**
 * Starts each service that is not up (in order).
 *
 * @param services Service names with `:status`, `:up`, `:down` tasks, e.g.
 *   `["kafka", "azurite"]`.
 * @param log Receives one line per step.
 * @returns What was started, with a `stop()`.
 * @throws {Error} When a status check fails unexpectedly or `:up` fails
 *   (services started before the failure are stopped first).
 */
export async function ensureServices(
  services: readonly string[],
  log: (line: string) => void = console.error,
): Promise<StartedServices> {
  const started: string[] = [];
  const stop = async () => {
    for (const service of [...started].reverse()) {
      log(`${service}: stopping (this run started it)`);
      const code = await task(`${service}:down`, true);
      if (code !== 0) log(`${service}: ${service}:down failed (exit ${code})`);
    }
    started.length = 0;
  };
  try {
    for (const service of services) {
      const status = await task(`${service}:status`, false);
      if (status === 0) {
        log(`${service}: already up`);
        continue;
      }
      if (status !== STATUS_DOWN) {
        throw new Error(
          `deno task ${service}:status failed with exit code ${status}`,
        );
      }
      log(`${service}: starting (deno task ${service}:up)`);
      const up = await task(`${service}:up`, true);
      if (up !== 0) {
        throw new Error(`deno task ${service}:up failed with exit code ${up}`);
      }
      started.push(service);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { started: [...started], stop };
}
