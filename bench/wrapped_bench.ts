/**
 * `deno task bench wrapped`: `deno task wrapped --once` over an Avro file
 * of a year of listening (10,000 listeners × 100 sessions over 365 days by
 * default; generated once into `data/bench/`), run as a whole process:
 * events/s as the command reports them, CPU seconds and peak memory.
 *
 * Sizes: `WRAPPED_BENCH_USERS` (10,000), `WRAPPED_BENCH_SESSIONS` (100).
 *
 * @module
 */
import { generateToFile } from "../lib/generator/mod.ts";
import { reportFigures } from "./_report.ts";
import { BENCH_DIR } from "./_bench_input.ts";

const USERS = Number(Deno.env.get("WRAPPED_BENCH_USERS") ?? 10_000);
const SESSIONS = Number(Deno.env.get("WRAPPED_BENCH_SESSIONS") ?? 100);
const COMMAND = new URL("../lib/cli/wrapped_command.ts", import.meta.url)
  .pathname;

async function input(): Promise<string> {
  const path = `${BENCH_DIR}wrapped-${USERS}x${SESSIONS}.avro`;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // generate below
  }
  console.log(
    `generating ${USERS} listeners x ${SESSIONS} sessions -> ${path}`,
  );
  await generateToFile(path, {
    users: USERS,
    sessionsPerUser: SESSIONS,
    days: 365,
    seed: 7,
  });
  return path;
}

/** Runs the command under /usr/bin/time; its summary line and resources. */
async function wrappedOnce(file: string) {
  const out = await Deno.makeTempDir({ prefix: "wrapped-bench-" });
  try {
    const started = performance.now();
    const output = await new Deno.Command("/usr/bin/time", {
      args: [
        "-f",
        "maxrss_kb=%M cpu_s=%U+%S",
        Deno.execPath(),
        "run",
        "-A",
        COMMAND,
        "--source=file",
        `--file=${file}`,
        "--once",
        `--out=${out}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const wallSeconds = (performance.now() - started) / 1000;
    const stderr = new TextDecoder().decode(output.stderr);
    if (output.code !== 0) throw new Error(`wrapped failed:\n${stderr}`);
    const summary =
      /wrapped ([\d,]+) listeners from ([\d,]+) events in ([\d.]+) s \(([\d,]+) events\/s, (\d+) batches/
        .exec(stderr);
    const rss = /maxrss_kb=(\d+) cpu_s=([\d.]+)\+([\d.]+)/.exec(stderr);
    if (!summary || !rss) throw new Error(`no summary in:\n${stderr}`);
    const num = (s: string) => Number(s.replaceAll(",", ""));
    const accuracy = JSON.parse(
      await Deno.readTextFile(`${out}/accuracy.json`),
    );
    return {
      listeners: num(summary[1]),
      events: num(summary[2]),
      eventsPerSecond: num(summary[4]),
      batches: num(summary[5]),
      wallSeconds,
      cpuSeconds: Number(rss[2]) + Number(rss[3]),
      peakRssMiB: Number(rss[1]) / 1024,
      exact: accuracy.exact,
    };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

const file = await input();
const run = await wrappedOnce(file);
reportFigures(`wrapped --once file ${USERS}x${SESSIONS}`, {
  listeners: run.listeners,
  events: run.events,
  "events/s": run.eventsPerSecond,
  "events/cpu-s": run.events / run.cpuSeconds,
  "wall s": run.wallSeconds,
  batches: run.batches,
  "peak RSS MiB": run.peakRssMiB,
  "exact accuracy": run.exact ?? "-",
  "load avg": Deno.loadavg()[0],
});
