import assert from "node:assert/strict";
import { DateTime } from "luxon";
import {
  generateToArray,
  sessionStartHour,
  WEEKDAY_HOUR_WEIGHTS,
} from "../../lib/generator/mod.ts";
import { byUser, sessionsOf } from "./_helpers.ts";

Deno.test("sessionStartHour() maps uniform numbers to the weighted hours", () => {
  assert.equal(sessionStartHour(0, false), 0);
  assert.equal(sessionStartHour(0.999999, false), 23);
  const total = WEEKDAY_HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  // Just past the cumulative weight of 00:00–07:59 falls into 08:00.
  const upTo8 = WEEKDAY_HOUR_WEIGHTS.slice(0, 8).reduce((a, b) => a + b, 0);
  assert.equal(sessionStartHour(upTo8 / total + 1e-9, false), 8);
});

Deno.test("fixed sessions (--session-hours) start on the diurnal curve in local time", () => {
  // The original-compatible sessions follow the curve exactly (the model's
  // add personal rhythms: tests/realism checks its correlation).
  const records = generateToArray({
    users: 400,
    sessionsPerUser: 12,
    sessionHours: [1, 3],
    seed: 8,
  });
  const weekday = new Array(24).fill(0), weekend = new Array(24).fill(0);
  const utcHours = new Array(24).fill(0);
  for (const [, list] of byUser(records)) {
    for (const session of sessionsOf(list)) {
      const first = session[0];
      const t = DateTime.fromMillis(first.listening_time.start_time, {
        zone: first.user_location.timezone,
      });
      (t.weekday >= 6 ? weekend : weekday)[t.hour]++;
      utcHours[new Date(first.listening_time.start_time).getUTCHours()]++;
    }
  }
  const sum = (a: number[], from: number, to: number) =>
    a.slice(from, to).reduce((x, y) => x + y, 0);
  const all = weekday.map((n, h) => n + weekend[h]);
  const total = sum(all, 0, 24);
  assert.equal(total, 400 * 12);
  // Few sessions start between 01:00 and 06:00 local time (5 of 24 hours).
  const night = sum(all, 1, 6) / total;
  assert.ok(night < 0.06, `01–06 share ${night}`);
  // A weekday morning peak: 07–09 well above the small hours and above midday.
  assert.ok(sum(weekday, 7, 10) > 2 * sum(weekday, 10, 13) / 1.5);
  // An evening peak: 18–21 is the busiest stretch of the day.
  const evening = sum(all, 18, 22) / 4;
  for (let h = 0; h < 24; h += 4) {
    if (h !== 16 && h !== 20) {
      assert.ok(evening > sum(all, h, h + 4) / 4, `${h}`);
    }
  }
  // Weekends start later: less of the morning before 09:00.
  const early = (a: number[]) => sum(a, 6, 9) / sum(a, 0, 24);
  assert.ok(early(weekend) < early(weekday) * 0.6);
  // Local time, not UTC: spread over the world, UTC hours are flatter.
  const spread = (a: number[]) => Math.max(...a) / Math.max(1, Math.min(...a));
  assert.ok(spread(utcHours) < spread(all));
});
