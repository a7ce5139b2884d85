/**
 * The common entry of every `deno task` command: parse with commander, run,
 * and turn errors into one clear line and a non-zero exit code.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { printable } from "../support/mod.ts";

/** Exit code for bad flags or bad input (programmer/input errors). */
export const EXIT_USAGE = 2;
/** Exit code for a failure while working (service down, I/O error). */
export const EXIT_FAILURE = 1;

const SIGNAL_NUMBERS: Partial<Record<Deno.Signal, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15,
};

/**
 * The conventional exit code of a run a signal interrupted: 128 + the
 * signal's number (SIGINT 130, SIGTERM 143, SIGHUP 129).
 *
 * @param signal The signal.
 * @returns The exit code.
 * @throws {RangeError} For a signal without a known number here.
 */
export function exitCodeOf(signal: Deno.Signal): number {
  const number = SIGNAL_NUMBERS[signal];
  if (number === undefined) {
    throw new RangeError(`no exit code for signal ${signal}`);
  }
  return 128 + number;
}

/**
 * Formats an error for the terminal: its message and, for wrapped errors,
 * the chain of causes.
 *
 * @param error Anything thrown.
 * @returns One or more lines of text.
 */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      lines.push(
        depth === 0 ? current.message : `caused by: ${current.message}`,
      );
      current = current.cause;
    } else {
      lines.push(String(current));
      break;
    }
  }
  return lines.join("\n  ");
}

/**
 * Parses `argv` with `program` and awaits its action. Prints `error: …` and
 * exits with {@linkcode EXIT_USAGE} for commander, `TypeError` and
 * `RangeError` errors, {@linkcode EXIT_FAILURE} for anything else.
 *
 * @param program A configured commander program whose action does the work.
 * @param argv Arguments without the runtime and script (default
 *   `Deno.args`).
 * @returns Never returns on failure; resolves when the action finished.
 */
export async function runCli(
  program: Command,
  argv: readonly string[] = Deno.args,
): Promise<void> {
  program.exitOverride().configureOutput({
    writeErr: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (or the help text).
      Deno.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
    }
    // Messages may quote the data: no control characters on the terminal.
    const text = describeError(error).split("\n").map(printable).join("\n");
    console.error(`error: ${text}`);
    const usage = error instanceof TypeError || error instanceof RangeError;
    Deno.exit(usage ? EXIT_USAGE : EXIT_FAILURE);
  }
}
