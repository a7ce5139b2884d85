import assert from "node:assert/strict";
import { join } from "node:path";
import type pl from "nodejs-polars";
import {
  callbackSink,
  CorruptCheckpointError,
  count,
  IncompatibleCheckpointError,
  memorySink,
  memorySource,
  type OutputMode,
  readStream,
  resetCheckpoint,
  runOnce,
  type Source,
  startStream,
  window,
} from "../../lib/engine/mod.ts";
import { writeAvroFile } from "../../lib/avro/mod.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import {
  committedOffsets,
  createKafka,
  ensureTopic,
  produceListening,
  topicEndOffsets,
} from "../../lib/kafka/mod.ts";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { childQueries } from "./_kill_queries.ts";

const records = generateToArray({ users: 30, sessionsPerUser: 2, days: 3 });
const partitionOf = (r: ListeningRecord) => personalityIndex(r.personality);

function queries(source: Source, mode: OutputMode) {
  const sink = memorySink();
  const frame = readStream(source).withWatermark("start_time", "30 minutes");
  const query =
    (mode === "append"
      ? frame.groupBy(window("start_time", "2 hours"), "personality")
      : frame.groupBy("personality", "interaction"))
      .agg({ n: count() })
      .writeStream("q", { outputMode: mode, sink });
  return { sink, query };
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new assert.AssertionError({ message: "expected a rejection" });
}

/** A source that fails on its `n`-th poll: a crash in the middle of a run. */
function failingAt(source: Source, n: number): Source {
  let polls = 0;
  const poll = source.poll.bind(source);
  source.poll = (max, wait) => {
    if (++polls === n) throw new Error("injected crash");
    return poll(max, wait);
  };
  return source;
}

for (const mode of ["append", "update", "complete"] as OutputMode[]) {
  Deno.test(`a restart resumes from the checkpoint with the uninterrupted results (${mode})`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "engine-ckpt-" });
    const expected = queries(
      memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
      mode,
    );
    await runOnce([expected.query], { maxRecordsPerBatch: 100 });
    for (const crashAt of [2, 7, 4]) {
      const crashing = queries(
        failingAt(
          memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
          crashAt,
        ),
        mode,
      );
      await assert.rejects(
        runOnce([crashing.query], {
          checkpointDir: dir,
          maxRecordsPerBatch: 100,
        }),
        { message: "injected crash" },
      );
    }
    const resumed = queries(
      memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
      mode,
    );
    const summary = await runOnce([resumed.query], {
      checkpointDir: dir,
      maxRecordsPerBatch: 100,
    });
    assert.ok(summary.lastBatchId > summary.batches, "resumed, not restarted");
    assert.deepEqual(resumed.sink.rows(), expected.sink.rows());
    // a finished checkpoint: running again changes nothing
    const again = queries(
      memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
      mode,
    );
    const none = await runOnce([again.query], { checkpointDir: dir });
    assert.equal(none.inputRows, 0);
    assert.deepEqual(again.sink.rows(), expected.sink.rows());
    await Deno.remove(dir, { recursive: true });
  });
}

/** A complete-mode query whose callback sink keeps no table of its own. */
function completeToCallback(source: Source) {
  const seen = { opened: undefined as pl.DataFrame | undefined, batches: 0 };
  let last: pl.DataFrame | undefined;
  const sink = callbackSink((batch) => {
    seen.batches++;
    last = batch.table();
  }, { open: (_query, table) => void (seen.opened = table) });
  const query = readStream(source)
    .groupBy("personality", "interaction")
    .agg({ n: count() })
    .writeStream("q", { outputMode: "complete", sink });
  return { seen, query, last: () => last };
}

Deno.test("a finished checkpoint opens a complete-mode sink that keeps no table with the restored result, not an empty one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "engine-ckpt-" });
  try {
    const source = () =>
      memorySource(records, { columns: LISTENING_COLUMNS, partitionOf });
    const first = completeToCallback(source());
    await runOnce([first.query], {
      checkpointDir: dir,
      maxRecordsPerBatch: 90,
    });
    const whole = first.last();
    assert.ok(whole && whole.height > 0);
    assert.equal(first.seen.opened?.height, 0, "no checkpoint: opens empty");
    // the stream already finished: no batch runs, the sink only opens
    const again = completeToCallback(source());
    const none = await runOnce([again.query], { checkpointDir: dir });
    assert.equal(none.batches, 0);
    assert.equal(again.seen.batches, 0);
    assert.deepEqual(again.seen.opened?.toRecords(), whole.toRecords());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The newest commit log entry of a checkpoint directory. */
function lastCommit(dir: string): string {
  const ids = [...Deno.readDirSync(join(dir, "commits"))]
    .map((e) => /^(\d+)\.json$/.exec(e.name)?.[1])
    .filter((id) => id !== undefined).map(Number);
  return join(dir, "commits", `${Math.max(...ids)}.json`);
}

async function checkpointed(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "engine-ckpt-" });
  const { query } = queries(
    memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
    "update",
  );
  await runOnce([query], { checkpointDir: dir, maxRecordsPerBatch: 500 });
  return dir;
}

Deno.test("a corrupt checkpoint is refused with CorruptCheckpointError, never ignored", async (t) => {
  const cases: [string, (dir: string) => Promise<void>, string][] = [
    [
      "the commit is not JSON",
      (dir) => Deno.writeTextFile(lastCommit(dir), "{ half"),
      "not valid JSON",
    ],
    [
      "the commit is another format",
      (dir) => Deno.writeTextFile(lastCommit(dir), '{"format":"x"}'),
      "not a wrapped-streams-checkpoint/2 file",
    ],
    ["a data file is missing", async (dir) => {
      const [file] = [...Deno.readDirSync(join(dir, "data"))];
      await Deno.remove(join(dir, "data", file.name));
    }, "data file data/"],
    ["a data file was altered", async (dir) => {
      const [file] = [...Deno.readDirSync(join(dir, "data"))];
      const path = join(dir, "data", file.name);
      const bytes = await Deno.readFile(path);
      bytes[bytes.length - 9] ^= 0xff;
      await Deno.writeFile(path, bytes);
    }, "fails its SHA-256 check"],
  ];
  for (const [name, damage, detail] of cases) {
    await t.step(name, async () => {
      const dir = await checkpointed();
      await damage(dir);
      const { query } = queries(
        memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
        "update",
      );
      const commit = lastCommit(dir);
      const error = await rejection(runOnce([query], { checkpointDir: dir }));
      assert.ok(error instanceof CorruptCheckpointError, String(error));
      const message = (error as Error).message;
      assert.ok(
        message.startsWith(`checkpoint ${commit} is corrupt: `),
        message,
      );
      assert.ok(message.includes(detail), message);
      assert.ok(
        message.endsWith(
          `; run with --reset-checkpoint (or delete the directory ${dir}) to start over`,
        ),
        message,
      );
      assert.equal((error as CorruptCheckpointError).directory, dir);
      await Deno.remove(dir, { recursive: true });
    });
  }
});

Deno.test("a checkpoint of other queries is refused with IncompatibleCheckpointError", async (t) => {
  const dir = await checkpointed();
  const source = memorySource(records, {
    columns: LISTENING_COLUMNS,
    partitionOf,
  });
  await t.step("another definition of the query", async () => {
    const query = readStream(source).withWatermark("start_time", "45 minutes")
      .groupBy("personality", "interaction").agg({ n: count() })
      .writeStream("q", { sink: memorySink() });
    const error = await rejection(runOnce([query], { checkpointDir: dir }));
    assert.ok(error instanceof IncompatibleCheckpointError, String(error));
    assert.match(
      error.message,
      new RegExp(
        `^checkpoint ${dir} was written by a different definition of query q \\(fingerprint [0-9a-f]{12}, now [0-9a-f]{12}\\); use a new checkpoint directory or --reset-checkpoint$`,
      ),
    );
  });
  await t.step("another set of queries", async () => {
    const { query } = queries(source, "update");
    const other = readStream(source).groupBy("genre").agg({ n: count() })
      .writeStream("genres", { sink: memorySink() });
    await assert.rejects(runOnce([query, other], { checkpointDir: dir }), {
      name: "IncompatibleCheckpointError",
      message:
        `checkpoint ${dir} was written for queries q, not genres, q; use a new checkpoint directory or --reset-checkpoint`,
    });
  });
  await t.step("another source", async () => {
    const { query } = queries(
      memorySource(records, {
        columns: LISTENING_COLUMNS,
        partitionOf,
        id: "memory:other",
      }),
      "update",
    );
    await assert.rejects(runOnce([query], { checkpointDir: dir }), {
      name: "IncompatibleCheckpointError",
      message:
        `checkpoint ${dir} was written for source memory, not memory:other; use a new checkpoint directory or --reset-checkpoint`,
    });
  });
  await Deno.remove(dir, { recursive: true });
});

const CHILD = new URL("./_kill_child.ts", import.meta.url).pathname;

/** The lines of a byte stream. */
async function* lines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let rest = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + text).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

/** Runs the child; kills it with SIGKILL once it printed `killAfter` batches. */
async function runChild(
  args: string[],
  killAfter?: number,
): Promise<{ code: number; batches: number; done: boolean }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let batches = 0;
  let done = false;
  for await (const line of lines(child.stdout)) {
    if (line.startsWith("batch ")) batches++;
    if (line === "done") done = true;
    if (killAfter !== undefined && batches >= killAfter) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      killAfter = undefined;
    }
  }
  const { code } = await child.status;
  return { code, batches, done };
}

async function readOutputs(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of ["windows", "countries", "personalities"]) {
    out[name] = JSON.parse(await Deno.readTextFile(join(dir, `${name}.json`)));
  }
  return out;
}

/** The results of one uninterrupted in-process run (memory source). */
async function uninterrupted(): Promise<Record<string, unknown>> {
  const out = await Deno.makeTempDir({ prefix: "engine-kill-ref-" });
  await runOnce(
    childQueries(
      memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
      out,
    ),
    { maxRecordsPerBatch: 1000 },
  );
  const results = await readOutputs(out);
  await Deno.remove(out, { recursive: true });
  return results;
}

Deno.test("SIGKILL at any moment and a restart end with the uninterrupted results (Avro file)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "engine-kill-" });
  const file = join(dir, "events.avro");
  await writeAvroFile(file, records, { blockSizeBytes: 8192 });
  const args = [
    "--file",
    file,
    "--out",
    join(dir, "out"),
    "--checkpoint",
    join(dir, "checkpoint"),
    "--batch",
    "150",
  ];
  let kills = 0;
  // a kill right after a checkpoint and before the commit, then kills at
  // varying points in later batches
  const first = await runChild([...args, "--die-after-checkpoint", "1"]);
  assert.notEqual(first.code, 0);
  kills++;
  for (const killAfter of [1, 3, 2, 5, 4, 1, 6, 2, 3]) {
    const run = await runChild(args, killAfter);
    if (run.done) break;
    kills++;
  }
  const last = await runChild(args);
  assert.equal(last.code, 0);
  assert.ok(kills >= 3, `killed ${kills} times`);
  assert.deepEqual(await readOutputs(join(dir, "out")), await uninterrupted());
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a kill between the checkpoint and the Kafka commit neither loses nor double-counts (real Kafka)", async () => {
  const topic = `engine-kill-${crypto.randomUUID().slice(0, 8)}`;
  const group = `${topic}-group`;
  const client = createKafka();
  await ensureTopic(client, topic);
  await produceListening(client, records, { topic });
  const dir = await Deno.makeTempDir({ prefix: "engine-kill-kafka-" });
  const args = [
    "--topic",
    topic,
    "--group",
    group,
    "--out",
    join(dir, "out"),
    "--checkpoint",
    join(dir, "checkpoint"),
    "--batch",
    "400",
  ];
  const first = await runChild([...args, "--die-after-checkpoint", "2"]);
  assert.notEqual(first.code, 0, "the child killed itself");
  // the group's committed offsets lag the checkpoint now
  const committed = await client.withAdmin((a) =>
    committedOffsets(a, group, topic)
  );
  const checkpoint = JSON.parse(
    await Deno.readTextFile(lastCommit(join(dir, "checkpoint"))),
  );
  const committedTotal = [...committed.values()].reduce((a, b) => a + b, 0);
  const checkpointTotal = Object.values(
    checkpoint.position as Record<string, number>,
  )
    .reduce((a, b) => a + b, 0);
  assert.ok(committedTotal < checkpointTotal, "commit lags the checkpoint");
  await runChild(args, 2); // killed again mid-run
  const last = await runChild(args);
  assert.equal(last.code, 0);
  assert.deepEqual(await readOutputs(join(dir, "out")), await uninterrupted());
  // and the group finally committed the end of every partition
  const [ends, done] = await client.withAdmin(async (a) =>
    [
      await topicEndOffsets(a, topic),
      await committedOffsets(a, group, topic),
    ] as const
  );
  for (const { partition, high } of ends) {
    if (high > 0) assert.equal(done.get(partition), high);
  }
  await client.withAdmin((a) => a.deleteTopics({ topics: [topic] }));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the offset log is written before a batch and the commit log after its sinks: a crash between them replays exactly that batch", async () => {
  const dir = await Deno.makeTempDir({ prefix: "engine-ckpt-wal-" });
  const expected = queries(
    memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
    "update",
  );
  await runOnce([expected.query], { maxRecordsPerBatch: 100 });
  const crashing = queries(
    memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
    "update",
  );
  const write = crashing.sink.write.bind(crashing.sink);
  crashing.sink.write = (batch) => {
    if (batch.batchId === 3) throw new Error("injected crash in a sink");
    return write(batch);
  };
  await assert.rejects(
    runOnce([crashing.query], { checkpointDir: dir, maxRecordsPerBatch: 100 }),
    { message: "injected crash in a sink" },
  );
  // batch 3 was planned (offset log) but not committed
  const planned = JSON.parse(
    await Deno.readTextFile(join(dir, "offsets", "3.json")),
  );
  assert.deepEqual([planned.start, planned.end], [{ records: 300 }, {
    records: 400,
  }]);
  await assert.rejects(Deno.stat(join(dir, "commits", "3.json")));
  assert.equal(lastCommit(dir), join(dir, "commits", "2.json"));
  // a restart with another batch size replays batch 3 with its records
  const resumed = queries(
    memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
    "update",
  );
  const stream = startStream([resumed.query], {
    checkpointDir: dir,
    maxRecordsPerBatch: 250,
    trigger: "once",
  });
  const batches: [number, number][] = [];
  stream.instrumentation.on("engine.batch_end", (p) => {
    batches.push([p.batchId, p.inputRows]);
  });
  const started = new Promise((resolve) =>
    stream.instrumentation.on("engine.start", resolve)
  );
  await stream.done;
  assert.deepEqual(await started, {
    queries: ["q"],
    sourceId: "memory",
    resumedFromBatch: 2,
    replayingBatch: 3,
  });
  assert.deepEqual(batches.slice(0, 2), [[3, 100], [4, 250]]);
  assert.deepEqual(resumed.sink.rows(), expected.sink.rows());
  // only the newest commit and the offsets from it on are kept
  const commits = [...Deno.readDirSync(join(dir, "commits"))].map((e) =>
    e.name
  );
  assert.deepEqual(commits, [`${batches.at(-1)![0]}.json`]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resetCheckpoint() empties the logs and state so the next run is a new query", async () => {
  const dir = await checkpointed();
  await Deno.writeTextFile(join(dir, "notes.txt"), "kept");
  assert.equal(resetCheckpoint(dir), true);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [
    "notes.txt",
  ]);
  assert.equal(resetCheckpoint(dir), false);
  const { query, sink } = queries(
    memorySource(records, { columns: LISTENING_COLUMNS, partitionOf }),
    "update",
  );
  const summary = await runOnce([query], { checkpointDir: dir });
  assert.equal(summary.inputRows, records.length);
  assert.ok(sink.rows().length > 0);
  await Deno.remove(dir, { recursive: true });
});
