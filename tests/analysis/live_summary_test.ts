import assert from "node:assert/strict";
import { LISTENING_COLUMNS } from "../../lib/sources/mod.ts";
import { analyzeOnce, liveSummary } from "../../lib/analysis/mod.ts";
import { memorySource } from "../../lib/engine/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { HAND_MADE_EVENTS } from "../testdata/analysis/hand_made_events.ts";

async function tablesOf(records: readonly ListeningRecord[]) {
  return (await analyzeOnce(
    memorySource(records, { columns: LISTENING_COLUMNS }),
  )).tables;
}

// deno-lint-ignore no-control-regex
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

Deno.test("liveSummary() shows the night top 5 and every personality's favourites", async () => {
  const text = plain(liveSummary(await tablesOf(HAND_MADE_EVENTS)));
  const lines = text.split("\n");
  assert.equal(lines[0], "Night top 5 (listeners' local time)");
  // Night: Hunger Strike 2, then Night Fever, Zombie, Écoute with 1 each.
  const night = lines.filter((l) => /^│ [1-5] /.test(l));
  assert.deepEqual(
    night.map((l) => l.split("│").map((c) => c.trim()).filter(Boolean)),
    [
      ["1", "Hunger Strike", "Temple of the Dog", "2"],
      ["2", "Night Fever", "Bee Gees", "1"],
      ["3", "Zombie", "The Cranberries", "1"],
      ["4", "Écoute", "Zaz", "1"],
    ],
  );
  assert.ok(text.includes("Personality favourites"));
  for (const personality of ["The devotee", "The nomad", "The replayer"]) {
    assert.ok(text.includes(personality), personality);
  }
});

Deno.test("liveSummary() says so when nothing has arrived yet", async () => {
  const text = plain(liveSummary(await tablesOf([]), { tz: "utc" }));
  assert.equal(
    text,
    [
      "Night top 5 (UTC)",
      "  (no night plays yet)",
      "Personality favourites",
      "  (no events yet)",
    ].join("\n"),
  );
});
