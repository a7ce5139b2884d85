import assert from "node:assert/strict";
import { waitUntil } from "../../lib/support/mod.ts";

const COMMAND = new URL("../../lib/cli/generate_command.ts", import.meta.url)
  .pathname;
const SAMPLE_CSV = new URL(
  "../testdata/catalog/top2000_sample.csv",
  import.meta.url,
).pathname;

async function generate(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

Deno.test("deno task generate writes the file and prints a one-line summary", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-cli-test-" });
  const out = `${dir}/nested/history.avro`;
  const { code, stdout, stderr } = await generate([
    "--users",
    "12",
    "--sessions-per-user",
    "2",
    "--catalog",
    SAMPLE_CSV,
    "--codec",
    "deflate",
    "--out",
    out,
  ]);
  assert.equal(code, 0, stderr);
  const bytes = (await Deno.stat(out)).size;
  const lines = stdout.trim().split("\n");
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    new RegExp(
      `^generated [\\d,]+ events for 12 users -> ${out} \\(${
        (bytes / 1e6).toFixed(1).replace(".", "\\.")
      } MB\\) in \\d+\\.\\d\\d s \\([\\d,]+ events/s\\)$`,
    ),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task generate gives byte-identical files for the same flags", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-cli-test-" });
  const flags = ["--users", "20", "--seed", "9", "--max-disorder", "30s"];
  assert.equal((await generate([...flags, "--out", `${dir}/a.avro`])).code, 0);
  assert.equal((await generate([...flags, "--out", `${dir}/b.avro`])).code, 0);
  assert.deepEqual(
    await Deno.readFile(`${dir}/a.avro`),
    await Deno.readFile(`${dir}/b.avro`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task generate rejects bad input with one message, a non-zero exit and no file", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-cli-test-" });
  await Deno.writeTextFile(`${dir}/bad.csv`, "Index,Title\n1,Sunrise\n");
  await Deno.writeTextFile(`${dir}/a-file`, "");
  const cases: [string[], number, string][] = [
    [
      ["--users", "abc"],
      2,
      'error: --users must be a positive integer: got "abc"',
    ],
    [["--users", "0"], 2, 'error: --users must be a positive integer: got "0"'],
    [
      ["--sessions-per-user", "1.5"],
      2,
      'error: --sessions-per-user must be a positive integer: got "1.5"',
    ],
    [["--days", "x"], 2, 'error: --days must be a positive integer: got "x"'],
    [
      ["--session-hours", "3-1"],
      2,
      'error: --session-hours must have MIN ≤ MAX: got "3-1"',
    ],
    [
      ["--sessions-per-user", "100", "--days", "10", "--session-hours", "1-3"],
      2,
      "error: 100 sessions of up to 3 h (15 min apart) do not fit in 10 days",
    ],
    [
      ["--sessions-per-user", "100", "--days", "10"],
      2,
      "error: 100 sessions per user on average do not fit in 10 days (at most 4 a day)",
    ],
    [
      ["--codec", "snappy"],
      2,
      'error: --codec must be one of null, deflate: got "snappy"',
    ],
    [
      ["--start", "2025-02-30"],
      2,
      'error: --start must be a date YYYY-MM-DD: got "2025-02-30"',
    ],
    [
      ["--catalog", `${dir}/missing.csv`],
      1,
      `error: cannot read catalogue "${dir}/missing.csv": no such file`,
    ],
    [
      ["--catalog", `${dir}/bad.csv`],
      2,
      `error: ${dir}/bad.csv: line 1, column 3: missing column "Artist" in the header`,
    ],
  ];
  for (const [args, exit, message] of cases) {
    await t.step(args.join(" "), async () => {
      const out = `${dir}/out.avro`;
      const { code, stderr, stdout } = await generate([...args, "--out", out]);
      assert.equal(code, exit);
      assert.equal(stderr.split("\n")[0], message);
      assert.equal(stdout, "");
      assert.deepEqual(
        [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
        ["a-file", "bad.csv"],
      );
    });
  }
  await t.step("unwritable output path", async () => {
    const { code, stderr } = await generate([
      "--users",
      "2",
      "--out",
      `${dir}/a-file/out.avro`,
    ]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      new RegExp(`^error: cannot write "${dir}/a-file/out\\.avro": `),
    );
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      ["a-file", "bad.csv"],
    );
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task generate stopped by SIGINT, SIGTERM or SIGHUP removes its partial file and exits 130/143/129", async (t) => {
  for (
    const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
      ["SIGHUP", 129],
    ] as const
  ) {
    await t.step(signal, async () => {
      const dir = await Deno.makeTempDir({ prefix: "wrapped-cli-test-" });
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          COMMAND,
          "--users",
          "2000",
          "--sessions-per-user",
          "1000",
          "--out",
          `${dir}/big.avro`,
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      // Wait until it is writing (the hidden partial file has data), then stop it.
      await waitUntil(
        () =>
          [...Deno.readDirSync(dir)].some((e) =>
            e.name.endsWith(".partial") &&
            Deno.statSync(`${dir}/${e.name}`).size > 0
          ),
        { timeoutMs: 60_000, intervalMs: 50, what: "the partial file" },
      );
      child.kill(signal);
      const output = await child.output();
      const stderr = new TextDecoder().decode(output.stderr).trim();
      assert.equal(output.code, code, stderr);
      assert.match(
        stderr,
        new RegExp(
          `^generate: interrupted by ${signal} after [\\d,]+ events; no file was written$`,
        ),
      );
      assert.equal(new TextDecoder().decode(output.stdout), "");
      assert.deepEqual([...Deno.readDirSync(dir)], []);
      await Deno.remove(dir, { recursive: true });
    });
  }
});

Deno.test("deno task generate removes partial files of the same output left by a killed run, and no others", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-cli-test-" });
  // A pid that is not running: above the kernel's pid limit.
  const deadPid = Number(Deno.readTextFileSync("/proc/sys/kernel/pid_max")) + 1;
  const uuid = crypto.randomUUID();
  const stale = `.small.avro.${deadPid}.${uuid}.partial`;
  const otherOutput = `.other.avro.${deadPid}.${uuid}.partial`;
  const liveWriter = `.small.avro.${Deno.pid}.${uuid}.partial`;
  for (const name of [stale, otherOutput, liveWriter]) {
    Deno.writeTextFileSync(`${dir}/${name}`, "half a file");
  }
  const { code, stderr } = await generate([
    "--users",
    "5",
    "--sessions-per-user",
    "2",
    "--out",
    `${dir}/small.avro`,
  ]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(
    [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
    [liveWriter, otherOutput, "small.avro"].sort(),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task generate --help lists the flags", async () => {
  const { code, stdout } = await generate(["--help"]);
  assert.equal(code, 0);
  for (
    const flag of [
      "--users",
      "--sessions-per-user",
      "--session-hours",
      "--start",
      "--days",
      "--seed",
      "--catalog",
      "--out",
      "--codec",
      "--max-disorder",
      "--interaction-weights",
    ]
  ) assert.ok(stdout.includes(flag), flag);
});
