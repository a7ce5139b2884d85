import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  datasetProfile,
  withHourOfDay,
  withTimeOfDay,
} from "../../lib/analysis/mod.ts";
import { generateToArray } from "../../lib/generator/mod.ts";

Deno.test("withHourOfDay() reads the hour after a DST change within the same UTC day", () => {
  // St John's switches from UTC-3:30 to UTC-2:30 at 05:30Z on 2025-03-09.
  const df = pl.DataFrame([
    pl.Series("timezone", ["America/St_Johns", "America/St_Johns"], pl.String),
    pl.Series("start_time", [
      Date.parse("2025-03-09T05:00:00Z"), // 01:30 local (UTC-3:30)
      Date.parse("2025-03-09T08:30:00Z"), // 06:00 local (UTC-2:30)
    ], pl.Int64),
  ]);
  assert.deepEqual(withHourOfDay(df).getColumn("hour").toArray(), [1, 6]);
  assert.deepEqual(
    withHourOfDay(df, { tz: "utc" }).getColumn("hour").toArray(),
    [5, 8],
  );
});

Deno.test("datasetProfile() counts every event once per clock, and its night share is the time-of-day rule's", () => {
  const records = generateToArray({ users: 30, sessionsPerUser: 3, days: 7 });
  const profile = datasetProfile(records);
  const total = (clock: string) =>
    profile.hours.filter((h) => h.clock === clock)
      .reduce((sum, h) => sum + h.events, 0);
  assert.equal(total("local time"), records.length);
  assert.equal(total("UTC"), records.length);
  const flat = pl.DataFrame(records.map((r) => ({
    timezone: r.user_location.timezone,
    start_time: r.listening_time.start_time,
  })));
  const night = withTimeOfDay(flat).filter(
    pl.col("time_of_day").eq(pl.lit("night")),
  ).height;
  assert.equal(profile.hourFacts.nightShare, night / records.length);
  const nightHours = [22, 23, 0, 1, 2, 3, 4, 5];
  const byHours = profile.hours
    .filter((h) => h.clock === "local time" && nightHours.includes(h.hour))
    .reduce((sum, h) => sum + h.events, 0);
  assert.equal(byHours, night);
  assert.equal(profile.overview.events, records.length);
  assert.equal(profile.overview["in time order"], "yes");
  assert.equal(
    profile.countries.reduce((sum, c) => sum + c.events, 0),
    records.length,
  );
  assert.equal(
    profile.interactions.reduce((sum, i) => sum + i.share, 0).toFixed(6),
    "1.000000",
  );
  assert.equal(profile.firstEvents.length, 5);
});
