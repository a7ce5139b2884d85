/**
 * The project's Jupyter: a Python venv (`.venv` at the project root) with
 * pinned JupyterLab, nbclient and nbconvert from PyPI, and Deno's kernel
 * installed into the venv's own prefix (so it does not depend on the user's
 * home directory or another Jupyter install).
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { runCommand, tail } from "./_command.ts";
import { encodeHex } from "./_hex.ts";
import { JupyterSetupError } from "./errors.ts";

/** The project root (two folders up from this file). */
export const PROJECT_ROOT: string = fromFileUrl(
  new URL("../../", import.meta.url),
).replace(/\/$/, "");

/** The pinned top-level Python requirements. */
export const REQUIREMENTS_FILE: string = fromFileUrl(
  new URL("./requirements.txt", import.meta.url),
);
/** Pins of every package in the venv (applied as pip constraints). */
export const CONSTRAINTS_FILE: string = fromFileUrl(
  new URL("./constraints.txt", import.meta.url),
);
/** The name of Deno's kernelspec. */
export const KERNEL_NAME = "deno";

const STAMP_FILE = ".wrapped-jupyter.json";

/** A ready Jupyter environment. */
export interface JupyterEnvironment {
  /** The venv folder. */
  venvDir: string;
  /** Its Python interpreter. */
  python: string;
  /** Its `bin` folder (jupyter, jupyter-lab, …). */
  binDir: string;
  /** The kernelspec name notebooks use (`deno`). */
  kernelName: string;
  /** Environment variables for processes that use this Jupyter. */
  env: Record<string, string>;
}

/** Options of {@linkcode ensureJupyter}. */
export interface EnsureJupyterOptions {
  /** The venv folder. Default `$WRAPPED_VENV` or `<project>/.venv`. */
  venvDir?: string;
  /** The Python that creates the venv. Default `$WRAPPED_PYTHON` or
   * `python3`. */
  python?: string;
  /** Receives one line per step taken (nothing when all is in place).
   * Default: writes to stderr. */
  log?: (line: string) => void;
}

function defaultLog(line: string): void {
  console.error(line);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return encodeHex(new Uint8Array(digest));
}

async function createVenv(
  python: string,
  venvDir: string,
  log: (line: string) => void,
) {
  log(`jupyter: creating the Python venv ${venvDir} with ${python}`);
  let result;
  try {
    result = await runCommand(python, ["-m", "venv", venvDir]);
  } catch (error) {
    throw new JupyterSetupError(
      `cannot run ${python}: Python 3.9 or newer is needed for Jupyter (set WRAPPED_PYTHON to its path)`,
      { cause: error },
    );
  }
  if (result.code !== 0) {
    const hint = /ensurepip|venv/.test(result.stdout + result.stderr)
      ? " (on Debian/Ubuntu: apt-get install python3-venv)"
      : "";
    await Deno.remove(venvDir, { recursive: true }).catch(() => {});
    throw new JupyterSetupError(
      `${python} -m venv ${venvDir} failed${hint}:\n${
        tail(result.stdout + result.stderr)
      }`,
    );
  }
}

async function installKernel(
  venvDir: string,
  log: (line: string) => void,
): Promise<void> {
  const specFile = join(
    venvDir,
    "share/jupyter/kernels",
    KERNEL_NAME,
    "kernel.json",
  );
  try {
    const spec = JSON.parse(await Deno.readTextFile(specFile));
    // `deno jupyter --install` records the path Deno was started by (maybe
    // a symlink): compare the files they resolve to.
    if (
      await Deno.realPath(spec.argv?.[0]) ===
        await Deno.realPath(Deno.execPath())
    ) return;
  } catch {
    // Missing or unreadable: install it.
  }
  log(`jupyter: installing Deno's kernel (${Deno.execPath()}) into ${venvDir}`);
  // `deno jupyter --install` writes to $XDG_DATA_HOME/jupyter/kernels, so
  // pointing XDG_DATA_HOME at the venv's share/ puts the kernelspec in the
  // venv's own Jupyter data path.
  const result = await runCommand(Deno.execPath(), [
    "jupyter",
    "--install",
    "--force",
    "--name",
    KERNEL_NAME,
  ], { env: { XDG_DATA_HOME: join(venvDir, "share") } });
  if (result.code !== 0 || !await exists(specFile)) {
    throw new JupyterSetupError(
      `deno jupyter --install failed (exit ${result.code}):\n${
        tail(result.stdout + result.stderr)
      }`,
    );
  }
}

/**
 * Makes sure the project's Jupyter is ready and returns it: creates the
 * venv if missing, installs the pinned packages when the pins changed (a
 * stamp in the venv records what was installed), and installs Deno's
 * kernelspec into the venv when missing or pointing at another Deno. Does
 * nothing (and logs nothing) when all is in place.
 *
 * @param options Venv folder, Python, logger.
 * @returns The environment.
 * @throws {JupyterSetupError} When Python, venv, pip or the kernel install
 *   fails; the message has the tool's output and a hint.
 */
export async function ensureJupyter(
  options: EnsureJupyterOptions = {},
): Promise<JupyterEnvironment> {
  const venvDir = options.venvDir ?? Deno.env.get("WRAPPED_VENV") ??
    join(PROJECT_ROOT, ".venv");
  const python = options.python ?? Deno.env.get("WRAPPED_PYTHON") ?? "python3";
  const log = options.log ?? defaultLog;
  const venvPython = join(venvDir, "bin", "python");
  if (!await exists(venvPython)) await createVenv(python, venvDir, log);

  const pins = await Deno.readTextFile(REQUIREMENTS_FILE) +
    await Deno.readTextFile(CONSTRAINTS_FILE);
  const stamp = { pins: await sha256(pins) };
  const stampFile = join(venvDir, STAMP_FILE);
  const installed = await Deno.readTextFile(stampFile).catch(() => "");
  if (installed !== JSON.stringify(stamp)) {
    log(
      "jupyter: installing pinned JupyterLab, nbclient and nbconvert from PyPI (first run: about a minute)",
    );
    const pipInstall = (...extra: string[]) =>
      runCommand(venvPython, [
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--progress-bar",
        "off",
        "-q",
        "-r",
        REQUIREMENTS_FILE,
        ...extra,
      ]);
    let result = await pipInstall("-c", CONSTRAINTS_FILE);
    if (result.code !== 0) {
      // The full pins come from one Python (3.11.7); an older interpreter
      // (e.g. Debian's 3.11.2, which `npx` puts first on PATH) cannot take
      // some of them. Keep the pinned top-level packages and let pip pick
      // their dependencies for this Python.
      log(
        `jupyter: the full pins do not fit ${python}; installing the pinned top-level packages with compatible dependencies`,
      );
      result = await pipInstall();
    }
    if (result.code !== 0) {
      throw new JupyterSetupError(
        `pip install into ${venvDir} failed (exit ${result.code}):\n${
          tail(result.stdout + result.stderr)
        }`,
      );
    }
    await Deno.writeTextFile(stampFile, JSON.stringify(stamp));
  }
  await installKernel(venvDir, log);
  return {
    venvDir,
    python: venvPython,
    binDir: join(venvDir, "bin"),
    kernelName: KERNEL_NAME,
    env: {
      // Prefer the venv's kernelspecs over ones in the user's home.
      JUPYTER_PREFER_ENV_PATH: "1",
      JUPYTER_PLATFORM_DIRS: "1",
      PATH: `${join(venvDir, "bin")}:${Deno.env.get("PATH") ?? ""}`,
      VIRTUAL_ENV: venvDir,
    },
  };
}
