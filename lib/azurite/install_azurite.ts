/**
 * Installs the pinned Azurite from npm (with the committed lockfile) into a
 * tools directory, once.
 *
 * @module
 */
import {
  AZURITE_VERSION,
  DEFAULT_AZURITE_TOOLS_DIR,
} from "./azurite_defaults.ts";

/** Options of {@linkcode installAzurite}. */
export interface InstallAzuriteOptions {
  /** Where to install. Default `data/tools/azurite` under the project. */
  toolsDir?: string;
  /** Called with a line of progress (e.g. "installing azurite…"). */
  log?: (line: string) => void;
}

const PACKAGE_JSON = new URL("./azurite_package.json", import.meta.url);
const PACKAGE_LOCK = new URL("./azurite_package_lock.json", import.meta.url);

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function installedVersion(toolsDir: string): Promise<string | undefined> {
  const text = await readIfExists(
    `${toolsDir}/node_modules/azurite/package.json`,
  );
  return text === undefined ? undefined : JSON.parse(text).version;
}

/**
 * Makes sure Azurite {@linkcode AZURITE_VERSION} is installed in `toolsDir`
 * (`npm ci` with the committed lockfile; skipped when already there with
 * the same lockfile).
 *
 * @param options Tools directory and a progress logger.
 * @returns The path of Azurite's queue-service entry script, to run with
 *   `node`.
 * @throws {Error} When `npm` is missing or the install fails (with npm's
 *   output).
 */
export async function installAzurite(
  options: InstallAzuriteOptions = {},
): Promise<string> {
  const { toolsDir = DEFAULT_AZURITE_TOOLS_DIR, log = () => {} } = options;
  const entry = `${toolsDir}/node_modules/azurite/dist/src/queue/main.js`;
  const lock = await Deno.readTextFile(PACKAGE_LOCK);
  if (
    await installedVersion(toolsDir) === AZURITE_VERSION &&
    await readIfExists(`${toolsDir}/package-lock.json`) === lock
  ) {
    return entry;
  }
  log(`installing azurite@${AZURITE_VERSION} into ${toolsDir} (npm ci)…`);
  await Deno.mkdir(toolsDir, { recursive: true });
  await Deno.writeTextFile(
    `${toolsDir}/package.json`,
    await Deno.readTextFile(PACKAGE_JSON),
  );
  await Deno.writeTextFile(`${toolsDir}/package-lock.json`, lock);
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("npm", {
      args: ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
      cwd: toolsDir,
      stdin: "null",
    }).output();
  } catch (error) {
    throw new Error(
      `cannot run npm to install azurite@${AZURITE_VERSION}: is Node.js installed?`,
      { cause: error },
    );
  }
  if (!output.success) {
    const text = new TextDecoder().decode(output.stderr).trim().split("\n")
      .slice(-10).join("\n");
    // Force a reinstall next time.
    await Deno.remove(`${toolsDir}/package-lock.json`).catch(() => {});
    throw new Error(
      `npm ci of azurite@${AZURITE_VERSION} in ${toolsDir} failed (exit ${output.code}):\n${text}`,
    );
  }
  const version = await installedVersion(toolsDir);
  if (version !== AZURITE_VERSION) {
    throw new Error(
      `expected azurite@${AZURITE_VERSION} in ${toolsDir}, found ${version}`,
    );
  }
  return entry;
}
