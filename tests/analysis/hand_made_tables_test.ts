import assert from "node:assert/strict";
import {
  TABLE_COLUMNS,
  TABLE_NAMES,
  tableRows,
} from "../../lib/analysis/mod.ts";
import { computeTables } from "./_batch_tables.ts";
import { HAND_MADE_EVENTS } from "../testdata/analysis/hand_made_events.ts";
import { EXPECTED_LOCAL, EXPECTED_UTC } from "./_hand_made_expected.ts";

Deno.test("computeTables() gives the hand-worked tables of the hand-made events in local time", async (t) => {
  const rows = tableRows(computeTables(HAND_MADE_EVENTS, { tz: "local" }));
  for (const name of TABLE_NAMES) {
    await t.step(name, () => {
      assert.deepEqual(rows[name], EXPECTED_LOCAL[name]);
    });
  }
});

Deno.test("computeTables() with tz utc reads the time of day in UTC as the original did", async (t) => {
  const rows = tableRows(computeTables(HAND_MADE_EVENTS, { tz: "utc" }));
  for (const name of TABLE_NAMES) {
    await t.step(name, () => {
      const expected = name in EXPECTED_UTC
        ? EXPECTED_UTC[name as keyof typeof EXPECTED_UTC]
        : EXPECTED_LOCAL[name];
      assert.deepEqual(rows[name], expected);
    });
  }
});

Deno.test("computeTables() rows have exactly the documented keys, in order", () => {
  const rows = tableRows(computeTables(HAND_MADE_EVENTS));
  for (const name of TABLE_NAMES) {
    assert.ok(rows[name].length > 0, name);
    for (const row of rows[name]) {
      assert.deepEqual(Object.keys(row), TABLE_COLUMNS[name], name);
    }
  }
});

Deno.test("computeTables() of no events gives empty tables", () => {
  const rows = tableRows(computeTables([]));
  for (const name of TABLE_NAMES) assert.deepEqual(rows[name], [], name);
});
