/**
 * `deno task report`: executes every notebook headless with Deno's kernel
 * and writes self-contained HTML reports to `data/reports/` (one per
 * notebook, plus `index.html`). Starts Kafka and Azurite when they are not
 * up, and stops what it started.
 *
 * @module
 */
import { Command } from "commander";
import { join, relative, resolve } from "node:path";
import {
  buildReports,
  ensureJupyter,
  PROJECT_ROOT,
  restoredOutputsNote,
} from "../jupyter/mod.ts";
import { parameterEnvName } from "../notebook/mod.ts";
import { ensureServices } from "./_services.ts";
import { positiveInteger } from "../support/mod.ts";
import { runCli } from "./run_cli.ts";

/** The notebooks folder. */
const NOTEBOOKS_DIR = join(PROJECT_ROOT, "notebooks");

/** A path relative to the working directory when inside it, else absolute. */
function shown(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

async function defaultNotebooks(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(NOTEBOOKS_DIR)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
  }
  return names.sort().map((name) => join(NOTEBOOKS_DIR, name));
}

function parseParam(raw: string, previous: Record<string, string> = {}) {
  const match = raw.match(/^([A-Za-z][A-Za-z0-9_]*)=(.*)$/);
  if (!match) {
    throw new TypeError(
      `--param must be name=value: got ${JSON.stringify(raw)}`,
    );
  }
  return { ...previous, [parameterEnvName(match[1])]: match[2] };
}

interface ReportFlags {
  out: string;
  param: Record<string, string>;
  services: boolean;
  keepExecuted: boolean;
  cellTimeout: number;
  withCode: boolean;
}

const program = new Command("report")
  .description(
    "Execute the notebooks headless (Deno kernel, nbclient) and write self-contained HTML reports plus an index.html. Starts Kafka and Azurite when they are not up and stops what it started.",
  )
  .argument("[notebooks...]", "notebooks to run (default: notebooks/*.ipynb)")
  .option("--out <dir>", "reports folder", "data/reports")
  .option(
    "--param <name=value>",
    "notebook parameter, e.g. users=200 (repeatable; sets WRAPPED_NB_<NAME>)",
    parseParam,
    {},
  )
  .option("--no-services", "do not start Kafka/Azurite")
  .option(
    "--keep-executed",
    "also keep the executed notebooks (<out>/executed/*.ipynb)",
    false,
  )
  .option(
    "--with-code",
    "show every code cell as it is (default: code folded behind a toggle, with a table of contents)",
    false,
  )
  .option(
    "--cell-timeout <seconds>",
    "longest time one cell may run",
    positiveInteger("--cell-timeout"),
    600,
  )
  .addHelpText(
    "after",
    "\nExamples:\n  deno task report\n  deno task report --param users=100 --param days=3 notebooks/01_generate.ipynb\n",
  )
  .action(async (paths: string[], flags: ReportFlags) => {
    const started = performance.now();
    const notebooks = paths.length
      ? paths.map((path) => resolve(path))
      : await defaultNotebooks();
    if (notebooks.length === 0) {
      throw new RangeError(`no notebooks found in ${NOTEBOOKS_DIR}`);
    }
    for (const notebook of notebooks) {
      if (!notebook.endsWith(".ipynb")) {
        throw new TypeError(`not a notebook (.ipynb): ${notebook}`);
      }
      await Deno.stat(notebook).catch(() => {
        throw new TypeError(`no such notebook: ${notebook}`);
      });
    }
    const jupyter = await ensureJupyter();
    const services = flags.services
      ? await ensureServices(["kafka", "azurite"])
      : undefined;
    const outDir = resolve(flags.out);
    let built;
    try {
      built = await buildReports(jupyter, notebooks, {
        outDir,
        executedDir: flags.keepExecuted ? join(outDir, "executed") : undefined,
        env: flags.param,
        cellTimeoutSeconds: flags.cellTimeout,
        withCode: flags.withCode,
        onProgress(event) {
          if (event.type === "start") {
            console.error(
              `report ${event.index + 1}/${event.total}: executing ${
                shown(event.notebook)
              }`,
            );
          } else {
            const { entry } = event;
            console.error(
              entry.ok
                ? `  ok in ${entry.seconds.toFixed(1)} s -> ${entry.htmlFile}${
                  restoredOutputsNote(entry)
                }`
                : `  FAILED: ${entry.error}`,
            );
          }
        },
      });
    } finally {
      await services?.stop();
    }
    const failed = built.entries.filter((entry) => !entry.ok);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `report: ${built.entries.length} notebooks, ${
        built.entries.length - failed.length
      } ok, ${failed.length} failed in ${seconds} s; open ${
        shown(built.indexPath)
      }`,
    );
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} notebook(s) failed: ${
          failed.map((entry) => entry.notebook).join(", ")
        } (their reports show the error)`,
      );
    }
  });

if (import.meta.main) await runCli(program);
