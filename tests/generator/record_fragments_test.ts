import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { builtInCatalog, createCatalog } from "../../lib/catalog/mod.ts";
import { resolveGeneratorOptions } from "../../lib/generator/mod.ts";
import { createEventSource } from "../../lib/generator/_event_source.ts";
import { RecordFragments } from "../../lib/generator/_record_fragments.ts";
import { generateToArray } from "../../lib/generator/mod.ts";
import { listeningHistoryType } from "../../lib/schema/mod.ts";

Deno.test("RecordFragments.encode() writes exactly avsc's encoding of each record", () => {
  const options = {
    users: 24,
    sessionsPerUser: 2,
    seed: 4,
    catalog: builtInCatalog(),
  };
  const resolved = resolveGeneratorOptions(options);
  const source = createEventSource(resolved);
  const fragments = new RecordFragments(resolved.catalog, source.users);
  const records = generateToArray(options);
  const buf = Buffer.alloc(4096);
  let i = 0;
  for (let event = source.next(); event; event = source.next(), i++) {
    const end = fragments.encode(event, buf, 0);
    assert.deepEqual(
      buf.subarray(0, end),
      listeningHistoryType.toBuffer(records[i]),
      `record ${i}`,
    );
  }
  assert.equal(i, records.length);
  // Too small a buffer: a negative result, as avsc's Type.encode does.
  const first = createEventSource(resolved).next()!;
  assert.ok(fragments.encode(first, Buffer.alloc(10), 0) < 0);
});

Deno.test("RecordFragments checks every value against the schema's field type", () => {
  const catalog = createCatalog([{
    title: "Half a Hit",
    artist: "Nobody",
    genre: "pop",
    year: 2020,
    popularity: 1.5,
    danceability: 50,
    energy: 50,
    lengthSeconds: 200,
  }]);
  const resolved = resolveGeneratorOptions({ users: 1, catalog });
  assert.throws(
    () => new RecordFragments(catalog, createEventSource(resolved).users),
    {
      name: "TypeError",
      message: "popularity does not match the schema: got 1.5",
    },
  );
});
