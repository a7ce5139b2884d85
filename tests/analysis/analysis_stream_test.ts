import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import {
  analyzeOnce,
  readTableFiles,
  startAnalysis,
  TABLE_NAMES,
  tableRows,
} from "../../lib/analysis/mod.ts";
import { memorySource } from "../../lib/engine/mod.ts";
import { computeTables } from "./_batch_tables.ts";
import { personalityIndex } from "../../lib/personalities/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { HAND_MADE_EVENTS } from "../testdata/analysis/hand_made_events.ts";
import { EXPECTED_STREAMING_LOCAL } from "./_hand_made_expected.ts";

/**
 * The hand-made events in event-time order, except the late #26 last, each
 * personality in its own partition.
 */
function inTimeOrderWithLateEventLast() {
  const late = HAND_MADE_EVENTS[25];
  const ordered = HAND_MADE_EVENTS.slice(0, 25).toSorted((a, b) =>
    a.listening_time.start_time - b.listening_time.start_time
  );
  return memorySource(structuredClone([...ordered, late]), {
    columns: LISTENING_COLUMNS,
    partitionOf: (r: ListeningRecord) => personalityIndex(r.personality),
  });
}

Deno.test("analyzeOnce() over the hand-made events drops the late event from the windowed tables only", async (t) => {
  const source = inTimeOrderWithLateEventLast();
  const { rows, summary } = await analyzeOnce(source, {
    maxRecordsPerBatch: 5,
  });
  for (const name of TABLE_NAMES) {
    await t.step(name, () => {
      assert.deepEqual(rows[name], EXPECTED_STREAMING_LOCAL[name]);
    });
  }
  assert.equal(summary.inputRows, HAND_MADE_EVENTS.length);
  assert.equal(summary.lateRows.day_vs_night, 1);
  // both of its sliding windows (05:00-06:00 and 05:30-06:30) had closed
  assert.equal(summary.lateRows.sliding, 2);
  assert.equal(summary.lateRows.country_events, 0);
});

Deno.test("analyzeOnce() in one batch has nothing late and equals computeTables()", async () => {
  const source = memorySource(structuredClone(HAND_MADE_EVENTS), {
    columns: LISTENING_COLUMNS,
  });
  const { rows } = await analyzeOnce(source, { maxRecordsPerBatch: 1000 });
  assert.deepEqual(rows, tableRows(computeTables(HAND_MADE_EVENTS)));
});

Deno.test("startAnalysis() writes every table to outDir and equals the rows it returns", async () => {
  const outDir = await Deno.makeTempDir();
  try {
    const updates: string[][] = [];
    const run = startAnalysis(
      memorySource(structuredClone(HAND_MADE_EVENTS), {
        columns: LISTENING_COLUMNS,
      }),
      {
        outDir,
        trigger: "once",
        maxRecordsPerBatch: 13,
        tz: "utc",
        onTables: (update) => {
          updates.push([...update.changed]);
        },
      },
    );
    await run.done;
    assert.deepEqual(readTableFiles(outDir), run.rows());
    assert.deepEqual(
      run.rows().night_top10,
      tableRows(computeTables(HAND_MADE_EVENTS, { tz: "utc" })).night_top10,
    );
    // The first batch writes every table; the final one (no rows, every
    // window closes) only the windowed tables.
    assert.deepEqual(updates[0], [...TABLE_NAMES]);
    assert.deepEqual(updates.at(-1), [
      "day_vs_night_windows",
      "sliding_top_songs",
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("startAnalysis() resumes from its checkpoint after a stop and ends with the same tables", async () => {
  const checkpointDir = await Deno.makeTempDir();
  try {
    const records = structuredClone(HAND_MADE_EVENTS);
    const first = startAnalysis(
      memorySource(records, { columns: LISTENING_COLUMNS }),
      {
        checkpointDir,
        maxRecordsPerBatch: 4,
        onTables: (update) => {
          if (update.batchId === 2) void first.stop();
        },
      },
    );
    const partial = await first.done;
    assert.equal(partial.inputRows, 12);
    const { rows, summary } = await analyzeOnce(
      memorySource(records, { columns: LISTENING_COLUMNS }),
      {
        checkpointDir,
        maxRecordsPerBatch: 4,
      },
    );
    assert.equal(summary.inputRows, HAND_MADE_EVENTS.length - 12);
    const expected = tableRows(computeTables(HAND_MADE_EVENTS));
    // Unwindowed tables see every event exactly once across the restart.
    for (const name of TABLE_NAMES) {
      if (name === "day_vs_night_windows" || name === "sliding_top_songs") {
        continue;
      }
      assert.deepEqual(rows[name], expected[name], name);
    }
  } finally {
    await Deno.remove(checkpointDir, { recursive: true });
  }
});

Deno.test("startAnalysis() writes every table, empty, as soon as the queries are open", async () => {
  const outDir = await Deno.makeTempDir();
  try {
    const run = startAnalysis(
      memorySource([], { columns: LISTENING_COLUMNS }),
      { outDir, idlePollMs: 10 },
    );
    await waitUntil(() => {
      try {
        return readTableFiles(outDir);
      } catch {
        return false;
      }
    }, { timeoutMs: 60_000, intervalMs: 20, what: "the table files" });
    await run.stop();
    const rows = readTableFiles(outDir);
    for (const name of TABLE_NAMES) assert.deepEqual(rows[name], [], name);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("analyzeOnce() orders time_of_day like polars does (code points: 'Z' < 'a' < 'é' < 'Ａ' < '😀'), across batches", async () => {
  const names = ["😀", "Ａ", "é", "a", "Z", "😀a", "Ａa", "e\u0301"];
  const records: ListeningRecord[] = [];
  for (let i = 0; i < 64; i++) {
    const record = structuredClone(HAND_MADE_EVENTS[i % 25]);
    record.song_name = names[(i * 5) % names.length];
    record.artist = names[(i * 3) % names.length];
    record.interaction = "played";
    records.push(record);
  }
  const { rows } = await analyzeOnce(
    memorySource(structuredClone(records), { columns: LISTENING_COLUMNS }),
    { maxRecordsPerBatch: 7 },
  );
  const expected = tableRows(computeTables(records)).time_of_day;
  assert.deepEqual(rows.time_of_day, expected);
  assert.ok(expected.length > 20);
});
