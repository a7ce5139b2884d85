import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ensureJupyter,
  executeNotebook,
  NotebookExecutionError,
} from "../../lib/jupyter/mod.ts";

const TINY = "tests/testdata/notebooks/tiny.ipynb";
const FAILING = "tests/testdata/notebooks/failing.ipynb";

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}

async function outputsById(path: string): Promise<Map<string, Output[]>> {
  const nb = JSON.parse(await Deno.readTextFile(path));
  return new Map(
    nb.cells.map((cell: { id: string; outputs?: Output[] }) => [
      cell.id,
      cell.outputs ?? [],
    ]),
  );
}

Deno.test("ensureJupyter() prepares the venv with Deno's kernel, then does nothing", async () => {
  const first = await ensureJupyter({ log: () => {} });
  const spec = JSON.parse(
    await Deno.readTextFile(
      join(first.venvDir, "share/jupyter/kernels/deno/kernel.json"),
    ),
  );
  assert.equal(
    await Deno.realPath(spec.argv[0]),
    await Deno.realPath(Deno.execPath()),
  );
  assert.deepEqual(spec.argv.slice(1), [
    "jupyter",
    "--kernel",
    "--conn",
    "{connection_file}",
  ]);
  const lines: string[] = [];
  const second = await ensureJupyter({ log: (line) => lines.push(line) });
  assert.deepEqual(lines, []);
  assert.equal(second.python, first.python);
});

Deno.test("executeNotebook() runs every cell and writes the outputs and the report", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const dir = await Deno.makeTempDir({ prefix: "execute_notebook_" });
  try {
    const result = await executeNotebook(jupyter, TINY, {
      htmlPath: join(dir, "tiny.html"),
      executedPath: join(dir, "tiny.ipynb"),
      env: { WRAPPED_NB_ROWS: "4", WRAPPED_NB_SONG: "Param & Song" },
    });
    assert.equal(result.cells, 7);
    const outputs = await outputsById(join(dir, "tiny.ipynb"));
    const table = String(outputs.get("table")![0].data!["text/html"]);
    assert.equal(table.match(/<tr>/g)?.length, 5, "header + 4 rows");
    assert.ok(table.includes("<td>Param &amp; Song</td>"));
    const chart = outputs.get("chart")![0].data!;
    assert.ok(String(chart["image/svg+xml"]).startsWith("<svg"));
    assert.ok("application/vnd.vegalite.v5+json" in chart);
    const page = await Deno.readTextFile(join(dir, "tiny.html"));
    assert.ok(page.includes("<svg"), "the chart is inlined as SVG");
    assert.ok(page.includes('<table class="wrapped-table">'));
    assert.equal(page.match(/<script/g), null, "no script at all");
    assert.match(page, /<meta[^>]*Content-Security-Policy/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("executeNotebook() reports the failing cell and still writes the report", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const dir = await Deno.makeTempDir({ prefix: "execute_notebook_" });
  try {
    const htmlPath = join(dir, "failing.html");
    const executedPath = join(dir, "failing.ipynb");
    const error = await executeNotebook(jupyter, FAILING, {
      htmlPath,
      executedPath,
    }).then(
      () => assert.fail("expected a NotebookExecutionError"),
      (error) => error,
    );
    assert.ok(error instanceof NotebookExecutionError);
    assert.equal(error.cellId, "boom");
    assert.equal(error.ename, "RangeError");
    assert.equal(error.evalue, "boom: 42");
    assert.equal(
      error.message,
      'failing.ipynb failed in cell "boom": RangeError: boom: 42',
    );
    assert.equal(error.htmlPath, htmlPath);
    const page = await Deno.readTextFile(htmlPath);
    assert.ok(page.includes("boom: 42"));
    const outputs = await outputsById(executedPath);
    assert.deepEqual(
      outputs.get("never"),
      [],
      "cells after the failure do not run",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("executeNotebook() validates its options", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  await assert.rejects(
    () => executeNotebook(jupyter, TINY, {} as never),
    new TypeError("options.htmlPath is required: got none"),
  );
  await assert.rejects(
    () =>
      executeNotebook(jupyter, TINY, {
        htmlPath: "x.html",
        cellTimeoutSeconds: 0,
      }),
    new RangeError("cellTimeoutSeconds must be a positive integer: got 0"),
  );
});

Deno.test("executeNotebook() puts back, in order, a display the kernel published but the client never received", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const dir = await Deno.makeTempDir({ prefix: "execute_notebook_" });
  try {
    const executedPath = join(dir, "lossy.ipynb");
    const result = await executeNotebook(
      jupyter,
      "tests/testdata/notebooks/lossy_displays.ipynb",
      { htmlPath: join(dir, "lossy.html"), executedPath },
    );
    assert.equal(result.displays, 4);
    assert.equal(result.restoredOutputs, 1);
    const outputs = await outputsById(executedPath);
    const texts = (id: string) =>
      outputs.get(id)!.map((output) =>
        [output.data?.["text/plain"]].flat().join("")
      );
    assert.deepEqual(texts("lossy"), ["one", "two", "three"]);
    assert.deepEqual(texts("after"), ["four"]);
    const page = await Deno.readTextFile(join(dir, "lossy.html"));
    assert.ok(page.indexOf("<p>two</p>") > page.indexOf("<p>one</p>"));
    assert.ok(page.indexOf("<p>three</p>") > page.indexOf("<p>two</p>"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
