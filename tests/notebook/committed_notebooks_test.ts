import assert from "node:assert/strict";
import { join } from "node:path";

const NOTEBOOKS = "notebooks";

async function notebookFiles(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(NOTEBOOKS)) {
    if (entry.name.endsWith(".ipynb")) names.push(entry.name);
  }
  return names.sort();
}

Deno.test("notebooks are committed without outputs, with cell ids and the deno kernel", async (t) => {
  const names = await notebookFiles();
  assert.ok(names.length > 0, "there are notebooks");
  for (const name of names) {
    await t.step(name, async () => {
      const nb = JSON.parse(await Deno.readTextFile(join(NOTEBOOKS, name)));
      assert.equal(nb.nbformat, 4);
      assert.ok(nb.nbformat_minor >= 5, "nbformat 4.5+ (cell ids)");
      assert.equal(nb.metadata.kernelspec.name, "deno");
      assert.equal(typeof nb.metadata.title, "string");
      const ids = new Set<string>();
      for (const cell of nb.cells) {
        assert.match(cell.id, /^[a-zA-Z0-9-_]{1,64}$/);
        assert.ok(!ids.has(cell.id), `cell id ${cell.id} is unique`);
        ids.add(cell.id);
        if (cell.cell_type === "code") {
          assert.deepEqual(cell.outputs, [], `${cell.id} has no outputs`);
          assert.equal(cell.execution_count, null);
        }
      }
      assert.equal(nb.cells[0].cell_type, "markdown", "opens with prose");
    });
  }
});
