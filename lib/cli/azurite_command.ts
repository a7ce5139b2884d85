/**
 * `deno task azurite:up|down|status`: the local Azurite queue service.
 * `up` installs the pinned Azurite once and starts it in the background
 * (data under `data/azurite`), `down` stops only what `up` started,
 * `status` exits 0 when the queue endpoint answers and 3 when it does not.
 * With `AZURE_STORAGE_CONNECTION_STRING` pointing at another service, `up`
 * and `down` start and stop nothing and `status` probes that service.
 *
 * @module
 */
import { Command } from "commander";
import {
  AZURITE_VERSION,
  DEFAULT_AZURITE_DATA_DIR,
  DEFAULT_AZURITE_HOST,
  DEFAULT_AZURITE_QUEUE_PORT,
  probeQueueEndpoint,
  PROJECT_ROOT,
  startAzurite,
  stopAzurite,
} from "../azurite/mod.ts";
import { CONNECTION_STRING_ENV, connectQueueService } from "../queues/mod.ts";
import { positiveInteger } from "../support/mod.ts";
import { runCli } from "./run_cli.ts";

/** Exit code of `status` when the service is down. */
const EXIT_DOWN = 3;

interface Options {
  port: number;
  dataDir: string;
  timeoutMs: number;
}

function relative(path: string): string {
  return path.startsWith(`${PROJECT_ROOT}/`)
    ? path.slice(PROJECT_ROOT.length + 1)
    : path;
}

/**
 * The endpoint `AZURE_STORAGE_CONNECTION_STRING` points at when it is not
 * the local Azurite this command manages; `undefined` otherwise.
 */
function externalEndpoint(port: number): string | undefined {
  if (Deno.env.get(CONNECTION_STRING_ENV) === undefined) return undefined;
  const { endpoint } = connectQueueService();
  const local = `http://${DEFAULT_AZURITE_HOST}:${port}/devstoreaccount1`;
  return endpoint === local ? undefined : endpoint;
}

function withCommon(command: Command): Command {
  return command
    .option(
      "--port <n>",
      "queue port of the local Azurite",
      positiveInteger("--port"),
      DEFAULT_AZURITE_QUEUE_PORT,
    )
    .option(
      "--data-dir <dir>",
      "data, log and pid file of the local Azurite",
      DEFAULT_AZURITE_DATA_DIR,
    )
    .option(
      "--timeout-ms <ms>",
      "how long to wait for start or stop",
      positiveInteger("--timeout-ms"),
      60_000,
    );
}

const program = new Command("azurite")
  .description(
    `The local Azure Storage queue emulator (Azurite ${AZURITE_VERSION}, npm, run with Node).`,
  );

withCommon(
  program.command("up").description(
    "install (once) and start Azurite's queue service in the background; waits until it answers",
  ),
).action(async (options: Options) => {
  const external = externalEndpoint(options.port);
  if (external) {
    console.log(
      `${CONNECTION_STRING_ENV} points at ${external}; no local Azurite to start`,
    );
    return;
  }
  const instance = await startAzurite({
    port: options.port,
    dataDir: options.dataDir,
    timeoutMs: options.timeoutMs,
    log: (line) => console.error(line),
  });
  if (instance.startedNow) {
    console.log(
      `Azurite ${AZURITE_VERSION} is up at ${instance.endpoint} (pid ${instance.pid}, data ${
        relative(instance.dataDir)
      })`,
    );
  } else {
    console.log(
      `Azurite is already up at ${instance.endpoint}${
        instance.pid
          ? ` (pid ${instance.pid})`
          : " (not started by this project)"
      }`,
    );
  }
});

withCommon(
  program.command("down").description(
    "stop the Azurite that `azurite:up` started (nothing else)",
  ),
).action(async (options: Options) => {
  const external = externalEndpoint(options.port);
  if (external) {
    console.log(
      `${CONNECTION_STRING_ENV} points at ${external}; no local Azurite to stop`,
    );
    return;
  }
  const result = await stopAzurite({
    dataDir: options.dataDir,
    timeoutMs: options.timeoutMs,
  });
  console.log(
    result.stopped
      ? `Azurite (pid ${result.pid}) stopped`
      : `no Azurite started by this project is running (${
        relative(options.dataDir)
      }/azurite.pid)`,
  );
});

withCommon(
  program.command("status").description(
    "exit 0 when the queue service answers, 3 when it does not",
  ),
).action(async (options: Options) => {
  const endpoint = externalEndpoint(options.port) ??
    `http://${DEFAULT_AZURITE_HOST}:${options.port}/devstoreaccount1`;
  const probe = await probeQueueEndpoint(endpoint);
  if (probe.up) {
    console.log(`up: ${endpoint}${probe.server ? ` (${probe.server})` : ""}`);
    return;
  }
  console.log(`down: ${endpoint} (${probe.reason})`);
  Deno.exit(EXIT_DOWN);
});

if (import.meta.main) await runCli(program);
