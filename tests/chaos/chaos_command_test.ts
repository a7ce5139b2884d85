/**
 * `deno task chaos` at small size: the whole pipeline on a broker and an
 * Azurite of the harness's own (ports 19092/19093 and 20001) under
 * SIGKILLs of analyze, the broker and Azurite, then checked. The harness
 * decides what was lost or doubled; this test checks its verdict and that
 * the faults really happened.
 *
 * @module
 */
import assert from "node:assert/strict";

const COMMAND = new URL("../../lib/cli/chaos_command.ts", import.meta.url)
  .pathname;

async function chaos(args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

Deno.test({
  name:
    "chaos at small size: analyze killed 3 times, the broker twice, Azurite once; nothing lost, nothing doubled",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const run = await chaos(["--seed=3", "--faults=3", "--events=3000"]);
    const report = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.code, 0, report);
    const summary =
      /^chaos: (\d+) faults injected, 0 records lost, 0 duplicates in results, 0 duplicates in the topic, 0 records missing from queues \(seed 3, 3000 events\)$/m
        .exec(run.stdout);
    assert.ok(summary, report);
    const faults = Number(summary[1]);
    // broker during produce, garbage, 3 analyze kills, broker during
    // analyze, Azurite during dispatch
    assert.ok(faults >= 6, report);
    for (
      const fault of [
        "SIGKILL + restart of the broker during produce",
        "SIGKILL of analyze during checkpoint write",
        "SIGKILL of analyze during start-up",
        "SIGKILL + restart of the broker during analyze",
        "a burst of 25 garbage messages",
      ]
    ) {
      assert.ok(run.stdout.includes(fault), `${fault} missing:\n${report}`);
    }
  },
});

Deno.test("chaos rejects bad flags with the value", async (t) => {
  for (
    const [args, message] of [
      [["--faults=0"], 'error: --faults must be a positive integer: got "0"\n'],
      [
        ["--events=many"],
        'error: --events must be a positive integer: got "many"\n',
      ],
    ] as const
  ) {
    await t.step(args.join(" "), async () => {
      const run = await chaos([...args]);
      assert.notEqual(run.code, 0);
      assert.equal(run.stderr, message);
    });
  }
});
