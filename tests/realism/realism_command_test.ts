import assert from "node:assert/strict";
import { REALISM_PROPERTIES } from "../../lib/realism/mod.ts";

const GENERATE = new URL("../../lib/cli/generate_command.ts", import.meta.url)
  .pathname;
const REALISM = new URL("../../lib/cli/realism_command.ts", import.meta.url)
  .pathname;

async function run(script: string, args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    stdin: "null",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

Deno.test("deno task generate is byte-identical across processes, in both session modes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-realism-cli-" });
  try {
    for (const extra of [[], ["--session-hours", "1-3"]]) {
      const args = ["--users", "60", "--sessions-per-user", "8", ...extra];
      const a = await run(GENERATE, [...args, "--out", `${dir}/a.avro`]);
      const b = await run(GENERATE, [...args, "--out", `${dir}/b.avro`]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.deepEqual(
        await Deno.readFile(`${dir}/a.avro`),
        await Deno.readFile(`${dir}/b.avro`),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task realism FILE prints the table, --json the rows, and a summary line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "wrapped-realism-cli-" });
  try {
    const file = `${dir}/small.avro`;
    const generated = await run(GENERATE, [
      "--users",
      "120",
      "--sessions-per-user",
      "30",
      "--out",
      file,
    ]);
    assert.equal(generated.code, 0, generated.stderr);
    const table = await run(REALISM, [file]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /plays stopped within 5 s/);
    assert.match(table.stdout, /Lamere/);
    assert.match(
      table.stdout,
      new RegExp(
        `120 listeners \\(\\d+ with ≥ 200 events\\): \\d+ of ${REALISM_PROPERTIES.length} properties within the published band`,
      ),
    );
    const json = await run(REALISM, ["--json", file]);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(
      report.rows.map((r: { id: string }) => r.id),
      REALISM_PROPERTIES.map((p) => p.id),
    );
    assert.equal(report.measurements.listeners, 120);
    const skip = report.rows.find((r: { id: string }) =>
      r.id === "stopped_within_5s"
    );
    assert.ok(skip.value > 0.15 && skip.value < 0.35, `${skip.value}`);
    assert.match(json.stderr, /properties within the published band/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task realism: --help, and a clear error for a missing file", async () => {
  const help = await run(REALISM, ["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: realism \[options\] \[file\]/);
  assert.match(help.stdout, /--json/);
  const missing = await run(REALISM, ["/nonexistent/x.avro"]);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr.trim(),
    'error: cannot read "/nonexistent/x.avro": no such file (make one with deno task generate)',
  );
  const bad = await run(REALISM, ["--recent-year", "abc", "x.avro"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--recent-year must be a positive integer/);
});
