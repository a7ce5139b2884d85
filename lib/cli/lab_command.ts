/**
 * `deno task lab`: JupyterLab with Deno's kernel on the project's notebooks.
 * Creates the Python venv with pinned JupyterLab when missing, installs the
 * kernel into it, starts JupyterLab on 127.0.0.1 and prints the URL. Runs
 * until interrupted (Ctrl-C).
 *
 * @module
 */
import { Command } from "commander";
import { join } from "node:path";
import {
  ensureJupyter,
  PROJECT_ROOT,
  startJupyterLab,
} from "../jupyter/mod.ts";
import { ensureServices, type StartedServices } from "./_services.ts";
import { positiveInteger } from "../support/mod.ts";
import { runCli } from "./run_cli.ts";

interface LabFlags {
  port: number;
  services: boolean;
  serverLog: boolean;
  allowRoot: boolean;
}

const program = new Command("lab")
  .description(
    "Start JupyterLab (loopback only) with Deno's kernel on notebooks/, creating the project's Python venv first when missing.",
  )
  .option(
    "--port <port>",
    "port to listen on (the next free one when taken)",
    positiveInteger("--port"),
    8888,
  )
  .option(
    "--services",
    "also start Kafka and Azurite (needed by notebooks 02-04) and stop them on exit",
    false,
  )
  .option("--server-log", "show JupyterLab's own log", false)
  .option(
    "--allow-root",
    "run JupyterLab even as root (it refuses otherwise)",
    false,
  )
  .action(async (flags: LabFlags) => {
    const jupyter = await ensureJupyter();
    let services: StartedServices | undefined;
    if (flags.services) services = await ensureServices(["kafka", "azurite"]);
    const lab = await startJupyterLab(jupyter, {
      rootDir: join(PROJECT_ROOT, "notebooks"),
      port: flags.port,
      serverLog: flags.serverLog ? "inherit" : "null",
      allowRoot: flags.allowRoot,
    });
    let stopping = false;
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      console.error("\nlab: stopping JupyterLab");
      lab.stop();
    };
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    console.log(`JupyterLab is running with the Deno kernel: ${lab.url}`);
    if (!flags.services) {
      console.error(
        "lab: notebooks 02-04 need Kafka and Azurite: run deno task kafka:up and deno task azurite:up (or deno task lab --services). Ctrl-C stops JupyterLab.",
      );
    }
    const status = await lab.status;
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    await services?.stop();
    if (!status.success && !stopping) {
      throw new Error(`JupyterLab exited with code ${status.code}`);
    }
    console.error("lab: JupyterLab stopped");
  });

if (import.meta.main) await runCli(program);
