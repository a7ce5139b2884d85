import assert from "node:assert/strict";
import { formatCell, tableHtml, tableText } from "../../lib/notebook/mod.ts";

const rows = [
  { song_name: "<script>alert(1)</script>", artist: "A & B", plays: 1234 },
  { song_name: "Echoes", artist: "Pink Floyd", plays: 12.3456 },
];

Deno.test("tableHtml() escapes every data value and header", () => {
  const out = tableHtml(rows, { labels: { plays: "<plays>" } });
  assert.ok(out.includes("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
  assert.ok(out.includes("<td>A &amp; B</td>"));
  assert.ok(out.includes("<th>&lt;plays&gt;</th>"));
  assert.ok(!out.includes("<script>"));
});

Deno.test("tableHtml() formats numbers with separators and marks them numeric", () => {
  const out = tableHtml(rows);
  assert.ok(out.includes('<td class="num">1,234</td>'));
  assert.ok(out.includes('<td class="num">12.35</td>'));
});

Deno.test("tableHtml() shows columns in the order given, with a caption", () => {
  const out = tableHtml(rows, {
    columns: ["plays", "song_name"],
    caption: "Top <songs>",
  });
  assert.ok(out.startsWith(
    '<table class="wrapped-table"><caption>Top &lt;songs&gt;</caption><thead><tr><th>plays</th><th>song_name</th></tr></thead>',
  ));
  assert.ok(!out.includes("artist"));
});

Deno.test("tableHtml() takes columns from all rows in first-seen order", () => {
  const out = tableHtml([{ a: 1 }, { b: 2, a: 3 }]);
  assert.ok(out.includes("<th>a</th><th>b</th>"));
  assert.ok(out.includes('<tr><td class="num">1</td><td></td></tr>'));
});

Deno.test("tableHtml() counts the rows beyond maxRows", () => {
  const many = Array.from({ length: 1500 }, (_, i) => ({ i }));
  const out = tableHtml(many, { maxRows: 3 });
  assert.equal(out.match(/<tr>/g)?.length, 4); // header + 3 rows
  assert.ok(out.includes("… and 1,497 more rows (1,500 in all)"));
});

Deno.test("tableHtml() says so when there are no rows", () => {
  assert.ok(tableHtml([], { columns: ["a"] }).includes("(no rows)"));
});

Deno.test("tableHtml() rejects a non-array and a bad maxRows", () => {
  assert.throws(
    () => tableHtml("rows" as unknown as []),
    new TypeError("rows must be an array: got string"),
  );
  assert.throws(
    () => tableHtml(rows, { maxRows: -1 }),
    new RangeError("maxRows must be a non-negative integer: got -1"),
  );
});

Deno.test("tableText() renders a plain-text table without colour codes", () => {
  const out = tableText(rows, { caption: "Songs" });
  assert.ok(out.startsWith("Songs\n"));
  assert.ok(out.includes("<script>alert(1)</script>"));
  assert.ok(out.includes("1,234"));
  assert.ok(!out.includes("\x1b["));
});

Deno.test("formatCell() formats values the same on any locale", async (t) => {
  const cases: [unknown, string][] = [
    [null, ""],
    [undefined, ""],
    [1234567, "1,234,567"],
    [0.125, "0.13"],
    [12n, "12"],
    [new Date(Date.UTC(2025, 2, 1, 6)), "2025-03-01T06:00:00.000Z"],
    [{ a: 1 }, '{"a":1}'],
    [true, "true"],
    [Number.NaN, "NaN"],
  ];
  for (const [value, expected] of cases) {
    await t.step(`${String(value)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(formatCell(value), expected);
    });
  }
  assert.throws(
    () => formatCell(1, { fractionDigits: 1.5 }),
    new RangeError("fractionDigits must be an integer from 0 to 20: got 1.5"),
  );
});
