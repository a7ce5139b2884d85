/**
 * `deno task test`: formatting, lint and type checks, then the test suite
 * against real services. Starts Kafka and Azurite when they are not already
 * up (and stops only what it started), so one command works on a fresh
 * machine.
 *
 * @module
 */
import { Command } from "commander";
import { runCli } from "./run_cli.ts";

/** Exit code of `<service>:status` when the service is down. */
const STATUS_DOWN = 3;

async function run(args: string[], label: string): Promise<number> {
  console.error(`\n== ${label}: deno ${args.join(" ")}`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  return (await child.status).code;
}

async function taskExists(name: string): Promise<boolean> {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  );
  return name in (config.tasks ?? {});
}

/**
 * Brings a service up unless it is already running.
 *
 * @returns Whether this run started it (and so must stop it).
 */
async function ensureService(service: string): Promise<boolean> {
  if (!await taskExists(`${service}:up`)) return false;
  const status = await run(["task", "-q", `${service}:status`], service);
  if (status === 0) return false;
  if (status !== STATUS_DOWN) {
    throw new Error(`${service}:status failed with exit code ${status}`);
  }
  const up = await run(["task", "-q", `${service}:up`], service);
  if (up !== 0) throw new Error(`${service}:up failed with exit code ${up}`);
  return true;
}

const program = new Command("test")
  .description(
    "Run deno fmt --check, deno lint, deno check and deno test; starts Kafka and Azurite for the integration tests when they are not up.",
  )
  .argument("[filters...]", "test files or folders to run (default: tests/)")
  .option("--no-services", "do not start Kafka/Azurite (unit tests only)")
  .action(async (filters: string[], options: { services: boolean }) => {
    const checks: [string, string[]][] = [
      ["format", ["fmt", "--check"]],
      ["lint", ["lint"]],
      ["types", ["check", "lib/", "tests/", "bench/"]],
    ];
    for (const [label, args] of checks) {
      const code = await run(args, label);
      if (code !== 0) throw new Error(`${label} check failed (exit ${code})`);
    }
    const started: string[] = [];
    let code = 1;
    try {
      if (options.services) {
        for (const service of ["kafka", "azurite"]) {
          if (await ensureService(service)) started.push(service);
        }
      }
      code = await run(
        ["test", "-A", ...(filters.length ? filters : ["tests/"])],
        "tests",
      );
    } finally {
      for (const service of started.reverse()) {
        await run(["task", "-q", `${service}:down`], service);
      }
    }
    if (code !== 0) throw new Error(`tests failed (exit ${code})`);
  });

if (import.meta.main) await runCli(program);
