/**
 * The `deno task` Kafka commands end to end, against the real broker (and
 * against a closed port for "broker down").
 */
import assert from "node:assert/strict";
import {
  createKafka,
  ensureTopic,
  FLAT_COLUMNS,
  topicEndOffsets,
} from "../../lib/kafka/mod.ts";
import avro from "avsc";
import { readAvroFile, writeAvroFile } from "../../lib/avro/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";
import { waitUntil } from "../../lib/support/mod.ts";
import { closedPort, runCommand, spawnCommand } from "./_cli.ts";
import { makeRecords, uniqueName, writeRecordsFile } from "./_fixtures.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const client = createKafka({ clientId: "kafka-command-tests" });

async function topicCount(topic: string): Promise<number> {
  const ends = await client.withAdmin((admin) => topicEndOffsets(admin, topic));
  return ends.reduce((sum, o) => sum + o.high - o.low, 0);
}

/** Writes a file of `count` records and damages the sync marker of block #2. */
async function fileWithCorruptBlock(count: number) {
  const path = await writeRecordsFile(makeRecords(count), 8 * 1024);
  const blocks = [];
  for await (const block of readAvroFile<ListeningRecord>(path).blocks()) {
    blocks.push(block);
  }
  assert.ok(blocks.length > 4, `want several blocks, got ${blocks.length}`);
  const bytes = await Deno.readFile(path);
  const syncAt = blocks[2].nextByteOffset - 16;
  for (let i = 0; i < 16; i++) bytes[syncAt + i] ^= 0xff;
  await Deno.writeFile(path, bytes);
  const beforeCorrupt = blocks[0].records.length + blocks[1].records.length;
  let readable = 0;
  for await (
    const block of readAvroFile<ListeningRecord>(path, { skipCorrupt: true })
      .blocks()
  ) readable += block.records.length;
  return { path, byteOffset: blocks[2].byteOffset, beforeCorrupt, readable };
}

Deno.test(
  "topic:create creates the topic, then says it exists",
  options,
  async () => {
    const topic = uniqueName("cli-topic");
    const first = await runCommand("topic_command.ts", ["--topic", topic]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      new RegExp(`^Created topic "${topic}" with 16 partitions at `),
    );
    const again = await runCommand("topic_command.ts", ["--topic", topic]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already exists with 16 partitions/);
  },
);

Deno.test(
  "produce --file then consume --once --json prints every record flattened",
  options,
  async () => {
    const topic = uniqueName("cli-roundtrip");
    await ensureTopic(client, topic);
    const records = makeRecords(500);
    const path = await writeRecordsFile(records);
    const produced = await runCommand("produce_command.ts", [
      "--file",
      path,
      "--topic",
      topic,
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    assert.match(
      produced.stdout,
      /^produced 500 events \(.* MB\) to "t-cli-roundtrip-/,
    );

    const consumed = await runCommand("consume_command.ts", [
      "--topic",
      topic,
      "--group",
      uniqueName("cli-group"),
      "--from-beginning",
      "--once",
      "--json",
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    const lines = consumed.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 500);
    assert.deepEqual(Object.keys(lines[0]), [...FLAT_COLUMNS]);
    const key = (r: { user_id: number; start_time: number }) =>
      `${r.user_id}@${r.start_time}`;
    assert.deepEqual(
      new Set(lines.map(key)),
      new Set(
        records.map((r) =>
          key({ user_id: r.user_id, start_time: r.listening_time.start_time })
        ),
      ),
    );
    assert.match(consumed.stderr, /consumed 500 records .* reached the end/);
  },
);

Deno.test(
  "consume prints names carrying terminal escapes (ESC, OSC titles, C1) as visible escapes, in TSV and JSON",
  options,
  async () => {
    const topic = uniqueName("cli-hostile");
    await ensureTopic(client, topic);
    const hostile = "Evil\u001b]0;pwned\u0007\u001b[2J\r\u009b31m\u007f";
    const records = makeRecords(20).map((r, i) => ({
      ...r,
      artist: i % 2 ? hostile : r.artist,
      song_name: `${r.song_name}\t\n`,
    }));
    const path = await writeRecordsFile(records);
    const produced = await runCommand("produce_command.ts", [
      "--file",
      path,
      "--topic",
      topic,
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    for (const format of [[], ["--json"]]) {
      const consumed = await runCommand("consume_command.ts", [
        "--topic",
        topic,
        "--group",
        uniqueName("cli-group"),
        "--from-beginning",
        "--once",
        ...format,
      ]);
      assert.equal(consumed.code, 0, consumed.stderr);
      // Only the separators (tab between cells, newline between lines).
      assert.doesNotMatch(
        consumed.stdout,
        // deno-lint-ignore no-control-regex
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/,
      );
      const lines = consumed.stdout.trim().split("\n");
      assert.equal(lines.length, format.length ? 20 : 21, format.join());
      if (format.length) {
        const artists = lines.map((l) => JSON.parse(l).artist);
        assert.equal(artists.filter((a) => a === hostile).length, 10);
      } else {
        assert.ok(
          lines.every((l) => l.split("\t").length === FLAT_COLUMNS.length),
        );
        assert.ok(consumed.stdout.includes("Evil\\u001b]0;pwned\\u0007"));
      }
    }
  },
);

Deno.test(
  "produce --file stopped by SIGINT or SIGTERM flushes what it read, exits 130/143 and says it was interrupted",
  options,
  async (t) => {
    const path = await writeRecordsFile(makeRecords(5_000));
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
      await t.step(signal, async () => {
        const topic = uniqueName("cli-interrupt");
        await ensureTopic(client, topic);
        const child = spawnCommand("produce_command.ts", [
          "--file",
          path,
          "--topic",
          topic,
          "--rate",
          "500",
        ]);
        await waitUntil(async () => await topicCount(topic) > 0, {
          timeoutMs: 60_000,
          intervalMs: 100,
          what: "the first records in the topic",
        });
        child.kill(signal);
        const output = await child.output();
        const stdout = new TextDecoder().decode(output.stdout);
        assert.equal(
          output.code,
          code,
          new TextDecoder().decode(output.stderr),
        );
        const match = new RegExp(
          `^produced ([\\d,]+) events .*; interrupted by ${signal} before the end of the input: the rest was not sent\\n$`,
        ).exec(stdout);
        assert.ok(match, stdout);
        const acked = Number(match[1].replaceAll(",", ""));
        assert.ok(acked < 5_000);
        assert.equal(await topicCount(topic), acked);
      });
    }
  },
);

Deno.test(
  "produce --file stops at a corrupt block, says where, and sent only what came before",
  options,
  async () => {
    const topic = uniqueName("cli-corrupt");
    await ensureTopic(client, topic);
    const { path, byteOffset, beforeCorrupt } = await fileWithCorruptBlock(400);
    const result = await runCommand("produce_command.ts", [
      "--file",
      path,
      "--topic",
      topic,
    ]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`corrupt Avro block #2 at byte ${byteOffset} of `),
    );
    assert.match(
      result.stderr,
      new RegExp(`produced ${beforeCorrupt} events .* before it`),
    );
    assert.match(result.stderr, /use --skip-corrupt/);
    assert.equal(await topicCount(topic), beforeCorrupt);
  },
);

Deno.test(
  "produce --file --skip-corrupt reports the damaged block and sends the rest",
  options,
  async () => {
    const topic = uniqueName("cli-skip");
    await ensureTopic(client, topic);
    const { path, byteOffset, readable } = await fileWithCorruptBlock(400);
    const result = await runCommand("produce_command.ts", [
      "--file",
      path,
      "--topic",
      topic,
      "--skip-corrupt",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        `warning: skipped corrupt Avro block #2 at byte ${byteOffset}`,
      ),
    );
    assert.match(
      result.stdout,
      new RegExp(`^produced ${readable} events .*skipped 1 corrupt block`),
    );
    assert.equal(await topicCount(topic), readable);
  },
);

Deno.test(
  "produce refuses a file that is not Avro, one of another schema, and a topic that does not exist",
  options,
  async () => {
    const notAvro = await Deno.makeTempFile({ suffix: ".avro" });
    await Deno.writeTextFile(notAvro, "user_id,song\n1,x\n");
    const topic = uniqueName("cli-notavro");
    await ensureTopic(client, topic);
    const bad = await runCommand("produce_command.ts", [
      "--file",
      notAvro,
      "--topic",
      topic,
    ]);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /is not an Avro object container file: it does not start with Obj/,
    );

    const otherType = avro.Type.forSchema({
      type: "record",
      name: "Other",
      namespace: "music",
      fields: [{ name: "id", type: "string" }],
    });
    const otherPath = `${await Deno.makeTempDir()}/other.avro`;
    await writeAvroFile(otherPath, [{ id: "a" }], { type: otherType });
    const other = await runCommand("produce_command.ts", [
      "--file",
      otherPath,
      "--topic",
      topic,
    ]);
    assert.equal(other.code, 1);
    assert.match(
      other.stderr,
      /was written with schema music\.Other, which cannot be read as music\.ListeningHistory/,
    );
    assert.equal(await topicCount(topic), 0);

    const path = await writeRecordsFile(makeRecords(5));
    const missing = uniqueName("cli-missing");
    const unknown = await runCommand("produce_command.ts", [
      "--file",
      path,
      "--topic",
      missing,
    ]);
    assert.equal(unknown.code, 1);
    assert.equal(
      unknown.stderr.trim(),
      `error: Topic "${missing}" does not exist; create it with: deno task topic:create --topic ${missing}`,
    );
  },
);

Deno.test("bad flags exit 2 with a message naming the flag", async (t) => {
  const cases: [string, string[], string][] = [
    [
      "produce_command.ts",
      [],
      "error: give exactly one of --file <path> or --live",
    ],
    [
      "produce_command.ts",
      ["--file", "x.avro", "--rate", "fast"],
      'error: --rate must be a positive number: got "fast"',
    ],
    ["produce_command.ts", [
      "--file",
      "x.avro",
      "--rate",
      "5",
      "--speedup",
      "2",
    ], "cannot be used with option '--speedup <x>'"],
    [
      "consume_command.ts",
      ["--max", "0"],
      'error: --max must be a positive integer: got "0"',
    ],
    [
      "topic_command.ts",
      ["--topic", "no spaces"],
      '--topic must be 1-249 characters of letters, digits, ".", "_" or "-": got "no spaces"',
    ],
    ["lag_command.ts", ["--count", "2"], "error: --count needs --interval"],
  ];
  for (const [file, args, message] of cases) {
    await t.step(`${file} ${args.join(" ")}`, async () => {
      const result = await runCommand(file, args);
      assert.equal(result.code, 2, result.stderr);
      assert.ok(result.stderr.includes(message), result.stderr);
    });
  }
});

Deno.test("with the broker down, commands name the address and fail after the deadline", async (t) => {
  const address = `127.0.0.1:${closedPort()}`;
  const env = { KAFKA_BROKERS: address, KAFKA_CONNECT_TIMEOUT_MS: "1500" };
  const path = await writeRecordsFile(makeRecords(5));
  const cases: [string, string[]][] = [
    ["topic_command.ts", []],
    ["produce_command.ts", ["--file", path]],
    ["consume_command.ts", ["--max", "1"]],
    ["lag_command.ts", []],
  ];
  for (const [file, args] of cases) {
    await t.step(file, async () => {
      const result = await runCommand(file, args, env);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(
          `error: Kafka broker unreachable at ${address} \\(gave up after 1500 ms\\)\\n  caused by: .*ECONNREFUSED`,
        ),
      );
    });
  }
  await t.step("kafka:status exits 3", async () => {
    const result = await runCommand("kafka_command.ts", ["status"], env);
    assert.equal(result.code, 3);
    assert.equal(
      result.stdout.trim(),
      `Kafka is down (nothing answers at ${address})`,
    );
  });
});

Deno.test(
  "lag --interval --count --log appends each report to the file",
  options,
  async () => {
    const topic = uniqueName("cli-lag");
    const group = uniqueName("cli-lag-group");
    await ensureTopic(client, topic);
    const path = await writeRecordsFile(makeRecords(64));
    assert.equal(
      (await runCommand("produce_command.ts", [
        "--file",
        path,
        "--topic",
        topic,
      ])).code,
      0,
    );
    assert.equal(
      (await runCommand("consume_command.ts", [
        "--topic",
        topic,
        "--group",
        group,
        "--from-beginning",
        "--once",
      ])).code,
      0,
    );
    const log = await Deno.makeTempFile({ suffix: ".log" });
    const result = await runCommand("lag_command.ts", [
      "--group",
      group,
      "--interval",
      "0.2",
      "--count",
      "2",
      "--log",
      log,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const text = await Deno.readTextFile(log);
    assert.equal(
      text.match(/1 group\(s\), 16 partition\(s\), total lag 0/g)?.length,
      2,
    );
    assert.match(text, new RegExp(`${group} .* ${topic} .* 0 .* Empty`));
    assert.match(result.stdout, /CURRENT-OFFSET/);
  },
);
