import assert from "node:assert/strict";
import avro from "avsc";
import { readAvroFile, writeAvroFile } from "../../lib/avro/mod.ts";
import { generateToArray, generateToFile } from "../../lib/generator/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { plain } from "./_helpers.ts";

const OPTIONS = { users: 40, sessionsPerUser: 3, seed: 21 } as const;

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "wrapped-generate-test-" });
}

Deno.test("generateToFile() writes the same bytes as avsc encoding the records", async () => {
  const dir = await tempDir();
  const summary = await generateToFile(`${dir}/fast.avro`, OPTIONS);
  assert.equal(summary.users, 40);
  const header = await readAvroFile(`${dir}/fast.avro`).readHeader();
  const bytes = await Deno.readFile(`${dir}/fast.avro`);
  // The sync marker is the 16 bytes before the first block.
  const sync = bytes.subarray(header.dataOffset - 16, header.dataOffset);
  await writeAvroFile(`${dir}/slow.avro`, generateToArray(OPTIONS), {
    syncMarker: sync,
    blockSizeBytes: 1024 * 1024,
  });
  assert.deepEqual(bytes, await Deno.readFile(`${dir}/slow.avro`));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("generateToFile() output is read back by avsc and by readAvroFile()", async () => {
  const dir = await tempDir();
  const path = `${dir}/out.avro`;
  const summary = await generateToFile(path, OPTIONS, { codec: "deflate" });
  const expected = generateToArray(OPTIONS);
  assert.equal(summary.events, expected.length);
  assert.equal(summary.bytes, (await Deno.stat(path)).size);
  const viaAvsc: ListeningRecord[] = [];
  await new Promise<void>((resolve, reject) =>
    avro.createFileDecoder(path)
      .on("data", (r: ListeningRecord) => viaAvsc.push(plain(r)))
      .on("error", reject)
      .on("end", () => resolve())
  );
  assert.deepEqual(viaAvsc, expected);
  const viaReader: ListeningRecord[] = [];
  for await (const r of readAvroFile<ListeningRecord>(path)) {
    viaReader.push(plain(r));
  }
  assert.deepEqual(viaReader, expected);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("generateToFile() is byte-identical for the same options and differs by seed", async () => {
  const dir = await tempDir();
  for (const codec of ["null", "deflate"] as const) {
    await generateToFile(`${dir}/a.avro`, OPTIONS, { codec });
    await generateToFile(`${dir}/b.avro`, OPTIONS, { codec });
    await generateToFile(`${dir}/c.avro`, { ...OPTIONS, seed: 22 }, { codec });
    const a = await Deno.readFile(`${dir}/a.avro`);
    assert.deepEqual(a, await Deno.readFile(`${dir}/b.avro`));
    assert.notDeepEqual(a, await Deno.readFile(`${dir}/c.avro`));
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("generateToFile() leaves no file when aborted", async () => {
  const dir = await tempDir();
  const abort = new AbortController();
  await assert.rejects(
    () =>
      generateToFile(`${dir}/out.avro`, { users: 200, sessionsPerUser: 20 }, {
        signal: abort.signal,
        onProgress: () => abort.abort(new Error("stop")),
      }),
    { message: "stop" },
  );
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});
