import assert from "node:assert/strict";
import avro from "avsc";
import { readAvroFile, writeAvroFile } from "../../lib/avro/mod.ts";
import {
  listeningHistoryType,
  type ListeningRecord,
} from "../../lib/schema/mod.ts";
import { plain, sampleRecords, tempDir } from "./_sample_records.ts";

async function readAll(path: string): Promise<ListeningRecord[]> {
  const out: ListeningRecord[] = [];
  for await (const r of readAvroFile<ListeningRecord>(path)) out.push(plain(r));
  return out;
}

Deno.test("writeAvroFile() round-trips records with both codecs", async (t) => {
  const dir = await tempDir();
  const records = sampleRecords(5000);
  for (const codec of ["null", "deflate"] as const) {
    await t.step(codec, async () => {
      const path = `${dir}/out-${codec}.avro`;
      const result = await writeAvroFile(path, records, {
        codec,
        blockSizeBytes: 16 * 1024,
      });
      assert.equal(result.records, 5000);
      assert.ok(result.blocks > 1, "several blocks");
      assert.equal(result.bytes, (await Deno.stat(path)).size);
      assert.deepEqual(await readAll(path), records);
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeAvroFile() writes files avsc's own decoder reads", async () => {
  const dir = await tempDir();
  const path = `${dir}/interop.avro`;
  const records = sampleRecords(300);
  await writeAvroFile(path, records, {
    codec: "deflate",
    blockSizeBytes: 4096,
  });
  const decoded: ListeningRecord[] = [];
  await new Promise<void>((resolve, reject) => {
    avro.createFileDecoder(path)
      .on("data", (r: ListeningRecord) => decoded.push(plain(r)))
      .on("error", reject)
      .on("end", () => resolve());
  });
  assert.deepEqual(decoded, records);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeAvroFile() gives byte-identical files for the same records", async () => {
  const dir = await tempDir();
  const records = sampleRecords(1000);
  await writeAvroFile(`${dir}/a.avro`, records, { codec: "deflate" });
  await writeAvroFile(`${dir}/b.avro`, records, { codec: "deflate" });
  assert.deepEqual(
    await Deno.readFile(`${dir}/a.avro`),
    await Deno.readFile(`${dir}/b.avro`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeAvroFile() accepts an async iterable and a reused record object", async () => {
  const dir = await tempDir();
  const records = sampleRecords(50);
  const reused = { ...records[0] };
  function* reusing() {
    for (const r of records) yield Object.assign(reused, r);
  }
  async function* asyncRecords() {
    for (const r of records) yield r;
  }
  await writeAvroFile(`${dir}/sync.avro`, reusing());
  await writeAvroFile(`${dir}/async.avro`, asyncRecords());
  assert.deepEqual(await readAll(`${dir}/sync.avro`), records);
  assert.deepEqual(await readAll(`${dir}/async.avro`), records);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeAvroFile() leaves no file behind when the records fail midway", async () => {
  const dir = await tempDir();
  const path = `${dir}/broken.avro`;
  function* failing() {
    yield* sampleRecords(20_000);
    throw new Error("source failed");
  }
  await assert.rejects(
    () => writeAvroFile(path, failing(), { blockSizeBytes: 4096 }),
    { name: "Error", message: "source failed" },
  );
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeAvroFile() rejects an invalid record with a TypeError naming the field", async () => {
  const dir = await tempDir();
  const path = `${dir}/bad.avro`;
  const records: unknown[] = sampleRecords(3);
  records[2] = { ...(records[2] as ListeningRecord), year: "1990" };
  await assert.rejects(() => writeAvroFile(path, records), {
    name: "TypeError",
    message:
      "record #2 does not match music.ListeningHistory (bad field: year): invalid record",
  });
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("writeAvroFile() reports an unwritable path and an unknown codec", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/file`, "not a directory");
  await assert.rejects(
    () => writeAvroFile(`${dir}/file/out.avro`, sampleRecords(1)),
    (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`^cannot write "${dir}/file/out\\.avro": `),
      );
      return true;
    },
  );
  await assert.rejects(
    () =>
      writeAvroFile(`${dir}/x.avro`, [], {
        codec: "snappy" as unknown as "null",
      }),
    {
      name: "RangeError",
      message: 'codec must be one of null, deflate: got "snappy"',
    },
  );
  assert.equal(listeningHistoryType.name, "music.ListeningHistory");
  await Deno.remove(dir, { recursive: true });
});
