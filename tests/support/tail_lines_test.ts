import assert from "node:assert/strict";
import { join } from "node:path";
import { tailLines } from "../../lib/support/mod.ts";

Deno.test("tailLines() gives the last lines of a file, or says there is no log", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tail_lines_" });
  try {
    const path = join(dir, "server.log");
    await Deno.writeTextFile(path, "one\ntwo\nthree\nfour\n\n");
    assert.equal(tailLines(path, 2), "three\nfour");
    assert.equal(tailLines(path, 10), "one\ntwo\nthree\nfour");
    assert.equal(tailLines(join(dir, "missing.log"), 5), "(no log)");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
