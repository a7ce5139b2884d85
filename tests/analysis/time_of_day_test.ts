import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  DAY_PARTS,
  TimeZoneOffsets,
  withLocalDay,
  withTimeOfDay,
} from "../../lib/analysis/mod.ts";

function events(zones: string[], utc: string[]): pl.DataFrame {
  return pl.DataFrame([
    pl.Series("timezone", zones, pl.String),
    pl.Series("start_time", utc.map((s) => Date.parse(s)), pl.Int64),
  ]);
}

Deno.test("withTimeOfDay() uses the offset after a DST change within the same UTC day", () => {
  // St John's switches to UTC-2:30 at 05:30Z on 2025-03-09; 08:30Z is then
  // 06:00 local (morning), not 05:00 (night) as with the day's first offset.
  const df = events([
    "America/St_Johns",
    "America/St_Johns",
    "America/St_Johns",
  ], [
    "2025-03-09T05:29:59.999Z", // 01:59:59.999 NST
    "2025-03-09T08:29:59.999Z", // 05:59:59.999 NDT
    "2025-03-09T08:30:00.000Z", // 06:00 NDT
  ]);
  const got = withTimeOfDay(df, { tz: "local" }).getColumn("time_of_day");
  assert.deepEqual(got.toArray(), ["night", "night", "morning"]);
});

Deno.test("withTimeOfDay() with tz utc ignores the time zone", () => {
  const df = events(["Asia/Tokyo", "America/Los_Angeles"], [
    "2025-03-01T05:59:59.999Z",
    "2025-03-01T22:00:00.000Z",
  ]);
  assert.deepEqual(
    withTimeOfDay(df, { tz: "utc" }).getColumn("time_of_day").toArray(),
    ["night", "night"],
  );
  assert.deepEqual(
    withTimeOfDay(df, { tz: "local" }).getColumn("time_of_day").toArray(),
    ["afternoon", "afternoon"], // 14:59:59.999 JST, 14:00 PST
  );
});

Deno.test("withTimeOfDay() keeps row order and other columns, and accepts Categorical zones", () => {
  const df = events(
    ["Asia/Kolkata", "UTC", "Asia/Kolkata"],
    [
      "2025-03-01T00:29:59.999Z",
      "2025-03-01T12:00:00Z",
      "2025-03-01T00:30:00Z",
    ],
  ).withColumns(
    pl.col("timezone").cast(pl.Categorical),
    pl.Series("id", [1, 2, 3], pl.Int64),
  );
  const out = withTimeOfDay(df);
  assert.deepEqual(out.columns, [
    "timezone",
    "start_time",
    "id",
    "time_of_day",
  ]);
  assert.deepEqual(out.getColumn("id").toArray(), [1, 2, 3]);
  assert.deepEqual(out.getColumn("time_of_day").toArray(), [
    "night",
    "afternoon",
    "morning",
  ]);
});

Deno.test("withTimeOfDay() reads an unknown zone in UTC and reports it through the memo", () => {
  const offsets = new TimeZoneOffsets();
  const df = events(["Nowhere/Land"], ["2025-03-01T06:00:00Z"]);
  const out = withTimeOfDay(df, { offsets });
  assert.deepEqual(out.getColumn("time_of_day").toArray(), ["morning"]);
  assert.deepEqual([...offsets.unknownZones], ["Nowhere/Land"]);
});

Deno.test("withTimeOfDay() handles events before 1970", () => {
  const df = events(["UTC", "UTC"], [
    "1969-12-31T23:00:00Z",
    "1969-12-31T06:00:00Z",
  ]);
  assert.deepEqual(
    withTimeOfDay(df).getColumn("time_of_day").toArray(),
    ["night", "morning"],
  );
});

Deno.test("withTimeOfDay() puts each hour in its documented bucket", () => {
  const hours = Array.from(
    { length: 24 },
    (_, h) => `2025-03-01T${String(h).padStart(2, "0")}:30:00Z`,
  );
  const df = events(hours.map(() => "UTC"), hours);
  assert.deepEqual(
    withTimeOfDay(df, { tz: "utc" }).getColumn("time_of_day").toArray(),
    [
      ...Array(6).fill("night"), // 0-5
      ...Array(6).fill("morning"), // 6-11
      ...Array(6).fill("afternoon"), // 12-17
      ...Array(4).fill("evening"), // 18-21
      "night", // 22
      "night", // 23
    ],
  );
});

Deno.test("withLocalDay() gives the local date and the part of the day withTimeOfDay() names", () => {
  const df = events([
    "America/St_Johns",
    "America/St_Johns",
    "Asia/Tokyo",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Europe/Paris",
  ], [
    "2025-03-09T05:29:59.999Z", // 2025-03-09 01:59:59.999 NST: night
    "2025-03-09T08:30:00.000Z", // 2025-03-09 06:00 NDT: morning
    "2025-03-01T14:59:59.999Z", // 2025-03-01 23:59:59.999 JST: night
    "2025-03-01T15:00:00.000Z", // 2025-03-02 00:00 JST: night, next day
    "2025-03-02T01:00:00.000Z", // 2025-03-01 17:00 PST: afternoon
    "1969-12-31T18:00:00.000Z", // 1969-12-31 19:00 CET: evening, day -1
  ]);
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const offsets = new TimeZoneOffsets();
  const local = withLocalDay(df, { offsets });
  assert.deepEqual(local.getColumn("local_day").toArray(), [
    day("2025-03-09"),
    day("2025-03-09"),
    day("2025-03-01"),
    day("2025-03-02"),
    day("2025-03-01"),
    -1,
  ]);
  const parts = local.getColumn("day_part").toArray() as number[];
  assert.deepEqual(
    parts.map((i) => DAY_PARTS[i]),
    withTimeOfDay(df, { offsets }).getColumn("time_of_day").toArray(),
  );
  assert.deepEqual(parts.map((i) => DAY_PARTS[i]), [
    "night",
    "morning",
    "night",
    "night",
    "afternoon",
    "evening",
  ]);
  assert.ok(local.getColumn("local_day").dtype.equals(pl.Int32));
  assert.deepEqual(
    withLocalDay(df, { tz: "utc" }).getColumn("local_day").toArray(),
    [
      day("2025-03-09"),
      day("2025-03-09"),
      day("2025-03-01"),
      day("2025-03-01"),
      day("2025-03-02"),
      -1,
    ],
  );
});
