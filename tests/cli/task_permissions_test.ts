/**
 * Every task runs with the permissions `deno.json` gives it (not `-A`):
 * the pipeline end to end through `deno task`, against the real Kafka and
 * Azurite of `deno task test`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const TASKS: Record<string, string> = JSON.parse(
  Deno.readTextFileSync(join(ROOT, "deno.json")),
).tasks;

/** The tasks that need every permission, and why (docs/operations.md). */
const ALL_ALLOWED = new Set([
  "demo",
  "test",
  "bench",
  "chaos",
  "kafka:up",
  "kafka:down",
  "kafka:status",
  "azurite:up",
  "azurite:down",
  "azurite:status",
]);

async function task(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", ...args],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("only the documented tasks run with -A; the others never prompt", () => {
  for (const [name, command] of Object.entries(TASKS)) {
    const words = command.split(/\s+/);
    if (ALL_ALLOWED.has(name)) {
      assert.ok(words.includes("-A"), name);
      continue;
    }
    assert.ok(!words.includes("-A") && !words.includes("--allow-all"), name);
    assert.ok(words.includes("--no-prompt"), name);
  }
  assert.ok(!TASKS.generate.includes("--allow-net"), "generate: no network");
  assert.ok(!TASKS.generate.includes("--allow-run"), "generate: no subprocess");
});

Deno.test({
  name:
    "generate, produce, consume, analyze, dispatch and queue-stats work through deno task with their own permissions",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "task-permissions-" });
    const topic = `t-perm-${Date.now()}`;
    const prefix = `perm${Date.now().toString(36)}-`;
    try {
      const file = join(dir, "events.avro");
      const generated = await task([
        "generate",
        "--users",
        "20",
        "--sessions-per-user",
        "2",
        "--out",
        file,
      ]);
      assert.equal(generated.code, 0, generated.stderr);
      const events = Number(
        /generated ([\d,]+) events/.exec(generated.stdout)![1]
          .replaceAll(",", ""),
      );
      for (
        const args of [
          ["topic:create", "--topic", topic],
          ["produce", "--file", file, "--topic", topic],
          [
            "consume",
            "--topic",
            topic,
            "--from-beginning",
            "--once",
            "--max",
            "3",
          ],
          [
            "analyze",
            "--topic",
            topic,
            "--from-beginning",
            "--once",
            "--out",
            join(dir, "results"),
          ],
          [
            "dispatch",
            "--topic",
            topic,
            "--from-beginning",
            "--once",
            "--prefix",
            prefix,
          ],
        ]
      ) {
        const result = await task(args);
        assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
      }
      const drained = await task([
        "queue-stats",
        "--prefix",
        prefix,
        "--drain",
        "--json",
      ]);
      assert.equal(drained.code, 0, drained.stderr);
      const reports: { statistics: { events: number } }[] = JSON.parse(
        drained.stdout,
      );
      assert.equal(
        reports.reduce((n, r) => n + r.statistics.events, 0),
        events,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
