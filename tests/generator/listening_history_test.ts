import assert from "node:assert/strict";
import cityTimezones from "city-timezones";
import { DateTime } from "luxon";
import {
  generateListeningHistory,
  generateToArray,
  listeningHistory,
} from "../../lib/generator/mod.ts";
import { PERSONALITY_NAMES } from "../../lib/personalities/mod.ts";
import {
  listeningHistoryType,
  type ListeningRecord,
} from "../../lib/schema/mod.ts";
import { byUser, sessionsOf } from "./_helpers.ts";

const OPTIONS = { users: 64, sessionsPerUser: 6, seed: 11 } as const;
const records = generateToArray(OPTIONS);

Deno.test("listeningHistory() records are valid against the Avro schema", () => {
  assert.ok(records.length > 64 * 6 * 10);
  for (const r of records) {
    assert.ok(listeningHistoryType.isValid(r), JSON.stringify(r));
  }
});

Deno.test("listeningHistory() emits records in non-decreasing start_time across users", () => {
  for (let i = 1; i < records.length; i++) {
    assert.ok(
      records[i - 1].listening_time.start_time <=
        records[i].listening_time.start_time,
      `record ${i} is earlier than record ${i - 1}`,
    );
  }
  // Users really are interleaved, not written one after another.
  const firstUsers = new Set(records.slice(0, 200).map((r) => r.user_id));
  assert.ok(firstUsers.size > 5);
});

Deno.test("listeningHistory() gives each user one personality and one real location", () => {
  const users = byUser(records);
  assert.equal(users.size, 64);
  const personalities = new Map<string, number>();
  for (const [userId, list] of users) {
    const first = list[0];
    for (const r of list) {
      assert.deepEqual(r.user_location, first.user_location, `user ${userId}`);
      assert.equal(r.personality, first.personality);
    }
    const loc = first.user_location;
    const real = cityTimezones.cityMapping.find((c) =>
      c.city === loc.city && c.country === loc.country &&
      Math.fround(c.lat) === loc.latitude &&
      Math.fround(c.lng) === loc.longitude
    );
    assert.ok(real, `${loc.city}, ${loc.country} is a real city`);
    assert.equal(real.timezone, loc.timezone);
    personalities.set(
      first.personality,
      (personalities.get(first.personality) ?? 0) + 1,
    );
  }
  // Balanced: 64 users = every personality exactly 4 times.
  assert.deepEqual(
    [...personalities.keys()].sort(),
    [...PERSONALITY_NAMES].sort(),
  );
  assert.ok([...personalities.values()].every((n) => n === 4));
});

Deno.test("listeningHistory() end_time and song match the interaction", () => {
  const seen = new Set<string>();
  for (const [userId, list] of byUser(records)) {
    list.forEach((r, i) => {
      const { start_time: start, end_time: end } = r.listening_time;
      const lengthMs = r.length_seconds * 1000;
      const listened = end - start;
      seen.add(r.interaction);
      switch (r.interaction) {
        case "played":
        case "added_to_playlist":
          assert.equal(listened, lengthMs);
          break;
        case "repeated": {
          // The previous, completed song again, as its own event.
          assert.equal(listened, lengthMs);
          const before = list[i - 1];
          assert.equal(before.song_name, r.song_name, `user ${userId}`);
          assert.equal(before.artist, r.artist);
          assert.ok(!["skipped", "paused"].includes(before.interaction));
          break;
        }
        case "skipped":
          assert.ok(listened >= 0 && listened < lengthMs, `${listened}`);
          break;
        case "paused":
          assert.ok(
            listened >= 0.2 * lengthMs - 1 && listened <= 0.95 * lengthMs + 1,
          );
          break;
        default:
          assert.fail(`unknown interaction ${r.interaction}`);
      }
    });
  }
  assert.equal(seen.size, 5);
});

Deno.test("listeningHistory() skips mostly early: a quarter of plays within 5 s, half before the end", () => {
  const many = generateToArray({ users: 200, sessionsPerUser: 10, seed: 4 });
  const share = (f: (r: ListeningRecord) => boolean) =>
    many.filter(f).length / many.length;
  const listened = (r: ListeningRecord) =>
    r.listening_time.end_time - r.listening_time.start_time;
  const within5s = share((r) => listened(r) < 5000);
  const beforeEnd = share((r) => listened(r) < r.length_seconds * 1000);
  assert.ok(within5s > 0.19 && within5s < 0.29, `within 5 s: ${within5s}`);
  assert.ok(beforeEnd > 0.43 && beforeEnd < 0.55, `before end: ${beforeEnd}`);
});

Deno.test("--session-hours mode: every user exactly N sessions of the requested length, back to back songs", () => {
  const fixed = generateToArray({ ...OPTIONS, sessionHours: [1, 3] });
  for (const [userId, list] of byUser(fixed)) {
    const sessions = sessionsOf(list);
    assert.equal(sessions.length, OPTIONS.sessionsPerUser, `user ${userId}`);
    for (const session of sessions) {
      for (let i = 1; i < session.length; i++) {
        const gap = session[i].listening_time.start_time -
          session[i - 1].listening_time.end_time;
        const limit = session[i - 1].interaction === "paused" ? 300_000 : 2000;
        assert.ok(gap >= 0 && gap < limit, `gap ${gap} ms`);
      }
      // The last song starts before the session's 3 hours are over.
      const span = session.at(-1)!.listening_time.start_time -
        session[0].listening_time.start_time;
      assert.ok(span < 3 * 3_600_000, `session span ${span}`);
      const total = session.at(-1)!.listening_time.end_time -
        session[0].listening_time.start_time;
      // At least 1 h, less the pause that may follow the last song.
      assert.ok(total >= 3_300_000, `session lasts ${total} ms, ≥ 55 min`);
    }
  }
});

Deno.test("model sessions: uneven counts per user around the mean, lengths of tens of minutes", () => {
  const counts: number[] = [], minutes: number[] = [];
  for (const [, list] of byUser(records)) {
    const sessions = sessionsOf(list);
    counts.push(sessions.length);
    for (const session of sessions) {
      minutes.push(
        (session.at(-1)!.listening_time.end_time -
          session[0].listening_time.start_time) / 60_000,
      );
    }
  }
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  assert.ok(mean > 0.6 * OPTIONS.sessionsPerUser && mean < 1.4 * 6, `${mean}`);
  assert.ok(Math.max(...counts) >= 3 * Math.min(...counts), `${counts}`);
  minutes.sort((a, b) => a - b);
  const median = minutes[Math.floor(minutes.length / 2)];
  assert.ok(median > 10 && median < 60, `median session ${median} min`);
  assert.ok(minutes[0] < 30, "some sessions are short");
});

Deno.test("listeningHistory() starts sessions on the period's local days", () => {
  const options = {
    users: 48,
    sessionsPerUser: 5,
    start: "2024-03-01",
    days: 10,
  };
  for (const [, list] of byUser(generateToArray(options))) {
    for (const session of sessionsOf(list)) {
      const first = session[0];
      const local = DateTime.fromMillis(first.listening_time.start_time, {
        zone: first.user_location.timezone,
      }).toISODate()!;
      assert.ok(local >= "2024-03-01" && local <= "2024-03-10", local);
    }
  }
});

Deno.test("listeningHistory() reuses one record per user only when asked", () => {
  const options = { users: 8, sessionsPerUser: 1 };
  const fresh = [...listeningHistory(options)];
  const reused = [...listeningHistory(options, { reuseRecords: true })];
  assert.equal(new Set(fresh).size, fresh.length);
  assert.equal(new Set(reused).size, 8);
  const copied: ListeningRecord[] = [];
  for (const r of listeningHistory(options, { reuseRecords: true })) {
    copied.push(structuredClone(r));
  }
  assert.deepEqual(copied, fresh);
});

Deno.test("generateListeningHistory() yields the same records as generateToArray()", async () => {
  const options = { users: 16, sessionsPerUser: 2, seed: 5 };
  const out: ListeningRecord[] = [];
  for await (const r of generateListeningHistory(options)) out.push(r);
  assert.deepEqual(out, generateToArray(options));
});

Deno.test("listeningHistory() with maxDisorderMs shuffles within the bound only", () => {
  const options = { users: 40, sessionsPerUser: 4, seed: 3 };
  const ordered = generateToArray(options);
  const maxDisorderMs = 60_000;
  const shuffled = generateToArray({ ...options, maxDisorderMs });
  const key = (r: ListeningRecord) =>
    `${r.user_id}/${r.listening_time.start_time}/${r.song_name}`;
  assert.deepEqual(shuffled.map(key).sort(), ordered.map(key).sort());
  let maxSeen = -Infinity, lateness = 0, outOfOrder = 0;
  for (const r of shuffled) {
    const start = r.listening_time.start_time;
    if (start < maxSeen) {
      outOfOrder++;
      lateness = Math.max(lateness, maxSeen - start);
    }
    maxSeen = Math.max(maxSeen, start);
  }
  assert.ok(outOfOrder > 0, "some records are out of order");
  assert.ok(lateness <= maxDisorderMs, `lateness ${lateness}`);
});

Deno.test("listeningHistory() follows interaction weights", () => {
  const only = generateToArray({
    users: 4,
    sessionsPerUser: 1,
    interactionWeights: {
      played: 0,
      paused: 0,
      skipped: 1,
      repeated: 0,
      added_to_playlist: 0,
    },
  });
  assert.ok(only.every((r) => r.interaction === "skipped"));
});

Deno.test("listeningHistory() rejects invalid options eagerly", () => {
  assert.throws(() => listeningHistory({ users: 0 }), {
    name: "RangeError",
    message: "users must be an integer from 1 to 1000000: got 0",
  });
  assert.throws(
    () => listeningHistory({ users: 1_000_000, sessionsPerUser: 101 }),
    {
      name: "RangeError",
      message:
        "users × sessionsPerUser must be at most 100000000: got 1000000 × 101",
    },
  );
  assert.throws(
    () =>
      listeningHistory({
        sessionsPerUser: 100,
        days: 10,
        sessionHours: [1, 3],
      }),
    {
      name: "RangeError",
      message: "100 sessions of up to 3 h (15 min apart) do not fit in 10 days",
    },
  );
  assert.throws(() => listeningHistory({ sessionsPerUser: 100, days: 10 }), {
    name: "RangeError",
    message:
      "100 sessions per user on average do not fit in 10 days (at most 4 a day)",
  });
  assert.throws(() => listeningHistory({ sessionHours: [3, 1] }), {
    name: "RangeError",
    message: "sessionHours must be [min, max] with min ≤ max: got [3, 1]",
  });
  assert.throws(() => listeningHistory({ start: "2025-02-30" }), {
    name: "RangeError",
    message: 'start must be a date YYYY-MM-DD: got "2025-02-30"',
  });
  assert.throws(() => listeningHistory({ maxDisorderMs: -1 }), {
    name: "RangeError",
    message: "maxDisorderMs must be a number ≥ 0: got -1",
  });
  assert.throws(
    () => listeningHistory({ interactionWeights: { played: -1 } }),
    {
      name: "RangeError",
      message: "interaction weight of played must be a number ≥ 0: got -1",
    },
  );
});
