import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { durationMs, window } from "../../lib/engine/mod.ts";
import { assignWindows } from "../../lib/engine/window.ts";
import { at } from "./_records.ts";

function starts(times: number[], size: string, slide?: string): string[][] {
  const df = pl.DataFrame({
    t: pl.Series("t", times, pl.Int64),
    i: pl.Series("i", times.map((_, i) => i), pl.Int32),
  });
  const out = assignWindows(df, window("t", size, slide)).sort([
    "i",
    "window_start",
  ]);
  const byRow: string[][] = times.map(() => []);
  for (const r of out.toRecords()) {
    byRow[r.i as number].push(new Date(r.window_start as number).toISOString());
  }
  return byRow;
}

Deno.test("window() tumbling windows are aligned to the Unix epoch in UTC", () => {
  assert.deepEqual(starts([at("2025-03-01T07:59:00Z")], "6 hours"), [[
    "2025-03-01T06:00:00.000Z",
  ]]);
  // 7-hour windows: multiples of 7 h since 1970-01-01T00:00Z, not of the day
  const t = at("2025-03-01T07:59:00Z");
  const expected = Math.floor(t / (7 * 3_600_000)) * 7 * 3_600_000;
  assert.deepEqual(starts([t], "7 hours"), [[
    new Date(expected).toISOString(),
  ]]);
  assert.notEqual(new Date(expected).toISOString().slice(11), "00:00:00.000Z");
});

Deno.test("window() puts an event on a boundary in the later window (inclusive start, exclusive end)", () => {
  assert.deepEqual(
    starts([
      at("2025-03-01T05:59:59.999Z"),
      at("2025-03-01T06:00:00.000Z"),
    ], "6 hours"),
    [["2025-03-01T00:00:00.000Z"], ["2025-03-01T06:00:00.000Z"]],
  );
});

Deno.test("window() sliding windows give each event size/slide windows", () => {
  assert.deepEqual(
    starts([at("2025-03-01T10:40:00Z")], "1 hour", "30 minutes"),
    [[
      "2025-03-01T10:00:00.000Z",
      "2025-03-01T10:30:00.000Z",
    ]],
  );
  // on a slide boundary: the window that starts there and the one before
  assert.deepEqual(
    starts([at("2025-03-01T10:30:00Z")], "1 hour", "30 minutes"),
    [[
      "2025-03-01T10:00:00.000Z",
      "2025-03-01T10:30:00.000Z",
    ]],
  );
  assert.deepEqual(
    starts([at("2025-03-01T10:30:00Z")], "2 hours", "30 minutes"),
    [[
      "2025-03-01T09:00:00.000Z",
      "2025-03-01T09:30:00.000Z",
      "2025-03-01T10:00:00.000Z",
      "2025-03-01T10:30:00.000Z",
    ]],
  );
});

Deno.test("window() with a size that is not a multiple of the slide keeps only windows containing the event", () => {
  // 60-minute windows every 25 minutes (starts at multiples of 25 min)
  const t = at("2025-03-01T00:00:00Z") + 7 * 60_000; // 00:07
  const slide = 25 * 60_000;
  const expected: string[] = [];
  for (let s = Math.floor(t / slide) * slide; s > t - 3_600_000; s -= slide) {
    expected.unshift(new Date(s).toISOString());
  }
  assert.equal(expected.length, 3);
  assert.deepEqual(starts([t], "60 minutes", "25 minutes"), [expected]);
  // an event just after a slide boundary falls in only two windows
  const u = Math.floor(t / slide) * slide + 11 * 60_000;
  assert.equal(starts([u], "60 minutes", "25 minutes")[0].length, 2);
});

Deno.test("window() handles event times before 1970", () => {
  assert.deepEqual(starts([-1], "1 hour"), [["1969-12-31T23:00:00.000Z"]]);
  assert.deepEqual(starts([-3_600_000], "1 hour"), [[
    "1969-12-31T23:00:00.000Z",
  ]]);
});

Deno.test("window() rejects invalid sizes and slides with RangeError", async (t) => {
  const cases: [() => unknown, string][] = [
    [
      () => window("start_time", "6 hourz"),
      'window size must be a number and a unit (ms, seconds, minutes, hours, days, weeks), like "6 hours": got "6 hourz"',
    ],
    [
      () => window("start_time", 0),
      "window size must be positive: got 0 ms",
    ],
    [
      () => window("start_time", "1 hour", "2 hours"),
      "window slide must be positive and at most the size (3600000 ms): got 7200000 ms",
    ],
    [
      () => window("start_time", -5),
      "window size must be a whole, non-negative number of milliseconds: got -5",
    ],
  ];
  for (const [call, message] of cases) {
    await t.step(message, () => {
      assert.throws(call, { name: "RangeError", message });
    });
  }
});

Deno.test("durationMs() reads Spark-style durations", () => {
  assert.equal(durationMs("6 hours"), 21_600_000);
  assert.equal(durationMs("30 minutes"), 1_800_000);
  assert.equal(durationMs("1h"), 3_600_000);
  assert.equal(durationMs("1.5 s"), 1_500);
  assert.equal(durationMs("2 days"), 172_800_000);
  assert.equal(durationMs("1 hour 30 minutes"), 5_400_000);
  assert.equal(durationMs(" 10 secs "), 10_000);
  assert.equal(durationMs(250), 250);
  assert.throws(() => durationMs("hours"), RangeError);
  assert.throws(() => durationMs("6"), RangeError);
  assert.throws(() => durationMs(""), RangeError);
  assert.throws(() => durationMs("-1h"), RangeError);
  assert.throws(() => durationMs("1.5ms"), RangeError);
  assert.throws(() => durationMs("6 hourz"), {
    name: "RangeError",
    message: "duration must be a number and a unit (ms, seconds, minutes, " +
      'hours, days, weeks), like "6 hours": got "6 hourz"',
  });
  assert.throws(() => durationMs(true as unknown as string), {
    name: "TypeError",
    message:
      'duration must be a number of milliseconds or a string like "6 hours": got boolean',
  });
});
