/**
 * Generation throughput of `deno task generate` as a whole process from the
 * command line: 1,000 users × 100 sessions over 365 days, with the model's
 * sessions (default) and the original's fixed 1–3 h sessions. Reports
 * events/s of the whole process and of the generation itself (the
 * command's own figure, without start-up), MB/s and peak memory (the
 * child's VmHWM, polled from /proc), plus events per CPU-second (the
 * machine may be shared), and how fast `readAvroFile` decodes the files.
 *
 * `GENERATE_BASELINE=<git ref>` also runs that commit's generator (checked
 * out into a temporary git worktree) on the same flags in the same run, so
 * old and new are compared under the same load.
 *
 * @module
 */
import { readAvroFile } from "../lib/avro/mod.ts";
import { peakRssMiB, reportFigures } from "./_report.ts";

const COMMAND = new URL("../lib/cli/generate_command.ts", import.meta.url)
  .pathname;
const TICKS_PER_SECOND = 100; // Linux USER_HZ

interface ChildStats {
  peakMiB: number;
  cpuSeconds: number;
}

/** Polls /proc/<pid> until the child exits; keeps the last values seen. */
async function watch(pid: number, done: Promise<unknown>): Promise<ChildStats> {
  const stats: ChildStats = { peakMiB: NaN, cpuSeconds: NaN };
  let finished = false;
  done.then(() => (finished = true), () => (finished = true));
  while (!finished) {
    try {
      const status = await Deno.readTextFile(`/proc/${pid}/status`);
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) stats.peakMiB = Number(hwm[1]) / 1024;
      const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Fields 14 and 15 (utime, stime) are at 11 and 12 after the name.
      stats.cpuSeconds = (Number(fields[11]) + Number(fields[12])) /
        TICKS_PER_SECOND;
    } catch {
      break; // exited
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return stats;
}

async function run(
  label: string,
  args: string[],
  afterwards?: (path: string) => Promise<void>,
  command = COMMAND,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-bench-" });
  const out = `${dir}/bench.avro`;
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", command, ...args, "--out", out],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const output = child.output();
  const stats = await watch(child.pid, output);
  const { code, stdout } = await output;
  const seconds = (performance.now() - started) / 1000;
  const summary = new TextDecoder().decode(stdout).trim();
  if (code !== 0) throw new Error(`generate failed (${code}): ${summary}`);
  const number = (re: RegExp) =>
    Number(re.exec(summary)![1].replaceAll(",", ""));
  const events = number(/generated ([\d,]+) events/);
  const generation = number(/\(([\d,]+) events\/s\)/);
  const bytes = (await Deno.stat(out)).size;
  await afterwards?.(out);
  await Deno.remove(dir, { recursive: true });
  reportFigures(label, {
    events,
    "events/s": events / seconds,
    "generation events/s": generation,
    "MB/s": bytes / 1e6 / seconds,
    MB: bytes / 1e6,
    s: seconds,
    "cpu-s": stats.cpuSeconds,
    "events/cpu-s": events / stats.cpuSeconds,
    "peak MiB": stats.peakMiB,
  });
}

const base = ["--users", "1000", "--sessions-per-user", "100", "--days", "365"];
const fixed = [...base, "--session-hours", "1-3"];

/** Decode speed of the file just written (blocks of records, in process). */
async function readBack(label: string, path: string): Promise<void> {
  const started = performance.now();
  let records = 0;
  for await (const block of readAvroFile(path).blocks()) {
    records += block.records.length;
  }
  const seconds = (performance.now() - started) / 1000;
  reportFigures(label, { records, "records/s": records / seconds, s: seconds });
}

/** Checks out `ref` into a temporary worktree; returns its generate command. */
async function baseline(ref: string): Promise<[string, () => Promise<void>]> {
  const root = new URL("..", import.meta.url).pathname;
  const dir = await Deno.makeTempDir({ prefix: "wrapped-bench-baseline-" });
  const git = (...args: string[]) =>
    new Deno.Command("git", { args, cwd: root, stdout: "null" }).output();
  const added = await git("worktree", "add", "--detach", dir, ref);
  if (!added.success) throw new Error(`git worktree add ${ref} failed`);
  await Deno.symlink(`${root}node_modules`, `${dir}/node_modules`);
  return [
    `${dir}/lib/cli/generate_command.ts`,
    async () => {
      await git("worktree", "remove", "--force", dir);
    },
  ];
}

const baselineRef = Deno.env.get("GENERATE_BASELINE");
await run("generate 1000x100 model null", [...base, "--codec", "null"]);
await run("generate 1000x100 1-3h null", [...fixed, "--codec", "null"]);
if (baselineRef) {
  const [command, remove] = await baseline(baselineRef);
  try {
    await run(
      `baseline ${baselineRef} 1000x100 1-3h null`,
      [...fixed, "--codec", "null"],
      undefined,
      command,
    );
  } finally {
    await remove();
  }
}
await run(
  "generate 1000x100 model deflate",
  [...base, "--codec", "deflate"],
  (path) => readBack("readAvroFile deflate (same file)", path),
);
await run("generate 10000x3 (defaults) null", [
  "--users",
  "10000",
  "--codec",
  "null",
]);
reportFigures("generate bench runner", { "peak MiB": peakRssMiB() });
