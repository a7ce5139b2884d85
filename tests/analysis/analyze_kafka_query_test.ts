/**
 * `analyze` over Kafka owns its partitions (issue #11): without a
 * checkpoint every run is a new query; with one, a restart resumes from the
 * last committed batch whatever the start flags say, refuses a checkpoint
 * of another topic or partition set, and leaves its positions in the named
 * group only as a progress marker (`deno task lag`). Needs a broker
 * (`deno task test` starts one).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readTableFiles, tableRows } from "../../lib/analysis/mod.ts";
import { computeTables } from "./_batch_tables.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import {
  createKafka,
  ensureTopic,
  produceListening,
} from "../../lib/kafka/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { runCommand } from "../kafka/_cli.ts";

const records = generateToArray({ users: 60, sessionsPerUser: 2, days: 3 });

function analyze(args: string[]) {
  return runCommand("analyze_command.ts", args);
}

function eventsOf(stderr: string): number {
  const match = /analyzed ([\d,]+) events/.exec(stderr);
  assert.ok(match, stderr);
  return Number(match[1].replaceAll(",", ""));
}

async function withTopic(
  fn: (topic: string, dir: string) => Promise<void>,
): Promise<void> {
  const client = createKafka();
  const topic = `analyze-query-${crypto.randomUUID().slice(0, 8)}`;
  const dir = await Deno.makeTempDir({ prefix: "analyze_query_" });
  await ensureTopic(client, topic);
  await produceListening(client, records, { topic });
  try {
    await fn(topic, dir);
  } finally {
    await client.withAdmin((a) => a.deleteTopics({ topics: [topic] }))
      .catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("analyze --once --from-beginning twice gives the same full tables twice; a run that reads nothing leaves them", async () => {
  await withTopic(async (topic, dir) => {
    const out = join(dir, "results");
    const args = [`--topic=${topic}`, "--once", `--out=${out}`];
    const expected = tableRows(computeTables(records));
    const first = await analyze([...args, "--from-beginning"]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(eventsOf(first.stderr), records.length);
    assert.deepEqual(readTableFiles(out), expected);
    // the bug of issue #11: the second run read 0 events and wrote []
    const second = await analyze([...args, "--from-beginning"]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(eventsOf(second.stderr), records.length);
    assert.deepEqual(readTableFiles(out), expected);
    const files = Object.fromEntries(
      [...Deno.readDirSync(out)].map((e) => [
        e.name,
        Deno.readTextFileSync(join(out, e.name)),
      ]),
    );
    // latest: nothing to read, the tables stay byte for byte
    const third = await analyze(args);
    assert.equal(third.code, 0, third.stderr);
    assert.equal(eventsOf(third.stderr), 0);
    assert.match(
      third.stderr,
      /nothing read: the tables in .* were left as they were/,
    );
    for (const [name, text] of Object.entries(files)) {
      assert.equal(Deno.readTextFileSync(join(out, name)), text, name);
    }
  });
});

Deno.test("analyze --checkpoint resumes from the last committed batch whatever the start flags say, and marks progress in the group for deno task lag", async () => {
  await withTopic(async (topic, dir) => {
    const group = `${topic}-marker`;
    const checkpoint = join(dir, "checkpoint");
    const out = join(dir, "results");
    const args = [
      `--topic=${topic}`,
      `--group=${group}`,
      `--checkpoint=${checkpoint}`,
      "--once",
      `--out=${out}`,
      "--max-batch=500",
    ];
    const first = await analyze([...args, "--starting-offsets=earliest"]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(eventsOf(first.stderr), records.length);
    const lag = await runCommand("lag_command.ts", [
      `--group=${group}`,
      `--topic=${topic}`,
      "--json",
    ]);
    assert.equal(lag.code, 0, lag.stderr);
    const { rows } = JSON.parse(lag.stdout) as {
      rows: { partition: number; lag: number; consumerId: string | null }[];
    };
    assert.equal(rows.length, 16, lag.stdout);
    for (const row of rows) {
      assert.equal(row.lag, 0, lag.stdout);
      assert.equal(row.consumerId, null, "the engine is no member");
    }
    // flags that would start elsewhere are ignored by a resumed query
    const again = await analyze([...args, "--starting-offsets=earliest"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stderr,
      /^resuming checkpoint .*checkpoint from batch \d+ \(the last committed\); start flags apply only to a new query\n/,
    );
    assert.equal(eventsOf(again.stderr), 0);
    assert.deepEqual(readTableFiles(out), tableRows(computeTables(records)));

    // another partition set or topic is refused ...
    const narrower = await analyze([...args, "--partitions=0-7"]);
    assert.equal(narrower.code, 1);
    assert.match(
      narrower.stderr,
      /was written for partitions 0-15, not 0-7; use a new checkpoint directory or --reset-checkpoint/,
    );
    const other = await analyze([
      ...args.map((a) =>
        a.startsWith("--topic=") ? `--topic=${topic}-other` : a
      ),
    ]);
    assert.equal(other.code, 1);
    assert.match(
      other.stderr,
      new RegExp(
        `was written for source kafka:${topic}, not kafka:${topic}-other`,
      ),
    );
    // ... until --reset-checkpoint starts a new query
    const reset = await analyze([
      ...args,
      "--partitions=0-7",
      "--from-beginning",
      "--reset-checkpoint",
    ]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stderr, /checkpoint .* reset: a new query/);
    assert.equal(
      eventsOf(reset.stderr),
      records.filter((r) => personalityIndex(r.personality) <= 7).length,
    );
  });
});

Deno.test("analyze rejects bad --partitions, --starting-offsets, and contradicting start flags", async (t) => {
  const cases: [string[], string][] = [
    [
      ["--partitions=a-b"],
      'error: --partitions must be partition numbers and ranges such as 0-7,12: got "a-b"\n',
    ],
    [
      ["--starting-offsets=oldest"],
      'error: --starting-offsets must be one of earliest, latest, group: got "oldest"\n',
    ],
    [
      ["--from-beginning", "--starting-offsets=latest", "--once"],
      "error: --from-beginning means --starting-offsets earliest: got --starting-offsets latest as well\n",
    ],
    [
      ["--reset-checkpoint"],
      "error: --reset-checkpoint needs --checkpoint DIR\n",
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await analyze(args);
      assert.notEqual(run.code, 0);
      assert.equal(run.stderr, message);
    });
  }
});

/** The temporary files of a checkpoint (files being written, or left by a kill). */
function temporaryFiles(checkpoint: string): Set<string> {
  const names = new Set<string>();
  for (const dir of ["offsets", "commits", "data"]) {
    try {
      for (const e of Deno.readDirSync(join(checkpoint, dir))) {
        if (e.name.includes(".tmp-")) names.add(`${dir}/${e.name}`);
      }
    } catch {
      // not there yet
    }
  }
  return names;
}

Deno.test("analyze --checkpoint SIGKILLed 5 times (during start-up, during checkpoint writes, mid-run) then run once more: tables byte-identical to an uninterrupted run", async () => {
  await withTopic(async (topic, dir) => {
    const tableBytes = (out: string) =>
      Object.fromEntries(
        [...Deno.readDirSync(out)].filter((e) =>
          e.isFile && e.name !== "_status.json"
        ).map((e) => [e.name, Deno.readTextFileSync(join(out, e.name))]),
      );
    const base = [`--topic=${topic}`, "--once", "--from-beginning"];
    const plain = await analyze([
      ...base,
      `--out=${join(dir, "plain")}`,
      "--max-batch=150",
    ]);
    assert.equal(plain.code, 0, plain.stderr);
    const checkpoint = join(dir, "checkpoint");
    const out = join(dir, "crashed");
    const args = [
      ...base,
      `--out=${out}`,
      `--checkpoint=${checkpoint}`,
      "--max-batch=150",
    ];
    const command = new URL("../../lib/cli/analyze_command.ts", import.meta.url)
      .pathname;
    const spawn = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", command, ...args],
        stdout: "null",
        stderr: "null",
      }).spawn();
    // seeded moments: a kill as soon as a checkpoint file is being
    // written, or after a delay (short ones land in start-up)
    const moments = ["write", 150, "write", 900, "write"] as const;
    for (const [i, moment] of moments.entries()) {
      const left = temporaryFiles(checkpoint);
      const child = spawn();
      let exited = false;
      child.status.then(() => exited = true);
      if (moment === "write") {
        // the first kill waits for a committed batch, so the last run resumes
        const committed = () => {
          try {
            return i > 0 || Deno.readDirSync(join(checkpoint, "commits"))
              .some((e) => e.name.endsWith(".json"));
          } catch {
            return false;
          }
        };
        const writing = () =>
          committed() &&
          [...temporaryFiles(checkpoint)].some((name) => !left.has(name));
        await waitUntil(() => writing() || exited, {
          timeoutMs: 60_000,
          intervalMs: 2,
          what: "a checkpoint write",
        });
      } else {
        await new Promise((r) => setTimeout(r, moment));
      }
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await child.status;
    }
    const started = performance.now();
    const last = await analyze(args);
    assert.equal(last.code, 0, last.stderr);
    assert.match(last.stderr, /^resuming checkpoint /);
    assert.ok(performance.now() - started < 30_000, "restart is immediate");
    assert.deepEqual(tableBytes(out), tableBytes(join(dir, "plain")));
  });
});
