import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { topN } from "../../lib/engine/mod.ts";

const table = pl.DataFrame({
  personality: ["P", "P", "P", "P", "Q", "Q"],
  country: ["Chile", "Brazil", "Austria", "Denmark", "Chile", "Brazil"],
  events: pl.Series("events", [5, 7, 5, 1, 2, 2], pl.Int64),
});

Deno.test("topN() keeps the top n per group: count descending, then keys ascending", () => {
  const top = topN(table, {
    by: ["personality"],
    orderBy: "events",
    n: 2,
    tieBreak: ["country"],
  });
  assert.deepEqual(top.toRecords().map((r) => ({ ...r })), [
    { personality: "P", country: "Brazil", events: 7, rank: 1 },
    { personality: "P", country: "Austria", events: 5, rank: 2 },
    { personality: "Q", country: "Brazil", events: 2, rank: 1 },
    { personality: "Q", country: "Chile", events: 2, rank: 2 },
  ]);
});

Deno.test("topN() without groups ranks the whole table; the rank column can be renamed or left out", () => {
  const top = topN(table, { orderBy: "events", n: 3, rankColumn: "position" });
  assert.deepEqual(top.getColumn("position").toArray(), [1, 2, 3]);
  // ties broken by the remaining columns in table order: personality, country
  assert.deepEqual(top.getColumn("country").toArray(), [
    "Brazil",
    "Austria",
    "Chile",
  ]);
  const bare = topN(table, { orderBy: "events", n: 1, rankColumn: null });
  assert.deepEqual(bare.columns, ["personality", "country", "events"]);
});

Deno.test("topN() rejects unknown columns and bad n", () => {
  assert.throws(() => topN(table, { orderBy: "plays", n: 1 }), {
    name: "TypeError",
    message:
      'topN() unknown column "plays": columns are personality, country, events',
  });
  assert.throws(() => topN(table, { orderBy: "events", n: 0 }), {
    name: "RangeError",
    message: "topN() n must be a positive integer: got 0",
  });
});
