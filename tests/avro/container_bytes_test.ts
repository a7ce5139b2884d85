import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  AvroSchemaMismatchError,
  containerBytes,
  readAvroFile,
  writeAvroFile,
} from "../../lib/avro/mod.ts";
import { LISTENING_HISTORY_SCHEMA } from "../../lib/schema/mod.ts";
import { plain, sampleRecords, tempDir } from "./_sample_records.ts";
import avro from "avsc";

for (const codec of ["null", "deflate"] as const) {
  Deno.test(`undecoded ${codec} blocks rebuilt with containerBytes() read back, in polars, as the records written`, async () => {
    const dir = await tempDir();
    const path = `${dir}/x.avro`;
    const records = sampleRecords(3000);
    await writeAvroFile(path, records, { codec, blockSizeBytes: 16 * 1024 });
    const reader = readAvroFile(path, { decode: false });
    const { writerSchema } = await reader.readHeader();
    const blocks = [];
    for await (const block of reader.blocks()) {
      assert.deepEqual(block.records, []);
      blocks.push({ count: block.count, data: new Uint8Array(block.data) });
    }
    assert.ok(blocks.length >= 4);
    assert.equal(reader.recordsRead, 3000);
    // two containers: the first block alone, then the rest
    const frames = [blocks.slice(0, 1), blocks.slice(1)].map((group) =>
      pl.readAvro(containerBytes(writerSchema, group))
    );
    const rows = frames.flatMap((df) => df.toRecords());
    assert.equal(rows.length, 3000);
    const type = avro.Type.forSchema(LISTENING_HISTORY_SCHEMA);
    for (const i of [0, 1, 1234, 2999]) {
      // polars gives float32 values widened to f64, as avsc does
      assert.deepEqual(type.clone(rows[i]), type.clone(plain(records[i])));
    }
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("undecoded blocks need the file's own schema", async () => {
  const dir = await tempDir();
  const path = `${dir}/x.avro`;
  await writeAvroFile(path, sampleRecords(10));
  const schema = LISTENING_HISTORY_SCHEMA as { fields: { name: string }[] };
  const older = avro.Type.forSchema({
    ...schema,
    fields: schema.fields.filter((f) => f.name !== "year"),
  } as avro.Schema);
  await assert.rejects(
    async () => {
      for await (
        const _ of readAvroFile(path, { type: older, decode: false }).blocks()
      ) { /* nothing */ }
    },
    AvroSchemaMismatchError,
  );
  await Deno.remove(dir, { recursive: true });
});
