import assert from "node:assert/strict";
import {
  estimateEventCount,
  listeningHistory,
} from "../../lib/generator/mod.ts";

Deno.test("listeningHistory() is lazy: memory is bounded by users, not events", () => {
  // 2,000 users x 1,000 sessions over a year is ~20 million events
  // (GBs as records); the first records come without building them.
  const options = { users: 2000, sessionsPerUser: 1000, days: 365 };
  assert.ok(estimateEventCount(options) > 15_000_000);
  const before = Deno.memoryUsage().rss;
  let n = 0;
  let last = -Infinity;
  for (const r of listeningHistory(options, { reuseRecords: true })) {
    assert.ok(r.listening_time.start_time >= last);
    last = r.listening_time.start_time;
    if (++n === 200_000) break;
  }
  const grownMiB = (Deno.memoryUsage().rss - before) / 2 ** 20;
  // Per user: 1,000 planned sessions, the current session and the song
  // memory (a few KB) — far below what 60 M events would need.
  assert.ok(grownMiB < 400, `rss grew ${grownMiB.toFixed(0)} MiB`);
});
