import assert from "node:assert/strict";
import { DAY_MS, TimeZoneOffsets } from "../../lib/analysis/mod.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;

Deno.test("TimeZoneOffsets.offsetAt() switches Europe/Amsterdam to summer time at 01:00Z on the exact millisecond", () => {
  const offsets = new TimeZoneOffsets();
  const change = Date.parse("2025-03-30T01:00:00Z");
  assert.equal(offsets.offsetAt("Europe/Amsterdam", change - 1), 1 * HOUR);
  assert.equal(offsets.offsetAt("Europe/Amsterdam", change), 2 * HOUR);
});

Deno.test("TimeZoneOffsets.forDay() finds a transition at half past a UTC hour (America/St_Johns)", () => {
  const offsets = new TimeZoneOffsets();
  // 02:00 NST (UTC-3:30) becomes 03:00 NDT (UTC-2:30) at 05:30Z.
  const change = Date.parse("2025-03-09T05:30:00Z");
  const day = offsets.forDay("America/St_Johns", Math.floor(change / DAY_MS));
  assert.deepEqual(day, {
    offsetMs: -(3 * HOUR + 30 * MINUTE),
    switchAtMs: change,
    offsetAfterMs: -(2 * HOUR + 30 * MINUTE),
    known: true,
  });
});

Deno.test("TimeZoneOffsets.forDay() keeps quarter-hour offsets and no switch (Infinity) on a day without change", () => {
  const offsets = new TimeZoneOffsets();
  const day = Math.floor(Date.parse("2025-03-01T00:00:00Z") / DAY_MS);
  assert.deepEqual(offsets.forDay("Asia/Kathmandu", day), {
    offsetMs: 5 * HOUR + 45 * MINUTE,
    switchAtMs: Infinity,
    offsetAfterMs: 5 * HOUR + 45 * MINUTE,
    known: true,
  });
});

Deno.test("TimeZoneOffsets.forDay() memoises: the days of a week without a change share one answer", () => {
  const offsets = new TimeZoneOffsets();
  const a = offsets.forDay("Asia/Tokyo", 20_000); // week of days 19,999-20,005
  assert.equal(offsets.forDay("Asia/Tokyo", 20_000), a);
  assert.equal(offsets.forDay("Asia/Tokyo", 20_005), a);
  assert.notEqual(offsets.forDay("Asia/Tokyo", 20_006), a);
  assert.notEqual(offsets.forDay("Asia/Seoul", 20_000), a);
});

Deno.test("TimeZoneOffsets treats an unknown zone as UTC and lists it", () => {
  const offsets = new TimeZoneOffsets();
  assert.equal(offsets.offsetAt("Mars/Olympus_Mons", 0), 0);
  assert.equal(offsets.forDay("Mars/Olympus_Mons", 0).known, false);
  assert.deepEqual([...offsets.unknownZones], ["Mars/Olympus_Mons"]);
});

Deno.test("TimeZoneOffsets.forDay() gives the days around a change in the same week their own offsets", () => {
  const offsets = new TimeZoneOffsets();
  const change = Math.floor(Date.parse("2025-03-30T01:00:00Z") / DAY_MS);
  const before = offsets.forDay("Europe/Amsterdam", change - 1);
  const after = offsets.forDay("Europe/Amsterdam", change + 1);
  assert.deepEqual(
    [before.offsetMs, before.offsetAfterMs, before.switchAtMs],
    [HOUR, HOUR, Infinity],
  );
  assert.deepEqual(
    [after.offsetMs, after.offsetAfterMs, after.switchAtMs],
    [2 * HOUR, 2 * HOUR, Infinity],
  );
});
