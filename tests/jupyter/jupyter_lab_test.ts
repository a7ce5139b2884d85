import assert from "node:assert/strict";
import {
  ensureJupyter,
  freePort,
  LAB_HOST,
  startJupyterLab,
} from "../../lib/jupyter/mod.ts";

Deno.test("startJupyterLab() serves the notebooks on loopback with the Deno kernel", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  const lab = await startJupyterLab(jupyter, {
    rootDir: "notebooks",
    port: freePort(18888),
  });
  try {
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

Deno.test("startJupyterLab() rejects a port out of range", async () => {
  const jupyter = await ensureJupyter({ log: () => {} });
  await assert.rejects(
    () => startJupyterLab(jupyter, { rootDir: "notebooks", port: 70000 }),
    new RangeError("port must be an integer from 1 to 65535: got 70000"),
  );
});
