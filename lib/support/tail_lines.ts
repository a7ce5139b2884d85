/**
 * The last lines of a log file, for error messages about a process that
 * failed to start.
 *
 * @module
 */

/**
 * Reads the last `count` lines of a text file.
 *
 * @param path The file.
 * @param count How many lines.
 * @returns Those lines joined by newlines, or `"(no log)"` when the file
 *   cannot be read.
 */
export function tailLines(path: string, count: number): string {
  try {
    return Deno.readTextFileSync(path).trimEnd().split("\n").slice(-count)
      .join("\n");
  } catch {
    return "(no log)";
  }
}
