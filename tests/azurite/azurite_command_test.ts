/**
 * `deno task azurite:up|down|status` on a private port and data directory
 * (the shared Azurite of the test run is not touched).
 */
import assert from "node:assert/strict";
import { probeQueueEndpoint } from "../../lib/azurite/mod.ts";

const COMMAND = new URL("../../lib/cli/azurite_command.ts", import.meta.url)
  .pathname;

async function azurite(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", COMMAND, ...args],
    env,
    stdin: "null",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim();
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("azurite status exits 3 when down, up starts it once, down stops only what up started", async () => {
  const port = freePort();
  const dataDir = await Deno.makeTempDir({ prefix: "azurite-cli-" });
  const common = ["--port", String(port), "--data-dir", dataDir];
  const endpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
  try {
    const before = await azurite(["status", ...common]);
    assert.equal(before.code, 3);
    assert.match(before.stdout, new RegExp(`^down: ${endpoint} \\(`));

    const up = await azurite(["up", ...common]);
    assert.equal(up.code, 0, up.stderr);
    const pid = JSON.parse(await Deno.readTextFile(`${dataDir}/azurite.pid`))
      .pid;
    assert.equal(
      up.stdout,
      `Azurite 3.37.0 is up at ${endpoint} (pid ${pid}, data ${dataDir})`,
    );
    assert.ok((await probeQueueEndpoint(endpoint)).up);

    const again = await azurite(["up", ...common]);
    assert.equal(again.code, 0);
    assert.equal(
      again.stdout,
      `Azurite is already up at ${endpoint} (pid ${pid})`,
    );

    const status = await azurite(["status", ...common]);
    assert.equal(status.code, 0);
    assert.equal(status.stdout, `up: ${endpoint} (Azurite-Queue/3.37.0)`);

    const down = await azurite(["down", ...common]);
    assert.equal(down.code, 0);
    assert.equal(down.stdout, `Azurite (pid ${pid}) stopped`);
    assert.equal((await azurite(["status", ...common])).code, 3);

    const downAgain = await azurite(["down", ...common]);
    assert.equal(downAgain.code, 0);
    assert.equal(
      downAgain.stdout,
      `no Azurite started by this project is running (${dataDir}/azurite.pid)`,
    );
  } finally {
    await azurite(["down", ...common]);
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("with AZURE_STORAGE_CONNECTION_STRING elsewhere, up and down start and stop nothing and status probes that endpoint", async () => {
  const port = freePort();
  const env = {
    AZURE_STORAGE_CONNECTION_STRING:
      `DefaultEndpointsProtocol=http;AccountName=acc;AccountKey=c2VjcmV0;QueueEndpoint=http://127.0.0.1:${port}/acc;`,
  };
  const up = await azurite(["up"], env);
  assert.equal(up.code, 0);
  assert.equal(
    up.stdout,
    `AZURE_STORAGE_CONNECTION_STRING points at http://127.0.0.1:${port}/acc; no local Azurite to start`,
  );
  const status = await azurite(["status"], env);
  assert.equal(status.code, 3);
  assert.match(
    status.stdout,
    new RegExp(`^down: http://127.0.0.1:${port}/acc`),
  );
  assert.ok(!status.stdout.includes("c2VjcmV0"));
  const down = await azurite(["down"], env);
  assert.equal(down.code, 0);
  assert.match(down.stdout, /no local Azurite to stop$/);
});

Deno.test("azurite status with a malformed connection string fails with exit 2 and a clear error", async () => {
  const result = await azurite(["status"], {
    AZURE_STORAGE_CONNECTION_STRING: "not-a-connection-string",
  });
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^error: invalid Azure Storage connection string \(keys: none; 1 unrecognised part\(s\)\)/,
  );
  assert.ok(!result.stderr.includes("not-a-connection-string"));
});
