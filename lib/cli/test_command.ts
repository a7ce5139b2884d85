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
import { ensureServices, type StartedServices } from "./_services.ts";

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
    let services: StartedServices | undefined;
    let code = 1;
    try {
      if (options.services) {
        services = await ensureServices(["kafka", "azurite"]);
      }
      code = await run(
        ["test", "-A", ...(filters.length ? filters : ["tests/"])],
        "tests",
      );
    } finally {
      await services?.stop();
    }
    if (code !== 0) throw new Error(`tests failed (exit ${code})`);
  });

if (import.meta.main) await runCli(program);
