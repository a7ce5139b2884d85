import assert from "node:assert/strict";
import avro from "avsc";
import {
  type AvroBlock,
  AvroCorruptBlockError,
  AvroSchemaMismatchError,
  NotAvroFileError,
  readAvroFile,
  writeAvroFile,
} from "../../lib/avro/mod.ts";
import {
  LISTENING_HISTORY_SCHEMA,
  listeningHistoryType,
  type ListeningRecord,
} from "../../lib/schema/mod.ts";
import { plain, sampleRecords, tempDir } from "./_sample_records.ts";

async function blocksOf(
  path: string,
  options = {},
): Promise<AvroBlock<ListeningRecord>[]> {
  const out: AvroBlock<ListeningRecord>[] = [];
  for await (const b of readAvroFile<ListeningRecord>(path, options).blocks()) {
    out.push(b);
  }
  return out;
}

/** Writes 3,000 records in small blocks; returns the path and block list. */
async function smallBlockFile(dir: string, codec: "null" | "deflate") {
  const path = `${dir}/blocks-${codec}.avro`;
  await writeAvroFile(path, sampleRecords(3000), {
    codec,
    blockSizeBytes: 16 * 1024,
  });
  return { path, blocks: await blocksOf(path) };
}

Deno.test("readAvroFile() reports each block's index and byte offsets", async () => {
  const dir = await tempDir();
  const { path, blocks } = await smallBlockFile(dir, "null");
  assert.ok(blocks.length >= 4);
  blocks.forEach((b, i) => assert.equal(b.index, i));
  for (let i = 1; i < blocks.length; i++) {
    assert.equal(blocks[i].byteOffset, blocks[i - 1].nextByteOffset);
  }
  assert.equal(blocks.at(-1)!.nextByteOffset, (await Deno.stat(path)).size);
  assert.equal(
    blocks.reduce((n, b) => n + b.records.length, 0),
    3000,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readAvroFile() gives each record's datum bytes", async () => {
  const dir = await tempDir();
  const { blocks } = await smallBlockFile(dir, "deflate");
  for (const block of blocks.slice(0, 2)) {
    assert.equal(block.offsets.length, block.records.length + 1);
    block.records.forEach((record, i) => {
      const datum = block.data.subarray(block.offsets[i], block.offsets[i + 1]);
      assert.deepEqual(
        new Uint8Array(datum),
        new Uint8Array(listeningHistoryType.toBuffer(record)),
      );
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readAvroFile() resumes at a block's nextByteOffset", async () => {
  const dir = await tempDir();
  const { path, blocks } = await smallBlockFile(dir, "deflate");
  const rest = await blocksOf(path, { startOffset: blocks[1].nextByteOffset });
  assert.deepEqual(
    rest.flatMap((b) => b.records.map(plain)),
    blocks.slice(2).flatMap((b) => b.records.map(plain)),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readAvroFile() reads a file written by avsc's BlockEncoder", async () => {
  const dir = await tempDir();
  const path = `${dir}/avsc.avro`;
  const records = sampleRecords(500);
  await new Promise<void>((resolve, reject) => {
    const encoder = avro.createFileEncoder(path, LISTENING_HISTORY_SCHEMA, {
      codec: "deflate",
      blockSize: 4096,
    });
    encoder.on("error", reject);
    // The file stream closes after the encoder ends.
    (encoder as unknown as { on(e: string, f: () => void): void }).on(
      "finish",
      () => setTimeout(resolve, 0),
    );
    for (const r of records) encoder.write(r);
    encoder.end();
  });
  const { waitUntil } = await import("../../lib/support/mod.ts");
  let read: ListeningRecord[] = [];
  await waitUntil(async () => {
    read = [];
    try {
      for await (const r of readAvroFile<ListeningRecord>(path)) {
        read.push(plain(r));
      }
    } catch {
      return false;
    }
    return read.length === records.length;
  }, { timeoutMs: 30_000, intervalMs: 20, what: "avsc file complete" });
  assert.deepEqual(read, records);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readAvroFile() rejects a file that is not Avro", async (t) => {
  const dir = await tempDir();
  await t.step("text file", async () => {
    const path = `${dir}/text.avro`;
    await Deno.writeTextFile(path, "Index,Title\n1,Sunrise\n");
    await assert.rejects(() => blocksOf(path), {
      name: "NotAvroFileError",
      message: `"${path}" is not an Avro object container file: ` +
        "it does not start with Obj\\x01",
    });
  });
  await t.step("missing file", async () => {
    const path = `${dir}/missing.avro`;
    await assert.rejects(() => blocksOf(path), (error: unknown) => {
      assert.ok(error instanceof NotAvroFileError);
      assert.equal(
        error.message,
        `"${path}" is not an Avro object container file: no such file`,
      );
      return true;
    });
  });
  await t.step("truncated header", async () => {
    const path = `${dir}/header.avro`;
    await writeAvroFile(path, sampleRecords(10));
    const bytes = await Deno.readFile(path);
    await Deno.writeFile(path, bytes.subarray(0, 100));
    await assert.rejects(() => blocksOf(path), {
      name: "NotAvroFileError",
      message: `"${path}" is not an Avro object container file: ` +
        "truncated header",
    });
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readAvroFile() rejects another schema and accepts an evolved one", async () => {
  const dir = await tempDir();
  const otherType = avro.Type.forSchema({
    type: "record",
    name: "shop.Order",
    fields: [{ name: "id", type: "int" }],
  });
  const other = `${dir}/other.avro`;
  await writeAvroFile(other, [{ id: 1 }], { type: otherType });
  await assert.rejects(() => blocksOf(other), (error: unknown) => {
    assert.ok(error instanceof AvroSchemaMismatchError);
    assert.equal(error.writerName, "shop.Order");
    assert.equal(error.readerName, "music.ListeningHistory");
    assert.match(
      error.message,
      new RegExp(
        `^"${other}" was written with schema shop\\.Order, which cannot be read as music\\.ListeningHistory: `,
      ),
    );
    return true;
  });

  // A newer writer that added a field with a default stays readable.
  const schema = structuredClone(LISTENING_HISTORY_SCHEMA) as {
    fields: unknown[];
  };
  schema.fields.push({ name: "device", type: "string", default: "phone" });
  const evolved = `${dir}/evolved.avro`;
  const records = sampleRecords(20);
  await writeAvroFile(
    evolved,
    records.map((r) => ({ ...r, device: "car" })),
    { type: avro.Type.forSchema(schema as avro.Schema) },
  );
  const read = (await blocksOf(evolved)).flatMap((b) => b.records.map(plain));
  assert.deepEqual(read, records);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readAvroFile() reports a corrupt block with its index and offset", async (t) => {
  const dir = await tempDir();
  for (const codec of ["null", "deflate"] as const) {
    const { path, blocks } = await smallBlockFile(dir, codec);
    const original = await Deno.readFile(path);
    const damagedPath = `${dir}/damaged-${codec}.avro`;

    await t.step(`${codec}: damaged sync marker`, async () => {
      const bytes = original.slice();
      bytes[blocks[2].nextByteOffset - 3] ^= 0xff; // inside block 2's sync
      await Deno.writeFile(damagedPath, bytes);
      await assert.rejects(() => blocksOf(damagedPath), (error: unknown) => {
        assert.ok(error instanceof AvroCorruptBlockError);
        assert.equal(error.blockIndex, 2);
        assert.equal(error.byteOffset, blocks[2].byteOffset);
        assert.equal(error.reason, "sync marker mismatch");
        assert.equal(
          error.message,
          `corrupt Avro block #2 at byte ${
            blocks[2].byteOffset
          } of "${damagedPath}": sync marker mismatch`,
        );
        return true;
      });
    });

    await t.step(
      `${codec}: damaged data skipped with skipCorrupt`,
      async () => {
        const bytes = original.slice();
        // Garble the middle of block 1's data.
        const mid = (blocks[1].byteOffset + blocks[1].nextByteOffset) >> 1;
        for (let i = mid; i < mid + 40; i++) bytes[i] = 0xff;
        await Deno.writeFile(damagedPath, bytes);
        await assert.rejects(() => blocksOf(damagedPath), {
          name: "AvroCorruptBlockError",
        });
        const seen: AvroCorruptBlockError[] = [];
        const reader = readAvroFile<ListeningRecord>(damagedPath, {
          skipCorrupt: true,
          onCorruptBlock: (error) => seen.push(error),
        });
        const read: ListeningRecord[] = [];
        for await (const r of reader) read.push(plain(r));
        assert.equal(reader.skippedBlocks, 1);
        assert.equal(seen.length, 1);
        assert.equal(seen[0].blockIndex, 1);
        assert.equal(seen[0].byteOffset, blocks[1].byteOffset);
        const expected = blocks.filter((_, i) => i !== 1)
          .flatMap((b) => b.records.map(plain));
        assert.deepEqual(read, expected);
        assert.equal(reader.recordsRead, expected.length);
      },
    );

    await t.step(`${codec}: truncated last block`, async () => {
      await Deno.writeFile(
        damagedPath,
        original.subarray(0, original.length - 50),
      );
      await assert.rejects(() => blocksOf(damagedPath), (error: unknown) => {
        assert.ok(error instanceof AvroCorruptBlockError);
        assert.equal(error.blockIndex, blocks.length - 1);
        assert.match(
          error.reason,
          /does not fit the \d+ bytes left in the file/,
        );
        return true;
      });
      const reader = readAvroFile(damagedPath, { skipCorrupt: true });
      let n = 0;
      for await (const _ of reader) n++;
      assert.equal(n, 3000 - blocks.at(-1)!.records.length);
      assert.equal(reader.skippedBlocks, 1);
    });
  }
  await Deno.remove(dir, { recursive: true });
});
