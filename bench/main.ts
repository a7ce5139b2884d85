/**
 * `deno task bench [names...]`: runs every `bench/*_bench.ts` whose name
 * contains one of the given words, each in its own process (so each reports
 * its own peak memory), and prints their figures. Starts Kafka for the
 * benches that need it when it is not up (and stops only what it started).
 *
 * @module
 */
import { Command } from "commander";
import { ensureServices, type StartedServices } from "../lib/cli/_services.ts";
import { runCli } from "../lib/cli/run_cli.ts";

const DIR = new URL(".", import.meta.url);
/** Benches that talk to a Kafka broker. */
const NEEDS_KAFKA = new Set(["analyze", "engine", "kafka"]);

function benchNames(): string[] {
  return [...Deno.readDirSync(DIR)]
    .map((entry) => entry.name)
    .filter((name) => name.endsWith("_bench.ts"))
    .map((name) => name.replace(/_bench\.ts$/, ""))
    .sort();
}

const program = new Command("bench")
  .description(
    "Run the benchmarks (all, or those whose name contains a given word) and print their figures: events/s, MB/s, ms, peak memory.",
  )
  .argument("[names...]", `benchmarks to run: ${benchNames().join(", ")}`)
  .option("--list", "list the benchmarks and exit")
  .option("--no-services", "do not start Kafka (Kafka parts are skipped)")
  .option(
    "--rate <list>",
    "events/s of the analyze latency run, comma-separated (e.g. 10000,30000,100000); sets ANALYZE_BENCH_RATES",
  )
  .addHelpText(
    "after",
    `
Sizes and parts, through environment variables:
  BENCH_EVENTS                   events of the kafka and analyze benches (1,000,000)
  ENGINE_BENCH_EVENTS            events of the engine bench (1,000,000)
  ENGINE_BENCH_LONG              events of its long memory run (10,000,000; 0 skips)
  ENGINE_BENCH_KAFKA=0           skip the engine's Kafka cases
  ANALYZE_BENCH_ONLY             file, kafka or latency: one part of the analyze bench
  ANALYZE_BENCH_MAX_BATCH        analyze's records per batch (the command's default)
  ANALYZE_BENCH_LATENCY_SECONDS  length of each latency run (30)
  ANALYZE_BENCH_RATES            rates of the latency run (10000; --rate)
  DISPATCH_BENCH_RECORDS         records of the packed dispatch run (200,000)
  DISPATCH_BENCH_PER_RECORD      records of the per-record run (5,000)
  DISPATCH_BENCH_CONCURRENCY     sends in flight (16)
  DISPATCH_BENCH_BATCH           records per source batch (20,000)
  WRAPPED_BENCH_USERS            listeners of the wrapped bench (10,000)
  WRAPPED_BENCH_SESSIONS         sessions per listener of the wrapped bench (100)
The name "latency" runs the analyze bench's latency part alone, e.g.
  deno task bench latency --rate 10000,30000,100000
Results are recorded in BENCHMARKS.md.`,
  )
  .action(
    async (
      words: string[],
      options: { list?: boolean; services: boolean; rate?: string },
    ) => {
      const all = benchNames();
      const env: Record<string, string> = {};
      if (options.rate) env.ANALYZE_BENCH_RATES = options.rate;
      if (words.includes("latency")) {
        // the latency part of the analyze bench, alone
        words = [...words.filter((w) => w !== "latency"), "analyze"];
        env.ANALYZE_BENCH_ONLY = "latency";
      }
      if (options.list) {
        console.log(all.join("\n"));
        return;
      }
      const chosen = all.filter((name) =>
        words.length === 0 || words.some((word) => name.includes(word))
      );
      if (chosen.length === 0) {
        throw new RangeError(
          `no benchmark matches ${words.join(", ")}; there are ${
            all.join(", ")
          }`,
        );
      }
      console.log(
        `Wrapped Streams benchmarks — ${Deno.build.os}/${Deno.build.arch}, ` +
          `Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores`,
      );
      let services: StartedServices | undefined;
      const failed: string[] = [];
      try {
        if (options.services && chosen.some((name) => NEEDS_KAFKA.has(name))) {
          services = await ensureServices(["kafka"]);
        }
        for (const name of chosen) {
          console.log(`\n== ${name}_bench.ts`);
          const { code } = await new Deno.Command(Deno.execPath(), {
            args: ["run", "-A", new URL(`${name}_bench.ts`, DIR).pathname],
            env,
            stdin: "null",
            stdout: "inherit",
            stderr: "inherit",
          }).output();
          if (code !== 0) {
            failed.push(name);
            console.error(`${name}_bench.ts failed with exit code ${code}`);
          }
        }
      } finally {
        await services?.stop();
      }
      if (failed.length) {
        throw new Error(`benchmark(s) failed: ${failed.join(", ")}`);
      }
    },
  );

if (import.meta.main) await runCli(program);
