import assert from "node:assert/strict";
import { join } from "node:path";
import {
  readResultStatus,
  readTableFiles,
  STATUS_FILE,
  TABLE_NAMES,
  tableRows,
} from "../../lib/analysis/mod.ts";
import { writeAvroFile } from "../../lib/avro/mod.ts";
import { computeTables } from "./_batch_tables.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { HAND_MADE_EVENTS } from "../testdata/analysis/hand_made_events.ts";
import { EXPECTED_LOCAL, EXPECTED_UTC } from "./_hand_made_expected.ts";

const COMMAND = new URL("../../lib/cli/analyze_command.ts", import.meta.url)
  .pathname;

async function analyze(args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "analyze_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("analyze --source file --once writes the hand-worked tables in local time", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, HAND_MADE_EVENTS);
    const out = join(dir, "results");
    const run = await analyze([
      "--source",
      "file",
      "--file",
      file,
      "--once",
      "--out",
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^analyzed 26 events in [\d.]+ s \([\d,]+ events\/s, \d+ batches, late \(row, window\) pairs dropped: none\); tables in .*results\n$/,
    );
    assert.deepEqual(readTableFiles(out), EXPECTED_LOCAL);
  });
});

Deno.test("analyze --tz utc reads the time of day in UTC and --tz local in each listener's zone", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, HAND_MADE_EVENTS);
    for (const tz of ["utc", "local"] as const) {
      const out = join(dir, tz);
      const run = await analyze([
        "--source=file",
        `--file=${file}`,
        "--once",
        `--out=${out}`,
        `--tz=${tz}`,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const rows = readTableFiles(out);
      const expected = tz === "utc" ? EXPECTED_UTC : EXPECTED_LOCAL;
      assert.deepEqual(rows.night_top10, expected.night_top10, tz);
      assert.deepEqual(rows.morning_top10, expected.morning_top10, tz);
      assert.deepEqual(rows.time_of_day, expected.time_of_day, tz);
      assert.deepEqual(
        rows.day_vs_night_windows,
        expected.day_vs_night_windows,
        tz,
      );
    }
  });
});

Deno.test("analyze with small batches drops the late event from the windows and reports it", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    // Event time order, the late event last: only it is behind the watermark.
    const ordered = HAND_MADE_EVENTS.slice(0, 25).toSorted((a, b) =>
      a.listening_time.start_time - b.listening_time.start_time
    );
    await writeAvroFile(file, [...ordered, HAND_MADE_EVENTS[25]]);
    const out = join(dir, "results");
    const run = await analyze([
      "--source=file",
      `--file=${file}`,
      "--once",
      `--out=${out}`,
      "--max-batch=5",
    ]);
    assert.equal(run.code, 0, run.stderr);
    // one row late for both windowed queries: its 6-hour window and both
    // of its sliding windows had closed
    assert.match(
      run.stderr,
      /, late \(row, window\) pairs dropped: day_vs_night 1, sliding 2\)/,
    );
    const rows = readTableFiles(out);
    const batch = tableRows(computeTables(HAND_MADE_EVENTS));
    assert.equal(
      rows.day_vs_night_windows.length,
      batch.day_vs_night_windows.length - 1,
    );
    assert.deepEqual(rows.time_of_day, batch.time_of_day);
  });
});

Deno.test("analyze rejects an unknown source", async () => {
  const run = await analyze(["--source", "s3"]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'error: --source must be one of kafka, file: got "s3"\n',
  );
});

Deno.test("analyze --source file needs --file", async () => {
  const run = await analyze(["--source", "file", "--once"]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    "error: --source file needs --file PATH (an .avro file)\n",
  );
});

Deno.test("analyze reports a missing file", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "missing.avro");
    const run = await analyze(["--source", "file", "--file", file, "--once"]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `error: --file ${file}: no such file\n`);
  });
});

Deno.test("analyze reports an output directory it cannot write, before reading anything", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, HAND_MADE_EVENTS);
    const blocker = join(dir, "not-a-dir");
    await Deno.writeTextFile(blocker, "");
    const out = join(blocker, "results");
    const run = await analyze([
      "--source=file",
      `--file=${file}`,
      "--once",
      `--out=${out}`,
    ]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `^error: cannot write result tables to ${out}: Not a directory .*\n$`,
      ),
    );
  });
});

Deno.test("analyze rejects a bad --trigger, --max-batch and --tz", async (t) => {
  const cases: [string[], string][] = [
    [
      ["--trigger", "soon"],
      'error: --trigger must be a positive interval such as 500ms, 1s or "2 seconds", or a record count such as "10000 records": got "soon"\n',
    ],
    [
      ["--max-batch", "0"],
      'error: --max-batch must be a positive integer: got "0"\n',
    ],
    [["--tz", "cet"], 'error: --tz must be one of local, utc: got "cet"\n'],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await analyze(args);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, message);
    });
  }
});

Deno.test("analyze tables are complete JSON arrays with the documented files", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, HAND_MADE_EVENTS);
    const out = join(dir, "results");
    const run = await analyze([
      `--source=file`,
      `--file=${file}`,
      "--once",
      `--out=${out}`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    assert.deepEqual(
      files,
      [STATUS_FILE, ...TABLE_NAMES.map((n) => `${n}.json`)].sort(),
    );
  });
});

Deno.test("analyze without --once keeps running until SIGINT, then stops cleanly with its tables written", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, HAND_MADE_EVENTS);
    const out = join(dir, "results");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        COMMAND,
        "--source=file",
        `--file=${file}`,
        `--out=${out}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // Every event counted in the unwindowed tables: the file is read.
    await waitUntil(() => {
      try {
        const rows = readTableFiles(out);
        return rows.listening_time_per_personality.reduce(
          (n, r) => n + r.plays,
          0,
        ) === 20;
      } catch {
        return false;
      }
    }, { timeoutMs: 30_000, intervalMs: 50, what: "all 20 plays" });
    child.kill("SIGINT");
    const output = await child.output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.match(stderr, /^analyzed 26 events in .*; interrupted\n$/);
    const rows = readTableFiles(out);
    assert.deepEqual(rows.time_of_day, EXPECTED_LOCAL.time_of_day);
    // Without --once only the windows the watermark (max event time - 1
    // hour) has passed are closed; the latest ones stay open.
    assert.ok(
      rows.sliding_top_songs.length < EXPECTED_LOCAL.sliding_top_songs.length,
    );
  });
});

Deno.test('analyze --trigger "10 records" runs a batch per 10 events and the rest on SIGINT', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    await writeAvroFile(file, HAND_MADE_EVENTS);
    const out = join(dir, "results");
    const plays = (events: typeof HAND_MADE_EVENTS) =>
      events.filter((e) => e.interaction === "played").length;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        COMMAND,
        "--source=file",
        `--file=${file}`,
        `--out=${out}`,
        "--trigger",
        "10 records",
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const playsInTables = () => {
      try {
        return readTableFiles(out).listening_time_per_personality.reduce(
          (n, r) => n + r.plays,
          0,
        );
      } catch {
        return -1;
      }
    };
    // Two batches of 10; the last 6 events wait for 4 more that never come.
    const firstTwenty = plays(HAND_MADE_EVENTS.slice(0, 20));
    assert.ok(firstTwenty < plays(HAND_MADE_EVENTS));
    await waitUntil(() => playsInTables() === firstTwenty, {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `the plays of the first 20 events (${firstTwenty})`,
    });
    child.kill("SIGINT");
    const output = await child.output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.match(
      stderr,
      /^analyzed 26 events in .*, 3 batches, .*; interrupted\n$/,
    );
    assert.equal(playsInTables(), plays(HAND_MADE_EVENTS));
  });
});

Deno.test("analyze reads an unknown time zone as UTC and names it in the summary", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "events.avro");
    const event = structuredClone(HAND_MADE_EVENTS[0]); // 08:59:59.999Z
    event.user_location.timezone = "Mars/Olympus_Mons";
    await writeAvroFile(file, [event]);
    const out = join(dir, "results");
    const run = await analyze([
      "--source=file",
      `--file=${file}`,
      "--once",
      `--out=${out}`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /; 1 unknown time zone\(s\) read as UTC: Mars\/Olympus_Mons\n$/,
    );
    assert.deepEqual(
      readTableFiles(out).time_of_day.map((r) => r.time_of_day),
      ["morning"],
    );
  });
});

/** The hand-made events `copies` times over, a day apart each copy. */
function manyEvents(copies: number) {
  const day = 86_400_000;
  return Array.from(
    { length: copies },
    (_, copy) =>
      HAND_MADE_EVENTS.map((event) => ({
        ...event,
        user_id: event.user_id + copy * 1_000,
        listening_time: {
          start_time: event.listening_time.start_time + copy * day,
          end_time: event.listening_time.end_time + copy * day,
        },
      })),
  ).flat();
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of Deno.readDirSync(dir)) {
    files.set(entry.name, Deno.readTextFileSync(join(dir, entry.name)));
  }
  return files;
}

/** A complete --once run into `<dir>/results`: its directory and files. */
async function completeRun(dir: string) {
  const file = join(dir, "events.avro");
  await writeAvroFile(file, HAND_MADE_EVENTS);
  const out = join(dir, "results");
  const run = await analyze([
    "--source=file",
    `--file=${file}`,
    "--once",
    `--out=${out}`,
  ]);
  assert.equal(run.code, 0, run.stderr);
  return { out, before: snapshot(out) };
}

Deno.test("analyze --once writes _status.json; a run failing on a corrupt file leaves the previous tables and status untouched", async () => {
  await withTempDir(async (dir) => {
    const { out, before } = await completeRun(dir);
    const status = readResultStatus(out);
    assert.equal(status?.state, "complete");
    assert.equal(status?.recordsRead, HAND_MADE_EVENTS.length);
    assert.ok(status.batchId >= 0);
    assert.ok(Date.parse(status.updatedAt) >= Date.parse(status.startedAt));

    // Many small blocks, the last ones cut off: the run fails after
    // batches that already covered most of the file.
    const bad = join(dir, "bad.avro");
    await writeAvroFile(bad, manyEvents(40), { blockSizeBytes: 4_096 });
    const bytes = Deno.readFileSync(bad);
    Deno.writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const failed = await analyze([
      "--source=file",
      `--file=${bad}`,
      "--once",
      "--max-batch=100",
      `--out=${out}`,
    ]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.deepEqual(snapshot(out), before);
  });
});

Deno.test("analyze --once stopped by SIGTERM or SIGINT exits 143/130, says how far it got and keeps the previous tables", async (t) => {
  await withTempDir(async (dir) => {
    const { out, before } = await completeRun(dir);
    const big = join(dir, "big.avro");
    await writeAvroFile(big, manyEvents(400));
    for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      await t.step(signal, async () => {
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            COMMAND,
            "--source=file",
            `--file=${big}`,
            "--once",
            "--max-batch=10",
            `--out=${out}`,
          ],
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        // The run has begun staging its tables.
        await waitUntil(
          () =>
            [...Deno.readDirSync(out)].some((e) =>
              e.name.startsWith(".staging-")
            ),
          { timeoutMs: 60_000, intervalMs: 20, what: "a staging directory" },
        );
        child.kill(signal);
        const output = await child.output();
        const stderr = new TextDecoder().decode(output.stderr);
        assert.equal(output.code, code, stderr);
        assert.match(
          stderr,
          new RegExp(
            `analyzed [\\d,]+ events .*interrupted by ${signal} before the end of the input`,
          ),
        );
        assert.deepEqual(snapshot(out), before);
      });
    }
  });
});
