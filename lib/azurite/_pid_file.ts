/**
 * The pid file of an Azurite this project started, and checks on that
 * process through `/proc`.
 *
 * @module
 */

/** Contents of `<dataDir>/azurite.pid`. */
export interface PidFile {
  pid: number;
  host: string;
  port: number;
  version: string;
}

/** Path of the pid file in a data directory. */
export function pidFilePath(dataDir: string): string {
  return `${dataDir}/azurite.pid`;
}

/** Reads the pid file, or `undefined` when there is none. */
export async function readPidFile(
  dataDir: string,
): Promise<PidFile | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(pidFilePath(dataDir)));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Writes the pid file atomically. */
export async function writePidFile(
  dataDir: string,
  content: PidFile,
): Promise<void> {
  const path = pidFilePath(dataDir);
  await Deno.writeTextFile(`${path}.tmp`, JSON.stringify(content) + "\n");
  await Deno.rename(`${path}.tmp`, path);
}

/** Removes the pid file if present. */
export async function removePidFile(dataDir: string): Promise<void> {
  await Deno.remove(pidFilePath(dataDir)).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}

/**
 * Whether `pid` is a live (not zombie) process whose command line mentions
 * Azurite — guards against signalling a recycled pid.
 */
export function isAzuriteProcess(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    if (state === "Z" || state === "X") return false;
    const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
    return cmdline.includes("azurite");
  } catch {
    return false;
  }
}
