/**
 * The notebooks tell a story and call `lib/` for the work: every code cell
 * stays short, and a notebook imports the project only through `mod.ts`
 * doors (never a file inside an area, never an npm package directly).
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const NOTEBOOKS = new URL("../../notebooks/", import.meta.url).pathname;
const MAX_CELL_LINES = 25;

async function notebooks(): Promise<[string, { cells: Cell[] }][]> {
  const result: [string, { cells: Cell[] }][] = [];
  for await (const entry of Deno.readDir(NOTEBOOKS)) {
    if (!entry.name.endsWith(".ipynb")) continue;
    const text = await Deno.readTextFile(join(NOTEBOOKS, entry.name));
    result.push([entry.name, JSON.parse(text)]);
  }
  return result.sort((a, b) => a[0].localeCompare(b[0]));
}

interface Cell {
  cell_type: string;
  id: string;
  source: string | string[];
}

function codeCells(nb: { cells: Cell[] }): { id: string; code: string }[] {
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => ({
    id: c.id,
    code: Array.isArray(c.source) ? c.source.join("") : c.source,
  }));
}

Deno.test(`every notebook code cell has at most ${MAX_CELL_LINES} lines`, async () => {
  const long: string[] = [];
  for (const [name, nb] of await notebooks()) {
    for (const { id, code } of codeCells(nb)) {
      const lines = code.trimEnd().split("\n").length;
      if (lines > MAX_CELL_LINES) {
        long.push(`${name} cell ${id}: ${lines} lines`);
      }
    }
  }
  assert.deepEqual(long, [], "move the logic into lib/ and call it");
});

Deno.test("notebooks import the project only through lib/<area>/mod.ts", async () => {
  const wrong: string[] = [];
  const specifier =
    /(?:^|\n)\s*import\s[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"/g;
  for (const [name, nb] of await notebooks()) {
    for (const { id, code } of codeCells(nb)) {
      for (const match of code.matchAll(specifier)) {
        const target = match[1] ?? match[2];
        if (!/^\.\.\/lib\/[a-z_]+\/mod\.ts$/.test(target)) {
          wrong.push(`${name} cell ${id}: ${target}`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("the import check sees the imports it must refuse", () => {
  const code = [
    'import pl from "nodejs-polars";',
    'import { x } from "../lib/analysis/time_of_day.ts";',
    'import { y } from "../lib/charts/mod.ts";',
  ].join("\n");
  const specifier = /(?:^|\n)\s*import\s[^;]*?from\s+"([^"]+)"/g;
  const found = [...code.matchAll(specifier)].map((m) => m[1]);
  assert.deepEqual(found, [
    "nodejs-polars",
    "../lib/analysis/time_of_day.ts",
    "../lib/charts/mod.ts",
  ]);
});
