import assert from "node:assert/strict";
import { DateTime } from "luxon";
import { SeededRandom } from "../../lib/generator/mod.ts";
import { ZoneOffsets } from "../../lib/generator/_zone_offsets.ts";

const DAY_MS = 86_400_000;

Deno.test("ZoneOffsets.toUtc() agrees with luxon, also around daylight-saving changes", () => {
  const firstDayMs = Date.UTC(2025, 0, 1);
  const days = 365;
  const rng = new SeededRandom(1);
  for (
    const zone of [
      "Europe/Amsterdam",
      "America/New_York",
      "America/Sao_Paulo",
      "Australia/Sydney",
      "Asia/Kolkata",
      "Pacific/Auckland",
      "America/St_Johns",
    ]
  ) {
    const offsets = new ZoneOffsets(zone, firstDayMs, days);
    const check = (day: number, msOfDay: number) => {
      const wall = new Date(firstDayMs + day * DAY_MS + msOfDay);
      const local = DateTime.fromObject({
        year: wall.getUTCFullYear(),
        month: wall.getUTCMonth() + 1,
        day: wall.getUTCDate(),
        hour: wall.getUTCHours(),
        minute: wall.getUTCMinutes(),
        second: wall.getUTCSeconds(),
        millisecond: wall.getUTCMilliseconds(),
      }, { zone });
      const got = offsets.toUtc(day, msOfDay);
      const expected = local.toMillis();
      // Identical to luxon, except that an ambiguous wall time (repeated
      // when clocks go back) may take the other instant.
      if (got !== expected) {
        mismatches++;
        assert.equal(
          Math.abs(got - expected),
          3_600_000,
          `${zone} ${wall.toISOString()}: ${got} vs ${expected}`,
        );
        assert.equal(
          DateTime.fromMillis(got, { zone }).toFormat("HH:mm"),
          local.toFormat("HH:mm"),
        );
      }
    };
    let mismatches = 0;
    for (let i = 0; i < 2000; i++) check(rng.int(days), rng.int(DAY_MS));
    // Every hour of the days around the 2025 changes in Europe and the US.
    for (const day of [67, 68, 69, 88, 89, 90, 297, 298, 299, 306, 307, 308]) {
      for (let h = 0; h < 24; h++) {
        check(day, h * 3_600_000 + 1_234_567 % 3_600_000);
      }
    }
  }
});

Deno.test("ZoneOffsets.toUtc() converts a normal day exactly", () => {
  const offsets = new ZoneOffsets(
    "Europe/Amsterdam",
    Date.UTC(2025, 0, 1),
    365,
  );
  // 2025-07-01 08:30 in Amsterdam (UTC+2) is 06:30 UTC.
  assert.equal(
    offsets.toUtc(181, 8.5 * 3_600_000),
    Date.UTC(2025, 6, 1, 6, 30),
  );
  // 2025-01-15 23:00 in Amsterdam (UTC+1) is 22:00 UTC.
  assert.equal(offsets.toUtc(14, 23 * 3_600_000), Date.UTC(2025, 0, 15, 22));
});
