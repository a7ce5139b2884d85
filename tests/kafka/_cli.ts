/**
 * Runs a `lib/cli/*_command.ts` in its own process, as `deno task` would.
 *
 * @module
 */

/** What a command printed and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command file with arguments and extra environment variables.
 *
 * @param file E.g. `"produce_command.ts"`.
 * @param args Its arguments.
 * @param env Extra environment.
 */
export async function runCommand(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL(`../../lib/cli/${file}`, import.meta.url).pathname,
      ...args,
    ],
    env,
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

/**
 * Starts a command file in its own process (stdout and stderr piped), for
 * tests that signal or kill it while it runs.
 *
 * @param file E.g. `"produce_command.ts"`.
 * @param args Its arguments.
 * @param env Extra environment.
 */
export function spawnCommand(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL(`../../lib/cli/${file}`, import.meta.url).pathname,
      ...args,
    ],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** A loopback port with nothing listening on it (bound, then released). */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
