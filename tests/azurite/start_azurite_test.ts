import assert from "node:assert/strict";
import { startAzurite, stopAzurite } from "../../lib/azurite/mod.ts";

Deno.test("startAzurite() fails fast with Azurite's log when the port is taken, leaving no pid file", async () => {
  // A listener that never answers HTTP: the port is busy but not Azurite.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  const dataDir = await Deno.makeTempDir({ prefix: "azurite-busy-" });
  try {
    await assert.rejects(
      startAzurite({ port, dataDir, timeoutMs: 30_000 }),
      (error) => {
        assert.ok(error instanceof Error);
        assert.match(
          error.message,
          new RegExp(
            `^azurite exited with code 1 while starting; log ${dataDir}/azurite\\.log:\\n[^]*EADDRINUSE`,
          ),
        );
        return true;
      },
    );
    await assert.rejects(
      Deno.stat(`${dataDir}/azurite.pid`),
      Deno.errors.NotFound,
    );
    assert.deepEqual(await stopAzurite({ dataDir }), { stopped: false });
  } finally {
    listener.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("startAzurite() rejects a port outside 1–65535", async () => {
  await assert.rejects(startAzurite({ port: 70_000 }), {
    name: "RangeError",
    message: "port must be an integer 1–65535: got 70000",
  });
});
