import assert from "node:assert/strict";
import { join } from "node:path";
import { launchChromium } from "../report/_chromium.ts";
import {
  ensureJupyter,
  executeNotebook,
  freePort,
  JupyterSetupError,
  LAB_HOST,
  startJupyterLab,
} from "../../lib/jupyter/mod.ts";

Deno.test("startJupyterLab() serves the notebooks on loopback with the Deno kernel", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const lab = await startJupyterLab(jupyter, {
    rootDir: "notebooks",
    port: freePort(18888),
    allowRoot: true,
  });
  try {
    // The token is in no process's arguments (world-readable in /proc).
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      let cmdline = "";
      try {
        cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      } catch { /* ended meanwhile */ }
      assert.ok(!cmdline.includes(lab.token), `pid ${entry.name}: ${cmdline}`);
    }
    assert.match(
      lab.url,
      /^http:\/\/127\.0\.0\.1:\d+\/lab\?token=[0-9a-f]{48}$/,
    );
    const headers = { Authorization: `token ${lab.token}` };
    const specs = await fetch(
      `http://${LAB_HOST}:${lab.port}/api/kernelspecs`,
      { headers },
    ).then((response) => response.json());
    assert.ok("deno" in specs.kernelspecs, "the deno kernelspec is listed");
    assert.equal(specs.kernelspecs.deno.spec.language, "typescript");
    const denied = await fetch(`http://${LAB_HOST}:${lab.port}/api/contents`);
    await denied.body?.cancel();
    assert.equal(denied.status, 403, "the API needs the token");
  } finally {
    await lab.stop();
  }
  const status = await lab.status;
  assert.notEqual(status.code, null);
});

Deno.test({
  name: "startJupyterLab() refuses to run as root unless asked",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const jupyter = await ensureJupyter({ log: () => {} });
    await assert.rejects(
      () => startJupyterLab(jupyter, { rootDir: "notebooks" }),
      JupyterSetupError,
    );
  },
});

Deno.test("startJupyterLab() rejects a port out of range", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  await assert.rejects(
    () => startJupyterLab(jupyter, { rootDir: "notebooks", port: 70000 }),
    new RangeError("port must be an integer from 1 to 65535: got 70000"),
  );
});

Deno.test("JupyterLab shows an executed notebook's chart with vega-lite and starts the Deno kernel", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const root = await Deno.makeTempDir({ prefix: "lab_root_" });
  const lab = await (async () => {
    await executeNotebook(jupyter, "tests/testdata/notebooks/tiny.ipynb", {
      htmlPath: join(root, "tiny.html"),
      executedPath: join(root, "tiny.ipynb"),
    });
    return await startJupyterLab(jupyter, {
      rootDir: root,
      port: freePort(18988),
      allowRoot: true,
    });
  })();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
    });
    await page.goto(
      `http://${LAB_HOST}:${lab.port}/lab/tree/tiny.ipynb?token=${lab.token}`,
    );
    const chart = page.locator(".vega-embed");
    await chart.first().waitFor({ timeout: 60_000 });
    assert.equal(await chart.count(), 1, "the chart renders with vega-embed");
    assert.ok(await chart.locator("svg, canvas").count() > 0);
    await page.getByText(/^Deno \| Idle$/).first().waitFor({
      timeout: 60_000,
    });
    await Deno.mkdir("data/test-artifacts", { recursive: true });
    await page.screenshot({ path: "data/test-artifacts/jupyterlab.png" });
  } finally {
    await browser.close();
    await lab.stop();
    await Deno.remove(root, { recursive: true });
  }
});
