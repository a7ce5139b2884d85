import assert from "node:assert/strict";
import { Command } from "commander";
import {
  addGeneratorOptions,
  type GeneratorFlags,
  generatorOptionsFromFlags,
  parseDuration,
  parseInteractionWeights,
  parseSessionHours,
  parseStartDate,
} from "../../lib/generator/mod.ts";

const SAMPLE_CSV = new URL(
  "../testdata/catalog/top2000_sample.csv",
  import.meta.url,
).pathname;

Deno.test("parseSessionHours() reads MIN-MAX and rejects bad ranges", async (t) => {
  assert.deepEqual(parseSessionHours("1-3"), [1, 3]);
  assert.deepEqual(parseSessionHours(" 0.5 - 2 "), [0.5, 2]);
  assert.deepEqual(parseSessionHours("2-2"), [2, 2]);
  const cases: [string, string][] = [
    ["3-1", '--session-hours must have MIN ≤ MAX: got "3-1"'],
    ["abc", '--session-hours must be MIN-MAX hours such as 1-3: got "abc"'],
    ["1-", '--session-hours must be MIN-MAX hours such as 1-3: got "1-"'],
    ["-1-3", '--session-hours must be MIN-MAX hours such as 1-3: got "-1-3"'],
    [
      "0-3",
      '--session-hours must be within 0 (exclusive) and 24 hours: got "0-3"',
    ],
    [
      "1-25",
      '--session-hours must be within 0 (exclusive) and 24 hours: got "1-25"',
    ],
  ];
  for (const [raw, message] of cases) {
    await t.step(raw, () => {
      assert.throws(() => parseSessionHours(raw), {
        name: "RangeError",
        message,
      });
    });
  }
});

Deno.test("parseDuration() reads units and ISO durations", () => {
  const parse = parseDuration("--max-disorder");
  assert.equal(parse("0"), 0);
  assert.equal(parse("250ms"), 250);
  assert.equal(parse("30s"), 30_000);
  assert.equal(parse("1.5m"), 90_000);
  assert.equal(parse("2h"), 7_200_000);
  assert.equal(parse("1d"), 86_400_000);
  assert.equal(parse("PT5M"), 300_000);
  for (const raw of ["5", "5x", "-1s", "", "PTXM"]) {
    assert.throws(() => parse(raw), {
      name: "RangeError",
      message:
        `--max-disorder must be a duration such as 500ms, 30s, 5m, 1h or PT5M: got ${
          JSON.stringify(raw)
        }`,
    });
  }
});

Deno.test("parseStartDate() accepts only real calendar dates", () => {
  assert.equal(parseStartDate("2024-02-29"), "2024-02-29");
  for (const raw of ["2023-02-29", "2025-13-01", "yesterday", "2025-1-1"]) {
    assert.throws(() => parseStartDate(raw), {
      name: "RangeError",
      message: `--start must be a date YYYY-MM-DD: got ${JSON.stringify(raw)}`,
    });
  }
});

Deno.test("parseInteractionWeights() completes defaults and names bad pairs", () => {
  assert.deepEqual(parseInteractionWeights("played=1,skipped=0"), {
    played: 1,
    paused: 0.09,
    skipped: 0,
    repeated: 0.06,
    added_to_playlist: 0.05,
  });
  assert.throws(() => parseInteractionWeights("played"), {
    name: "RangeError",
    message:
      '--interaction-weights must be name=weight pairs such as played=0.5,skipped=0.2: got "played"',
  });
  assert.throws(() => parseInteractionWeights("liked=1"), {
    name: "RangeError",
    message:
      '--interaction-weights: unknown interaction "liked": expected one of played, paused, skipped, repeated, added_to_playlist',
  });
});

Deno.test("addGeneratorOptions() lets another command take the generator flags", async () => {
  let seen: GeneratorFlags | undefined;
  const command = addGeneratorOptions(new Command("produce"))
    .option("--live")
    .exitOverride()
    .action((flags: GeneratorFlags) => {
      seen = flags;
    });
  await command.parseAsync([
    "--live",
    "--users",
    "7",
    "--session-hours",
    "0.5-1",
    "--max-disorder",
    "10s",
    "--catalog",
    SAMPLE_CSV,
  ], { from: "user" });
  assert.ok(seen);
  const options = await generatorOptionsFromFlags(seen);
  assert.equal(options.users, 7);
  assert.deepEqual(options.sessionHours, [0.5, 1]);
  assert.equal(options.maxDisorderMs, 10_000);
  assert.equal(options.sessionsPerUser, 3);
  assert.equal(options.catalog?.songs.length, 5);
});
