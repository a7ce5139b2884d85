/**
 * Running a child process and collecting its output (private).
 *
 * @module
 */

/** What a finished child process left. */
export interface CommandResult {
  /** Exit code. */
  code: number;
  /** Standard output as text. */
  stdout: string;
  /** Standard error as text. */
  stderr: string;
}

/** Options of {@linkcode runCommand}. */
export interface RunCommandOptions {
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory. Default: the current one. */
  cwd?: string;
}

/**
 * Runs `command` with `args`, stdin closed, and collects its output.
 *
 * @param command The program.
 * @param args Its arguments.
 * @param options Environment and working directory.
 * @returns Exit code and output.
 * @throws {Deno.errors.NotFound} When the program does not exist.
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const output = await new Deno.Command(command, {
    args: [...args],
    env: options.env,
    cwd: options.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * The last `count` lines of `text`, for error messages.
 *
 * @param text Any output.
 * @param count Lines kept.
 * @returns Those lines, joined.
 */
export function tail(text: string, count = 15): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}
