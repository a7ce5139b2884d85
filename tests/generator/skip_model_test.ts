import assert from "node:assert/strict";
import { DateTime } from "luxon";
import { listeningHistory } from "../../lib/generator/mod.ts";

/** Share of skipped events among those added. */
class SkipRate {
  #skips = 0;
  #events = 0;
  add(skipped: boolean): void {
    this.#events++;
    if (skipped) this.#skips++;
  }
  get rate(): number {
    return this.#skips / this.#events;
  }
}

Deno.test("skips depend on the listener, the song's newness and popularity and the hour", () => {
  const fresh = new SkipRate(), known = new SkipRate();
  const hits = new SkipRate(), obscure = new SkipRate();
  const work = new SkipRate(), evening = new SkipRate();
  const perUser = new Map<number, SkipRate>();
  const heard = new Map<number, Set<string>>();
  for (
    const r of listeningHistory({ users: 300, sessionsPerUser: 20, seed: 5 }, {
      reuseRecords: true,
    })
  ) {
    if (r.interaction === "repeated") continue; // repeats follow completions
    const skipped = r.interaction === "skipped";
    const songs = heard.get(r.user_id) ?? new Set<string>();
    heard.set(r.user_id, songs);
    const key = `${r.song_name}\u0000${r.artist}`;
    (songs.has(key) ? known : fresh).add(skipped);
    songs.add(key);
    if (r.popularity >= 75) hits.add(skipped);
    if (r.popularity <= 35) obscure.add(skipped);
    const hour = DateTime.fromMillis(r.listening_time.start_time, {
      zone: r.user_location.timezone,
    }).hour;
    if (hour >= 9 && hour < 16) work.add(skipped);
    if (hour >= 19 && hour < 23) evening.add(skipped);
    const user = perUser.get(r.user_id) ?? new SkipRate();
    perUser.set(r.user_id, user);
    user.add(skipped);
  }
  assert.ok(
    fresh.rate > known.rate * 1.2,
    `new ${fresh.rate}, known ${known.rate}`,
  );
  assert.ok(
    obscure.rate > hits.rate,
    `obscure ${obscure.rate}, hits ${hits.rate}`,
  );
  assert.ok(
    evening.rate > work.rate,
    `evening ${evening.rate}, work ${work.rate}`,
  );
  const rates = [...perUser.values()].map((u) => u.rate).sort((a, b) => a - b);
  const p10 = rates[Math.floor(rates.length * 0.1)];
  const p90 = rates[Math.floor(rates.length * 0.9)];
  assert.ok(p90 - p10 > 0.1, `listeners' skip rates ${p10} … ${p90}`);
});
