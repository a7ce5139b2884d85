import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import pl from "nodejs-polars";
import { join } from "node:path";
import {
  callbackSink,
  consoleSink,
  count,
  jsonFileSink,
  memorySink,
  memorySource,
  readStream,
  runOnce,
  type SinkBatch,
  topN,
  window,
} from "../../lib/engine/mod.ts";
import { sinkConformance } from "./sink_conformance.ts";
import { at, listening } from "./_records.ts";

sinkConformance("memorySink", () => {
  const sink = memorySink();
  return { make: () => sink, shown: () => sink.rows(), shows: "table" };
});

sinkConformance("jsonFileSink", async () => {
  const dir = await Deno.makeTempDir({ prefix: "engine-json-sink-" });
  const path = join(dir, "out", "plays.json");
  return {
    make: () => jsonFileSink(path),
    shown: async () => JSON.parse(await Deno.readTextFile(path)),
    shows: "table",
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});

sinkConformance("callbackSink", () => {
  let table: () => pl.DataFrame = () => pl.DataFrame({});
  return {
    make: () =>
      callbackSink((b: SinkBatch) => void (table = b.table), {
        open: (_query, restored) => void (table = () => restored),
        usesTable: true,
      }),
    shown: () => table().toRecords(),
    shows: "table",
  };
});

sinkConformance("consoleSink", () => {
  let printed = "";
  let shownRows: Record<string, unknown>[] = [];
  return {
    make: () =>
      consoleSink({
        write: (text) => {
          printed = text;
          // rows of the printed table, parsed back
          const lines = text.split("\n").filter((l) => l.startsWith("│"));
          const cells = lines.map((l) =>
            l.split("│").slice(1, -1).map((c) => c.trim())
          );
          const [head, ...body] = cells;
          shownRows = body.map((r) =>
            Object.fromEntries(
              head.map((h, i) => [h, h === "plays" ? Number(r[i]) : r[i]]),
            )
          );
        },
      }),
    shown: () => {
      assert.match(
        printed,
        /^plays — batch \d+ \((append|update|complete), \d+ rows\)/,
      );
      return shownRows;
    },
    shows: "rows",
  };
});

Deno.test("memorySink answers SQL over the query's table", async () => {
  const sink = memorySink();
  const records = [
    listening({ startMs: at("2025-03-01T00:10:00Z"), song: "A" }),
    listening({ startMs: at("2025-03-01T00:20:00Z"), song: "A" }),
    listening({ startMs: at("2025-03-01T00:30:00Z"), song: "B" }),
  ];
  const query = readStream(
    memorySource(records, { columns: LISTENING_COLUMNS }),
  )
    .groupBy("song_name").agg({ plays: count() })
    .writeStream("plays", { sink });
  await runOnce([query]);
  assert.equal(sink.tableName, "plays");
  assert.deepEqual(
    sink.sql("SELECT song_name FROM plays WHERE plays > 1").toRecords(),
    [{ song_name: "A" }],
  );
  assert.deepEqual(sink.toDataFrame().toRecords(), [
    { song_name: "A", plays: 2 },
    { song_name: "B", plays: 1 },
  ]);
});

Deno.test("jsonFileSink writes a view of the table and never leaves a partial file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "engine-json-" });
  const path = join(dir, "top.json");
  const records = ["A", "A", "B", "B", "C"].map((song, i) =>
    listening({ startMs: at("2025-03-01T00:00:00Z") + i * 60_000, song })
  );
  const query = readStream(
    memorySource(records, { columns: LISTENING_COLUMNS }),
  )
    .withWatermark("start_time", "1 minute")
    .groupBy(window("start_time", "1 hour"), "song_name")
    .agg({ plays: count() })
    .writeStream("top", {
      outputMode: "append",
      sink: jsonFileSink(path, {
        view: (df) =>
          topN(df, { by: ["window_start"], orderBy: "plays", n: 2 }),
      }),
    });
  await runOnce([query], { maxRecordsPerBatch: 2 });
  const rows = JSON.parse(await Deno.readTextFile(path));
  assert.deepEqual(
    rows.map((r: { song_name: string; rank: number }) => [r.song_name, r.rank]),
    [
      ["A", 1],
      ["B", 2],
    ],
  );
  const leftovers = [...Deno.readDirSync(dir)].map((e) => e.name);
  assert.deepEqual(leftovers, ["top.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("sinks reject bad arguments", () => {
  assert.throws(() => jsonFileSink(""), {
    name: "TypeError",
    message: 'jsonFileSink() needs a file path: got ""',
  });
  assert.throws(() => consoleSink({ maxRows: 0 }), {
    name: "RangeError",
    message: "consoleSink maxRows must be a positive integer: got 0",
  });
  assert.throws(() => callbackSink(42 as never), {
    name: "TypeError",
    message: "callbackSink() needs a function: got number",
  });
  assert.equal(typeof pl.DataFrame, "function");
});

Deno.test("a sink that does not read table() makes the engine keep no result table", async () => {
  const records = ["A", "B", "A"].map((song, i) =>
    listening({ startMs: at("2025-03-01T00:00:00Z") + i * 3_600_000, song })
  );
  let error: unknown;
  let rows = 0;
  const query = readStream(
    memorySource(records, { columns: LISTENING_COLUMNS }),
  )
    .withWatermark("start_time", "1 minute")
    .groupBy(window("start_time", "1 hour"), "song_name")
    .agg({ plays: count() })
    .writeStream("hourly", {
      outputMode: "append",
      sink: callbackSink((batch) => {
        rows += batch.rows.height;
        try {
          batch.table();
        } catch (e) {
          error = e;
        }
      }),
    });
  await runOnce([query], { maxRecordsPerBatch: 1 });
  assert.equal(rows, 3);
  assert.ok(error instanceof TypeError);
  assert.equal(
    (error as Error).message,
    "this query keeps no result table: its sink says usesTable: false",
  );
});
