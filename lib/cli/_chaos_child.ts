/**
 * A `lib/cli/*_command.ts` run as a child process by the chaos harness:
 * its output appended to a log file, its exit observable, killable with
 * SIGKILL.
 *
 * @module
 */

/** A running command. */
export interface ChaosChild {
  /** Whether it has exited. */
  readonly exited: boolean;
  /** Its exit code (128 + signal when killed). */
  readonly status: Promise<number>;
  /** SIGKILL (nothing when it already exited). */
  kill(): void;
}

/** Options of {@linkcode spawnCommand}. */
export interface SpawnCommandOptions {
  /** Extra environment (service addresses). */
  env: Record<string, string>;
  /** File that receives stdout and stderr. */
  log: string;
}

/**
 * Starts `deno run -A lib/cli/<file> ...args`.
 *
 * @param file E.g. `"analyze_command.ts"`.
 * @param args Its arguments.
 * @param options Environment and log file.
 * @returns The running child.
 */
export function spawnCommand(
  file: string,
  args: string[],
  options: SpawnCommandOptions,
): ChaosChild {
  const path = new URL(`./${file}`, import.meta.url).pathname;
  const child = new Deno.Command("sh", {
    args: [
      "-c",
      'exec "$@" >>"$CHAOS_LOG" 2>&1',
      "sh",
      Deno.execPath(),
      "run",
      "-A",
      path,
      ...args,
    ],
    env: { ...options.env, CHAOS_LOG: options.log },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s.signal ? 128 + (s.signal === "SIGKILL" ? 9 : 15) : s.code;
  });
  return {
    get exited() {
      return exited;
    },
    status,
    kill() {
      if (exited) return;
      try {
        child.kill("SIGKILL");
      } catch {
        // it exited meanwhile
      }
    },
  };
}
