import assert from "node:assert/strict";
import { FLAT_COLUMNS } from "../../lib/schema/mod.ts";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import pl from "nodejs-polars";
import {
  count,
  mean,
  memorySink,
  memorySource,
  readStream,
  runOnce,
  sum,
  window,
} from "../../lib/engine/mod.ts";
import { withBatchSizes } from "./_helpers.ts";
import { listening } from "./_records.ts";

const COLUMNS = LISTENING_COLUMNS.map((c) => c.name).join(", ");
const events = () =>
  readStream(memorySource([], { columns: LISTENING_COLUMNS }));

Deno.test("readStream() exposes the flattened listening columns", () => {
  // the engine's flattening of the Avro schema gives the contract's columns
  assert.deepEqual(events().columns, [...FLAT_COLUMNS]);
  assert.ok(events().schema.start_time.equals(pl.Int64));
});

Deno.test("query steps add and keep columns as declared", () => {
  const frame = events()
    .withColumn("listened_ms", pl.col("end_time").minus(pl.col("start_time")))
    .select("song_name", "listened_ms");
  assert.deepEqual(frame.columns, ["song_name", "listened_ms"]);
  const agg = frame.groupBy("song_name").agg({ total: sum("listened_ms") });
  assert.deepEqual(agg.resultColumns, ["song_name", "total"]);
  const windowed = events().groupBy(window("start_time", "1 hour"), "artist")
    .agg({ plays: count() });
  assert.deepEqual(windowed.resultColumns, [
    "window_start",
    "window_end",
    "artist",
    "plays",
  ]);
});

Deno.test("unknown columns are rejected when the query is written", async (t) => {
  const cases: [string, () => unknown, string][] = [
    [
      "filter",
      () => events().filter(pl.col("contry").eq(pl.lit("France"))),
      `unknown column "contry" in filter(): columns are ${COLUMNS}`,
    ],
    [
      "withColumn",
      () => events().withColumn("x", pl.col("nope").plus(1)),
      `unknown column "nope" in withColumns(x): columns are ${COLUMNS}`,
    ],
    [
      "select",
      () => events().select("song_name", "singer" as "song_name"),
      `unknown column "singer" in select(): columns are ${COLUMNS}`,
    ],
    [
      "groupBy",
      () => events().groupBy("countri" as "country"),
      `unknown column "countri" in groupBy(): columns are ${COLUMNS}`,
    ],
    [
      "window",
      () => events().groupBy(window("start" as "start_time", "1 hour")),
      `unknown column "start" in window(): columns are ${COLUMNS}`,
    ],
    [
      "withWatermark",
      () => events().withWatermark("event_time" as "start_time", "1 hour"),
      `unknown column "event_time" in withWatermark(): columns are ${COLUMNS}`,
    ],
    [
      "agg",
      () => events().groupBy("country").agg({ s: sum("lenght_seconds") }),
      `unknown column "lenght_seconds" in agg() s: sum(): columns are ${COLUMNS}`,
    ],
    [
      "after select",
      () =>
        events().select("song_name").filter(pl.col("artist").eq(pl.lit("A"))),
      'unknown column "artist" in filter(): columns are song_name',
    ],
  ];
  for (const [name, call, message] of cases) {
    await t.step(name, () => {
      assert.throws(call, { name: "TypeError", message });
    });
  }
});

Deno.test("invalid durations are rejected when the query is written", () => {
  assert.throws(() => events().withWatermark("start_time", "6 hourz"), {
    name: "RangeError",
    message:
      'watermark delay must be a number and a unit (ms, seconds, minutes, hours, days, weeks), like "6 hours": got "6 hourz"',
  });
  assert.throws(
    () => events().withWatermark("start_time", "1 hour", { idleTimeoutMs: 0 }),
    {
      name: "RangeError",
      message: "idleTimeoutMs must be a positive number: got 0",
    },
  );
});

Deno.test("query definitions with the wrong types or shapes get clear errors", async (t) => {
  const sink = memorySink();
  const cases: [string, () => unknown, string, string][] = [
    [
      "watermark on a string column",
      () => events().withWatermark("country", "1 hour"),
      "TypeError",
      "withWatermark() needs an integer epoch-milliseconds column: country is Categorical",
    ],
    [
      "select without the watermark's column",
      () => events().withWatermark("start_time", "1 hour").select("song_name"),
      "TypeError",
      "select() must keep start_time, the watermark's column (the watermark is computed from it): got song_name",
    ],
    [
      "window on a float column",
      () => events().groupBy(window("energy", "1 hour")),
      "TypeError",
      "window() needs an integer epoch-milliseconds column: energy is Float32",
    ],
    [
      "window on another column than the watermark",
      () =>
        events().withWatermark("start_time", "1 hour").groupBy(
          window("end_time", "1 hour"),
        ),
      "TypeError",
      "window() is on end_time but the watermark is on start_time: they must be the same column",
    ],
    [
      "mean of a string",
      () => events().groupBy("country").agg({ m: mean("artist") }),
      "TypeError",
      "agg() m: mean() needs a numeric input: got Categorical",
    ],
    [
      "aggregate named like a key",
      () => events().groupBy("country").agg({ country: count() }),
      "TypeError",
      'agg() output "country" clashes with a key column',
    ],
    [
      "append without watermark",
      () =>
        events().groupBy(window("start_time", "1 hour")).agg({ n: count() })
          .writeStream("q", { outputMode: "append", sink }),
      "TypeError",
      'outputMode "append" on an aggregation needs a window and withWatermark() on its time column (results are emitted when the watermark closes a window); use "update" or "complete"',
    ],
    [
      "unknown output mode",
      () =>
        events().groupBy("country").agg({ n: count() }).writeStream("q", {
          outputMode: "upsert" as "update",
          sink,
        }),
      "RangeError",
      'outputMode must be one of append, update, complete: got "upsert"',
    ],
    [
      "stateless query in complete mode",
      () => events().writeStream("q", { outputMode: "complete", sink }),
      "RangeError",
      'a query without aggregation supports only outputMode "append": got "complete"',
    ],
    [
      "query name that is not an identifier",
      () =>
        events().groupBy("country").agg({ n: count() }).writeStream(
          "top countries",
          { sink },
        ),
      "TypeError",
      'a query name must be an identifier (letters, digits, _; usable as a SQL table name): got "top countries"',
    ],
    [
      "missing sink",
      () =>
        events().groupBy("country").agg({ n: count() }).writeStream("q", {
          sink: undefined as never,
        }),
      "TypeError",
      "writeStream() needs a sink (memorySink(), jsonFileSink(), ...): got undefined",
    ],
    [
      "reserved column name",
      () => events().withColumn("__x", pl.lit(1)),
      "TypeError",
      'withColumns() needs a column name that is not empty and does not start with "__" (reserved for the engine): got "__x"',
    ],
    [
      "two windows",
      () =>
        events().groupBy(
          window("start_time", "1 hour"),
          window("start_time", "2 hours"),
        ),
      "TypeError",
      "groupBy() takes at most one window: got 2",
    ],
  ];
  for (const [name, call, errorName, message] of cases) {
    await t.step(name, () => {
      assert.throws(call, { name: errorName, message });
    });
  }
});

Deno.test("a query's fingerprint changes with its definition and not otherwise", () => {
  const source = memorySource([], { columns: LISTENING_COLUMNS });
  const make = (delay: string, song = "song_name") =>
    readStream(source).withWatermark("start_time", delay)
      .groupBy(window("start_time", "1 hour"), song as "song_name")
      .agg({ n: count() })
      .writeStream("q", { sink: memorySink() });
  assert.equal(make("1 hour").fingerprint, make("60 minutes").fingerprint);
  assert.notEqual(make("1 hour").fingerprint, make("2 hours").fingerprint);
  assert.notEqual(
    make("1 hour").fingerprint,
    make("1 hour", "artist").fingerprint,
  );
});

Deno.test("transform() runs once per batch for every query sharing the frame, and its columns can be grouped by", async () => {
  const records = [
    listening({ startMs: 0, song: "a" }),
    listening({ startMs: 1, song: "b" }),
    listening({ startMs: 2, song: "a" }),
  ];
  const batches: number[] = [];
  const tagged = readStream(
    withBatchSizes(memorySource(records, { columns: LISTENING_COLUMNS }), [2]),
  )
    .transform((df) => {
      batches.push(df.height);
      return df.withColumns(
        pl.col("song_name").cast(pl.String).str
          .toUpperCase().alias("loud"),
      );
    }, { name: "loud", reads: ["song_name"] });
  assert.deepEqual(batches, [0], "probed once on an empty batch");
  assert.ok(tagged.columns.includes("loud"));
  const sinks = [memorySink(), memorySink()];
  await runOnce([
    tagged.groupBy("loud").agg({ n: count() })
      .writeStream("per_song", { sink: sinks[0] }),
    tagged.filter(pl.col("loud").eq(pl.lit("A"))).groupBy("artist")
      .agg({ n: count() }).writeStream("a_only", { sink: sinks[1] }),
  ]);
  assert.deepEqual(
    batches.filter((n) => n > 0),
    [2, 1],
    "once per batch, not per query",
  );
  assert.deepEqual(sinks[0].rows(), [
    { loud: "A", n: 2 },
    { loud: "B", n: 1 },
  ]);
  assert.deepEqual(sinks[1].rows(), [
    { artist: "Artist A", n: 2 },
  ]);
});

Deno.test("transform() is checked when the query is written and named in its fingerprint", () => {
  const source = memorySource([], { columns: LISTENING_COLUMNS });
  assert.throws(
    () => readStream(source).transform("x" as unknown as () => pl.DataFrame),
    {
      name: "TypeError",
      message: 'transform() takes a function of a DataFrame: got "x"',
    },
  );
  assert.throws(
    () => readStream(source).transform((df) => df, { reads: ["contry"] }),
    {
      name: "TypeError",
      message: `unknown column "contry" in transform(): columns are ${COLUMNS}`,
    },
  );
  assert.throws(
    () => readStream(source).transform((df) => df.select("song_name")),
    {
      name: "TypeError",
      message:
        "transform() must keep the engine column __partition: got song_name",
    },
  );
  assert.throws(
    () =>
      readStream(source).transform(() => {
        throw new Error("boom");
      }),
    (e) =>
      e instanceof TypeError &&
      /fails on an empty batch.*: boom$/.test(e.message),
  );
  const make = (name: string) =>
    readStream(source).transform((df) => df, { name }).groupBy("song_name")
      .agg({ n: count() }).writeStream("q", { sink: memorySink() });
  assert.equal(make("tz:local").fingerprint, make("tz:local").fingerprint);
  assert.notEqual(make("tz:local").fingerprint, make("tz:utc").fingerprint);
});
