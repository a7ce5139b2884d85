import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import { memorySource } from "../../lib/engine/mod.ts";
import { builtInCatalog } from "../../lib/catalog/mod.ts";
import {
  generateToArray,
  personalityMetrics,
} from "../../lib/generator/mod.ts";
import { PERSONALITIES } from "../../lib/personalities/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import {
  axisThresholds,
  inferPersonality,
  medianThreshold,
  wrappedAccuracy,
  wrappedOnce,
} from "../../lib/wrapped/mod.ts";
import { play } from "./_listeners.ts";

/**
 * A listener whose behaviour follows its personality's letters to the
 * extreme: L repeats every song 5 times (V once), F plays 10 songs per
 * artist (E one), N plays this year's songs (T 1970's), C popular songs
 * (popularity 90; U 10).
 */
function extremeListener(userId: number, name: string): ListeningRecord[] {
  const p = PERSONALITIES.find((x) => x.name === name)!;
  const out: ListeningRecord[] = [];
  const plays = p.loyalty === "L" ? 5 : 1;
  let minute = 0;
  for (let s = 0; s < 40; s++) {
    for (let k = 0; k < plays; k++) {
      const day = 1 + (minute % 28);
      out.push(play({
        userId,
        personality: name,
        start: `2025-05-${String(day).padStart(2, "0")}T12:00:${
          String(minute % 60).padStart(2, "0")
        }Z`,
        song: `u${userId} song ${s}`,
        artist: p.familiarity === "F"
          ? `u${userId} artist ${Math.floor(s / 10)}`
          : `u${userId} artist ${s}`,
        year: p.newness === "N" ? 2025 : 1970,
        popularity: p.commonality === "C" ? 90 : 10,
      }));
      minute++;
    }
  }
  return out;
}

Deno.test("wrappedOnce() infers each of the 16 personalities of listeners built on each side of every axis", async () => {
  const records = PERSONALITIES.flatMap((p, i) =>
    extremeListener(i + 1, p.name)
  ).sort((a, b) => a.listening_time.start_time - b.listening_time.start_time);
  const { listeners } = await wrappedOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
    {
      minEvents: 0,
    },
  );
  assert.equal(listeners.length, 16);
  for (const l of listeners) {
    assert.equal(l.inferred_personality, l.personality, `user ${l.user_id}`);
  }
  const accuracy = wrappedAccuracy(listeners, { minEvents: 0 });
  assert.equal(accuracy.users, 16);
  assert.equal(accuracy.exact, 1);
  assert.deepEqual(accuracy.per_axis, { F: 1, N: 1, L: 1, C: 1 });
  assert.equal(accuracy.confusion["The nomad"]["The nomad"], 1);
  assert.equal(Object.keys(accuracy.confusion).length, 16);
});

Deno.test("wrappedOnce() axis scores equal the generator's personality metrics, computed from state", async () => {
  const catalog = builtInCatalog();
  const records = generateToArray({
    users: 40,
    sessionsPerUser: 8,
    days: 60,
    seed: 7,
    catalog,
  });
  const expected = personalityMetrics(records, {
    recentYear: catalog.recentYear,
    minEvents: 0,
  });
  const { listeners, recentYear } = await wrappedOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
    {
      maxRecordsPerBatch: 997,
    },
  );
  // the catalogue as seen by 40 listeners: its recent quarter starts near
  assert.ok(Math.abs(recentYear - catalog.recentYear) <= 2, `${recentYear}`);
  const scored = await wrappedOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
    {},
  );
  assert.deepEqual(scored.listeners, listeners);
  for (const m of expected) {
    const l = listeners.find((x) => x.user_id === m.userId)!;
    assert.equal(l.events, m.events);
    assert.ok(Math.abs(l.axis_scores.loyalty - m.loyalty) < 1e-12);
    assert.ok(Math.abs(l.axis_scores.familiarity - m.familiarity) < 1e-12);
    assert.ok(Math.abs(l.axis_scores.commonality - m.commonality) < 1e-9);
  }
});

Deno.test("medianThreshold() places a score against the middle of the population", () => {
  assert.equal(medianThreshold([12, 1, 3, 10, 2, 11]), 6.5);
  assert.equal(medianThreshold([9, 1, 1]), 1);
  assert.ok(Number.isNaN(medianThreshold([])));
  assert.equal(medianThreshold([4]), 4);
  const t = axisThresholds([
    { familiarity: 0, newness: 0, loyalty: 0, commonality: 0 },
    { familiarity: 1, newness: 1, loyalty: 1, commonality: 100 },
  ]);
  assert.deepEqual(t, {
    familiarity: 0.5,
    newness: 0.5,
    loyalty: 0.5,
    commonality: 50,
  });
  assert.equal(
    inferPersonality(
      { familiarity: 1, newness: 0, loyalty: 1, commonality: 0 },
      t,
    ).name,
    "The replayer",
  );
});
