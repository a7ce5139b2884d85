import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { readTableFiles } from "../../lib/analysis/mod.ts";
import { countRecords } from "../../lib/notebook/mod.ts";
import { launchChromium, openOffline } from "../report/_chromium.ts";
import {
  denoTask,
  removeTopicAndQueues,
  uniqueSuffix,
} from "../report/_services.ts";

const OUT = resolve("data/test-artifacts/demo");

function line(stdout: string, start: string): string {
  const found = stdout.split("\n").find((l) => l.startsWith(start));
  assert.ok(found, `the summary has a line starting ${JSON.stringify(start)}`);
  return found;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

Deno.test("deno task demo runs end to end and its summary matches the tables it wrote", async () => {
  const suffix = uniqueSuffix();
  const topic = `test-demo-${suffix}`;
  const prefix = `td${suffix}-`;
  await Deno.remove(OUT, { recursive: true }).catch(() => {});
  let result;
  try {
    result = await denoTask([
      "demo",
      "--users",
      "25",
      "--days",
      "5",
      "--sessions-per-user",
      "4",
      "--out",
      OUT,
      "--reports",
      join(OUT, "reports"),
      "--topic",
      topic,
      "--prefix",
      prefix,
    ]);
  } finally {
    await removeTopicAndQueues(topic, prefix);
  }
  assert.equal(result.code, 0, result.stderr);
  const stdout = result.stdout;

  // Every stage handled every event of the dataset.
  const events = await countRecords(join(OUT, "listening.avro"));
  assert.ok(events > 0);
  assert.match(
    line(stdout, "demo: "),
    new RegExp(`^demo: ${count(events)} events from 25 users over 5 days`),
  );
  for (const stage of ["generate", "replay", "analyze", "dispatch"]) {
    assert.match(
      line(stdout, `  ${stage} `),
      new RegExp(
        `^  ${stage} +${
          count(events)
        } records in +[\\d.]+ s +[\\d,]+ records/s`,
      ),
    );
  }

  // The events arrive in event-time order per partition: nothing is late.
  assert.ok(
    !line(stdout, "  analyze ").includes("late (row, window) pairs"),
    "no (row, window) pair was dropped as late",
  );

  // The findings are the result tables' rows.
  const tables = readTableFiles(join(OUT, "results"));
  const night = tables.night_top10[0];
  assert.equal(
    line(stdout, "  - night top song: "),
    `  - night top song: "${night.song_name}" by ${night.artist}, ${
      count(night.plays)
    } play${night.plays === 1 ? "" : "s"} between 22:00 and 05:59 local time`,
  );
  const morning = tables.morning_top10[0];
  assert.ok(
    line(stdout, "  - morning top song: ").includes(
      `"${morning.song_name}" by ${morning.artist}, ${
        count(morning.plays)
      } play`,
    ),
  );
  const longest = tables.listening_time_per_personality.reduce((a, b) =>
    b.listened_minutes > a.listened_minutes ? b : a
  );
  assert.equal(
    line(stdout, "  - most listening: "),
    `  - most listening: ${longest.personality}: ${
      count(Math.round(longest.listened_minutes))
    } minutes listened over ${count(longest.plays)} play${
      longest.plays === 1 ? "" : "s"
    }`,
  );
  const firsts = new Map<string, number>();
  for (const row of tables.top_countries_per_personality) {
    if (row.rank === 1) {
      firsts.set(row.country, (firsts.get(row.country) ?? 0) + 1);
    }
  }
  const most = Math.max(...firsts.values());
  assert.match(
    line(stdout, "  - top country: "),
    new RegExp(` is the top country of ${most} of 16 personalities`),
  );
  const peak = Math.max(...tables.sliding_top_songs.map((r) => r.plays));
  assert.match(
    line(stdout, "  - busiest hour window: "),
    new RegExp(` with ${count(peak)} plays? in the hour from `),
  );

  // The summary file and the report agree with what was printed.
  const summary = JSON.parse(
    await Deno.readTextFile(join(OUT, "summary.json")),
  );
  assert.equal(summary.events, events);
  assert.equal(summary.topic, topic);
  assert.ok(line(stdout, "report: ").endsWith("reports/index.html"));
  const browser = await launchChromium();
  try {
    const visit = await openOffline(
      browser,
      join(OUT, "reports", "index.html"),
    );
    assert.equal(visit.requests.length, 1);
    assert.equal(await visit.page.locator("td.ok").count(), 5);
    const findings = await visit.page.locator("li").allTextContents();
    assert.ok(
      findings.some((f) =>
        f.includes(`"${night.song_name}" by ${night.artist}`)
      ),
    );
    await visit.page.screenshot({
      path: join(OUT, "index.png"),
      fullPage: true,
    });
  } finally {
    await browser.close();
  }
});

Deno.test("deno task demo rejects a bad size flag with a clear message", async () => {
  const result = await denoTask(["demo", "--users", "abc"]);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /error: --users must be a positive integer: got "abc"/,
  );
});
